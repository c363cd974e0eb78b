#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Writer round trip: --replay into the engine with --fwd capture writes a
# file with the same records and bytes as the input (pcap and pcapng,
# jumbo frames as multi-segment mbufs), checked by pcaptool and tshark;
# replay out of a net_pcap tx_pcap port (--replay-port 0) writes an equal
# file too.
TEST_NAME=test_replay_roundtrip
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 3000 6
$PCAPTOOL gen "$WORK/jumbo.pcap" 2000 9 4 || fail "pcaptool gen jumbo"

tshark_check() {
	local label=$1 a=$2 b=$3 ta tb
	command -v tshark >/dev/null 2>&1 || return 0
	ta=$(tshark -r "$a" -T fields -e frame.cap_len 2>/dev/null | md5sum)
	tb=$(tshark -r "$b" -T fields -e frame.cap_len 2>/dev/null | md5sum)
	[ "$ta" = "$tb" ] || fail "$label: tshark sees different record lengths in $a and $b"
	log "ok: $label: tshark reads the same record lengths"
}

for input in in jumbo; do
	cap_stats "$WORK/$input.pcap"
	for ext in pcap pcapng; do
		label="${input}_$ext"
		outf="$WORK/out_$label.$ext"
		JSON="$WORK/$label.json"
		run "$label" -- --replay "$WORK/$input.pcap" --topspeed \
			--fwd capture --capture-out "$outf" --stats-json "$JSON"
		expect_clean_run
		[ -s "$outf" ] || fail "$label: --capture-out $outf not written"
		jv sent 'd["replay"]["sent"]'
		expect_eq "$label: replay.sent (records in input)" "$CAP_RECORDS" "$sent"
		r=$($PCAPTOOL cmp "$WORK/$input.pcap" "$outf" 2>&1) ||
			fail "$label: written file vs input: $r"
		log "ok: $label: written file vs input: $r"
		tshark_check "$label" "$WORK/$input.pcap" "$outf"
	done
done

# original timestamps travel with the packets into the capture
if command -v tshark >/dev/null 2>&1; then
	a=$(tshark -r "$WORK/in.pcap" -T fields -e frame.time_epoch 2>/dev/null | md5sum)
	b=$(tshark -r "$WORK/out_in_pcap.pcap" -T fields -e frame.time_epoch 2>/dev/null | md5sum)
	[ "$a" = "$b" ] || fail "capture of a replay: timestamps differ from the input's"
	log "ok: capture of a replay keeps the original timestamps"
fi

# out of a net_pcap tx_pcap port: the port writes what it was given. The
# port's RX side never ends, so the run is bounded by --duration and the
# replay must have completed within it.
for input in in jumbo; do
	cap_stats "$WORK/$input.pcap"
	outf="$WORK/tx_$input.pcap"
	JSON="$WORK/tx_$input.json"
	run "tx_$input" "--vdev=net_pcap0,tx_pcap=$outf" -- \
		--replay "$WORK/$input.pcap" --replay-port 0 --topspeed \
		--duration 3 --stats-json "$JSON"
	expect_clean_run
	jv done 'd["replay"]["complete"]'
	expect_eq "tx_$input: replay.complete within --duration 3" True "$done"
	jv sent 'd["replay"]["sent"]'
	jv tgt 'd["replay"]["target"]'
	expect_eq "tx_$input: replay.target" port "$tgt"
	expect_eq "tx_$input: replay.sent (records in input)" "$CAP_RECORDS" "$sent"
	[ -s "$outf" ] || fail "tx_$input: tx_pcap file $outf not written"
	r=$($PCAPTOOL cmp "$WORK/$input.pcap" "$outf" 2>&1) ||
		fail "tx_$input: tx_pcap file vs input: $r"
	log "ok: tx_$input: tx_pcap file vs input: $r"
	tshark_check "tx_$input" "$WORK/$input.pcap" "$outf"
done
log PASS
