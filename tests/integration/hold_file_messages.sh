#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# hold_file_messages: a --hold-us file holds at most 10,000,000 values and
# the one after is refused at its own line, with that limit in the
# message; a number out of range says the range; a NUL byte, a directory
# and a line too long each get their own reason; control characters from
# the input (a CR, an LF) are shown escaped, so every message is one line;
# and a set-up failure names its file once.
TEST_NAME=hold_file_messages
. "$(dirname "$0")/lib.sh"

N=--vdev=net_null0

# refused LABEL NEEDLE APP-ARGS...: exit 2, one line on stderr from
# nblpmd, naming NEEDLE, with no raw CR or LF in it
refused() {
	local label=$1 needle=$2 lines
	shift 2
	run "$label" $N -- "$@" --duration 1
	expect_rc 2
	grep -qF -- "$needle" "$ERR" ||
		{ show_run; fail "$label: stderr does not say '$needle'"; }
	# one line from nblpmd; anything else is EAL's own
	lines=$(grep -c '^nblpmd: ' "$ERR")
	expect_eq "$label: nblpmd's lines on stderr" 1 "$lines"
	lines=$(grep -v -c -E '^(nblpmd|EAL|TELEMETRY): ' "$ERR")
	expect_eq "$label: lines on stderr from nowhere (a raw LF)" 0 "$lines"
	if grep -q $'\r' "$ERR"; then
		fail "$label: a raw CR in the message"
	fi
	log "ok: $label: $(grep "^nblpmd: " "$ERR")"
}

# 10,000,001 values: refused at line 10,000,001 with the limit it names
yes 7 | head -n 10000001 >"$WORK/big.txt"
refused limit ":10000001: more than 10000000 values" --hold-us "file:$WORK/big.txt"
# exactly 10,000,000: taken (the run starts: EAL and the audit)
head -n 10000000 "$WORK/big.txt" >"$WORK/max.txt"
rm -f "$WORK/big.txt"
JSON=
run at_limit $N -- --hold-us "file:$WORK/max.txt" --duration 1
expect_clean_run
log "ok: 10,000,000 values are taken"
rm -f "$WORK/max.txt"

refused range "from 0 to 3600000000" --hold-us 1e308
grep -qF "out of range" "$ERR" || fail "range: no 'out of range' in: $(cat "$ERR")"
printf '100\n2\0000\n' >"$WORK/nul.txt"
refused nul "nul.txt:2: a NUL byte" --hold-us "file:$WORK/nul.txt"
mkdir "$WORK/dir"
refused directory "is a directory" --hold-us "file:$WORK/dir"
printf '100\n%0300d\n' 1 >"$WORK/long.txt"
refused long "long.txt:2: line longer than 254 characters" --hold-us "file:$WORK/long.txt"
printf '100\n12\r34\n' >"$WORK/cr.txt"
refused cr "'12\\r34' is not a hold time" --hold-us "file:$WORK/cr.txt"
refused lf "'1\\n2' is not a hold specification" --hold-us $'1\n2'

# a set-up failure names its file once
refused replay_missing "cannot open" --replay "$WORK/none.pcap"
n=$(grep -o -F "$WORK/none.pcap" "$ERR" | wc -l)
expect_eq "--replay of a missing file: times the message names it" 1 "$n"
refused hold_missing "cannot read" --hold-us "file:$WORK/none.txt"
n=$(grep -o -F "$WORK/none.txt" "$ERR" | wc -l)
expect_eq "--hold-us of a missing file: times the message names it" 1 "$n"
log PASS
