#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# One rule for every option, read from the option table as --help prints
# it (the man page is made from the same text):
# - every option of nblpmd --help is a key of the JSON report's "config",
#   and each default --help shows is the value a run without the option
#   reports (the table's default is what the run uses);
# - an option given twice is exit 2 "given twice", before any value is
#   read, in nblpmd and in nblpmd-advise; the repeatable ones (--replay,
#   --capture) are taken;
# - an option that cannot apply is exit 2 "applies with X only", and
#   with what it asks to add it runs;
# - an output whose name ends in an extension of another format is
#   refused (--capture-out c.txt as --plot p.jpg); without an extension
#   it gets the option's first format;
# - --help says that --duration 0 and --max-packets 0 mean no limit.
TEST_NAME=option_rules
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
N=--vdev=net_null0
NFAIL=0
bad() {
	log "FAIL: $*"
	NFAIL=$((NFAIL + 1))
}

# --help as (name, arg, default) rows, one per option, tab separated
help_rows() {
	"$@" --help 2>/dev/null | $PY -c '
import re, sys
rows, cur = [], None
for line in sys.stdin:
    m = re.match(r"^  --([a-z0-9-]+)(?: (\S+))?(?:\s+(.*))?$", line.rstrip("\n"))
    if m:
        cur = [m.group(1), m.group(2) or "", m.group(3) or ""]
        rows.append(cur)
    elif cur is not None and re.match(r"^ {20,}\S", line):
        cur[2] += " " + line.strip()
    else:
        cur = None
for name, arg, text in rows:
    if name in ("help", "version"):
        continue
    d = re.search(r"\(default: ([^)]*)\)\s*$", text)
    print("%s\t%s\t%s" % (name, arg, d.group(1) if d else ""))
'
}

$NBLPMD -- --help >"$WORK/help.txt" 2>&1 || fail "nblpmd -- --help: exit $?"
help_rows "$NBLPMD" -- >"$WORK/opts.tsv"
nopts=$(wc -l <"$WORK/opts.tsv")
expect_gt "options in nblpmd --help" "$nopts" 30

# ---------------------------------------- --help says what 0 means
for o in duration max-packets; do
	line=$($PY -c '
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"^  --" + sys.argv[2] + r" .*?(?=^  --|\Z)", text, re.S | re.M)
print(" ".join(m.group(0).split()) if m else "")' "$WORK/help.txt" "$o")
	case "$line" in
	*"0: no limit"*) log "ok: --$o: $line" ;;
	*) bad "--help: --$o does not say that 0 means no limit: '$line'" ;;
	esac
done

# ------------------------------- defaults: --help's are the run's values
gen_capture "$WORK/r.pcap" 200 4
JSON="$WORK/defaults.json"
# every scope met (replay, hold model, failures on purpose, timeline),
# nothing else given
run defaults -- --replay "$WORK/r.pcap" --hold-us 10 --fail-alloc-pct 0.001 \
	--recycle pool --timeline "$WORK/t.csv" --stats-json "$JSON"
expect_clean_run
given="replay hold-us fail-alloc-pct recycle timeline stats-json"
mism=$($PY - "$WORK/opts.tsv" "$JSON" "$given" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
cfg = json.load(open(sys.argv[2]))["config"]
given = sys.argv[3].split()
bad = []
for name, arg, default in rows:
    if name not in cfg:
        bad.append("%s: not a key of config{}" % name)
        continue
    if name in given or default in ("", "auto"):
        continue
    v = cfg[name]
    ok = False
    if isinstance(v, bool):
        ok = default in (("yes", "true", "1") if v else ("no", "false", "0"))
    elif isinstance(v, (int, float)):
        try:
            ok = float(default) == float(v)
        except ValueError:
            ok = False
    else:
        ok = str(v) == default
    if not ok:
        bad.append("%s: --help default %r, the run reports %r" % (name, default, v))
print("; ".join(bad))
PY
)
[ -z "$mism" ] && log "ok: every --help default is the value the run reports" ||
	bad "defaults: $mism"

# ------------------------------------------ given twice: exit 2, early
# (the value does not matter: repetition is refused before values are read)
while IFS=$'\t' read -r name arg default; do
	[ "$name" = replay ] && continue
	if [ -n "$arg" ]; then
		args=("--$name" "${default:-$WORK/x}" "--$name" "${default:-$WORK/x}")
	else
		args=("--$name" "--$name")
	fi
	run "twice_$name" $N -- "${args[@]}" --duration 0.1
	if [ "$RC" -ne 2 ] || ! grep -qF -- "--$name given twice" "$ERR"; then
		bad "--$name given twice: exit $RC, stderr: $(head -2 "$ERR" | tr '\n' '|')"
	fi
	grep -qF "EAL:" "$ERR" "$OUT" && bad "--$name given twice: EAL started"
done <"$WORK/opts.tsv"
log "ok: each of $nopts options given twice is exit 2 before EAL"
JSON="$WORK/two.json"
run replay_twice -- --replay "$WORK/r.pcap" --replay "$WORK/r.pcap" \
	--topspeed --stats-json "$JSON"
expect_clean_run
jv v 'd["replay"]["records"]'
expect_eq "--replay twice: records (two passes of 200)" 400 "$v"
# a profile's value overridden by the command line is not a repetition
printf '[nblpmd]\nburst = 16\n' >"$WORK/p.ini"
JSON="$WORK/over.json"
run profile_override $N -- --config "$WORK/p.ini" --burst 8 --duration 0.1 \
	--stats-json "$JSON"
expect_clean_run
jv v 'd["config"]["burst"]'
expect_eq "profile burst 16, command line 8" 8 "$v"

# ------------------------- options that cannot apply: exit 2, then run
# each option alone with its default; the ones refused name their scope,
# and with what the message asks to add they run
napply=0
while IFS=$'\t' read -r name arg default; do
	[ -n "$arg" ] && [ -z "$default" ] && continue
	args=("--$name")
	[ -n "$arg" ] && args+=("$default")
	# the end of the run: --duration, or (its default being no limit)
	# a packet count
	end=(--duration 0.05)
	[ "$name" = duration ] && end=(--max-packets 1000)
	args+=("${end[@]}")
	run "alone_$name" $N -- "${args[@]}"
	[ "$RC" -eq 0 ] && continue
	if [ "$RC" -ne 2 ] || ! grep -qF -- "--$name: applies with" "$ERR"; then
		bad "--$name alone: exit $RC: $(grep -v '^EAL\|^TELEMETRY' "$ERR" | head -2 | tr '\n' '|')"
		continue
	fi
	add=$(grep -oE -- '; add [^,]*,' "$ERR" | head -1 | sed 's/^; add //; s/,$//')
	add=${add/ or --plot FILE.png/}
	add=${add//FILE.csv/$WORK/t.csv}
	add=${add//SPEC/10}
	add=${add//FILE/$WORK/r.pcap}
	add=${add// P/ 0.001}
	[ "$add" = "--fwd capture" ] && add="--fwd capture --capture-out $WORK/c.pcap"
	# shellcheck disable=SC2086
	run "applies_$name" $N -- "${args[@]}" $add
	expect_rc 0
	napply=$((napply + 1))
done <"$WORK/opts.tsv"
expect_ge "options refused alone, then taken with what they need" "$napply" 8
# the capture consumer's output is its own scope
run capture_out_alone $N -- --capture-out "$WORK/c.pcap" --duration 0.05
expect_rc 2
expect_err "--capture-out: applies with --fwd capture only" "add --fwd capture"

# ------------------------------------------ outputs named by format
usage_error capture_out_txt "--capture-out" "c.txt" ".pcap or .pcapng" -- \
	$N -- --fwd capture --capture-out "$WORK/c.txt" --duration 0.05
usage_error plot_jpg "--plot" "p.jpg" ".png or .svg" -- \
	$N -- --plot "$WORK/p.jpg" --duration 0.05
run capture_no_ext $N -- --fwd capture --capture-out "$WORK/capfile" \
	--max-packets 50
expect_rc 0
cap_stats "$WORK/capfile"
expect_eq "--capture-out without extension: pcap records" 50 "$CAP_RECORDS"

# ------------------------------------------ nblpmd-advise, the same rules
if [ -n "$ADVISE" ] && [ -x "$ADVISE" ]; then
	advise() {
		local name=$1
		shift
		OUT="$WORK/$name.out"
		ERR="$WORK/$name.err"
		LAST_CMD="$ADVISE $*"
		timeout -k 5 "$RUN_TIMEOUT" "$ADVISE" "$@" >"$OUT" 2>"$ERR" \
			</dev/null
		RC=$?
	}
	help_rows "$ADVISE" >"$WORK/aopts.tsv"
	expect_gt "options in nblpmd-advise --help" "$(wc -l <"$WORK/aopts.tsv")" 15
	while IFS=$'\t' read -r name arg default; do
		[ "$name" = capture ] && continue
		if [ -n "$arg" ]; then
			args=("--$name" "$WORK/x" "--$name" "$WORK/x")
		else
			args=("--$name" "--$name")
		fi
		advise "a_twice_$name" --capture "$WORK/r.pcap" "${args[@]}"
		if [ "$RC" -ne 2 ] || ! grep -qF -- "--$name given twice" "$ERR"; then
			bad "advise --$name given twice: exit $RC: $(head -2 "$ERR" | tr '\n' '|')"
		fi
	done <"$WORK/aopts.tsv"
	log "ok: nblpmd-advise: each option given twice is exit 2"
	advise a_capture_twice --capture "$WORK/r.pcap" --capture "$WORK/r.pcap"
	expect_rc 0
	advise a_eal --capture "$WORK/r.pcap" --eal "-l 0"
	expect_rc 2
	expect_err "--eal: applies with --verify only" "add --verify"
	advise a_nblpmd --capture "$WORK/r.pcap" --nblpmd "$NBLPMD"
	expect_rc 2
	expect_err "--nblpmd: applies with --verify only"
	advise a_seed --capture "$WORK/r.pcap" --hold-seed 3
	expect_rc 2
	expect_err "--hold-seed" "add --hold-us SPEC"
	advise a_seed_ok --capture "$WORK/r.pcap" --hold-seed 3 --hold-us 10
	expect_rc 0
	advise a_plot_jpg --capture "$WORK/r.pcap" --plot "$WORK/s.jpg"
	expect_rc 2
	expect_err "--plot" ".png or .svg"
else
	log "nblpmd-advise not given: its half is not checked here"
fi

[ "$NFAIL" -eq 0 ] || fail "$NFAIL option rule(s) broken (see above)"
log PASS
