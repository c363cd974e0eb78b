#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# /nbl/pending,PORT:QUEUE lists the NBLs a consumer holds now, oldest
# first: address, index, descriptor, state, age, RESOURCES, with a summary
# (total, age percentiles) and the consumer lcore; with --track-nbls each
# NBL's history. Checked field by field against what the consumer keeps:
# a consumer that keeps 5 NBLs (test-only --test-leak) and the hold model
# (--hold-us), in owner and remote placement. A reply holds what fits in
# a telemetry reply and says so (listed, truncated); a queue that does
# not exist is answered with an error object.
TEST_NAME=pending_nbls
. "$(dirname "$0")/lib.sh"

# pending FILE: the /nbl/pending answer in FILE as one JSON line
pending() {
	$PY -c '
import json, sys
for ln in open(sys.argv[1]):
    if ln.startswith("{") and "/nbl/pending" in ln:
        print(json.dumps(json.loads(ln)["/nbl/pending"]))
' "$1"
}

for place in owner remote; do
	extra=()
	want_lcore=1
	if [ $place = remote ]; then
		extra=(--consumer-lcore 0)
		want_lcore=0
	fi
	JSON="$WORK/leak_$place.json"
	run_bg "leak_$place" --vdev=net_null0 -- --test-leak 5 --track-nbls 4 \
		--duration 30 --stats-json "$JSON" "${extra[@]}"
	tele_start
	sleep 1
	tq "$WORK/p1_$place.txt" /nbl/pending,0:0 /nbl/pending,0:0,2 /nbl/pending,0:7
	sleep 0.5
	tq "$WORK/p2_$place.txt" /nbl/pending,0:0
	kill -TERM "$BGPID"
	wait_bg 30
	expect_rc 1
	$PY - "$WORK/p1_$place.txt" "$WORK/p2_$place.txt" "$JSON" "$want_lcore" <<'PYEOF' ||
import json, sys

def answers(path):
    out = []
    for ln in open(path):
        if ln.startswith('{') and '/nbl/pending' in ln:
            out.append(json.loads(ln)['/nbl/pending'])
    return out

a1 = answers(sys.argv[1])
a2 = answers(sys.argv[2])
rep = json.load(open(sys.argv[3]))
want_lcore = int(sys.argv[4])
bad = []
if len(a1) != 3 or len(a2) != 1:
    print('FAIL: expected 3 then 1 answers, seen %d and %d' % (len(a1), len(a2)))
    sys.exit(1)
p, lim, none = a1
q = rep['rx_queues'][0]
remote = q['remote']
# The list is a moment's view of a running queue: besides the 5 kept,
# it may catch the burst being indicated (owner placement: the consumer
# returns it before the poll ends, so at most B = 32 more), or in remote
# placement NBLs on their way (in the indication ring, or returned and
# still in the return ring). The 5 kept are the oldest.
total = p.get('total', 0)
exp = {'name': q['name'], 'port': 0, 'queue': 0,
       'consumer_lcore': want_lcore, 'limit': 16, 'timed': total,
       'history_depth': 4, 'listed': min(16, total), 'truncated': 0}
if total < 5 or (not remote and total > 5 + 32):
    bad.append('total: expected the 5 kept%s, seen %r'
               % ('' if remote else ' and at most one burst', total))
for k, v in exp.items():
    if p.get(k) != v:
        bad.append('%s: expected %r, seen %r' % (k, v, p.get(k)))
all_nbls = [p['nbls'][str(i)] for i in range(len(p.get('nbls', {})))]
if len(all_nbls) != exp['listed']:
    bad.append('nbls: expected %d entries "0".."%d", seen %r'
               % (exp['listed'], exp['listed'] - 1, sorted(p.get('nbls', {}))))
nbls = all_nbls[:5]
leaks = [x for x in rep['audit']['details'] if x['kind'] == 'leaked']
by_addr = {x['address']: x for x in leaks}
ages = [e['age_us'] for e in all_nbls]
if ages != sorted(ages, reverse=True):
    bad.append('nbls: expected oldest first, ages %r' % ages)
for i, e in enumerate(all_nbls):
    if e['state'] != 'indicated' or e['resources'] != 0:
        bad.append('nbls[%d]: expected indicated without RESOURCES, seen %r'
                   % (i, e))
for i, e in enumerate(nbls):
    if e['state'] != 'indicated':
        bad.append('nbls[%d].state: expected indicated, seen %r' % (i, e['state']))
    if e['resources'] != 0:
        bad.append('nbls[%d].resources: expected 0, seen %r' % (i, e['resources']))
    if not 0 <= e['descriptor'] < q['descriptors']:
        bad.append('nbls[%d].descriptor %r: expected below D %d'
                   % (i, e['descriptor'], q['descriptors']))
    if e['age_us'] < 500000:
        bad.append('nbls[%d].age_us: expected >= 500000 (kept since the '
                   'start, read after 1 s), seen %r' % (i, e['age_us']))
    # the same NBLs the leak report names at the end
    r = by_addr.get(e['address'])
    if r is None:
        bad.append('nbls[%d] %s: not among the leaked NBLs of the report %s'
                   % (i, e['address'], sorted(by_addr)))
    else:
        for k in ('index', 'descriptor', 'state'):
            if r[k] != e[k]:
                bad.append('nbls[%d].%s: telemetry %r, report %r' % (i, k, e[k], r[k]))
    if e.get('history_call') != ['alloc', 'fill', 'indicate']:
        bad.append('nbls[%d].history_call: expected alloc, fill, indicate, '
                   'seen %r' % (i, e.get('history_call')))
    if e.get('history_state') != ['held', 'held', 'indicated']:
        bad.append('nbls[%d].history_state: seen %r' % (i, e.get('history_state')))
    rx = q['rx_lcore']
    if e.get('history_lcore') != [0, rx, rx]:
        bad.append('nbls[%d].history_lcore: expected [0, %d, %d] (setup on '
                   'the main lcore, fill on the RX lcore), seen %r'
                   % (i, rx, rx, e.get('history_lcore')))
    h = e.get('history_age_us') or []
    if len(h) != 3 or not h[0] >= h[1] >= h[2] or abs(h[2] - e['age_us']) > 1:
        bad.append('nbls[%d].history_age_us: expected decreasing, the last '
                   'the age %r, seen %r' % (i, e['age_us'], h))
if len(set(e['index'] for e in nbls)) != 5:
    bad.append('nbls: indexes not distinct: %r' % [e['index'] for e in nbls])
# With only the 5 kept, every age is past 0.5 s; a burst caught in
# flight is younger than a µs and may bring p50 to 0.
p50_min = 500000 if total == 5 else 0
if not (p['age_max_us'] >= p['age_p99_us'] >= p['age_p90_us'] >=
        p['age_p50_us'] >= p50_min and p['age_max_us'] >= 500000):
    bad.append('age percentiles out of order: %r' % [p[k] for k in (
        'age_p50_us', 'age_p90_us', 'age_p99_us', 'age_max_us')])
if ages and p['age_max_us'] != ages[0]:
    bad.append('age_max_us %r: expected the oldest age %r' % (p['age_max_us'], ages[0]))
if (lim.get('listed'), lim.get('limit'), len(lim.get('nbls', {}))) != (2, 2, 2) \
        or lim.get('total', 0) < 5:
    bad.append('LIMIT 2: expected total >= 5, listed 2, limit 2, 2 entries, seen %r'
               % [lim.get(k) for k in ('total', 'listed', 'limit')])
elif lim['nbls']['0']['address'] != nbls[0]['address']:
    bad.append('LIMIT 2: expected the oldest first')
if not isinstance(none, dict) or none.get('error') != 'no receive queue 0:7' \
        or not none.get('accepted', '').startswith('PORT:QUEUE[,LIMIT]'):
    bad.append('/nbl/pending,0:7 (no such queue): expected an error object '
               'naming 0:7 and what is accepted, seen %r' % none)
p2 = a2[0]
if p2.get('total', 0) < 5 or (not remote and p2.get('total') > 5 + 32):
    bad.append('second read total: expected 5 (and one burst at most), '
               'seen %r' % p2.get('total'))
elif p2['age_max_us'] <= p['age_max_us']:
    bad.append('ages grow: age_max_us %r then %r' % (p['age_max_us'], p2['age_max_us']))
if rep['audit']['leaked'] != 5:
    bad.append('report audit.leaked: expected 5, seen %r' % rep['audit']['leaked'])
for b in bad:
    print('FAIL:', b)
if not bad:
    print('ok: 5 pending NBLs, oldest %d us, consumer lcore %d' % (p['age_max_us'], want_lcore))
sys.exit(1 if bad else 0)
PYEOF
	{ show_run; fail "$place: /nbl/pending does not match the consumer (above)"; }
	grep -qF "audit: leaked 5, double returns 0, foreign returns 0" "$OUT" ||
		{ show_run; fail "$place: expected the audit line with leaked 5"; }
done

# the hold model: what /nbl/pending lists is what the consumer holds
# (its "held" counter, which stays put once the ring is drained: the hold
# is 20 s), plus at most one RESOURCES burst the poll is taking back;
# the oldest are held ones; no history without --track-nbls, and the
# default limit of 64
run_bg hold --vdev=net_null0 -- --hold-us 20000000 --rxd 64 --burst 32 \
	--descriptors 128 --duration 30
tele_start
sleep 1
tq "$WORK/h1.txt" /nbl/pending,0:0 /nblpmd/consumers
kill -TERM "$BGPID"
wait_bg 30
expect_rc 0
expect_audit_clean
$PY - "$WORK/h1.txt" <<'PYEOF' || fail "hold model: /nbl/pending does not match the consumer (above)"
import json, sys
p = c = None
for ln in open(sys.argv[1]):
    if not ln.startswith('{'):
        continue
    d = json.loads(ln)
    p = d.get('/nbl/pending', p)
    c = d.get('/nblpmd/consumers', c)
bad = []
held = list(c.values())[0]['held'] if c else None
if p is None or held is None:
    print('FAIL: no answer: pending %r, consumers %r' % (p, c))
    sys.exit(1)
if not held <= p['total'] <= held + 32 or held == 0:
    bad.append('total %r: expected the consumer\'s held %r (> 0) and at '
               'most one burst more' % (p['total'], held))
if p['limit'] != 64 or p['listed'] != min(64, p['total']):
    bad.append('limit %r, listed %r: expected 64 and %d'
               % (p['limit'], p['listed'], min(64, p['total'])))
if p['history_depth'] != 0:
    bad.append('history_depth: expected 0 without --track-nbls, seen %r' % p['history_depth'])
for i in range(min(64, held)):
    e = p['nbls'][str(i)]
    if 'history_call' in e:
        bad.append('nbls[%d]: no history expected' % i)
        break
    if e['resources'] != 0 or e['state'] != 'indicated':
        bad.append('nbls[%d]: expected a held NBL (indicated, without '
                   'RESOURCES), seen %r' % (i, e))
        break
for b in bad:
    print('FAIL:', b)
if not bad:
    print('ok: /nbl/pending total %d = held %d' % (p['total'], held))
sys.exit(1 if bad else 0)
PYEOF
# a reply lists only what fits (DPDK drops the rest of a reply silently):
# NBLs held 100 ms and reused all the time carry up to 64 events of
# history each, more than 16 KB for 16 of them
run_bg fits --vdev=net_null0 -- --hold-us 100000 --track-nbls 64 \
	--duration 30
tele_start
sleep 2
tq "$WORK/f1.txt" /nbl/pending,0:0 /nbl/pending,0:0,64 /nbl/pending,0:0,1
kill -TERM "$BGPID"
wait_bg 30
expect_rc 0
$PY - "$WORK/f1.txt" <<'PYEOF' || fail "what fits: /nbl/pending lists other than it says (above)"
import json, sys
ans = []
for ln in open(sys.argv[1]):
    if ln.startswith('{'):
        ans.append(json.loads(ln)['/nbl/pending'])
bad = []
if len(ans) != 3:
    print('FAIL: expected 3 answers, seen %d: %r' % (len(ans), open(sys.argv[1]).read()[:300]))
    sys.exit(1)
for a, limit in zip(ans, (16, 64, 1)):
    n = len(a.get('nbls', {}))
    want_trunc = 1 if a['listed'] < min(a['total'], limit) else 0
    if a['limit'] != limit or a['listed'] != n or n == 0:
        bad.append('limit %d: expected listed == the entries in nbls (> 0), '
                   'seen listed %r, %d entries' % (limit, a['listed'], n))
    if a['truncated'] != want_trunc:
        bad.append('limit %d: truncated %r with listed %d of total %d: '
                   'expected %d' % (limit, a['truncated'], a['listed'],
                                    a['total'], want_trunc))
    for k, e in a.get('nbls', {}).items():
        if not 0 < len(e.get('history_call', [])) <= 64:
            bad.append('limit %d entry %s: history of %d events'
                       % (limit, k, len(e.get('history_call', []))))
            break
    print('limit %d: total %d, listed %d, truncated %d, history %r events'
          % (limit, a['total'], a['listed'], a['truncated'],
             sorted(set(len(e['history_call']) for e in a['nbls'].values()))))
if ans[1]['listed'] >= 64 or ans[1]['truncated'] != 1:
    bad.append('limit 64 with 64-event histories: expected truncated, seen '
               'listed %r, truncated %r' % (ans[1]['listed'], ans[1]['truncated']))
for b in bad:
    print('FAIL:', b)
sys.exit(1 if bad else 0)
PYEOF
log PASS
