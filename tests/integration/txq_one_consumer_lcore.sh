#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A TX queue is used by one consumer lcore only: a plan in which two
# consumer lcores would send on one TX queue is refused; with a TX queue
# each, each sends on its own.
TEST_NAME=txq_one_consumer_lcore
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/a.pcap" 300 11
cap_stats "$WORK/a.pcap"; NA=$CAP_RECORDS

# Three lcores: port 0's two queues are consumed on lcores 1 and 2; port 1
# (net_pcap, one TX queue) cannot give each its own: refused, not raced.
EAL_LCORES="--lcores 0@0,1@0,2@1"
usage_error txq_shared "--rxq" "port 1" "TX queue 0" -- \
	--vdev=net_null0 "--vdev=net_pcap1,rx_pcap=$WORK/a.pcap,infinite_rx=1" -- \
	--rxq 2 --fwd io --duration 1
EAL_LCORES="-l 0-1"
# with two TX queues on port 1, each of port 0's queues gets its own
JSON="$WORK/txq_own.json"
run txq_own --vdev=net_null0 \
	"--vdev=net_pcap1,rx_pcap=$WORK/a.pcap,tx_pcap=$WORK/t0.pcap,tx_pcap=$WORK/t1.pcap" -- \
	--rxq 2 --fwd io --max-packets 40000 --stats-json "$JSON"
expect_clean_run
for q in 0 1; do
	grep -qF "Port 0 queue $q: TX on port 1 queue $q" "$OUT" ||
		{ show_run; fail "txq_own: expected the plan line 'Port 0 queue $q: TX on port 1 queue $q'"; }
done
jv v 'sum(q["consumer"]["tx_packets"] for q in d["rx_queues"] if q["port"] == 0) == d["ports"][1]["tx_packets"]'
expect_eq "txq_own: consumer TX of port 0's queues == port 1 TX-packets" True "$v"

log PASS
