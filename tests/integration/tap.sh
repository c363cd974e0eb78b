#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# net_tap: K frames sent into the tap interface from the kernel (AF_PACKET)
# are all indicated and reach the capture consumer. Skip without
# /dev/net/tun or without the right to create a tap interface.
TEST_NAME=tap
. "$(dirname "$0")/lib.sh"

[ -c /dev/net/tun ] || skip "/dev/net/tun absent"
command -v ip >/dev/null 2>&1 || skip "ip (iproute2) not installed"
[ "$(id -u)" = 0 ] || skip "not root: cannot create a tap interface"

K=200
SIG="NBLIT$$"
IF="nbltap$(($$ % 100000))"
JSON="$WORK/tap.json"
CAP="$WORK/tap.pcap"

run_bg tap "--vdev=net_tap0,iface=$IF" -- --fwd capture --capture-out "$CAP" \
	--duration 8 --stats-json "$JSON"

# wait for the interface and its link to be up (the app sets the link up)
up=0
for _ in $(seq 1 100); do
	if ! kill -0 "$BGPID" 2>/dev/null; then
		break
	fi
	if ip link show dev "$IF" 2>/dev/null | head -1 | grep -q '[<,]UP[,>]'; then
		up=1
		break
	fi
	sleep 0.1
done
if [ $up = 0 ]; then
	if ! kill -0 "$BGPID" 2>/dev/null; then
		wait_bg 1
		if grep -qi 'tun\|tap' "$ERR" && grep -qi 'permission\|not permitted\|no such device' "$ERR"; then
			skip "cannot create tap interface here: $(head -3 "$ERR")"
		fi
		show_run
		fail "the app exited before interface $IF came up (exit $RC)"
	fi
	ip link show dev "$IF"
	kill -TERM "$BGPID"
	wait_bg 20
	show_run
	fail "interface $IF: expected link UP (set by the app) within 10 s, seen: $(ip link show dev "$IF" 2>&1 | head -1)"
fi
log "interface $IF is up"
sysctl -q -w "net.ipv6.conf.$IF.disable_ipv6=1" 2>/dev/null ||
	log "note: could not disable IPv6 on $IF"
sleep 1
sent=$($PCAPTOOL tapsend "$IF" "$K" "$SIG" 2>&1) ||
	fail "AF_PACKET send on $IF failed: $sent"
log "sent $sent frames with signature $SIG on $IF"

wait_bg 40
expect_clean_run
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_ge "indicated (frames sent from the kernel: $K)" "$ind" "$K"
jv rxp 'd["ports"][0]["rx_packets"]'
expect_ge "ports[0].rx_packets" "$rxp" "$K"
# the sizing rule counts what net_tap pins: up to 1023 mbufs per queue
# (default rule 1824 without a pinning device)
n=$(grep -E '^ *mbuf pool ' "$OUT" | awk '{print $4}')
expect_eq "sizing table: mbuf pool needed with net_tap (1824 + 1023 pinned)" 2847 "$n"
[ -s "$CAP" ] || fail "capture file $CAP not written"
n=$($PCAPTOOL count-sig "$CAP" "$SIG") || fail "cannot read $CAP: $n"
expect_eq "frames with signature $SIG in the capture" "$K" "$n"
log PASS
