#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --track-nbls N: each NBL keeps its last N transitions (call, lcore,
# state, time), and the leak report prints them, in the text and in
# audit.details[].history; off by default. A kept NBL shows alloc (at
# setup, before the run, on the main lcore), fill and indicate (on the RX
# lcore); a double-returned one shows, as it was when refused, its first
# return and the recycle (in place) or the free (pool mode).
TEST_NAME=track_nbls
. "$(dirname "$0")/lib.sh"

# check_history NAME DEPTH LAST_CALLS_OF_A_DOUBLE_RETURN
check_history() {
	$PY - "$OUT" "$JSON" "$@" <<'PYEOF'
import json, re, sys
out, rep = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
name, depth, dbl_tail = sys.argv[3], int(sys.argv[4]), sys.argv[5].split(',')
bad = []
q = rep['rx_queues'][0]
rx = q['rx_lcore']
if rep['config']['track-nbls'] != depth:
    bad.append('config.track-nbls: expected %d, seen %r' % (depth, rep['config']['track-nbls']))
det = rep['audit']['details']
# the text: each report line followed by its history lines
blocks = re.findall(r'^  (\w+): port .* NBL (0x[0-9a-f]+): .*\n((?:    history .*\n)*)',
                    out, re.M)
hline = re.compile(r'^    history (\d+): (\w+) on lcore (-?\d+) at (-?[\d.]+) s, '
                   r'then (\w+)$', re.M)
if len(blocks) != len(det):
    bad.append('text: %d report lines, JSON %d' % (len(blocks), len(det)))
for i, (d, (kind, addr, hist)) in enumerate(zip(det, blocks)):
    h = d['history']
    th = hline.findall(hist)
    if len(th) != len(h) or not 0 < len(h) <= depth:
        bad.append('line %d: %d history lines, JSON %d (depth %d)'
                   % (i, len(th), len(h), depth))
        continue
    for k, (e, t) in enumerate(zip(h, th)):
        tv = (int(t[0]), t[1], int(t[2]), t[4])
        jv = (e['seq'], e['call'], e['lcore'], e['state'])
        if tv != jv or abs(float(t[3]) - e['at_s']) > 2e-6:
            bad.append('line %d history %d: text %r, JSON %r' % (i, k, t, e))
    seqs = [e['seq'] for e in h]
    if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
        bad.append('line %d: history numbers not consecutive: %r' % (i, seqs))
    ats = [e['at_s'] for e in h]
    if ats != sorted(ats):
        bad.append('line %d: history not in time order: %r' % (i, ats))
    calls = [e['call'] for e in h]
    if d['kind'] == 'leaked':
        want = [('alloc', 0, 'held'), ('fill', rx, 'held'),
                ('indicate', rx, 'indicated')]
        seen = [(e['call'], e['lcore'], e['state']) for e in h]
        if seen != want[-len(h):] or h[-1]['at_s'] != d['indicated_s']:
            bad.append('line %d (leaked): expected %r ending at its '
                       'indication %r, seen %r' % (i, want, d['indicated_s'], h))
        if len(h) == 3 and not h[0]['at_s'] < 0:
            bad.append('line %d: the alloc happens at setup, before the '
                       'run: at_s %r' % (i, h[0]['at_s']))
    if d['kind'] == 'double_return':
        if calls[-len(dbl_tail):] != dbl_tail:
            bad.append('line %d (double return): expected the history to '
                       'end with %r, seen %r' % (i, dbl_tail, calls))
        if h[-1]['at_s'] > d['refused_s']:
            bad.append('line %d: history later than the refusal' % i)
for b in bad:
    print('FAIL %s: %s' % (name, b))
if not bad:
    print('ok %s: %d lines with history' % (name, len(det)))
sys.exit(1 if bad else 0)
PYEOF
}

JSON="$WORK/a.json"
run a --vdev=net_null0 -- --duration 0.5 --track-nbls 6 --test-leak 2 \
	--test-double-return 2 --stats-json "$JSON"
expect_rc 1
check_history inplace 6 "fill,indicate,return,recycle" ||
	{ show_run; fail "in place: history wrong (above)"; }

JSON="$WORK/b.json"
run b --vdev=net_null0 -- --duration 0.5 --track-nbls 8 --recycle pool \
	--test-leak 1 --test-double-return 1 --stats-json "$JSON"
expect_rc 1
check_history pool 8 "fill,indicate,return,free" ||
	{ show_run; fail "pool mode: history wrong (above)"; }

# depth 2: only the last two transitions
JSON="$WORK/c.json"
run c --vdev=net_null0 -- --duration 0.3 --track-nbls 2 --test-leak 1 \
	--stats-json "$JSON"
expect_rc 1
check_history depth2 2 "-" || { show_run; fail "depth 2: history wrong (above)"; }
jv calls '[e["call"] for e in d["audit"]["details"][0]["history"]]'
expect_eq "depth 2: the last two calls" "['fill', 'indicate']" "$calls"

# off by default: no history, config 0; a clean run with history is clean
JSON="$WORK/d.json"
run d --vdev=net_null0 -- --duration 0.3 --test-leak 1 --stats-json "$JSON"
expect_rc 1
jv h '(d["config"]["track-nbls"], d["audit"]["details"][0]["history"])'
expect_eq "default: track-nbls, history" "(0, [])" "$h"
grep -q '^    history' "$OUT" && fail "default: history lines printed"
JSON="$WORK/e.json"
run e --vdev=net_null0 -- --duration 0.3 --track-nbls 4 --consumer-lcore 0 \
	--stats-json "$JSON"
expect_clean_run

# bad values exit 2 naming the option and the range
run bad --vdev=net_null0 -- --track-nbls 65
expect_rc 2
grep -q -- "--track-nbls: '65' is not valid; give an integer from 0 to 64" "$ERR" ||
	{ show_run; fail "--track-nbls 65: expected the range in the message"; }
log PASS
