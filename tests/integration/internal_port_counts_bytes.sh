#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The replay's internal port (net_ring, which counts packets only) reports
# the bytes its queues received and the bytes the engine sent back to it,
# so its counters agree with its queues' in JSON, the final report and the
# periodic display.
TEST_NAME=internal_port_counts_bytes
. "$(dirname "$0")/lib.sh"

# config/sample.pcap spans 1 s: at --multiplier 0.5 the replay lasts 2 s,
# long enough for periodic displays
cp "$SRC_ROOT/config/sample.pcap" "$WORK/in.pcap"
cap_stats "$WORK/in.pcap"
JSON="$WORK/io.json"
run io -- --replay "$WORK/in.pcap" --multiplier 0.5 --fwd io \
	--stats-period 0.5 --stats-json "$JSON"
expect_clean_run
jv q 'sum(q["rx_bytes"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"])'
expect_eq "queues' rx_bytes (bytes in the capture)" "$CAP_BYTES" "$q"
jv v 'd["ports"][d["replay"]["port"]]["rx_bytes"]'
expect_eq "ports[internal].rx_bytes = its queues' rx_bytes" "$q" "$v"
jv v 'd["ports"][d["replay"]["port"]]["tx_bytes"]'
expect_eq "ports[internal].tx_bytes (io sends every packet back)" "$CAP_BYTES" "$v"
grep -q "RX-bytes:   $CAP_BYTES *TX-bytes:   $CAP_BYTES " "$OUT" ||
	fail "final report: no 'RX-bytes: $CAP_BYTES TX-bytes: $CAP_BYTES' line: $(grep 'RX-bytes' "$OUT" | tail -1)"
n=$(grep -cE "^  RX-packets: [1-9][0-9]* +RX-missed: [0-9]+ +RX-bytes:  [1-9]" "$OUT")
expect_gt "periodic displays with the port's RX-bytes counted" "$n" 0
log PASS
