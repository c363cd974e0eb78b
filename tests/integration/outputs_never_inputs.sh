#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# outputs_never_inputs: an output that is the same file as an input
# (--replay, rx_pcap= of a net_pcap --vdev, --config, a file: hold
# specification, the advisor's --capture and --host), by any name (the same path, a
# symlink, a hard link), or as another output, is exit 2 before anything
# is written: one line naming both options, the input unchanged, nothing
# created.
TEST_NAME=outputs_never_inputs
. "$(dirname "$0")/lib.sh"

D="$WORK/d"
mkdir "$D"
gen_capture "$D/v.pcap" 2000 5
ln -s v.pcap "$D/sym.pcap"
ln "$D/v.pcap" "$D/hard.pcap"
printf '100\n200\n' >"$D/hold.txt"
printf '[nblpmd]\nduration = 1\n' >"$D/p.ini"
SUMS=$(cd "$D" && sha256sum v.pcap hold.txt p.ini)
FILES=$(cd "$D" && ls -A | tr '\n' ' ')

# refused LABEL OPT-A OPT-B: exit 2 on stderr's one line naming both,
# every input as it was, no file added
refused() {
	local label=$1 a=$2 b=$3 line
	expect_rc 2
	line=$(grep -F -- "$a" "$ERR" | grep -F -- "$b" | grep -F 'name the same file')
	[ -n "$line" ] || { show_run; fail "$label: no line naming both $a and $b"; }
	expect_eq "$label: checksums of the inputs" "$SUMS" \
		"$(cd "$D" && sha256sum v.pcap hold.txt p.ini)"
	expect_eq "$label: files in the folder" "$FILES" \
		"$(cd "$D" && ls -A | tr '\n' ' ')"
	grep -q 'EAL:' "$OUT" "$ERR" &&
		{ show_run; fail "$label: EAL started: refused too late"; }
	log "ok: $label: exit 2 before EAL, naming $a and $b"
}

run capture_replay -- --replay "$D/v.pcap" --fwd capture --capture-out "$D/v.pcap"
refused "--capture-out the --replay file" --capture-out --replay
run capture_rx_pcap "--vdev=net_pcap0,rx_pcap=$D/v.pcap" -- --fwd capture \
	--capture-out "$D/v.pcap"
refused "--capture-out the rx_pcap= file" --capture-out "rx_pcap=$D/v.pcap"
run json_replay -- --replay "$D/v.pcap" --stats-json "$D/v.pcap"
refused "--stats-json the --replay file" --stats-json --replay
run timeline_replay -- --replay "$D/v.pcap" --timeline "$D/v.pcap"
refused "--timeline the --replay file" --timeline --replay
run json_symlink -- --replay "$D/v.pcap" --stats-json "$D/sym.pcap"
refused "--stats-json a symlink to the --replay file" --stats-json --replay
run json_hardlink -- --replay "$D/v.pcap" --stats-json "$D/hard.pcap"
refused "--stats-json a hard link of the --replay file" --stats-json --replay
run timeline_json -- --replay "$D/v.pcap" --timeline "$D/f" --stats-json "$D/f"
refused "--timeline and --stats-json one new file" --timeline --stats-json
run timeline_json_rel -- --replay "$D/v.pcap" --timeline "$D/f" \
	--stats-json "$D/../d/f"
refused "--timeline and --stats-json one new file by two names" --timeline --stats-json
run plot_timeline -- --replay "$D/v.pcap" --timeline "$D/p.png" --plot "$D/p.png"
refused "--plot and --timeline one file" --plot --timeline
run json_hold -- --replay "$D/v.pcap" --hold-us "file:$D/hold.txt" \
	--stats-json "$D/hold.txt"
refused "--stats-json the hold file" --stats-json "--hold-us file:$D/hold.txt"
run json_config -- --config "$D/p.ini" --replay "$D/v.pcap" --stats-json "$D/p.ini"
refused "--stats-json the profile" --stats-json --config
run two_stdout -- --replay "$D/v.pcap" --timeline - --stats-json -
refused "two outputs on standard output" --timeline --stats-json

# nblpmd-advise: --json or --plot over a --capture, or over each other
if [ -n "${ADVISE:-}" ] && [ -x "$ADVISE" ]; then
	OUT="$WORK/a.out"
	ERR="$WORK/a.err"
	"$ADVISE" --capture "$D/v.pcap" --json "$D/v.pcap" >"$OUT" 2>"$ERR"
	RC=$?
	refused "advise --json the --capture file" --json --capture
	"$ADVISE" --capture "$D/v.pcap" --hold-us "file:$D/hold.txt" \
		--json "$D/sym.pcap" >"$OUT" 2>"$ERR"
	RC=$?
	refused "advise --json a symlink to the --capture file" --json --capture
	"$ADVISE" --capture "$D/v.pcap" --host "$D/p.ini" --json "$D/p.ini" \
		>"$OUT" 2>"$ERR"
	RC=$?
	refused "advise --json the --host report" --json --host
	"$ADVISE" --capture "$D/v.pcap" --json "$D/a.png" --plot "$D/a.png" \
		>"$OUT" 2>"$ERR"
	RC=$?
	refused "advise --json and --plot one file" --json --plot
else
	log "nblpmd-advise not built: its part skipped"
fi

# a character device named twice loses nothing: allowed
if mknod "$D/null" c 1 3 2>/dev/null; then
	JSON=
	run two_null -- --replay "$D/v.pcap" --timeline "$D/null" --stats-json "$D/null"
	expect_clean_run
	log "ok: two outputs to a copy of /dev/null run"
fi
log PASS
