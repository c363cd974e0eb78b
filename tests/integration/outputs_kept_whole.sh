#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# outputs_kept_whole: an output never destroys what it names. A symlink
# is written through (its target replaced, the link kept); a FIFO and a
# character device (copies of /dev/null and /dev/full made with mknod in
# the test's own folder) are written in place, never renamed over or
# removed, even when writing fails; "-" is standard output, with the
# text report on stderr; a regular file is replaced whole and keeps its
# permissions. The same for --stats-json, --timeline, --capture-out,
# nblpmd-advise's --json and nblpmd-capgen's --out.
TEST_NAME=outputs_kept_whole
. "$(dirname "$0")/lib.sh"

D="$WORK/d"
mkdir "$D"
# device nodes need root; without, their parts are left out (said)
DEV=1
if ! mknod "$D/null" c 1 3 2>/dev/null || ! mknod "$D/full" c 1 7 2>/dev/null; then
	DEV=0
	rm -f "$D/null" "$D/full"
	log "cannot make device nodes with mknod (not root?): their parts left out"
fi
mkfifo "$D/fifo"
gen_capture "$WORK/in.pcap" 300 3

# node_kept NAME MAJOR MINOR: still a character device of that number
node_kept() {
	local what
	what=$(stat -c '%F %t,%T' "$D/$1" 2>/dev/null)
	expect_eq "$1 after the run (type, major,minor in hex)" \
		"character special file $(printf '%x,%x' "$2" "$3")" "$what"
}

# no_stray: nothing in $D but what the test made (no temporary file, no
# regular file in place of a node)
no_stray() {
	local left
	left=$(cd "$D" && ls -A | grep -v -x -E "$1" | tr '\n' ' ')
	[ -z "$left" ] || fail "$2: files left in the folder: $left"
	log "ok: $2: nothing else in the folder"
}

BASE='null|full|fifo'

# 1. --stats-json through a symlink: the target is replaced, the link stays
echo old >"$D/real.json"
ln -s real.json "$D/link.json"
JSON="$D/real.json"
run link -- --replay "$WORK/in.pcap" --stats-json "$D/link.json"
expect_clean_run
[ -L "$D/link.json" ] || fail "link.json is no longer a symbolic link"
expect_eq "link.json points at" real.json "$(readlink "$D/link.json")"
jv n 'd["indicated"]'
expect_eq "the link's target holds the report: indicated" 300 "$n"
rm -f "$D/real.json" "$D/link.json"

if [ "$DEV" = 1 ]; then
# 2. a symlink to a device (as /dev/stdout is): written through, kept
ln -s null "$D/to_null"
JSON=
run link_dev -- --replay "$WORK/in.pcap" --stats-json "$D/to_null"
expect_clean_run
[ -L "$D/to_null" ] || fail "to_null is no longer a symbolic link"
node_kept null 1 3
rm -f "$D/to_null"

# 3. a copy of /dev/null as --stats-json and --timeline: exit 0, kept
run null -- --replay "$WORK/in.pcap" --stats-json "$D/null" \
	--timeline "$D/null"
expect_clean_run
node_kept null 1 3
no_stray "$BASE" "--stats-json and --timeline to a copy of /dev/null"

# 4. a copy of /dev/full: the write fails (exit 1, said), the node stays
run full -- --replay "$WORK/in.pcap" --timeline "$D/full"
expect_rc 1
grep -q -- "--timeline $D/full: write failed" "$ERR" ||
	{ show_run; fail "--timeline to a full device: no 'write failed' line naming it"; }
node_kept full 1 7
run full_json -- --replay "$WORK/in.pcap" --stats-json "$D/full"
expect_rc 1
node_kept full 1 7
run full_capture -- --replay "$WORK/in.pcap" --fwd capture --capture-out "$D/full"
expect_rc 2
grep -q -- "--capture-out $D/full" "$ERR" ||
	{ show_run; fail "--capture-out to a full device: no line naming it"; }
node_kept full 1 7
no_stray "$BASE" "outputs to a copy of /dev/full"

fi

# 5. a FIFO with a reader: the reader gets the whole report, the FIFO stays
cat "$D/fifo" >"$WORK/fifo.json" &
READER=$!
BG_PIDS+=("$READER")
JSON=
run fifo -- --replay "$WORK/in.pcap" --stats-json "$D/fifo"
expect_clean_run
wait "$READER"
[ -p "$D/fifo" ] || fail "the FIFO is no longer a FIFO"
JSON="$WORK/fifo.json"
jv n 'd["indicated"]'
expect_eq "the FIFO's reader got the report: indicated" 300 "$n"
cat "$D/fifo" >"$WORK/fifo.pcap" &
READER=$!
BG_PIDS+=("$READER")
JSON=
run fifo_capture -- --replay "$WORK/in.pcap" --fwd capture --capture-out "$D/fifo"
expect_clean_run
wait "$READER"
n=$($PCAPTOOL stats "$WORK/fifo.pcap" 2>/dev/null | awk '{print $1}')
expect_eq "records the FIFO's reader got from --capture-out" 300 "$n"
no_stray "$BASE" "outputs to a FIFO"

# 6. "-": the report on stdout (valid JSON alone), the text on stderr, and
# no file named "-"
pushd "$D" >/dev/null || fail "cd $D"
JSON=
run dash -- --replay "$WORK/in.pcap" --stats-json -
popd >/dev/null || fail "cd back"
expect_rc 0
JSON="$OUT"
jv n 'd["indicated"]'
expect_eq "--stats-json -: the JSON on stdout: indicated" 300 "$n"
grep -qF "$AUDIT_CLEAN" "$ERR" ||
	fail "--stats-json -: the text report (audit line) is not on stderr"
[ ! -e "$D/-" ] || fail "--stats-json - made a file named '-'"
log "ok: --stats-json -: JSON on stdout, the text report on stderr"

# the same without a --file-prefix: the run's own prefix is said on
# stderr, so stdout is the JSON alone
pushd "$D" >/dev/null || fail "cd $D"
timeout -k 5 "$RUN_TIMEOUT" "$NBLPMD" --no-huge -m 1024 --no-pci --no-shconf \
	-l 0-1 -- --replay "$WORK/in.pcap" --stats-json - \
	>"$WORK/noprefix.json" 2>"$WORK/noprefix.err" </dev/null
RC=$?
popd >/dev/null || fail "cd back"
expect_rc 0
jv n 'd["indicated"]' "$WORK/noprefix.json"
expect_eq "--stats-json - without --file-prefix: the JSON alone on stdout" 300 "$n"

# a picture by the same rule: on stdout, and into a FIFO, whole; gnuplot
# writes its own temporary file, copied into the output once complete
if command -v gnuplot >/dev/null 2>&1; then
	png_ok() {
		$PY -c "import sys; b = open(sys.argv[1], 'rb').read(); print(b[:8] == b'\x89PNG\r\n\x1a\n' and b[12:16] == b'IHDR' and len(b) > 1000)" "$1"
	}
	run plot_dash -- --replay "$WORK/in.pcap" --multiplier 20 --plot -
	expect_rc 0
	expect_eq "--plot -: a whole PNG on stdout" True "$(png_ok "$OUT")"
	cat "$D/fifo" >"$WORK/fifo.png" &
	READER=$!
	BG_PIDS+=("$READER")
	run plot_fifo -- --replay "$WORK/in.pcap" --multiplier 20 --plot "$D/fifo"
	expect_rc 0
	wait "$READER"
	expect_eq "--plot FIFO: its reader got a whole PNG" True "$(png_ok "$WORK/fifo.png")"
	[ -p "$D/fifo" ] || fail "the FIFO is no longer a FIFO after --plot"
	if [ -n "${ADVISE:-}" ] && [ -x "$ADVISE" ]; then
		"$ADVISE" --capture "$WORK/in.pcap" --plot - >"$WORK/a.png" \
			2>"$WORK/a.err"
		expect_eq "advise --plot -: exit code" 0 $?
		expect_eq "advise --plot -: a whole PNG on stdout" True "$(png_ok "$WORK/a.png")"
	fi
	no_stray "$BASE" "pictures to stdout and a FIFO"
else
	log "gnuplot not installed: the picture part skipped"
fi

# 7. a regular file is replaced whole and keeps its permissions
echo old >"$D/r.json"
chmod 600 "$D/r.json"
JSON="$D/r.json"
run regular -- --replay "$WORK/in.pcap" --stats-json "$D/r.json"
expect_clean_run
jv n 'd["indicated"]'
expect_eq "the regular file holds the report: indicated" 300 "$n"
expect_eq "the regular file's mode" 600 "$(stat -c %a "$D/r.json")"
rm -f "$D/r.json"

# 8. nblpmd-advise --json and nblpmd-capgen --out by the same rule
if [ -n "${ADVISE:-}" ] && [ -x "$ADVISE" ]; then
	ln -s areal.json "$D/alink.json"
	"$ADVISE" --capture "$WORK/in.pcap" --json "$D/alink.json" \
		>"$WORK/a.out" 2>"$WORK/a.err"
	expect_eq "advise --json through a symlink: exit code" 0 $?
	[ -L "$D/alink.json" ] || fail "advise: alink.json is no longer a symbolic link"
	jv v 'd["advice"]["descriptors"] > 0' "$D/areal.json"
	expect_eq "advise: the link's target holds the advice" True "$v"
	if [ "$DEV" = 1 ]; then
		"$ADVISE" --capture "$WORK/in.pcap" --json "$D/null" >/dev/null 2>&1
		expect_eq "advise --json to a copy of /dev/null: exit code" 0 $?
		node_kept null 1 3
	fi
	"$ADVISE" --capture "$WORK/in.pcap" --json - >"$WORK/a2.json" 2>"$WORK/a2.err"
	expect_eq "advise --json -: exit code" 0 $?
	jv v 'd["advice"]["descriptors"] > 0' "$WORK/a2.json"
	expect_eq "advise --json -: the JSON alone on stdout" True "$v"
	rm -f "$D/alink.json" "$D/areal.json"
else
	log "nblpmd-advise not built: its part skipped"
fi
if [ -n "$CAPGEN" ] && [ -x "$CAPGEN" ]; then
	if [ "$DEV" = 1 ]; then
		"$CAPGEN" --out "$D/null" --count 10 >/dev/null 2>&1
		expect_eq "capgen --out a copy of /dev/null: exit code" 0 $?
		node_kept null 1 3
		"$CAPGEN" --out "$D/full" --count 10 >/dev/null 2>"$WORK/cg.err"
		expect_eq "capgen --out a copy of /dev/full: exit code" 1 $?
		node_kept full 1 7
	fi
	ln -s creal.pcap "$D/clink.pcap"
	"$CAPGEN" --out "$D/clink.pcap" --count 10 >/dev/null 2>&1
	[ -L "$D/clink.pcap" ] || fail "capgen: clink.pcap is no longer a symbolic link"
	expect_eq "capgen: records in the link's target" 10 \
		"$($PCAPTOOL stats "$D/creal.pcap" | awk '{print $1}')"
	rm -f "$D/clink.pcap" "$D/creal.pcap"
fi
no_stray "$BASE" "every output"
log PASS
