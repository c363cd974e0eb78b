#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Telemetry with bad parameters: every endpoint of the project answers an
# error object that says what is wrong and what it accepts, never null
# (DPDK answers null when a callback fails), and a good request after
# them is still served.
TEST_NAME=telemetry_errors
. "$(dirname "$0")/lib.sh"

run_bg tel --vdev=net_null0 -- --duration 30
tele_start
sleep 0.5
# request, then the words the error must hold ("|" between them)
cases=(
	"/nbl/pending,0:0,0|LIMIT out of range (1 to 64)|'0:0,0'"
	"/nbl/pending,0:0,65|LIMIT out of range (1 to 64)|'0:0,65'"
	"/nbl/pending,0:0,x|LIMIT is not a number|'0:0,x'"
	"/nbl/pending,a:b|is not PORT:QUEUE[,LIMIT]|'a:b'"
	"/nbl/pending, 0:0|is not PORT:QUEUE[,LIMIT]|' 0:0'"
	"/nbl/pending,0|is not PORT:QUEUE[,LIMIT]|'0'"
	"/nbl/pending,70000:0|above 65535|'70000:0'"
	"/nbl/pending,0:7|no receive queue 0:7"
	"/nbl/pending|no queue given"
	"/nbl/pool|no pool named"
	"/nbl/pool,no_such_pool|no NBL pool named 'no_such_pool'"
	"/nbl/pools,x|/nbl/pools takes no parameters"
	"/nbl/rxqs,x|/nbl/rxqs takes no parameters"
	"/nblpmd/ports,x|/nblpmd/ports takes no parameters"
	"/nblpmd/consumers,x|/nblpmd/consumers takes no parameters"
)
reqs=()
for c in "${cases[@]}"; do
	reqs+=("${c%%|*}")
done
tq "$WORK/t.txt" "${reqs[@]}" /nbl/pending,0:0,1
kill -TERM "$BGPID"
wait_bg 30
expect_clean_run
printf '%s\n' "${cases[@]}" >"$WORK/cases.txt"
$PY - "$WORK/t.txt" "$WORK/cases.txt" <<'PYEOF' || fail "bad requests: answers above"
import json, sys
ans = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
cases = [l.rstrip('\n').split('|') for l in open(sys.argv[2])]
bad = []
if len(ans) != len(cases) + 1:
    print('FAIL: expected %d answers, seen %d' % (len(cases) + 1, len(ans)))
    sys.exit(1)
accepted = {'/nbl/pending': 'PORT:QUEUE[,LIMIT]', '/nbl/pool': 'NAME',
            '/nbl/pools': 'no parameters', '/nbl/rxqs': 'no parameters',
            '/nblpmd/ports': 'no parameters',
            '/nblpmd/consumers': 'no parameters'}
for (req, *words), a in zip(cases, ans):
    cmd = req.split(',')[0]
    v = a.get(cmd)
    if not isinstance(v, dict) or set(v) != {'error', 'accepted'}:
        bad.append('%s: expected {"error", "accepted"}, seen %r' % (req, a))
        continue
    for w in words:
        if w not in v['error']:
            bad.append('%s: expected %r in the error, seen %r' % (req, w, v['error']))
    if not v['accepted'].startswith(accepted[cmd]):
        bad.append('%s: accepted %r, expected it to begin %r'
                   % (req, v['accepted'], accepted[cmd]))
    print('ok: %s -> %s' % (req, v['error']))
last = ans[-1].get('/nbl/pending')
if not isinstance(last, dict) or last.get('limit') != 1 or 'nbls' not in last:
    bad.append('a good request after them: expected a listing, seen %r' % ans[-1])
for b in bad:
    print('FAIL:', b)
sys.exit(1 if bad else 0)
PYEOF
log PASS
