#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# plot_last_and_bounded: --plot comes after the text and JSON reports and
# cannot take them down. gnuplot draws a reduced timeline (at most 2002
# points a series, each interval's lowest and highest level kept, so the
# extremes and the sums are those of the CSV) with the PMD ring's
# occupancy; a gnuplot that does not finish is stopped (20 s without a
# signal, within the stop bound after one, at once when a signal comes
# while it draws), with its process group and every temporary file, and
# the run says the plot was skipped (exit 1) while its reports are whole.
TEST_NAME=plot_last_and_bounded
. "$(dirname "$0")/lib.sh"

REAL_GNUPLOT=$(command -v gnuplot || true)
mkdir "$WORK/bin" "$WORK/tmp"
export TMPDIR="$WORK/tmp"
export PATH="$WORK/bin:$PATH"
gen_capture "$WORK/in.pcap" 2000 3

# tmp_clean LABEL: nothing left in $TMPDIR, nor beside the picture
tmp_clean() {
	local left
	left=$(ls -A "$TMPDIR" | tr '\n' ' ')
	[ -z "$left" ] || fail "$1: files left in TMPDIR: $left"
	left=$(cd "$WORK" && ls -A | grep -E '^p\.png' | tr '\n' ' ')
	[ -z "$left" ] || fail "$1: picture files left: $left"
	log "ok: $1: no temporary file left"
}

# gnuplot_gone LABEL: the stand-in (and its child) were killed
gnuplot_gone() {
	local p
	[ -s "$WORK/gp.pids" ] || fail "$1: the stand-in gnuplot never ran"
	for p in $(cat "$WORK/gp.pids"); do
		# a zombie is dead (no init may reap it in a container)
		if kill -0 "$p" 2>/dev/null &&
				[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ]; then
			kill -KILL "$p" 2>/dev/null
			fail "$1: gnuplot (pid $p) still runs after nblpmd exited"
		fi
	done
	rm -f "$WORK/gp.pids"
	log "ok: $1: gnuplot was stopped"
}

reports_whole() {
	expect_audit_clean
	jv n 'd["audit"]["leaked"]'
	expect_eq "$1: the JSON report is whole (audit.leaked)" 0 "$n"
}

# 1. a real gnuplot on a long timeline: the points it gets are reduced,
# extremes and sums kept, the PMD ring drawn, the plot after the reports
if [ -n "$REAL_GNUPLOT" ]; then
	cat >"$WORK/bin/gnuplot" <<EOF
#!/bin/sh
# keep what nblpmd gives gnuplot, then draw
cp "\$1" "$WORK/seen.gp"
data=\$(grep -o "^plot '[^']*'" "\$1" | head -n 1 | sed "s/^plot '//; s/'\$//")
cp "\$data" "$WORK/seen.dat"
exec "$REAL_GNUPLOT" "\$@"
EOF
	chmod +x "$WORK/bin/gnuplot"
	JSON="$WORK/r.json"
	run real -- --replay "$WORK/in.pcap" --loop 0 --multiplier 200 \
		--hold-us exp:300 --duration 2 --timeline "$WORK/t.csv" \
		--timeline-us 10 --plot "$WORK/p.png" --stats-json "$JSON"
	expect_clean_run
	expect_eq "the picture is a PNG" "89504e47" "$(head -c 4 "$WORK/p.png" | od -An -tx1 | tr -d ' \n')"
	a=$(grep -n '^audit: ' "$OUT" | cut -d: -f1)
	p=$(grep -n '^Plot: ' "$OUT" | cut -d: -f1)
	expect_gt "the Plot: line comes after the audit line (line numbers)" "$p" "$a"
	grep -qF "PMD ring" "$WORK/seen.gp" || fail "the script draws no PMD ring"
	out=$($PY - "$WORK/t.csv" "$WORK/seen.dat" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) > 20000, "only %d rows: too few to need a reduction" % len(rows)
blocks = {}
for b in open(sys.argv[2]).read().split("\n\n\n"):
    lines = [l for l in b.strip("\n").split("\n") if l]
    if not lines:
        continue
    head = lines[0].split()
    key = (head[2], head[4], head[5])
    pts = [tuple(map(float, l.split())) for l in lines[1:] if "NaN" not in l]
    blocks[key] = pts
for col in ("outstanding", "free", "pmd_ring", "missed", "resources_indications"):
    pts = blocks[("0", "0", col)]
    assert 0 < len(pts) <= 2002, "%s: %d points" % (col, len(pts))
    vals = [float(r[col]) for r in rows if r[col] != ""]
    got = [v for _, v in pts]
    if col in ("missed", "resources_indications"):
        assert sum(vals) == sum(got), "%s: sum %g in the CSV, %g drawn" % (col, sum(vals), sum(got))
    else:
        assert max(vals) == max(got) and min(vals) == min(got), \
            "%s: CSV %g..%g, drawn %g..%g" % (col, min(vals), max(vals), min(got), max(got))
    ts = [t for t, _ in pts]
    assert ts == sorted(ts), "%s: points out of time order" % col
print(len(rows))
PYEOF
) || fail "the reduced series: $out"
	log "ok: $out CSV rows drawn as at most 2002 points a series, extremes and sums kept"
	rm -f "$WORK/p.png"
	tmp_clean "real gnuplot"
else
	log "gnuplot not installed: the drawing part skipped"
fi

# a stand-in gnuplot that never finishes (it and a child, in its group)
cat >"$WORK/bin/gnuplot" <<EOF
#!/bin/sh
echo \$\$ >>"$WORK/gp.pids"
sleep 600 &
echo \$! >>"$WORK/gp.pids"
wait
EOF
chmod +x "$WORK/bin/gnuplot"

# 2. no signal: stopped after 20 s, the reports whole, exit 1, said
JSON="$WORK/r2.json"
t0=$(date +%s)
run slow --vdev=net_null0 -- --duration 1 --plot "$WORK/p.png" --stats-json "$JSON"
t1=$(date +%s)
expect_rc 1
reports_whole "gnuplot that never finishes"
grep -q -- "--plot $WORK/p.png: skipped: gnuplot did not finish within 20 s" "$ERR" ||
	{ show_run; fail "no line saying the plot was skipped after 20 s"; }
expect_ge "seconds the run took (a 1 s run and 20 s of gnuplot)" $((t1 - t0)) 20
gnuplot_gone "gnuplot that never finishes"
tmp_clean "gnuplot that never finishes"

# 3. SIGTERM during the run: within the stop bound, the reports whole
JSON="$WORK/r3.json"
run_bg signal --vdev=net_null0 -- --duration 60 --plot "$WORK/p.png" --stats-json "$JSON"
i=0
until grep -q '^Start: ' "$OUT" 2>/dev/null; do
	[ $i -lt 300 ] || { show_run; fail "the run did not start within 30 s"; }
	sleep 0.1
	i=$((i + 1))
done
sleep 1
kill -TERM "$BGPID"
wait_bg 11
expect_rc 1
reports_whole "SIGTERM, then a gnuplot that never finishes"
grep -q -- "--plot $WORK/p.png: skipped: gnuplot did not finish" "$ERR" ||
	{ show_run; fail "SIGTERM: no line saying the plot was skipped"; }
gnuplot_gone "SIGTERM, then a gnuplot that never finishes"
tmp_clean "SIGTERM, then a gnuplot that never finishes"

# 4. SIGTERM while gnuplot draws: stopped at once
JSON="$WORK/r4.json"
run_bg while_drawing --vdev=net_null0 -- --duration 1 --plot "$WORK/p.png" \
	--stats-json "$JSON"
i=0
until [ -s "$WORK/gp.pids" ]; do
	[ $i -lt 300 ] || { show_run; fail "gnuplot did not start within 30 s"; }
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$BGPID"
wait_bg 5
expect_rc 1
reports_whole "SIGTERM while gnuplot draws"
grep -q -- "--plot $WORK/p.png: skipped: a signal came while gnuplot was drawing" "$ERR" ||
	{ show_run; fail "no line saying a signal stopped the plot"; }
gnuplot_gone "SIGTERM while gnuplot draws"
tmp_clean "SIGTERM while gnuplot draws"
log PASS
