#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compare the counters of one run in its three outputs.

  counters_cmp.py TELEMETRY JSON TEXT
  counters_cmp.py settled TELEMETRY1 TELEMETRY2 RECORDS

TELEMETRY: dpdk-telemetry.py output (one JSON answer per line) of
/nbl/rxqs, /nbl/pool,NAME, /nblpmd/ports and /nblpmd/consumers, read after
the traffic ended and before the run did. JSON: the --stats-json report.
TEXT: the program's stdout (the final report).

Every counter must have the same name and value in the three, except
what the end of the run itself changes:
  - polls: the RX lcores keep polling while idle (telemetry <= report);
  - a pool's frees and in_use: the report reads pools after the queues
    are torn down, which frees exactly what was in use
    (frees = telemetry frees + telemetry in_use, in_use = 0).
Telemetry keys that are no counters and not in the report: /nbl/rxqs
free, /nbl/pool free/held/indicated (levels; the audit covers the end).
A queue's hold times are percentiles, not counters: JSON hold_us{} in us,
telemetry hold_ns{} in whole ns, the text report's "hold_us:" line in us
with three decimals; they must give the same figures. So must a queue's
return lags (JSON return_lag_us{}, telemetry /nblpmd/consumers
return_lag_ns{}, text "return_lag_us:"). Its poll gaps (poll_gap_us{},
poll_gap_ns{}, "poll_gap_us:") go on while the lcores idle, as polls do:
the text gives the JSON's figures, and telemetry counts no more gaps.
Exit 0 when everything agrees, 1 with one line per difference.

"settled": exit 0 when the queues have taken RECORDS records (indicated
or refused), the consumers have seen all of them, and two telemetry reads
give the same values (polls and poll gaps aside): the counters stopped
moving.
"""

import json
import re
import sys

TEL_ONLY = {'rxq': {'free'}, 'pool': {'free', 'held', 'indicated'},
            'port': set(), 'consumer': set()}
# report keys telemetry does not carry (placement, not counters; burst
# sizes with --record-burst-stats)
JSON_ONLY = {'rxq': {'rx_lcore', 'consumer_lcore', 'remote', 'consumer',
                     'burst_sizes', 'indication_sizes'},
             'pool': set(), 'port': set(), 'consumer': set()}
# attributes: in telemetry and JSON, not counters, not in the text blocks
ATTRS = {'rxq': {'name', 'port', 'queue', 'descriptors', 'recycle',
                 'low_watermark'},
         'pool': {'name', 'tag', 'count', 'cache_size', 'allocate_nb',
                  'context_size', 'data_size', 'per_lcore'},
         'port': {'port', 'name', 'driver'},
         'consumer': {'name', 'mode'}}


def load_telemetry(path):
    out = {}
    for ln in open(path):
        ln = ln.strip()
        if not ln.startswith('{'):
            continue
        for k, v in json.loads(ln).items():
            if k == '/nbl/pool':
                out.setdefault(k, []).append(v)
            else:
                out[k] = v
    return out


HOLD_KEYS = ('count', 'p50', 'p90', 'p99', 'p999', 'max')
HOLD_LINE = re.compile(r'    (hold_us|poll_gap_us|return_lag_us): count (\d+), '
                       r'p50 ([\d.]+), p90 ([\d.]+), p99 ([\d.]+), '
                       r'p999 ([\d.]+), max ([\d.]+)$')

TOKEN = re.compile(r'([a-z0-9_]+): ((?:[a-z0-9_]+ -?\d+(?:, *\n? *)?)+|-?\d+)')


def parse_block(text):
    """'name: N' and 'name: elem N, elem N' pairs of a report block"""
    d = {}
    for name, val in TOKEN.findall(text):
        if re.fullmatch(r'-?\d+', val):
            d[name] = int(val)
        else:
            d[name] = {e: int(n) for e, n in
                       re.findall(r'([a-z0-9_]+) (-?\d+)', val)}
    return d


def load_text(path):
    """the NBL section's blocks, keyed like the telemetry answers, and
    each queue's hold_us line"""
    lines = open(path).read().split('\n')
    blocks = {'port': {}, 'rxq': {}, 'consumer': {}, 'pool': {}}
    holds = {}
    cur = None
    for ln in lines:
        h = HOLD_LINE.match(ln)
        if h and cur is not None and cur is blocks['rxq'].get(qname):
            holds.setdefault(h.group(1), {})[qname] = dict(zip(
                HOLD_KEYS, (int(h.group(2)),) +
                tuple(float(v) for v in h.groups()[2:])))
            continue
        m = re.match(r'  Port (\d+) \(', ln)
        q = re.match(r'  Queue port \d+ queue \d+ \(([^)]+)\):', ln)
        c = re.match(r'    Consumer \S+:$', ln)
        p = re.match(r'  Pool ([^\s:]+)', ln)
        if m:
            cur = blocks['port'].setdefault(m.group(1), [])
        elif q:
            qname = q.group(1)
            cur = blocks['rxq'].setdefault(qname, [])
        elif c and cur is not None:
            cur = blocks['consumer'].setdefault(qname, [])
        elif p:
            cur = blocks['pool'].setdefault(p.group(1), [])
        elif ln.startswith('    ') and cur is not None:
            cur.append(ln)
        else:
            cur = None
    out = {kind: {k: parse_block('\n'.join(v)) for k, v in b.items()}
           for kind, b in blocks.items()}
    out['hold'] = holds
    return out


def compare_hold(bad, name, t, j, x, what='hold', live=False):
    """times: JSON us, telemetry ns, text us to three decimals; live
    (poll gaps): telemetry was read before the end, so it only has to
    count no more than the JSON"""
    if t is None or j is None or x is None:
        bad.append('rxq %s %s: in telemetry %s, JSON %s, text %s'
                   % (name, what, t is not None, j is not None,
                      x is not None))
        return 0
    for k in HOLD_KEYS:
        want = j[k] if k == 'count' else round(j[k] * 1000)
        if live and k == 'count' and t[k] > want:
            bad.append('rxq %s %s count: telemetry %r, JSON %r'
                       % (name, what, t[k], j[k]))
        elif not live and t[k] != want:
            bad.append('rxq %s %s %s: telemetry %r ns, JSON %r us'
                       % (name, what, k, t[k], j[k]))
        if abs(x[k] - j[k]) > 0.0005:
            bad.append('rxq %s %s %s: text %r, JSON %r'
                       % (name, what, k, x[k], j[k]))
    return 2 * len(HOLD_KEYS)


def per_lcore_agree(tel, rep, in_use):
    """/nbl/pool per_lcore (keyed by lcore) against JSON per_lcore[]: the
    same lcores and allocations; the report reads the pool after teardown,
    so its frees add the NBLs that were in use (cached is a level)"""
    t = {v['lcore']: v for v in tel.values()}
    j = {v['lcore']: v for v in rep}
    if set(t) != set(j):
        return False
    for lc in t:
        for k in ('allocs', 'cache_hits', 'cache_misses'):
            if t[lc][k] != j[lc][k]:
                return False
    return (sum(v['frees'] for v in j.values()) ==
            sum(v['frees'] for v in t.values()) + in_use)


def main(tel_path, json_path, text_path):
    tel = load_telemetry(tel_path)
    rep = json.load(open(json_path))
    text = load_text(text_path)
    bad = []
    checked = [0]

    def compare(kind, key, t, j, x):
        where = '%s %s' % (kind, key)
        if t is None or j is None or x is None:
            bad.append('%s: in telemetry %s, JSON %s, text %s'
                       % (where, t is not None, j is not None,
                          x is not None))
            return
        tk = set(t) - TEL_ONLY[kind]
        jk = set(j) - JSON_ONLY[kind]
        if tk != jk:
            bad.append('%s: names differ: telemetry only %s, JSON only %s'
                       % (where, sorted(tk - jk), sorted(jk - tk)))
        counters = jk - ATTRS[kind]
        if set(x) != counters:
            bad.append('%s: names differ: text only %s, JSON only %s'
                       % (where, sorted(set(x) - counters),
                          sorted(counters - set(x))))
        for n in sorted(tk & jk):
            tv, jv = t[n], j[n]
            if kind == 'rxq' and n == 'polls':
                ok = tv <= jv
            elif kind == 'pool' and n == 'per_lcore':
                ok = per_lcore_agree(tv, jv, t['in_use'])
            elif kind == 'pool' and n == 'frees':
                ok = jv == tv + t['in_use']
            elif kind == 'pool' and n == 'in_use':
                ok = jv == 0
            else:
                ok = tv == jv
            checked[0] += 1
            if not ok:
                bad.append('%s %s: telemetry %r, JSON %r' % (where, n, tv, jv))
        for n in sorted(counters & set(x)):
            checked[0] += 1
            if x[n] != j[n]:
                bad.append('%s %s: text %r, JSON %r' % (where, n, x[n], j[n]))

    rq = tel.get('/nbl/rxqs') or {}
    cons = tel.get('/nblpmd/consumers') or {}
    if not rep['rx_queues']:
        bad.append('JSON rx_queues[]: empty')
    for q in rep['rx_queues']:
        name = q['name']
        tq = dict(rq.get(name) or {})
        jq = dict(q)
        holds = text['hold']
        checked[0] += compare_hold(bad, name, tq.pop('hold_ns', None),
                                   jq.pop('hold_us', None),
                                   holds.get('hold_us', {}).get(name))
        checked[0] += compare_hold(bad, name, tq.pop('poll_gap_ns', None),
                                   jq.pop('poll_gap_us', None),
                                   holds.get('poll_gap_us', {}).get(name),
                                   'poll gaps', live=True)
        tc = dict(cons.get(name) or {})
        lag_t = tc.pop('return_lag_ns', None)
        lag_j = jq.pop('return_lag_us', None)
        if lag_j is not None and lag_j['count'] > 0:
            checked[0] += compare_hold(bad, name, lag_t, lag_j,
                                       holds.get('return_lag_us', {}).get(name),
                                       'return lags')
        compare('rxq', name, tq if name in rq else None, jq,
                text['rxq'].get(name))
        # the consumer object sits in its queue's, which has the name
        compare('consumer', name, tc if name in cons else None,
                dict(q['consumer'], name=name), text['consumer'].get(name))
    ports = tel.get('/nblpmd/ports') or {}
    for p in rep['ports']:
        k = str(p['port'])
        compare('port', k, ports.get(k), p, text['port'].get(k))
    pools = {p['name']: p for p in tel.get('/nbl/pool') or []}
    for p in rep['pools']:
        if p['name'] not in pools:
            continue        # the NB pool has no endpoint
        compare('pool', p['name'], pools[p['name']], p,
                text['pool'].get(p['name']))
    if not pools:
        bad.append('telemetry: no /nbl/pool answer')
    for b in bad:
        print('FAIL:', b)
    if not bad:
        print('ok: %d values agree across telemetry, JSON and text '
              '(%d queues, %d ports, %d pools)'
              % (checked[0], len(rep['rx_queues']), len(rep['ports']),
                 len(pools)))
    return 1 if bad else 0


def strip_polls(o):
    """what moves while the lcores idle: polls and their gaps"""
    if isinstance(o, dict):
        return {k: strip_polls(v) for k, v in o.items()
                if k not in ('polls', 'poll_gap_ns')}
    if isinstance(o, list):
        return [strip_polls(v) for v in o]
    return o


def settled(path1, path2, records):
    t1, t2 = load_telemetry(path1), load_telemetry(path2)
    rq = t2.get('/nbl/rxqs') or {}
    cons = t2.get('/nblpmd/consumers') or {}
    taken = sum(q['indicated'] + q['refused'] for q in rq.values())
    seen = sum(c['consumed'] for c in cons.values())
    ind = sum(q['indicated'] for q in rq.values())
    keys = ('/nbl/rxqs', '/nbl/pool', '/nblpmd/ports', '/nblpmd/consumers')
    same = all(k in t1 and strip_polls(t1[k]) == strip_polls(t2.get(k))
               for k in keys)
    print('taken %d of %d, consumed %d of %d indicated, two reads %s'
          % (taken, records, seen, ind, 'agree' if same else 'differ'))
    return 0 if taken == records and seen == ind and same else 1


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == 'settled':
        sys.exit(settled(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    sys.exit(main(*sys.argv[1:4]))
