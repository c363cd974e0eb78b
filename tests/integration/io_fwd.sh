#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# io forwarding on two net_null ports: everything received is sent out of
# the paired port (tx_packets + tx_errors == rx_packets), audit clean.
TEST_NAME=io_fwd
. "$(dirname "$0")/lib.sh"

for mode in inplace pool; do
	JSON="$WORK/io_$mode.json"
	run "io_$mode" --vdev=net_null0 --vdev=net_null1 -- --fwd io \
		--duration 2 --recycle "$mode" --stats-json "$JSON"
	expect_clean_run
	jv n 'len(d["ports"])'
	expect_eq "$mode: number of ports" 2 "$n"
	jv rx 'sum(p["rx_packets"] for p in d["ports"])'
	jv tx 'sum(p["tx_packets"] for p in d["ports"])'
	jv txe 'sum(p["tx_errors"] for p in d["ports"])'
	expect_gt "$mode: rx_packets (both ports)" "$rx" 0
	expect_gt "$mode: tx_packets (both ports)" "$tx" 0
	expect_eq "$mode: tx_packets + tx_errors (== rx_packets $rx; tx $tx, errors $txe)" \
		"$rx" "$((tx + txe))"
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_eq "$mode: indicated (== rx_packets)" "$rx" "$ind"
	expect_all_returned
	# both directions forward
	jv t0 'd["ports"][0]["tx_packets"]'
	jv t1 'd["ports"][1]["tx_packets"]'
	expect_gt "$mode: ports[0].tx_packets (from port 1)" "$t0" 0
	expect_gt "$mode: ports[1].tx_packets (from port 0)" "$t1" 0
done

# a net_pcap source forwarded to a net_pcap sink: the written file has the
# input's records (io through the engine preserves every byte). Port 1 reads
# an empty capture, so every RX queue has a source that ends.
gen_capture "$WORK/in.pcap" 1000 3
cap_stats "$WORK/in.pcap"
$PY - "$WORK/empty.pcap" <<'PYEOF'
import struct, sys
open(sys.argv[1], 'wb').write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
PYEOF
# check_sink LABEL PORT1-VDEV
check_sink() {
	local label=$1 vdev1=$2
	rm -f "$WORK/out.pcap"
	JSON="$WORK/$label.json"
	run "$label" "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" "$vdev1" -- \
		--fwd io --stats-json "$JSON"
	expect_clean_run
	jv rx 'd["ports"][0]["rx_packets"]'
	expect_eq "$label: ports[0].rx_packets (records in file)" "$CAP_RECORDS" "$rx"
	jv tx 'd["ports"][1]["tx_packets"]'
	jv txe 'd["ports"][1]["tx_errors"]'
	expect_eq "$label: ports[1].tx_packets + tx_errors" "$CAP_RECORDS" "$((tx + txe))"
	expect_eq "$label: ports[1].tx_errors" 0 "$txe"
	jv txb 'd["ports"][1]["tx_bytes"]'
	expect_eq "$label: ports[1].tx_bytes (bytes in file)" "$CAP_BYTES" "$txb"
	[ -s "$WORK/out.pcap" ] || fail "$label: net_pcap1 tx_pcap $WORK/out.pcap not written"
	r=$($PCAPTOOL cmp "$WORK/in.pcap" "$WORK/out.pcap" 2>&1) ||
		fail "$label: tx_pcap file vs input: $r"
	log "ok: $label: tx_pcap file vs input: $r"
}
check_sink io_pcap "--vdev=net_pcap1,rx_pcap=$WORK/empty.pcap,tx_pcap=$WORK/out.pcap"

# macswap on one net_pcap port (paired with itself): every record goes out
# with its Ethernet addresses swapped, nothing else changed
JSON="$WORK/macswap.json"
run macswap "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap,tx_pcap=$WORK/ms.pcap" -- \
	--fwd macswap --stats-json "$JSON"
expect_clean_run
jv tx 'd["ports"][0]["tx_packets"]'
expect_eq "macswap: ports[0].tx_packets" "$CAP_RECORDS" "$tx"
r=$($PCAPTOOL cmp-macswap "$WORK/in.pcap" "$WORK/ms.pcap" 2>&1) ||
	fail "macswap: tx_pcap file vs input with addresses swapped: $r"
log "ok: macswap: $r (addresses swapped)"
# the usual testpmd set-up, a tx-only net_pcap sink (its RX queue has
# nothing to deliver): the run still ends by itself at the end of port 0's
# capture
RUN_TIMEOUT=20
check_sink io_pcap_txonly "--vdev=net_pcap1,tx_pcap=$WORK/out.pcap"
log PASS
