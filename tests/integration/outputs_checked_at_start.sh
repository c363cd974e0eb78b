#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# outputs_checked_at_start: an output that cannot be written stops the
# program before any work, with exit 2 and one line naming the option:
# nblpmd's --plot into /proc (where no file can be made, even by root)
# or onto a directory named like a picture, and --timeline or
# --stats-json in a folder that does not exist (all before EAL starts);
# nblpmd-advise's --json in such a folder (before the sweep); capgen's
# --out there. --plot with a --timeline it cannot read back (standard
# output, a FIFO) is refused as early.
TEST_NAME=outputs_checked_at_start
. "$(dirname "$0")/lib.sh"

# gnuplot is not what is checked here: a stand-in that draws nothing
mkdir "$WORK/bin"
printf '#!/bin/sh\nexit 0\n' >"$WORK/bin/gnuplot"
chmod +x "$WORK/bin/gnuplot"
export PATH="$WORK/bin:$PATH"
mkdir "$WORK/dir.png"
gen_capture "$WORK/in.pcap" 100 3

# early LABEL NEEDLE VDEV... -- APP-ARGS...: exit 2 before EAL, and
# stderr names NEEDLE
early() {
	local label=$1 needle=$2
	shift 2
	run "$label" "$@"
	expect_rc 2
	grep -qF -- "$needle" "$ERR" ||
		{ show_run; fail "$label: stderr does not name '$needle'"; }
	grep -q 'EAL:' "$OUT" "$ERR" &&
		{ show_run; fail "$label: EAL started: the output was checked too late"; }
	log "ok: $label: exit 2 before EAL: $(grep '^nblpmd: ' "$ERR")"
}

early plot_proc "--plot /proc/p.png" -- --replay "$WORK/in.pcap" --plot /proc/p.png
early plot_dir "--plot $WORK/dir.png: is a directory" -- --replay "$WORK/in.pcap" \
	--plot "$WORK/dir.png"
early timeline_nodir "--timeline $WORK/none/t.csv" -- --replay "$WORK/in.pcap" \
	--timeline "$WORK/none/t.csv"
early json_nodir "--stats-json $WORK/none/r.json" -- --replay "$WORK/in.pcap" \
	--stats-json "$WORK/none/r.json"
# the plot reads the timeline back: not from standard output or a FIFO
mkfifo "$WORK/fifo"
early plot_timeline_stdout "--timeline -" -- --replay "$WORK/in.pcap" \
	--timeline - --plot "$WORK/p.png"
early plot_timeline_fifo "--timeline $WORK/fifo" -- --replay "$WORK/in.pcap" \
	--timeline "$WORK/fifo" --plot "$WORK/p.png"
early capture_nodir "--capture-out $WORK/none/c.pcap" -- --replay "$WORK/in.pcap" \
	--fwd capture --capture-out "$WORK/none/c.pcap"

if [ -n "${ADVISE:-}" ] && [ -x "$ADVISE" ]; then
	"$ADVISE" --capture "$WORK/in.pcap" --json "$WORK/none/a.json" \
		>"$WORK/a.out" 2>"$WORK/a.err"
	RC=$?
	expect_eq "advise --json in a missing folder: exit code" 2 "$RC"
	grep -qF -- "--json $WORK/none/a.json" "$WORK/a.err" ||
		fail "advise: stderr does not name --json: $(cat "$WORK/a.err")"
	[ ! -s "$WORK/a.out" ] ||
		fail "advise: the sweep ran before the output was checked: $(head -3 "$WORK/a.out")"
	log "ok: advise --json in a missing folder: exit 2 before the sweep"
	"$ADVISE" --capture "$WORK/in.pcap" --plot /proc/a.png \
		>"$WORK/a.out" 2>"$WORK/a.err"
	expect_eq "advise --plot into /proc: exit code" 2 $?
	[ ! -s "$WORK/a.out" ] || fail "advise --plot /proc/a.png: the sweep ran"
	log "ok: advise --plot into /proc: exit 2 before the sweep"
else
	log "nblpmd-advise not built: its part skipped"
fi
if [ -n "$CAPGEN" ] && [ -x "$CAPGEN" ]; then
	"$CAPGEN" --out "$WORK/none/x.pcap" >"$WORK/c.out" 2>"$WORK/c.err"
	expect_eq "capgen --out in a missing folder: exit code" 2 $?
	grep -qF -- "--out $WORK/none/x.pcap" "$WORK/c.err" ||
		fail "capgen: stderr does not name --out: $(cat "$WORK/c.err")"
	log "ok: capgen --out in a missing folder: exit 2 naming --out"
fi
log PASS
