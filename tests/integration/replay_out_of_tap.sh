#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A replay out of a net_tap port (--replay-port) ends by itself (exit 0)
# with every record sent, or refused as oversize when the tap cannot send
# it, and the kernel receives every frame sent (the interface's
# rx_packets). net_tap needs as many RX as TX queues, and the replay's
# own TX queue is one more: the port gets two of each, both RX queues
# polled.
TEST_NAME=replay_out_of_tap
. "$(dirname "$0")/lib.sh"
. "$IT_DIR/netns.sh"

# replay_tap LABEL IFACE CAPTURE
replay_tap() {
	local label=$1 ifc=$2 cap=$3
	JSON="$WORK/$label.json"
	run "$label" "--vdev=net_tap0,iface=$ifc,persist" -- --replay "$cap" \
		--replay-port 0 --stats-json "$JSON"
	expect_clean_run
	grep -q "Port 0 (net_tap0): 2 RX and 2 TX queues" "$OUT" ||
		fail "$label: the port did not get two RX and two TX queues: $(grep '^Port 0' "$OUT" | tr '\n' '|')"
	jv nq 'len([q for q in d["rx_queues"] if q["port"] == 0])'
	expect_eq "$label: RX queues polled on the tap port" 2 "$nq"
	jv v 'd["replay"]["complete"]'
	expect_eq "$label: replay.complete" True "$v"
	jv REC 'd["replay"]["records"]'
	jv SENT 'd["replay"]["sent"]'
	jv DEL 'd["replay"]["delivered"]'
	jv REF 'd["replay"]["refused_total"]'
	expect_eq "$label: replay.records = delivered + refused" "$REC" "$((DEL + REF))"
	expect_eq "$label: replay.delivered (sent out of the port)" "$SENT" "$DEL"
	jv v 'd["ports"][0]["tx_packets"]'
	expect_eq "$label: ports[0].tx_packets" "$SENT" "$v"
	# the interface stays (persist) until the namespace goes
	v=$(kstat "$ifc" rx_packets)
	expect_eq "$label: the kernel's rx_packets on $ifc (frames sent)" "$SENT" "$v"
}

# the command of the report: config/sample.pcap holds 5 frames of 9000
# bytes, which net_tap cannot send (MTU 1500): refused as oversize
cap_stats "$SRC_ROOT/config/sample.pcap"
big=$($PY - "$SRC_ROOT/config/sample.pcap" <<'PYEOF'
import struct, sys
d = open(sys.argv[1], 'rb').read()
off, n = 24, 0
while off < len(d):
    incl = struct.unpack('<I', d[off + 8:off + 12])[0]
    n += incl > 1522
    off += 16 + incl
print(n)
PYEOF
)
replay_tap sample t0 "$SRC_ROOT/config/sample.pcap"
expect_eq "sample: replay.records" "$CAP_RECORDS" "$REC"
expect_eq "sample: frames over 1522 bytes refused as oversize" "$big" "$REF"
jv v 'd["replay"]["refused"]["oversize"]'
expect_eq "sample: replay.refused.oversize" "$big" "$v"
grep -q "sends frames of up to 1522 bytes" "$OUT" ||
	fail "sample: the start does not say which frames the tap can send"

# a capture whose frames all fit: every record is sent
$PCAPTOOL gen "$WORK/fit.pcap" 3000 6 0 || fail "pcaptool gen failed"
cap_stats "$WORK/fit.pcap"
replay_tap fit t1 "$WORK/fit.pcap"
expect_eq "fit: every record sent" "$CAP_RECORDS" "$SENT"
log PASS
