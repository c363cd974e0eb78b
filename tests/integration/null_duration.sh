#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# net_null with --duration 2: runs, counts, audit clean; in place and pool.
TEST_NAME=null_duration
. "$(dirname "$0")/lib.sh"

for mode in inplace pool; do
	JSON="$WORK/$mode.json"
	start=$(date +%s.%N)
	run "$mode" --vdev=net_null0 -- --duration 2 --recycle "$mode" \
		--stats-json "$JSON"
	end=$(date +%s.%N)
	expect_clean_run
	el=$($PY -c "print(round($end - $start, 2))")
	expect_ge "$mode: wall time of a --duration 2 run (s)" "$el" 1.9
	jv v 'd["elapsed_s"]'
	expect_ge "$mode: elapsed_s" "$v" 1.9
	jv v 'd["ports"][0]["rx_packets"]'
	expect_gt "$mode: ports[0].rx_packets" "$v" 0
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_gt "$mode: indicated" "$ind" 0
	jv v 'd["rx_pps"]'
	expect_gt "$mode: rx_pps" "$v" 0
	jv v 'sum(q["returned"] for q in d["rx_queues"])'
	expect_eq "$mode: returned (== indicated)" "$ind" "$v"
	jv inpl 'sum(q["recycled_inplace"] for q in d["rx_queues"])'
	jv topool 'sum(q["freed_to_pool"] for q in d["rx_queues"])'
	if [ "$mode" = inplace ]; then
		expect_gt "inplace: recycled_inplace" "$inpl" 0
		expect_eq "inplace: freed_to_pool" 0 "$topool"
	else
		expect_gt "pool: freed_to_pool" "$topool" 0
		expect_eq "pool: recycled_inplace" 0 "$inpl"
	fi
	jv v 'sum(q["recycled_inplace"] + q["freed_to_pool"] for q in d["rx_queues"])'
	expect_eq "$mode: recycled_inplace + freed_to_pool (== returned)" "$ind" "$v"
done
# --max-packets ends the run once that many were indicated; with one RX
# lcore (-l 0-1) the RX loop asks the port for no more than what is left,
# so the count is exact
JSON="$WORK/maxp.json"
run maxp --vdev=net_null0 -- --max-packets 100000 --stats-json "$JSON"
expect_clean_run
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_eq "--max-packets 100000, one RX lcore: indicated" 100000 "$ind"
# a capture of 2000 records: the records not taken stay in the file, and
# the run ends by the limit, not by the end of the capture
gen_capture "$WORK/in.pcap" 2000 5
JSON="$WORK/maxp_pcap.json"
run maxp_pcap "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --max-packets 100 \
	--stats-json "$JSON"
expect_clean_run
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_eq "pcap --max-packets 100, one RX lcore: indicated" 100 "$ind"
jv v 'd["indicated"]'
expect_eq "pcap --max-packets 100: top-level indicated" 100 "$v"
jv v 'd["ports"][0]["rx_packets"]'
expect_eq "pcap --max-packets 100: packets taken from the port" 100 "$v"
jv v 'd["end_reason"]'
expect_eq "pcap --max-packets 100: end_reason" max-packets "$v"
# the records left in the file were never read: unread, not lost
jv v 'd["capture"][0]["unread"]'
expect_eq "pcap --max-packets 100: capture[0].unread" 1900 "$v"
jv v 'd["capture"][0]["lost"]'
expect_eq "pcap --max-packets 100: capture[0].lost" 0 "$v"
log PASS
