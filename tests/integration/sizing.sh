#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# sizing rule (docs/design.md#the-sizing-rule-numberofdescriptors): the
# printed table follows the rule (computed here independently), a pool or
# ring one under the rule's minimum exits 2 and the message names the
# minimum, the minimum runs.
TEST_NAME=sizing
. "$(dirname "$0")/lib.sh"

LCORES=2   # -l 0-1

# table_needed LABEL-REGEX: "given needed" of the first table line matching
table_line() {
	local line
	line=$(grep -E "^ *$1 " "$OUT" | head -1)
	[ -n "$line" ] || { show_run; fail "sizing table: expected a line '$1' on stdout, seen none"; }
	# label words, then given and needed
	echo "$line" | sed -E "s/^ *$1 +//" | awk '{print $1, $2}'
}

# check_table LABEL RXD BURST TXD POOLCACHE MBUFCACHE NPORTS [APP OPTS...]
check_table() {
	local label=$1 rxd=$2 burst=$3 txd=$4 pc=$5 mc=$6 np=$7
	shift 7
	local vdevs=() i
	for i in $(seq 0 $((np - 1))); do vdevs+=("--vdev=net_null$i"); done
	JSON="$WORK/$label.json"
	run "$label" "${vdevs[@]}" -- --duration 0.5 --stats-json "$JSON" "$@"
	expect_clean_run
	# the rule, by hand: H = 0 (no hold), S from 9216-byte frames
	D=$((rxd + burst))
	NBL=$((np * D + LCORES * (3 * pc / 2)))
	MBUF=$((np * (rxd + D) + np * txd + LCORES * (3 * mc / 2) + LCORES * burst))
	read -r g n <<<"$(table_line 'rx descriptors port 0 queue 0')"
	expect_eq "$label: table rx descriptors needed (nb_rxd $rxd + B $burst)" "$D" "$n"
	read -r g n <<<"$(table_line 'NBL pool')"
	expect_eq "$label: table NBL pool needed ($np x D $D + $LCORES x floor(1.5 x $pc))" "$NBL" "$n"
	expect_ge "$label: NBL pool given (auto) >= needed" "$g" "$n"
	read -r g n <<<"$(table_line 'mbuf pool')"
	expect_eq "$label: table mbuf pool needed" "$MBUF" "$n"
	jv v 'd["rx_queues"][0]["descriptors"]'
	expect_eq "$label: JSON rx_queues[0].descriptors (auto)" "$D" "$v"
	jv v 'd["pools"][0]["count"]'
	expect_eq "$label: JSON pools[0].count (auto)" "$NBL" "$v"
	jv v 'd["pools"][0]["cache_size"]'
	expect_eq "$label: JSON pools[0].cache_size" "$pc" "$v"
}

check_table default 512 32 512 32 64 1
check_table custom 256 64 128 64 32 1 --rxd 256 --burst 64 --txd 128 \
	--pool-cache 64 --mbuf-cache 32
check_table twoports 512 32 512 32 64 2

# under_by_one LABEL NEEDLE-OPTION MINIMUM VDEVS... -- OPTS...
under() {
	local label=$1 opt=$2 min=$3
	shift 3
	run "$label" "$@"
	expect_rc 2
	if ! grep -qw -- "$min" "$ERR"; then
		show_run
		fail "$label: expected the message (stderr) to name the minimum $min, seen: $(grep -v '^EAL' "$ERR" | head -3)"
	fi
	grep -q -- "$opt" "$ERR" ||
		fail "$label: expected the message to name $opt, seen: $(grep -v '^EAL' "$ERR" | head -3)"
	log "ok: $label: exit 2: $(grep -w -- "$min" "$ERR" | head -1)"
}

# NBL pool: default rule 544 + 2 x 48 = 640
under pool_under --pool-size 640 --vdev=net_null0 -- --duration 0.5 --pool-size 639
under pool_under_custom --pool-size 512 --vdev=net_null0 -- --duration 0.5 \
	--rxd 256 --burst 64 --pool-cache 64 --pool-size 511
# exactly the minimum runs
JSON="$WORK/min.json"
run minimum --vdev=net_null0 -- --duration 1 --pool-size 640 --stats-json "$JSON"
expect_clean_run
jv c 'd["pools"][0]["count"]'
expect_eq "--pool-size 640: pools[0].count" 640 "$c"
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_gt "indicated with --pool-size 640" "$ind" 0

# receive descriptors: nb_rxd 256 + B 32 = 288
under desc_under --descriptors 288 --vdev=net_null0 -- --duration 0.5 --rxd 256 --burst 32 --descriptors 287
# with a hold allowance H: nb_rxd 256 + B 32 + H 100 = 388
under desc_under_hold --descriptors 388 --vdev=net_null0 -- --duration 0.5 --rxd 256 --burst 32 --hold 100 --descriptors 387
run desc_min --vdev=net_null0 -- --duration 0.5 --rxd 256 --burst 32 --descriptors 288
expect_clean_run
# mbuf pool: 512 + 544 + 512 + 2 x 96 + 2 x 32 = 1824
under mbuf_under --mbufs 1824 --vdev=net_null0 -- --duration 0.5 --mbufs 1823

# virtual devices that pin mbufs: net_pcap with infinite_rx keeps the whole
# file (one mbuf per record), the rule adds them
gen_capture "$WORK/inf.pcap" 300 2
cap_stats "$WORK/inf.pcap"
JSON="$WORK/inf.json"
run infinite "--vdev=net_pcap0,rx_pcap=$WORK/inf.pcap,infinite_rx=1" -- \
	--duration 1 --stats-json "$JSON"
expect_clean_run
read -r g n <<<"$(table_line 'mbuf pool')"
expect_eq "infinite_rx: table mbuf pool needed (1824 + $CAP_RECORDS records pinned)" \
	$((1824 + CAP_RECORDS)) "$n"
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_gt "infinite_rx: indicated (the file loops until --duration)" "$ind" "$CAP_RECORDS"
under mbuf_under_inf --mbufs $((1824 + CAP_RECORDS)) \
	"--vdev=net_pcap0,rx_pcap=$WORK/inf.pcap,infinite_rx=1" -- --duration 0.5 \
	--mbufs $((1823 + CAP_RECORDS))
log PASS
