#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The leak report: when the audit is not clean, one line per leaked,
# double-returned and foreign-returned NBL (queue, index, descriptor,
# state, address, indicated at, out for, kind), the rest counted; the same
# list in JSON audit.details[]; exit code 1. A consumer breaks the rules
# on purpose with the test-only options (not in --help, not in the JSON
# config): in place and pool mode, owner and remote placement.
TEST_NAME=leak_report
. "$(dirname "$0")/lib.sh"

# check_report NAME LEAK DOUBLE FOREIGN STATE_OF_DOUBLE: the text lines
# and audit.details[] of the last run agree field by field
check_report() {
	$PY - "$OUT" "$JSON" "$@" <<'PYEOF'
import json, re, sys
out, rep = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
name = sys.argv[3]
leak, dbl, fgn = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
dbl_state = sys.argv[7]
bad = []
a = rep['audit']
want = {'leaked': leak, 'double_returns': dbl, 'foreign_returns': fgn,
        'details_omitted': max(0, leak + dbl + fgn - 64) if dbl + fgn <= 16
        else None}
for k, v in want.items():
    if v is not None and a.get(k) != v:
        bad.append('audit.%s: expected %r, seen %r' % (k, v, a.get(k)))
# a queue whose consumer kept NBLs cannot be freed: its measured hold
# times are reported all the same (the consumer returned the others)
for q in rep['rx_queues']:
    if q['returned'] > 0 and q['hold_us']['count'] == 0:
        bad.append('rx_queues[%d].hold_us.count 0 with %d NBLs returned'
                   % (q['queue'], q['returned']))
det = a['details']
listed = min(64, leak) + min(dbl, 16) + min(fgn, 16)
if len(det) != min(64, listed):
    bad.append('audit.details: expected %d lines, seen %d' % (min(64, listed), len(det)))
line = re.compile(
    r'^  (leaked|double_return|foreign_return): port (\d+) queue (\d+) '
    r'index (\d+) descriptor (\d+|none) state (\w+) NBL (0x[0-9a-f]+): '
    r'indicated at (-?[\d.]+ s|unknown), out for ([\d.]+ s|unknown)'
    r'(?:, refused at (-?[\d.]+) s)?$', re.M)
text = line.findall(out)
m = re.search(r'^leak report: (\d+) listed, (\d+) more not listed$', out, re.M)
if not m or int(m.group(1)) != len(det) or int(m.group(2)) != a['details_omitted']:
    bad.append('text "leak report: N listed, M more not listed": expected '
               '%d and %d, seen %r' % (len(det), a['details_omitted'],
                                        m.group(0) if m else None))
if len(text) != len(det):
    bad.append('text: expected %d lines, seen %d' % (len(det), len(text)))
end = rep['elapsed_s']
kinds = {}
for i, (d, t) in enumerate(zip(det, text)):
    kinds[d['kind']] = kinds.get(d['kind'], 0) + 1
    kind, port, queue, index, desc, state, addr, ind, outf, ref = t
    pairs = (('kind', kind, d['kind']), ('port', int(port), d['port']),
             ('queue', int(queue), d['queue']),
             ('index', int(index), d['index']),
             ('descriptor', None if desc == 'none' else int(desc), d['descriptor']),
             ('state', state, d['state']), ('address', addr, d['address']))
    for k, tv, jv in pairs:
        if tv != jv:
            bad.append('line %d %s: text %r, JSON %r' % (i, k, tv, jv))
    if d['indicated_s'] is None:
        if ind != 'unknown' or outf != 'unknown' or d['out_s'] is not None:
            bad.append('line %d: unknown indication: text %r/%r, JSON out_s %r'
                       % (i, ind, outf, d['out_s']))
    else:
        if abs(float(ind[:-2]) - d['indicated_s']) > 2e-6 or \
                abs(float(outf[:-2]) - d['out_s']) > 2e-6:
            bad.append('line %d: indicated at / out for: text %r %r, JSON %r %r'
                       % (i, ind, outf, d['indicated_s'], d['out_s']))
        if not 0 <= d['indicated_s'] <= end + 1:
            bad.append('line %d: indicated_s %r outside the run (0..%r)'
                       % (i, d['indicated_s'], end))
    if d['kind'] == 'leaked':
        if d['state'] != 'indicated' or d['refused_s'] is not None or ref:
            bad.append('line %d: a leaked NBL is indicated, never refused: %r' % (i, d))
        # kept from its first indication to the end of the run
        if d['out_s'] is None or d['indicated_s'] + d['out_s'] < end - 0.05:
            bad.append('line %d: out_s %r: expected out until the end (%r s)'
                       % (i, d['out_s'], end))
        if d['descriptor'] is None:
            bad.append('line %d: a leaked NBL holds a descriptor' % i)
    else:
        if d['refused_s'] is None or abs(float(ref) - d['refused_s']) > 2e-6:
            bad.append('line %d: refused_s: text %r, JSON %r' % (i, ref, d['refused_s']))
    if d['kind'] == 'double_return':
        if d['state'] != dbl_state:
            bad.append('line %d: a double return finds the NBL %s, seen %r'
                       % (i, dbl_state, d['state']))
        if dbl_state == 'free':
            # back in the pool: its scratch is stale and not reported
            # (no descriptor, no indication time); --track-nbls tells more
            if d['descriptor'] is not None or d['indicated_s'] is not None:
                bad.append('line %d: an NBL back in the pool holds no '
                           'descriptor nor indication time: %r' % (i, d))
        elif d['out_s'] is None or d['refused_s'] < d['indicated_s']:
            bad.append('line %d: refused after its indication: %r' % (i, d))
    if d['kind'] == 'foreign_return':
        if d['descriptor'] is not None or d['state'] != 'indicated':
            bad.append('line %d: a foreign NBL (another pool, indicated by '
                       'nobody here) has no descriptor: %r' % (i, d))
    if d['history'] != []:
        bad.append('line %d: history without --track-nbls: %r' % (i, d['history']))
exp_kinds = {k: v for k, v in (('leaked', min(leak, 64)),
             ('double_return', min(dbl, 16)), ('foreign_return', min(fgn, 16))) if v}
if kinds != exp_kinds and len(det) < 64:
    bad.append('kinds listed: expected %r, seen %r' % (exp_kinds, kinds))
lines = [l for l in out.split('\n') if l.startswith('audit: ')]
if lines != ['audit: leaked %d, double returns %d, foreign returns %d' % (leak, dbl, fgn)]:
    bad.append('audit line: seen %r' % lines)
for b in bad:
    print('FAIL %s: %s' % (name, b))
if not bad:
    print('ok %s: %d lines, kinds %r' % (name, len(det), kinds))
sys.exit(1 if bad else 0)
PYEOF
}

# in place, owner placement: 3 kept, 2 returned twice, 1 of another pool
JSON="$WORK/a.json"
run a --vdev=net_null0 -- --duration 0.5 --test-leak 3 \
	--test-double-return 2 --test-foreign-return 1 --stats-json "$JSON"
expect_rc 1
check_report inplace 3 2 1 held || { show_run; fail "in place: the leak report is wrong (above)"; }
jv k '[k for k in d["config"] if k.startswith("test")]'
expect_eq "JSON config: no test-only option" "[]" "$k"

# pool mode: a double-returned NBL is back in the pool (free)
JSON="$WORK/b.json"
run b --vdev=net_null0 -- --duration 0.5 --recycle pool --test-leak 2 \
	--test-double-return 1 --stats-json "$JSON"
expect_rc 1
check_report pool 2 1 0 free || { show_run; fail "pool mode: the leak report is wrong (above)"; }

# remote placement: the returns go through the return ring, refused there
JSON="$WORK/c.json"
run c --vdev=net_null0 -- --duration 0.5 --consumer-lcore 0 --test-leak 1 \
	--test-double-return 3 --test-foreign-return 2 --stats-json "$JSON"
expect_rc 1
check_report remote 1 3 2 held || { show_run; fail "remote: the leak report is wrong (above)"; }

# beyond the limit: 64 lines listed, the rest counted
JSON="$WORK/d.json"
run d --vdev=net_null0 -- --duration 0.5 --test-leak 70 --stats-json "$JSON"
expect_rc 1
check_report limit 70 0 0 held || { show_run; fail "limit: the leak report is wrong (above)"; }
jv om 'd["audit"]["details_omitted"]'
expect_eq "audit.details_omitted (70 leaked, 64 listed)" 6 "$om"

# a clean run has no leak report and an empty details[]
JSON="$WORK/e.json"
run e --vdev=net_null0 -- --duration 0.3 --stats-json "$JSON"
expect_clean_run
grep -q '^leak report' "$OUT" && fail "clean run: unexpected leak report"
jv det '(d["audit"]["details"], d["audit"]["details_omitted"])'
expect_eq "clean run: audit.details, details_omitted" "([], 0)" "$det"

# the test-only options are not in --help, and take a count
run help -- --help
expect_rc 0
grep -q 'test-' "$OUT" && fail "--help lists a test-only option"
run bad --vdev=net_null0 -- --test-leak x --duration 0.1
expect_rc 2
grep -q -- "--test-leak: 'x' is not valid" "$ERR" ||
	{ show_run; fail "--test-leak x: expected a message naming the option"; }
log PASS
