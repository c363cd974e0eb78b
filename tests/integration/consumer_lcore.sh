#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# consumer on the other lcore (SPSC rings), both recycle modes: audit clean,
# every NBL back, counts > 0; on a capture every record is delivered.
TEST_NAME=consumer_lcore
. "$(dirname "$0")/lib.sh"

for mode in inplace pool lc0_inplace lc0_pool; do
	lc=1
	case $mode in lc0_*) lc=0; mode=${mode#lc0_} ;; esac
	JSON="$WORK/null_${lc}_$mode.json"
	run "null_${lc}_$mode" --vdev=net_null0 -- --consumer-lcore $lc --duration 2 \
		--recycle "$mode" --stats-json "$JSON"
	expect_clean_run
	grep -qiE "consumer on lcore $lc" "$OUT" ||
		fail "--consumer-lcore $lc: expected the lcore plan to show 'consumer on lcore $lc', seen: $(grep -i lcore "$OUT" | head -3)"
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_gt "$mode: indicated" "$ind" 0
	expect_all_returned
	if [ "$mode" = inplace ]; then
		jv v 'sum(q["recycled_inplace"] for q in d["rx_queues"])'
		expect_gt "inplace: recycled_inplace" "$v" 0
	else
		jv v 'sum(q["freed_to_pool"] for q in d["rx_queues"])'
		expect_gt "pool: freed_to_pool" "$v" 0
	fi
done

gen_capture "$WORK/in.pcap" 5000 6
cap_stats "$WORK/in.pcap"
for mode in inplace pool; do
	JSON="$WORK/pcap_$mode.json"
	run "pcap_$mode" "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- \
		--consumer-lcore 1 --recycle "$mode" --fwd capture \
		--capture-out "$WORK/out_$mode.pcap" --stats-json "$JSON"
	expect_clean_run
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_eq "pcap $mode: indicated (records in file)" "$CAP_RECORDS" "$ind"
	expect_all_returned
	r=$($PCAPTOOL cmp "$WORK/in.pcap" "$WORK/out_$mode.pcap" 2>&1) ||
		fail "pcap $mode: capture written by the lcore-1 consumer vs input: $r"
	log "ok: pcap $mode: $r"
done

# a consumer lcore that is not in the EAL core list is a usage error
run badlcore --vdev=net_null0 -- --consumer-lcore 5 --duration 1
expect_rc 2
grep -qi 'lcore' "$ERR" ||
	fail "--consumer-lcore 5 with -l 0-1: expected stderr to name the lcore option, seen: $(head -3 "$ERR")"
log PASS
