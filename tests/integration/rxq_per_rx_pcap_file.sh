#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Several rx_pcap files on one port: one RX queue each; --rxq 1 with two
# files is refused.
TEST_NAME=rxq_per_rx_pcap_file
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/a.pcap" 300 11
cap_stats "$WORK/a.pcap"; NA=$CAP_RECORDS
gen_capture "$WORK/b.pcap" 200 12
cap_stats "$WORK/b.pcap"; NB=$CAP_RECORDS

JSON="$WORK/multi.json"
run multi "--vdev=net_pcap0,rx_pcap=$WORK/a.pcap,rx_pcap=$WORK/b.pcap" -- \
	--stats-json "$JSON"
expect_clean_run
jv v 'd["indicated"]'
expect_eq "multi: indicated (records of both files)" "$((NA + NB))" "$v"
jv v 'sorted((c["queue"], c["delivered"]) for c in d["capture"])'
expect_eq "multi: (queue, delivered) per file" "[(0, $NA), (1, $NB)]" "$v"
usage_error multi_rxq1 "b.pcap" "give --rxq 2" -- \
	"--vdev=net_pcap0,rx_pcap=$WORK/a.pcap,rx_pcap=$WORK/b.pcap" -- --rxq 1

log PASS
