#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# When the kernel drops frames for a tap interface because the tap queue
# is full, nblpmd reports the kernel's count beside the port counters:
# the periodic display, the final report, JSON ports[].kernel_rx_dropped
# and telemetry /nblpmd/ports, all equal to the interface's tx_dropped (the
# kernel transmits into the tap), while the PMD's rx_missed stays its own.
TEST_NAME=tap_kernel_drops_reported
. "$(dirname "$0")/lib.sh"
. "$IT_DIR/netns.sh"

IF=kd0
K=5000
JSON="$WORK/drops.json"
# every NBL allocation after setup fails in pool mode: once the first
# descriptors are indicated the queue stalls and stops reading the tap,
# so the kernel's queue for the interface fills and it drops the rest
run_bg drops "--vdev=net_tap0,iface=$IF,persist" -- --recycle pool \
	--fail-alloc-pct 100 --duration 5 --stats-period 1 --stats-json "$JSON"
PREFIX=$LAST_PREFIX
up=0
for _ in $(seq 1 100); do
	kill -0 "$BGPID" 2>/dev/null || break
	if ip link show dev "$IF" 2>/dev/null | head -1 | grep -q '[<,]UP[,>]'; then
		up=1
		break
	fi
	sleep 0.1
done
if [ $up = 0 ]; then
	kill -TERM "$BGPID" 2>/dev/null
	wait_bg 20
	show_run
	fail "interface $IF: expected link UP within 10 s"
fi
sleep 0.5
sent=$($PCAPTOOL tapsend "$IF" "$K" KDROP 2>&1) || fail "AF_PACKET send on $IF failed: $sent"
log "sent $sent frames on $IF"
sleep 0.5
TELE=$(command -v dpdk-telemetry.py)
if [ -n "$TELE" ]; then
	echo /nblpmd/ports | $PY "$TELE" -f "$PREFIX" >"$WORK/tele.txt" 2>&1
else
	log "note: dpdk-telemetry.py not installed: /nblpmd/ports not read"
fi
wait_bg 40
expect_clean_run

kd=$(kstat "$IF" tx_dropped)
log "kernel: $IF tx_dropped $kd, tx_packets $(kstat "$IF" tx_packets)"
expect_gt "the kernel's tx_dropped on $IF (frames it could not queue to the tap)" "$kd" 0
jv v 'd["ports"][0]["kernel_rx_dropped"]'
expect_eq "JSON ports[0].kernel_rx_dropped (= $IF tx_dropped)" "$kd" "$v"
jv v 'd["ports"][0]["kernel_tx_dropped"]'
expect_eq "JSON ports[0].kernel_tx_dropped (= $IF rx_dropped)" "$(kstat "$IF" rx_dropped)" "$v"
jv v 'd["ports"][0]["rx_missed"]'
expect_eq "JSON ports[0].rx_missed (the PMD's, which never sees them)" 0 "$v"
jv v 'd["ports"][0]["ifname"]'
expect_eq "JSON ports[0].ifname" "$IF" "$v"
# the final report's port counters (the NBL section) end with the run's
# figure; the periodic displays show it under the interface's name
grep -qE "kernel_rx_dropped: $kd( |\$)" "$OUT" ||
	fail "final report: no 'kernel_rx_dropped: $kd': $(grep kernel_rx "$OUT" | tail -1)"
n=$(grep -c "Kernel $IF (the interface's counts, not the PMD's)" "$OUT")
expect_gt "periodic displays naming the interface's counts" "$n" 0
n=$(grep -c "kernel_rx_dropped: [1-9]" "$OUT")
expect_gt "displays and the final report showing the kernel's drops" "$n" 1
# a port that is not a tap has no kernel counters
run null "--vdev=net_null0" -- --duration 0.2 --stats-json "$WORK/null.json"
expect_clean_run
jv v '"kernel_rx_dropped" in d["ports"][0]' "$WORK/null.json"
expect_eq "net_null port: no kernel_rx_dropped in JSON" False "$v"
if grep -q kernel_rx_dropped "$OUT"; then
	fail "net_null port: kernel_rx_dropped printed"
fi
if [ -n "$TELE" ]; then
	v=$($PY - "$WORK/tele.txt" <<'PYEOF'
import json, sys
for ln in open(sys.argv[1]):
    if ln.startswith('{') and '/nblpmd/ports' in ln:
        print(json.loads(ln)['/nblpmd/ports']['0']['kernel_rx_dropped'])
        break
else:
    print('missing')
PYEOF
)
	log "telemetry /nblpmd/ports: port 0 kernel_rx_dropped $v during the run"
	expect_gt "telemetry /nblpmd/ports kernel_rx_dropped" "$v" 0
	[ "$v" -le "$kd" ] || fail "telemetry kernel_rx_dropped $v above the final $kd"
fi
log PASS
