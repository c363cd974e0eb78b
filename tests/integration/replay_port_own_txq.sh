#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --replay-port: the replay sends on a TX queue of its own, and a device
# without a spare TX queue is refused.
TEST_NAME=replay_port_own_txq
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/a.pcap" 300 11
cap_stats "$WORK/a.pcap"; NA=$CAP_RECORDS
gen_capture "$WORK/r.pcap" 500 13
cap_stats "$WORK/r.pcap"; NR=$CAP_RECORDS

usage_error replay_port_no_spare "--replay-port 1" "TX queue" -- \
	"--vdev=net_pcap0,rx_pcap=$WORK/a.pcap" "--vdev=net_pcap1,tx_pcap=$WORK/x.pcap" -- \
	--replay "$WORK/r.pcap" --replay-port 1 --fwd io --topspeed
JSON="$WORK/replay_port.json"
run replay_port "--vdev=net_pcap0,rx_pcap=$WORK/a.pcap" \
	"--vdev=net_pcap1,tx_pcap=$WORK/fwd_out.pcap,tx_pcap=$WORK/replay_out.pcap" -- \
	--replay "$WORK/r.pcap" --replay-port 1 --fwd io --topspeed --stats-json "$JSON"
expect_clean_run
jv v 'd["replay"]["tx_queue"]'
expect_eq "replay_port: replay.tx_queue" 1 "$v"
r=$($PCAPTOOL cmp "$WORK/a.pcap" "$WORK/fwd_out.pcap" 2>&1) ||
	fail "replay_port: TX queue 0 (io from port 0) should hold exactly port 0's input: $r"
log "ok: replay_port: TX queue 0: $r"
r=$($PCAPTOOL cmp "$WORK/r.pcap" "$WORK/replay_out.pcap" 2>&1) ||
	fail "replay_port: TX queue 1 should hold exactly the replayed file: $r"
log "ok: replay_port: TX queue 1: $r"

log PASS
