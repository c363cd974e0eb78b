#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# telemetry: /nbl/rxqs, /nbl/pools, /nbl/pool,NAME, /nblpmd/ports and
# /nblpmd/consumers answer with the documented counters while the app runs
# (dpdk-telemetry.py), and agree with the final report.
TEST_NAME=telemetry
. "$(dirname "$0")/lib.sh"

JSON="$WORK/tele.json"
run_bg tele --vdev=net_null0 -- --recycle pool --stats-json "$JSON"
tele_start
sleep 1.5

# /nbl/pools lists the pools, /nbl/pool,NAME gives one pool's counters
tq "$WORK/t0.txt" / /nbl/pools
names=$($PY -c '
import json, sys
for ln in open(sys.argv[1]):
    if ln.startswith("{"):
        v = json.loads(ln).get("/nbl/pools")
        if v:
            print(" ".join(v if isinstance(v, list) else v.keys()))
' "$WORK/t0.txt")
log "pools listed by /nbl/pools: ${names:-<none>}"
pcmds=()
for n in $names; do pcmds+=("/nbl/pool,$n"); done
tq "$WORK/t1.txt" /nbl/rxqs "${pcmds[@]}" /ethdev/stats,0 /nblpmd/ports \
	/nblpmd/consumers
cat "$WORK/t0.txt" >>"$WORK/t1.txt"
sleep 0.5
tq "$WORK/t2.txt" /nbl/rxqs
kill -TERM "$BGPID"
wait_bg 20
expect_clean_run

log "telemetry answers:"
cut -c1-400 "$WORK/t1.txt"
$PY - "$WORK/t1.txt" "$WORK/t2.txt" "$JSON" <<'PYEOF'
import json, sys

def lines(path):
    out = {}
    for ln in open(path):
        ln = ln.strip()
        if not ln.startswith('{'):
            continue
        try:
            d = json.loads(ln)
        except ValueError:
            continue
        for k, v in d.items():
            if k == '/nbl/pool':
                # one answer per pool: keep them all
                out.setdefault(k, []).append(v)
            else:
                out[k] = v
    return out

def find(o, key):
    """every value of key anywhere in o"""
    r = []
    if isinstance(o, dict):
        for k, v in o.items():
            if k == key:
                r.append(v)
            r += find(v, key)
    elif isinstance(o, list):
        for v in o:
            r += find(v, key)
    return r

t1, t2 = lines(sys.argv[1]), lines(sys.argv[2])
rep = json.load(open(sys.argv[3]))
bad = []
cmds = t1.get('/', [])
for c in ('/nbl/rxqs', '/nbl/pools', '/nbl/pool', '/nblpmd/ports',
          '/nblpmd/consumers'):
    if c not in cmds:
        bad.append('command list "/": expected %s, seen %s'
                   % (c, [x for x in cmds if x.startswith('/nbl')]))
    if c not in t1 or t1[c] is None:
        bad.append('%s: expected an answer, seen %r' % (c, t1.get(c)))
rq, pl = t1.get('/nbl/rxqs'), t1.get('/nbl/pool')
if not t1.get('/nbl/pools'):
    bad.append('/nbl/pools: expected a non-empty list of pools, seen %r'
               % t1.get('/nbl/pools'))
for k in ('indicated', 'returned', 'recycled_inplace', 'freed_to_pool',
          'resources_indications', 'fill_stalls', 'outstanding_max'):
    if not find(rq, k):
        bad.append('/nbl/rxqs: expected key %s, seen keys %s'
                   % (k, sorted(rq.keys()) if isinstance(rq, dict) else rq))
for k in ('count', 'in_use', 'allocs', 'frees', 'alloc_failures'):
    if not find(pl, k):
        bad.append('/nbl/pool,NAME: expected key %s, seen %s'
                   % (k, str(pl)[:300]))
for c, k in (('/nblpmd/ports', 'rx_packets'), ('/nblpmd/ports', 'tx_dropped'),
             ('/nblpmd/consumers', 'consumed'),
             ('/nblpmd/consumers', 'tx_copy_failures')):
    if not find(t1.get(c), k):
        bad.append('%s: expected key %s, seen %s' % (c, k, str(t1.get(c))[:300]))
ind1 = sum(v for v in find(rq, 'indicated') if isinstance(v, int))
ind2 = sum(v for v in find(t2.get('/nbl/rxqs'), 'indicated')
           if isinstance(v, int))
fin = sum(q['indicated'] for q in rep['rx_queues'])
allocs = sum(v for v in find(pl, 'allocs') if isinstance(v, int))
cnt = sum(v for v in find(pl, 'count') if isinstance(v, int))
if ind1 <= 0:
    bad.append('/nbl/rxqs indicated: expected > 0, seen %d' % ind1)
if not ind1 < ind2:
    bad.append('/nbl/rxqs indicated: expected to grow while running, '
               'seen %d then %d' % (ind1, ind2))
if not ind2 <= fin:
    bad.append('/nbl/rxqs indicated %d: expected <= final JSON indicated %d'
               % (ind2, fin))
if allocs <= 0:
    bad.append('/nbl/pool,NAME allocs: expected > 0, seen %d' % allocs)
rep_cnt = sum(p['count'] for p in rep['pools'])
if cnt and cnt != rep_cnt:
    bad.append('/nbl/pool,NAME count: expected %d (JSON pools[].count), seen %d'
               % (rep_cnt, cnt))
ip = t1.get('/ethdev/stats', {}).get('ipackets', 0)
if ip < ind1:
    bad.append('/ethdev/stats ipackets %d < /nbl/rxqs indicated %d (read after)'
               % (ip, ind1))
for b in bad:
    print('FAIL:', b)
if not bad:
    print('ok: telemetry indicated %d -> %d (final %d), pool allocs %d, count %d'
          % (ind1, ind2, fin, allocs, cnt))
sys.exit(1 if bad else 0)
PYEOF
[ $? -eq 0 ] || fail "telemetry answers do not match (see above)"
log PASS
