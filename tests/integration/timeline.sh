#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Occupancy over time: --timeline FILE.csv writes one row per queue every
# --timeline-us with the documented columns; the per-period counts add up
# to the final report's totals and the largest outstanding is the report's
# outstanding_max, up to the last row, taken as the run ended (before the
# consumers give back what they hold); --plot draws a well-formed PNG or
# SVG with gnuplot (a missing gnuplot is an exit 2 before the run);
# --stats-period shows an occupancy bar per queue.
TEST_NAME=timeline
. "$(dirname "$0")/lib.sh"

COLS='t_us,port,queue,outstanding,free,pool_in_use,indicated,missed,resources_indications,pmd_ring,fill_stalls,hold_p99_us,poll_gap_max_us'

# csv_check CSV: header, field count, time order; prints nothing on success
csv_check() {
	$PY - "$1" "$COLS" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows, "empty file"
assert ",".join(rows[0]) == sys.argv[2], "header %r" % (rows[0],)
body = rows[1:]
assert len(body) >= 2, "only %d rows" % len(body)
last = {}
for r in body:
    assert len(r) == 13, "row with %d fields: %r" % (len(r), r)
    key = (r[1], r[2])
    t = float(r[0])
    assert t >= last.get(key, -1), "time goes back for queue %r: %r" % (key, r)
    last[key] = t
    for i in (3, 4, 5, 6, 7, 8, 10):
        assert int(r[i]) >= 0, r
    assert r[9] == "" or int(r[9]) >= 0, r
    assert r[11] == "" or float(r[11]) >= 0, r
    assert r[12] == "" or float(r[12]) >= 0, r
PYEOF
}

# csv_sum CSV COLUMN: the column's sum (or max with max:COLUMN)
csv_agg() {
	$PY - "$1" "$2" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
how, col = sys.argv[2].split(":")
vals = [int(r[col]) for r in rows if r[col] != ""]
print(sum(vals) if how == "sum" else max(vals))
PYEOF
}

# 1. a consumer that keeps every NBL 100 s and never gets RESOURCES: the
# queue fills all 128 descriptors and stays there
JSON="$WORK/full.json"
run full --vdev=net_null0 -- --hold-us 100000000 --rxd 64 --descriptors 128 \
	--low-watermark 0 --duration 1 --timeline "$WORK/full.csv" \
	--timeline-us 2000 --stats-json "$JSON"
expect_clean_run
out=$(csv_check "$WORK/full.csv" 2>&1) || fail "full.csv: $out"
om=$(csv_agg "$WORK/full.csv" max:outstanding)
jv rom 'd["rx_queues"][0]["outstanding_max"]'
expect_eq "full: largest outstanding in the timeline = outstanding_max" "$rom" "$om"
expect_eq "full: outstanding_max (every descriptor)" 128 "$rom"
# the last row is the run as it ended, not the queue after the consumer
# gave everything back: no cliff at the end
last=$(tail -n 1 "$WORK/full.csv" | cut -d, -f4,5)
expect_eq "full: the last row's outstanding,free" "128,0" "$last"
grep -qF "Timeline: $WORK/full.csv" "$OUT" || fail "full: no 'Timeline:' line in the report"

# 2. a random hold with RESOURCES: every count of the periods adds up to
# the report's total, and the largest outstanding is at most the report's
JSON="$WORK/exp.json"
run exp --vdev=net_null0 -- --hold-us exp:3000 --rxd 64 --descriptors 256 \
	--duration 1 --timeline "$WORK/exp.csv" --stats-json "$JSON"
expect_clean_run
out=$(csv_check "$WORK/exp.csv" 2>&1) || fail "exp.csv: $out"
for c in indicated resources_indications fill_stalls; do
	s=$(csv_agg "$WORK/exp.csv" sum:$c)
	jv r "d['rx_queues'][0]['$c']"
	expect_eq "exp: sum of the timeline's $c = the report's" "$r" "$s"
done
om=$(csv_agg "$WORK/exp.csv" max:outstanding)
jv rom 'd["rx_queues"][0]["outstanding_max"]'
expect_gt "exp: largest outstanding in the timeline" "$om" 0
expect_ge "exp: outstanding_max >= the timeline's largest" "$rom" "$om"
$PY -c "
import csv, sys
v = [float(r['hold_p99_us']) for r in csv.DictReader(open('$WORK/exp.csv')) if r['hold_p99_us']]
sys.exit(0 if v and min(v) > 0 else 1)" || fail "exp: no hold_p99_us values in the timeline"
# poll_gap_max_us: the longest gap of each period, so over the timeline at
# most the report's longest (the histogram's precision: under 1 % above)
# and at least its p99 (a period in which no gap ended, the RX lcore
# away all of it, has no value)
jv gq 'd["rx_queues"][0]["poll_gap_us"]'
$PY - "$WORK/exp.csv" "$gq" <<'PYEOF' || fail "exp: poll_gap_max_us does not agree with the report's poll_gap_us"
import ast, csv, sys
q = ast.literal_eval(sys.argv[2])
rows = list(csv.DictReader(open(sys.argv[1])))
v = [float(r['poll_gap_max_us']) for r in rows if r['poll_gap_max_us']]
print("timeline: %d of %d rows with poll_gap_max_us, largest %.3f; report max %.3f, p99 %.3f"
      % (len(v), len(rows), max(v or [0]), q['max'], q['p99']))
sys.exit(0 if v and q['p99'] <= max(v) <= 1.01 * q['max'] + 0.01 else 1)
PYEOF

# 3. a replay into a ring that overflows (--replay-full drop): missed per
# period adds up to replay.missed, the ring occupancy is in pmd_ring
gen_capture "$WORK/in.pcap" 3000 31
JSON="$WORK/drop.json"
run drop -- --replay "$WORK/in.pcap" --pps 20000 --replay-full drop \
	--rxd 64 --descriptors 128 --low-watermark 0 --hold-us 50000 \
	--timeline "$WORK/drop.csv" --timeline-us 500 --stats-json "$JSON"
expect_clean_run
out=$(csv_check "$WORK/drop.csv" 2>&1) || fail "drop.csv: $out"
m=$(csv_agg "$WORK/drop.csv" sum:missed)
jv rm 'd["replay"]["missed"]'
expect_gt "drop: replay.missed" "$rm" 0
expect_eq "drop: sum of the timeline's missed = replay.missed" "$rm" "$m"
ring=$(csv_agg "$WORK/drop.csv" max:pmd_ring)
expect_gt "drop: pmd_ring (the internal port's ring)" "$ring" 0
expect_ge "drop: the ring holds at most --rxd" 64 "$ring"

# 4. --plot: a PNG and an SVG, well-formed, with a title and axis labels;
# without --timeline the rows go to a temporary file that is removed
mkdir "$WORK/tmp"
for fmt in png svg; do
	JSON="$WORK/plot_$fmt.json"
	TMPDIR="$WORK/tmp" run "plot_$fmt" --vdev=net_null0 --vdev=net_null1 -- \
		--hold-us exp:2000 --rxd 64 --descriptors 256 --duration 0.5 \
		--plot "$WORK/occupancy.$fmt" --stats-json "$JSON"
	expect_clean_run
	[ -s "$WORK/occupancy.$fmt" ] || fail "plot $fmt: $WORK/occupancy.$fmt missing or empty"
	$PY - "$WORK/occupancy.$fmt" "$fmt" <<'PYEOF' || fail "plot $fmt: not a well-formed picture"
import struct, sys, zlib
path, fmt = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
if fmt == "png":
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        crc, = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, "CRC of %r" % kind
        chunks.append(kind)
        pos += 12 + n
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND", chunks[:3]
    w, h = struct.unpack(">II", data[16:24])
    assert w >= 800 and h >= 600, (w, h)
    print("PNG %dx%d, %d chunks" % (w, h, len(chunks)))
else:
    import xml.etree.ElementTree as ET
    root = ET.fromstring(data)
    assert root.tag.endswith("svg"), root.tag
    text = " ".join("".join(t.itertext()) for t in root.iter()
                    if t.tag.endswith("text"))
    for want in ("receive descriptors over time", "time since start (ms)",
                 "receive descriptors (NBLs)", "outstanding", "missed packets",
                 "RESOURCES indications", "port 1 queue 0"):
        assert want in text, "no %r in the SVG's text" % want
    print("SVG with its title, axis labels and legend")
PYEOF
	[ -z "$(ls -A "$WORK/tmp")" ] || fail "plot $fmt: temporary files left: $(ls "$WORK/tmp")"
done

# 5. no gnuplot: exit 2 before the run starts
mkdir "$WORK/bin"
ln -s "$(command -v timeout)" "$WORK/bin/timeout"
PATH="$WORK/bin" run no_gnuplot --vdev=net_null0 -- --duration 1 --plot "$WORK/x.png"
expect_rc 2
grep -qF "gnuplot not found" "$ERR" || { show_run; fail "no_gnuplot: stderr does not say gnuplot is missing"; }
grep -qF "gnuplot-nox" "$ERR" || { show_run; fail "no_gnuplot: stderr does not name the package"; }
grep -qF "audit:" "$OUT" && fail "no_gnuplot: the run started"
# a run that stops during setup leaves no timeline behind
run setup_fails --vdev=net_null0 -- --duration 1 --timeline "$WORK/gone.csv" \
	--descriptors 10
expect_rc 2
[ -e "$WORK/gone.csv" ] && fail "setup_fails: $WORK/gone.csv left behind by a run that never started"
for bad in "--plot $WORK/x.jpg" "--timeline /nonexistent/dir/x.csv" "--timeline-us 0"; do
	# shellcheck disable=SC2086
	run bad --vdev=net_null0 -- --duration 1 $bad
	expect_rc 2
	log "ok: '$bad': exit 2: $(grep nblpmd: "$ERR" | head -1)"
done

# 6. the periodic display: one occupancy bar per queue against D
run bar --vdev=net_null0 -- --hold-us 100000000 --rxd 64 --descriptors 128 \
	--low-watermark 0 --duration 1 --stats-period 0.3
expect_clean_run
grep -qE '^  Queue 0 +\[#+\] 128/128 outstanding' "$OUT" ||
	{ show_run; fail "bar: no full occupancy bar 'Queue 0 [###...] 128/128 outstanding'"; }
log PASS
