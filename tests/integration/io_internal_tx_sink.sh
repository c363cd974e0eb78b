#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# io on the internal replay port: its TX side is a sink, nothing pinned,
# nothing dropped.
TEST_NAME=io_internal_tx_sink
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/r.pcap" 500 13
cap_stats "$WORK/r.pcap"; NR=$CAP_RECORDS

JSON="$WORK/io_internal.json"
run io_internal -- --replay "$WORK/r.pcap" --topspeed --loop 10 --fwd io \
	--stats-json "$JSON"
expect_clean_run
jv v '(d["ports"][0]["tx_packets"], d["ports"][0]["tx_dropped"])'
expect_eq "io_internal: port 0 (tx_packets, tx_dropped)" "($((NR * 10)), 0)" "$v"
jv v 'd["replay"]["tx_sink"]'
expect_eq "io_internal: replay.tx_sink (all freed)" "$((NR * 10))" "$v"

log PASS
