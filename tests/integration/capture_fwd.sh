#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# capture consumer: the written file (pcap and pcapng) has the same records,
# byte for byte, as the input capture; tshark reads both.
TEST_NAME=capture_fwd
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 1500 5
$PCAPTOOL gen "$WORK/jumbo.pcap" 3000 9 4 || fail "pcaptool gen"

# tshark_count FILE: records as tshark reads them (-1 when it cannot)
tshark_count() {
	if command -v tshark >/dev/null 2>&1; then
		tshark -r "$1" -T fields -e frame.number 2>"$WORK/tshark.err" | wc -l
	elif command -v tcpdump >/dev/null 2>&1; then
		tcpdump -r "$1" -nn 2>"$WORK/tshark.err" | wc -l
	else
		echo -1
	fi
}

for input in in jumbo; do
	cap_stats "$WORK/$input.pcap"
	for ext in pcap pcapng; do
		label="${input}_$ext"
		outf="$WORK/out_$label.$ext"
		JSON="$WORK/$label.json"
		run "$label" "--vdev=net_pcap0,rx_pcap=$WORK/$input.pcap" -- \
			--fwd capture --capture-out "$outf" --stats-json "$JSON"
		expect_clean_run
		[ -s "$outf" ] || fail "$label: --capture-out $outf not written"
		jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
		expect_eq "$label: indicated (records in input)" "$CAP_RECORDS" "$ind"
		r=$($PCAPTOOL cmp "$WORK/$input.pcap" "$outf" 2>&1) ||
			fail "$label: written file vs input: $r"
		log "ok: $label: written file vs input: $r"
		n=$(tshark_count "$outf")
		if [ "$n" != -1 ]; then
			[ "$n" = "$CAP_RECORDS" ] ||
				fail "$label: tshark -r $outf: expected $CAP_RECORDS records, seen $n ($(head -c 300 "$WORK/tshark.err"))"
			log "ok: $label: tshark reads $n records"
		fi
		if [ "$ext" = pcapng ]; then
			m=$(head -c 4 "$outf" | od -An -tx1 | tr -d ' ')
			expect_eq "$label: pcapng section header magic" 0a0d0d0a "$m"
		fi
	done
done

# copy mode (--rx-copy: the packet is copied into the NB data area and the
# mbuf freed at fill) writes the same file, jumbo frames included
for input in in jumbo; do
	JSON="$WORK/copy_$input.json"
	run "copy_$input" "--vdev=net_pcap0,rx_pcap=$WORK/$input.pcap" -- --fwd capture \
		--rx-copy --capture-out "$WORK/out_copy_$input.pcap" --stats-json "$JSON"
	expect_clean_run
	r=$($PCAPTOOL cmp "$WORK/$input.pcap" "$WORK/out_copy_$input.pcap" 2>&1) ||
		fail "copy_$input: written file vs input: $r"
	log "ok: --rx-copy $input: $r"
done

# the capture consumer in pool recycling mode writes
# the same file
JSON="$WORK/pool.json"
run cap_pool "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --fwd capture \
	--capture-out "$WORK/out_pool.pcap" --recycle pool --stats-json "$JSON"
expect_clean_run
r=$($PCAPTOOL cmp "$WORK/in.pcap" "$WORK/out_pool.pcap" 2>&1) ||
	fail "cap_pool: written file vs input: $r"
log "ok: pool mode: $r"
log PASS
