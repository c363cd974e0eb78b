#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The NBL pool lcore by lcore: pools[].per_lcore[] in the JSON report, the
# rows of the final report, and per_lcore in /nbl/pool,NAME: allocs,
# frees, cache hits and misses, and the objects in each lcore's cache
# (the 1.5 x cache term of the sizing rule). They add up to the pool's
# counters; in pool mode the RX lcore allocates and frees, and no lcore's
# cache holds more than 1.5 x --pool-cache.
TEST_NAME=pool_per_lcore
. "$(dirname "$0")/lib.sh"

for place in owner remote; do
	extra=()
	[ $place = remote ] && extra=(--consumer-lcore 0)
	JSON="$WORK/$place.json"
	run_bg "$place" --vdev=net_null0 -- --recycle pool --pool-cache 32 \
		--duration 30 --stats-json "$JSON" "${extra[@]}"
	tele_start
	sleep 1
	tq "$WORK/$place.tel" /nbl/pool,nblpmd_nbl
	kill -TERM "$BGPID"
	wait_bg 30
	expect_clean_run
	$PY - "$OUT" "$JSON" "$WORK/$place.tel" <<'PYEOF' ||
import json, re, sys
out, rep = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
tel = None
for ln in open(sys.argv[3]):
    if ln.startswith('{'):
        tel = json.loads(ln).get('/nbl/pool')
bad = []
p = rep['pools'][0]
pl = p['per_lcore']
keys = ['lcore', 'allocs', 'frees', 'cache_hits', 'cache_misses', 'cached']
if [sorted(e) for e in pl] != [sorted(keys)] * len(pl):
    bad.append('per_lcore[] keys: expected %r, seen %r' % (keys, [sorted(e) for e in pl]))
if [e['lcore'] for e in pl] != [0, 1]:
    bad.append('per_lcore[].lcore: expected [0, 1] (-l 0-1), seen %r' % [e['lcore'] for e in pl])
for k in ('allocs', 'frees', 'cache_hits', 'cache_misses'):
    if sum(e[k] for e in pl) != p[k]:
        bad.append('per_lcore %s: sum %d, pool %d' % (k, sum(e[k] for e in pl), p[k]))
rx = rep['rx_queues'][0]['rx_lcore']
e_rx = [e for e in pl if e['lcore'] == rx][0]
if e_rx['allocs'] == 0 or e_rx['frees'] == 0:
    bad.append('RX lcore %d: pool mode allocates and frees there, seen %r' % (rx, e_rx))
for e in pl:
    if not 0 <= e['cached'] <= 48:
        bad.append('lcore %d: cached %r: an lcore cache holds at most '
                   '1.5 x --pool-cache 32' % (e['lcore'], e['cached']))
q = rep['rx_queues'][0]
setup = [e for e in pl if e['lcore'] == 0][0]
if rx != 0 and setup['allocs'] != q['descriptors']:
    bad.append('lcore 0 allocs %r: expected the D = %d of the setup'
               % (setup['allocs'], q['descriptors']))
# the text rows, in the same order
rows = re.findall(r'^ +(-?\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$',
                  out.split('per lcore (lcore, allocs, frees, cache_hits, '
                            'cache_misses, cached):')[-1], re.M)
if [tuple(int(x) for x in r) for r in rows[:len(pl)]] != \
        [tuple(e[k] for k in keys) for e in pl]:
    bad.append('text rows %r differ from JSON %r' % (rows, pl))
# telemetry while running: the same lcores, the RX lcore busy
t = (tel or {}).get('per_lcore') or {}
if sorted(t) != ['0', '1'] or any(sorted(v) != sorted(keys) for v in t.values()):
    bad.append('/nbl/pool per_lcore: expected lcores 0 and 1 with %r, seen %r' % (keys, t))
elif t[str(rx)]['allocs'] == 0 or t[str(rx)]['allocs'] > e_rx['allocs']:
    bad.append('/nbl/pool per_lcore RX lcore allocs %r: expected > 0 and <= '
               'the final %r' % (t[str(rx)]['allocs'], e_rx['allocs']))
elif any(not 0 <= v['cached'] <= 48 for v in t.values()):
    bad.append('/nbl/pool per_lcore cached: at most 48 each, seen %r'
               % {k: v['cached'] for k, v in t.items()})
for b in bad:
    print('FAIL:', b)
if not bad:
    print('ok: per_lcore %r' % pl)
sys.exit(1 if bad else 0)
PYEOF
	{ show_run; fail "$place: per-lcore figures wrong (above)"; }
done
log PASS
