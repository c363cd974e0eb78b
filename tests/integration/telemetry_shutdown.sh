#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Telemetry is safe while runs end: another process reads every endpoint
# of the project in a tight loop (telemetry_hammer.py) while STRESS_RUNS
# runs (50 by default) start and stop one after the other on the same
# telemetry socket, half of them leaking NBLs on purpose (queues and
# pools that cannot be freed), in owner and remote placement and both
# recycle modes. No run crashes or hangs, none reports a sanitizer error
# (CI runs this with the ASan + UBSan build), each ends with its own
# audit, and every answer read is JSON, none null.
TEST_NAME=telemetry_shutdown
. "$(dirname "$0")/lib.sh"

RUNS=${STRESS_RUNS:-50}
PREFIX="it_${TEST_NAME}_$$"
# every run on the same file prefix: the reader follows them on one path
eal_opts() {
	LAST_PREFIX=$PREFIX
	EAL="--no-huge $EAL_MEM --no-pci --no-shconf $EAL_LCORES --file-prefix $PREFIX"
}
sock="/var/run/dpdk/$PREFIX/dpdk_telemetry.v2"
[ "$(id -u)" = 0 ] || sock="${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX/dpdk_telemetry.v2"

$PY "$IT_DIR/telemetry_hammer.py" "$sock" "$WORK/stop" "$WORK/stats.json" &
READER=$!
BG_PIDS+=("$READER")

for i in $(seq 1 "$RUNS"); do
	args=(--duration 0.3 --track-nbls 8)
	leak=$((i % 2))
	[ $((i / 2 % 2)) = 1 ] && args+=(--consumer-lcore 0)
	[ $((i / 4 % 2)) = 1 ] && args+=(--recycle pool)
	[ "$leak" = 1 ] && args+=(--test-leak 3)
	run "r$i" --vdev=net_null0 -- "${args[@]}"
	if grep -q 'AddressSanitizer\|runtime error:\|LeakSanitizer' "$ERR"; then
		show_run
		fail "run $i (${args[*]}): a sanitizer error"
	fi
	if [ "$leak" = 1 ]; then
		expect_rc 1
		grep -qF 'audit: leaked 3, double returns 0, foreign returns 0' \
			"$OUT" || { show_run; fail "run $i: expected leaked 3"; }
	else
		expect_clean_run
	fi
	rm -f "$WORK/r$i.out" "$WORK/r$i.err"
done
touch "$WORK/stop"
for t in $(seq 1 100); do
	kill -0 "$READER" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$READER" 2>/dev/null && fail "the reader did not stop"
wait "$READER"
$PY - "$WORK/stats.json" "$RUNS" <<'PYEOF' || fail "telemetry answers while runs ended (above)"
import json, sys
st, runs = json.load(open(sys.argv[1])), int(sys.argv[2])
bad = []
read = sum(1 for n in st['per_connection'] if n > 0)
print('reader: %d connections, %d answers, %d runs read, commands %s'
      % (st['connections'], st['answers'], read, st['commands']))
want = {'/nbl/pending', '/nbl/pool', '/nbl/pools', '/nbl/rxqs',
        '/nblpmd/consumers', '/nblpmd/ports'}
if not want <= set(st['commands']):
    bad.append('commands read: expected at least %s, seen %s'
               % (sorted(want), st['commands']))
if st['invalid']:
    bad.append('%d answers not JSON: %r' % (st['invalid'], st.get('invalid_samples')))
if st['nulls']:
    bad.append('%d null answers: %r' % (st['nulls'], st.get('null_commands')))
if read < runs // 2:
    bad.append('only %d of %d runs read: too few to tell' % (read, runs))
for b in bad:
    print('FAIL:', b)
sys.exit(1 if bad else 0)
PYEOF
log PASS
