#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The capture consumer writes each record with the input's own timestamp,
# to the nanosecond, whether the packets came from a net_pcap rx_pcap port
# (whose RX timestamp field holds microseconds) or from --replay: tshark
# and capinfos read the same times in the input and in --capture-out.
TEST_NAME=capture_writes_input_timestamps
. "$(dirname "$0")/lib.sh"

need_tool tshark capinfos editcap

# times FILE: one line per record, seconds.nanoseconds since the epoch
times() {
	tshark -r "$1" -o gui.column.format:"T","%t" -t e -T fields \
		-e frame.time_epoch 2>/dev/null
}

# seconds with any number of decimals, as exact nanoseconds
norm_times() {
	$PY -c 'import sys
from decimal import Decimal
print(" ".join(str(int(Decimal(t) * 10**9)) for t in sys.stdin.read().split()))'
}

# compare_times LABEL INPUT OUTPUT
compare_times() {
	local label=$1 in=$2 out=$3 a b
	times "$in" >"$WORK/a.txt"
	times "$out" >"$WORK/b.txt"
	[ -s "$WORK/a.txt" ] || fail "$label: tshark reads no record in $in"
	if ! cmp -s "$WORK/a.txt" "$WORK/b.txt"; then
		echo "----- first differences (input | written):"
		diff "$WORK/a.txt" "$WORK/b.txt" | head -6
		fail "$label: timestamps written differ from the input's ($(wc -l <"$WORK/a.txt") records in, $(wc -l <"$WORK/b.txt") out)"
	fi
	# capinfos prints as many digits as the file's resolution has
	a=$(capinfos -a -e -S -T -r "$in" | cut -f2,3 | norm_times)
	b=$(capinfos -a -e -S -T -r "$out" | cut -f2,3 | norm_times)
	expect_eq "$label: capinfos first and last packet time" "$a" "$b"
	log "ok: $label: $(wc -l <"$WORK/a.txt") timestamps equal, first $(head -1 "$WORK/a.txt")"
}

# a microsecond pcap, and a nanosecond one whose times are not whole
# microseconds (net_pcap alone would lose the last three digits)
cp "$SRC_ROOT/config/sample.pcap" "$WORK/usec.pcap"
editcap -F nsecpcap "$WORK/usec.pcap" "$WORK/ns0.pcap" >/dev/null 2>&1 ||
	fail "editcap -F nsecpcap failed"
$PY - "$WORK/ns0.pcap" "$WORK/nsec.pcap" <<'PYEOF' || fail "cannot write nsec.pcap"
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
off, i = 24, 0
while off < len(d):
    s, ns, incl, orig = struct.unpack('<IIII', d[off:off + 16])
    d[off + 4:off + 8] = struct.pack('<I', (ns + 137 * i + 1) % 1000000000)
    off += 16 + incl
    i += 1
open(sys.argv[2], 'wb').write(d)
PYEOF
editcap -F pcapng "$WORK/nsec.pcap" "$WORK/nsec.pcapng" >/dev/null 2>&1 ||
	fail "editcap -F pcapng failed"

# each input to one output format: pcap and pcapng both written, from
# microsecond, nanosecond and pcapng inputs
for pair in usec.pcap:pcap nsec.pcap:pcapng nsec.pcapng:pcap; do
	in=${pair%%:*}
	for ext in ${pair#*:}; do
		label="net_pcap_${in}_to_$ext"
		JSON="$WORK/$label.json"
		run "$label" "--vdev=net_pcap0,rx_pcap=$WORK/$in" -- --fwd capture \
			--capture-out "$WORK/$label.$ext" --stats-json "$JSON"
		expect_clean_run
		compare_times "$label" "$WORK/$in" "$WORK/$label.$ext"
		label="replay_${in}_to_$ext"
		JSON="$WORK/$label.json"
		run "$label" -- --replay "$WORK/$in" --topspeed --fwd capture \
			--capture-out "$WORK/$label.$ext" --stats-json "$JSON"
		expect_clean_run
		compare_times "$label" "$WORK/$in" "$WORK/$label.$ext"
	done
done

# copy mode and a consumer on another lcore write the same times
JSON="$WORK/copy.json"
run copy "--vdev=net_pcap0,rx_pcap=$WORK/nsec.pcap" -- --fwd capture \
	--rx-copy --consumer-lcore 0 --capture-out "$WORK/copy.pcap" \
	--stats-json "$JSON"
expect_clean_run
compare_times "net_pcap --rx-copy --consumer-lcore 0" "$WORK/nsec.pcap" \
	"$WORK/copy.pcap"
log PASS
