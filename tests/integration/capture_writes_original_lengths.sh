#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The capture consumer writes each record with the original length the
# input had (frame.len), not its captured length, for records cut by a
# snap length, from a net_pcap rx_pcap port and from --replay; records
# refused on the way (runts here) leave the others in step.
TEST_NAME=capture_writes_original_lengths
. "$(dirname "$0")/lib.sh"

need_tool tshark editcap
[ -n "$CAPGEN" ] && [ -x "$CAPGEN" ] || skip "nblpmd-capgen not built"

# lengths FILE: "time len caplen" per record
lengths() {
	tshark -r "$1" -T fields -e frame.time_epoch -e frame.len \
		-e frame.cap_len 2>/dev/null
}

# compare_lengths LABEL EXPECTED-LIST OUTPUT
compare_lengths() {
	local label=$1 want=$2 out=$3 cut
	lengths "$out" >"$WORK/b.txt"
	if ! cmp -s "$want" "$WORK/b.txt"; then
		echo "----- first differences (input | written):"
		diff "$want" "$WORK/b.txt" | head -6
		fail "$label: lengths written differ from the input's"
	fi
	cut=$(awk '$2 != $3' "$want" | wc -l)
	[ "$cut" -gt 0 ] || fail "$label: the input has no record cut by its snap length"
	log "ok: $label: $(wc -l <"$want") records, $cut of them cut by the snap length, original lengths kept"
}

# sample.pcap cut at 100 bytes, pcap and pcapng
editcap -s 100 "$SRC_ROOT/config/sample.pcap" "$WORK/snap.pcap" >/dev/null 2>&1 ||
	fail "editcap -s 100 failed"
editcap -F pcapng -s 80 "$SRC_ROOT/config/sample.pcap" "$WORK/snap.pcapng" \
	>/dev/null 2>&1 || fail "editcap -F pcapng -s 80 failed"
# every fourth record a 10-byte runt, the rest cut at 64 bytes: the runts
# are refused, the others must keep their place and their lengths
"$CAPGEN" --out "$WORK/runt.pcap" --kind runt --count 400 >/dev/null ||
	fail "capgen --kind runt failed"
editcap -s 64 "$WORK/runt.pcap" "$WORK/runtsnap.pcap" >/dev/null 2>&1 ||
	fail "editcap -s 64 failed"

for in in snap.pcap snap.pcapng runtsnap.pcap; do
	lengths "$WORK/$in" | awk '$3 >= 14' >"$WORK/want_$in.txt"
	label="net_pcap_$in"
	JSON="$WORK/$label.json"
	run "$label" "--vdev=net_pcap0,rx_pcap=$WORK/$in" -- --fwd capture \
		--capture-out "$WORK/$label.pcap" --stats-json "$JSON"
	expect_clean_run
	compare_lengths "$label" "$WORK/want_$in.txt" "$WORK/$label.pcap"
	label="replay_$in"
	JSON="$WORK/$label.json"
	run "$label" -- --replay "$WORK/$in" --topspeed --fwd capture \
		--capture-out "$WORK/$label.pcapng" --stats-json "$JSON"
	expect_clean_run
	compare_lengths "$label" "$WORK/want_$in.txt" "$WORK/$label.pcapng"
done
jv r 'd["replay"]["refused"]["runt"]'
expect_eq "runtsnap.pcap: runts refused by the replay" 100 "$r"

# pool recycling and a consumer on another lcore
JSON="$WORK/remote.json"
run remote "--vdev=net_pcap0,rx_pcap=$WORK/runtsnap.pcap" -- --fwd capture \
	--recycle pool --consumer-lcore 0 --capture-out "$WORK/remote.pcap" \
	--stats-json "$JSON"
expect_clean_run
compare_lengths "net_pcap --recycle pool --consumer-lcore 0" \
	"$WORK/want_runtsnap.pcap.txt" "$WORK/remote.pcap"
log PASS
