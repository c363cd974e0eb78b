#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check a run's audit against the numbers a test injected, field by field.

Usage: audit_check.py STDOUT JSON NAME LEAK DOUBLE FOREIGN DOUBLE_STATES

STDOUT and JSON are a run's text output and --stats-json report; LEAK,
DOUBLE and FOREIGN the NBLs the consumer kept, returned twice and returned
from another pool (--test-leak, --test-double-return,
--test-foreign-return); DOUBLE_STATES the states a double-returned NBL
may be found in, comma separated (held in place, free or held in pool
mode). Checks, printing one FAIL line per difference:
- the text audit line, the JSON audit, rx_queues[] and the pool's
  violations give exactly those numbers;
- the leak report: as many lines as the limits allow (64 in all, 16
  refused returns per queue), the text lines and audit.details[] agree
  field by field, each line's kind, state, descriptor and times fit its
  kind;
- with --track-nbls, each line's history, in the text and in JSON: one
  return per indication (an NBL's calls follow alloc, fill, indicate,
  return, then recycle or free), a leaked NBL's ending with its
  indication, a double-returned one's holding the return it was refused
  after; without it, no history.
Exit 0 when all hold, 1 otherwise.
"""
import json
import re
import sys

# which call may follow which in an NBL's history
NEXT = {'alloc': {'fill'}, 'fill': {'indicate'}, 'indicate': {'return'},
        'return': {'recycle', 'free'}, 'recycle': {'fill'},
        'free': {'alloc'}}

LINE = re.compile(
    r'^  (leaked|double_return|foreign_return): port (\d+) queue (\d+) '
    r'index (\d+) descriptor (\d+|none) state (\w+) NBL (0x[0-9a-f]+): '
    r'indicated at (-?[\d.]+ s|unknown), out for ([\d.]+ s|unknown)'
    r'(?:, refused at (-?[\d.]+) s)?\n((?:    history .*\n)*)', re.M)
HLINE = re.compile(r'^    history (\d+): (\w+) on lcore (-?\d+) at (-?[\d.]+) s, '
                   r'then (\w+)$', re.M)


def check_history(i, d, th, bad):
    h = d['history']
    if len(th) != len(h):
        bad.append('line %d: %d history lines, JSON %d' % (i, len(th), len(h)))
        return
    for k, (e, t) in enumerate(zip(h, th)):
        tv = (int(t[0]), t[1], int(t[2]), t[4])
        jv = (e['seq'], e['call'], e['lcore'], e['state'])
        if tv != jv or abs(float(t[3]) - e['at_s']) > 2e-6:
            bad.append('line %d history %d: text %r, JSON %r' % (i, k, t, e))
    calls = [e['call'] for e in h]
    for a, b in zip(calls, calls[1:]):
        if b not in NEXT.get(a, ()):
            bad.append('line %d (%s, index %d): history %s: %s then %s'
                       % (i, d['kind'], d['index'], calls, a, b))
            break
    if d['kind'] == 'leaked' and calls and calls[-1] != 'indicate':
        bad.append('line %d: a leaked NBL\'s history ends with its '
                   'indication, seen %s' % (i, calls))
    if d['kind'] == 'double_return':
        if 'return' not in calls:
            bad.append('line %d: a double return is refused after a '
                       'return, history %s' % (i, calls))
        if h and h[-1]['at_s'] > d['refused_s'] + 2e-6:
            bad.append('line %d: history later than the refusal' % i)


def main():
    out, rep = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
    name = sys.argv[3]
    leak, dbl, fgn = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    dbl_states = sys.argv[7].split(',')
    depth = rep['config'].get('track-nbls', 0)
    bad = []
    a = rep['audit']
    for k, v in (('leaked', leak), ('double_returns', dbl),
                 ('foreign_returns', fgn)):
        if a.get(k) != v:
            bad.append('audit.%s: expected %r, seen %r' % (k, v, a.get(k)))
    qs = rep['rx_queues']
    for k, v in (('double_returns', dbl), ('foreign_returns', fgn)):
        seen = sum(q[k] for q in qs)
        if seen != v:
            bad.append('rx_queues[].%s: expected %d in all, seen %d'
                       % (k, v, seen))
    viol = {}
    for p in rep['pools']:
        for k, v in p.get('violations', {}).items():
            viol[k] = viol.get(k, 0) + v
    for k, v in (('double_return', dbl), ('foreign', fgn)):
        if viol.get(k) != v:
            bad.append('pools[].violations.%s: expected %d, seen %r'
                       % (k, v, viol.get(k)))
    lines = [l for l in out.split('\n') if l.startswith('audit: ')]
    want = 'audit: leaked %d, double returns %d, foreign returns %d' % (
        leak, dbl, fgn)
    if lines != [want]:
        bad.append('audit line: expected %r, seen %r' % (want, lines))
    det = a['details']
    refused_listed = sum(min(q['double_returns'] + q['foreign_returns'], 16)
                         for q in qs)
    listed = min(64, min(64, leak) + refused_listed)
    if len(det) != listed:
        bad.append('audit.details: expected %d lines, seen %d' % (listed, len(det)))
    if a['details_omitted'] != leak + dbl + fgn - len(det):
        bad.append('audit.details_omitted: expected %d, seen %r'
                   % (leak + dbl + fgn - len(det), a['details_omitted']))
    m = re.search(r'^leak report: (\d+) listed, (\d+) more not listed$', out, re.M)
    if (leak or dbl or fgn) and (not m or int(m.group(1)) != len(det) or
                                 int(m.group(2)) != a['details_omitted']):
        bad.append('text "leak report: N listed, M more not listed": '
                   'expected %d and %d, seen %r' % (
                       len(det), a['details_omitted'],
                       m.group(0) if m else None))
    text = LINE.findall(out)
    if len(text) != len(det):
        bad.append('text: expected %d lines, seen %d' % (len(det), len(text)))
    end = rep['elapsed_s']
    kinds = {}
    for i, (d, t) in enumerate(zip(det, text)):
        kinds[d['kind']] = kinds.get(d['kind'], 0) + 1
        kind, port, queue, index, desc, state, addr, ind, outf, ref, hist = t
        for k, tv, jv in (('kind', kind, d['kind']), ('port', int(port), d['port']),
                          ('queue', int(queue), d['queue']),
                          ('index', int(index), d['index']),
                          ('descriptor', None if desc == 'none' else int(desc),
                           d['descriptor']),
                          ('state', state, d['state']),
                          ('address', addr, d['address'])):
            if tv != jv:
                bad.append('line %d %s: text %r, JSON %r' % (i, k, tv, jv))
        if d['indicated_s'] is None:
            if ind != 'unknown' or outf != 'unknown' or d['out_s'] is not None:
                bad.append('line %d: unknown indication: text %r/%r, JSON '
                           'out_s %r' % (i, ind, outf, d['out_s']))
        else:
            if abs(float(ind[:-2]) - d['indicated_s']) > 2e-6 or \
                    abs(float(outf[:-2]) - d['out_s']) > 2e-6:
                bad.append('line %d: indicated at / out for: text %r %r, '
                           'JSON %r %r' % (i, ind, outf, d['indicated_s'],
                                           d['out_s']))
            if not 0 <= d['indicated_s'] <= end + 1:
                bad.append('line %d: indicated_s %r outside the run (0..%r)'
                           % (i, d['indicated_s'], end))
        if d['kind'] == 'leaked':
            if d['state'] != 'indicated' or d['refused_s'] is not None or ref:
                bad.append('line %d: a leaked NBL is indicated, never '
                           'refused: %r' % (i, d))
            if d['out_s'] is None or \
                    d['indicated_s'] + d['out_s'] < end - 0.05:
                bad.append('line %d: out_s %r: expected out until the end '
                           '(%r s)' % (i, d['out_s'], end))
            if d['descriptor'] is None:
                bad.append('line %d: a leaked NBL holds a descriptor' % i)
        elif d['refused_s'] is None or abs(float(ref) - d['refused_s']) > 2e-6:
            bad.append('line %d: refused_s: text %r, JSON %r'
                       % (i, ref, d['refused_s']))
        if d['kind'] == 'double_return':
            if d['state'] not in dbl_states:
                bad.append('line %d: a double return finds the NBL %s, '
                           'seen %r' % (i, ' or '.join(dbl_states), d['state']))
            if d['state'] == 'free' and (d['descriptor'] is not None or
                                         d['indicated_s'] is not None):
                bad.append('line %d: an NBL back in the pool holds no '
                           'descriptor nor indication time: %r' % (i, d))
            if d['indicated_s'] is not None and \
                    d['refused_s'] < d['indicated_s'] - 2e-6:
                bad.append('line %d: refused before its indication: %r'
                           % (i, d))
        if d['kind'] == 'foreign_return' and (d['descriptor'] is not None or
                                              d['state'] != 'indicated'):
            bad.append('line %d: a foreign NBL (another pool, indicated by '
                       'nobody here) has no descriptor: %r' % (i, d))
        th = HLINE.findall(hist)
        if depth == 0:
            if d['history'] != [] or th:
                bad.append('line %d: history without --track-nbls: %r'
                           % (i, d['history']))
        else:
            check_history(i, d, th, bad)
    exp_kinds = {k: v for k, v in (('leaked', min(leak, 64)),
                                   ('double_return', min(dbl, 16)),
                                   ('foreign_return', min(fgn, 16))) if v}
    if kinds != exp_kinds and len(det) < 64 and dbl + fgn <= 16:
        bad.append('kinds listed: expected %r, seen %r' % (exp_kinds, kinds))
    for b in bad:
        print('FAIL %s: %s' % (name, b))
    if not bad:
        print('ok %s: %d lines, kinds %r' % (name, len(det), kinds))
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
