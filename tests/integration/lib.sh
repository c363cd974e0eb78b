# SPDX-License-Identifier: BSD-3-Clause
# Shared shell library of the integration suite; sourced by every test.
#
# Usage in a test:  bash test.sh NBLPMD [CAPGEN]
#   NBLPMD  path of the nblpmd binary
#   CAPGEN  path of nblpmd-capgen ("" or absent when not built)
# Exit: 0 pass, 1 fail, 77 skip.

set -u

NBLPMD=${1:-${NBLPMD:-}}
CAPGEN=${2:-${CAPGEN:-}}
IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC_ROOT=$(cd "$IT_DIR/../.." && pwd)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
PCAPTOOL="$PY $IT_DIR/pcaptool.py"
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
# every run is bounded; a run that hits this is a failure (124 from timeout)
RUN_TIMEOUT=${RUN_TIMEOUT:-60}

WORK=$(mktemp -d "/tmp/it_${TEST_NAME}.XXXXXX")
BG_PIDS=()
it_cleanup() {
	local p missing=0
	for p in "${BG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null
	done
	[ -e "$WORK/.command_not_found" ] && missing=1
	rm -rf "$WORK"
	# a test that ran a command that does not exist checked nothing
	# there: it fails, whatever it went on to do
	[ "$missing" = 0 ] || exit 1
}
trap it_cleanup EXIT

# bash calls this (in a subshell) for a command it cannot find: a typo,
# a helper renamed in this file. The mark makes the test fail at exit.
command_not_found_handle() {
	echo "[$TEST_NAME] FAIL: $1: command not found" >&2
	: > "$WORK/.command_not_found"
	return 127
}

log() { echo "[$TEST_NAME] $*"; }

fail() {
	echo "[$TEST_NAME] FAIL: $*"
	exit 1
}

skip() {
	echo "[$TEST_NAME] SKIP: $*"
	exit 77
}

if [ -z "$NBLPMD" ] || [ ! -x "$NBLPMD" ]; then
	skip "nblpmd binary not given or not executable: '$NBLPMD'"
fi

# EAL options for one process; a unique file prefix each call. EAL_LCORES is
# the core option (-l 0-1 unless set), EAL_MEM the memory (-m 1024).
RUN_SEQ=0
EAL_LCORES=${EAL_LCORES:--l 0-1}
EAL_MEM=${EAL_MEM:--m 1024}
eal_opts() {
	RUN_SEQ=$((RUN_SEQ + 1))
	LAST_PREFIX="it_${TEST_NAME}_$$_${RUN_SEQ}"
	EAL="--no-huge $EAL_MEM --no-pci --no-shconf $EAL_LCORES --file-prefix $LAST_PREFIX"
}

# show the tail of the last run's output
show_run() {
	echo "----- command: $LAST_CMD"
	echo "----- exit code: $RC"
	echo "----- stdout (last 40 lines):"
	tail -n 40 "$OUT"
	echo "----- stderr (last 25 lines):"
	tail -n 25 "$ERR"
	echo "-----"
}

# run_prepare NAME VDEV-ARGS... -- APP-ARGS...: split the arguments into
#   VDEVS and APPARGS, set OUT, ERR (files under $WORK) and LAST_CMD.
run_prepare() {
	local name=$1
	shift
	VDEVS=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		VDEVS+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	APPARGS=("$@")
	eal_opts
	OUT="$WORK/$name.out"
	ERR="$WORK/$name.err"
	LAST_CMD="$NBLPMD $EAL ${VDEVS[*]} -- ${APPARGS[*]}"
}

# run NAME VDEV-ARGS... -- APP-ARGS...
#   EAL options from eal_opts are put first. Output in $WORK/NAME.out/.err,
#   exit code in RC, and $OUT, $ERR point at the files.
run() {
	run_prepare "$@"
	log "run: $LAST_CMD"
	# shellcheck disable=SC2086
	timeout -k 5 "$RUN_TIMEOUT" "$NBLPMD" $EAL "${VDEVS[@]}" -- \
		"${APPARGS[@]}" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	log "exit code $RC"
	if [ $RC -eq 124 ] || [ $RC -eq 137 ]; then
		show_run
		fail "run did not end by itself within ${RUN_TIMEOUT}s (timeout exit $RC)"
	fi
	if [ $RC -gt 128 ]; then
		show_run
		fail "killed by signal $((RC - 128)) (crash?)"
	fi
}

# run_bg NAME VDEV-ARGS... -- APP-ARGS...: start in the background, PID in BGPID
run_bg() {
	run_prepare "$@"
	log "run in background: $LAST_CMD"
	# shellcheck disable=SC2086
	"$NBLPMD" $EAL "${VDEVS[@]}" -- "${APPARGS[@]}" >"$OUT" 2>"$ERR" \
		</dev/null &
	BGPID=$!
	BG_PIDS+=("$BGPID")
}

# wait_bg SECONDS: wait for BGPID at most SECONDS, RC = its exit code
wait_bg() {
	local limit=$1 i=0
	while kill -0 "$BGPID" 2>/dev/null; do
		if [ $i -ge $((limit * 10)) ]; then
			kill -KILL "$BGPID" 2>/dev/null
			wait "$BGPID" 2>/dev/null
			RC=124
			show_run
			fail "process $BGPID did not exit within ${limit}s"
		fi
		sleep 0.1
		i=$((i + 1))
	done
	wait "$BGPID"
	RC=$?
	log "exit code $RC"
	if [ $RC -gt 128 ]; then
		show_run
		fail "killed by signal $((RC - 128)) (crash?)"
	fi
}

expect_rc() {
	local want=$1
	if [ "$RC" -ne "$want" ]; then
		show_run
		fail "exit code: expected $want, seen $RC"
	fi
}

AUDIT_CLEAN='audit: leaked 0, double returns 0, foreign returns 0'
expect_audit_clean() {
	if ! grep -qF "$AUDIT_CLEAN" "$OUT"; then
		show_run
		fail "stdout: expected the line '$AUDIT_CLEAN', seen: $(grep -i 'audit' "$OUT" | head -3 | tr '\n' '|')"
	fi
}

# jv VAR EXPR [FILE]: VAR = python expression over the JSON report (d),
# FILE defaults to $JSON; fails the test when the report is missing or
# the expression cannot be evaluated (a missing key)
jv() {
	local _jv_var=$1 _jv_expr=$2 _jv_file=${3:-$JSON}
	local _jv_out
	if [ ! -s "$_jv_file" ]; then
		show_run
		fail "JSON report $_jv_file missing or empty"
	fi
	if ! _jv_out=$($PCAPTOOL json "$_jv_file" "$_jv_expr" 2>&1); then
		echo "----- JSON report:"
		head -c 3000 "$_jv_file"
		echo
		fail "JSON: cannot evaluate '$_jv_expr': $_jv_out"
	fi
	printf -v "$_jv_var" '%s' "$_jv_out"
}

# expect_eq WHAT EXPECTED SEEN
expect_eq() {
	if [ "$2" != "$3" ]; then
		fail "$1: expected $2, seen $3"
	fi
	log "ok: $1 = $3"
}

# expect_gt WHAT SEEN LIMIT: SEEN > LIMIT (integers or floats)
expect_gt() {
	if ! $PY -c "import sys; sys.exit(0 if float('$2') > float('$3') else 1)" 2>/dev/null; then
		fail "$1: expected > $3, seen $2"
	fi
	log "ok: $1 = $2 (> $3)"
}

expect_ge() {
	if ! $PY -c "import sys; sys.exit(0 if float('$2') >= float('$3') else 1)" 2>/dev/null; then
		fail "$1: expected >= $3, seen $2"
	fi
	log "ok: $1 = $2 (>= $3)"
}

# expect_audit_json: audit object all zero
expect_audit_json() {
	local a
	jv a '(d["audit"]["leaked"], d["audit"]["double_returns"], d["audit"]["foreign_returns"])'
	expect_eq "JSON audit (leaked, double_returns, foreign_returns)" "(0, 0, 0)" "$a"
}

# every queue gave back what it indicated (there is a queue, and nothing
# is out: a report without queues or with one still holding NBLs fails)
expect_all_returned() {
	local v w
	jv v 'len(d["rx_queues"]) > 0 and all(q["indicated"] == q["returned"] and q["outstanding"] == 0 for q in d["rx_queues"])'
	if [ "$v" != "True" ]; then
		jv w '[(q["indicated"], q["returned"], q["outstanding"]) for q in d["rx_queues"]]'
		fail "rx_queues: expected at least one queue, each with returned == indicated and outstanding 0, seen (indicated, returned, outstanding) $w"
	fi
	log "ok: returned == indicated on every queue"
}

# gen_capture OUT COUNT [SEED] [JUMBO]: the project's generator when built,
# the python one otherwise (jumbo frames only with the python one)
gen_capture() {
	local out=$1 count=$2 seed=${3:-1} jumbo=${4:-0}
	if [ -n "$CAPGEN" ] && [ -x "$CAPGEN" ] && [ "$jumbo" = 0 ]; then
		log "generate: $CAPGEN --out $out --count $count --seed $seed"
		if ! "$CAPGEN" --out "$out" --count "$count" --seed "$seed" \
			>"$WORK/capgen.log" 2>&1; then
			if ! "$CAPGEN" --out "$out" --count "$count" \
				>"$WORK/capgen.log" 2>&1; then
				cat "$WORK/capgen.log"
				fail "nblpmd-capgen --out $out --count $count failed"
			fi
		fi
	else
		log "generate: pcaptool.py gen $out $count $seed $jumbo"
		$PCAPTOOL gen "$out" "$count" "$seed" "$jumbo" ||
			fail "pcaptool gen failed"
	fi
	[ -s "$out" ] || fail "generated capture $out is empty"
}

# cap_stats FILE: sets CAP_RECORDS and CAP_BYTES (counted independently)
cap_stats() {
	local s
	s=$($PCAPTOOL stats "$1") || fail "cannot parse capture $1: $s"
	CAP_RECORDS=${s% *}
	CAP_BYTES=${s#* }
	if command -v capinfos >/dev/null 2>&1; then
		local c
		c=$(capinfos -M -c -T -r "$1" 2>/dev/null | awk -F'\t' '{print $2}' | tail -1)
		if [ -n "$c" ] && [ "$c" != "$CAP_RECORDS" ]; then
			fail "capture $1: pcaptool counts $CAP_RECORDS records, capinfos $c"
		fi
	fi
}

# the usual end of a good run: exit 0, audit line on stdout, JSON audit 0
expect_clean_run() {
	expect_rc 0
	expect_audit_clean
	if [ -n "${JSON:-}" ]; then
		expect_audit_json
	fi
}

# need_tool NAME...: skip when a tool is missing
need_tool() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || skip "$t not installed"
	done
}

# ---- telemetry of a background run (run_bg): dpdk-telemetry.py

# tele_start: skip without dpdk-telemetry.py; wait (bounded) for the
#   telemetry socket of the last run_bg; TELE_PREFIX = its file prefix
tele_start() {
	local sock i
	TELE=$(command -v dpdk-telemetry.py) || skip "dpdk-telemetry.py not installed"
	TELE_PREFIX=$LAST_PREFIX
	sock="/var/run/dpdk/$TELE_PREFIX/dpdk_telemetry.v2"
	[ "$(id -u)" = 0 ] || sock="${XDG_RUNTIME_DIR:-/tmp}/dpdk/$TELE_PREFIX/dpdk_telemetry.v2"
	for i in $(seq 1 300); do
		[ -S "$sock" ] && return 0
		kill -0 "$BGPID" 2>/dev/null || break
		sleep 0.1
	done
	if ! kill -0 "$BGPID" 2>/dev/null; then
		wait_bg 1
		show_run
		fail "the app exited before telemetry could be read (exit $RC)"
	fi
	kill -TERM "$BGPID"
	wait_bg 30
	fail "telemetry socket $sock: expected, not created within 30 s"
}

# tq FILE COMMAND...: send the commands in one session, answers in FILE
#   (one JSON object per line)
tq() {
	local f=$1
	shift
	printf '%s\n' "$@" | $PY "$TELE" -f "$TELE_PREFIX" >"$f" 2>&1
}

# run_frozen NAME RECORDS VDEV-ARGS... -- APP-ARGS...: run in the background
#   until the queues have taken RECORDS records and the counters stopped
#   moving (the caller keeps the run alive with --duration and an idle
#   port), read every counter endpoint into $WORK/NAME.tel, then stop the
#   run with SIGTERM and wait for it (RC, OUT, ERR as for run)
run_frozen() {
	local name=$1 records=$2 i p cmds
	shift 2
	run_bg "$name" "$@"
	tele_start
	for i in $(seq 1 120); do
		tq "$WORK/$name.pools" /nbl/pools
		cmds=(/nbl/rxqs /nblpmd/ports /nblpmd/consumers)
		for p in $($PY -c '
import json, sys
for ln in open(sys.argv[1]):
    if ln.startswith("{"):
        print(" ".join(json.loads(ln).get("/nbl/pools") or []))
' "$WORK/$name.pools"); do
			cmds+=("/nbl/pool,$p")
		done
		tq "$WORK/$name.tel0" "${cmds[@]}"
		sleep 0.3
		tq "$WORK/$name.tel" "${cmds[@]}"
		if $PY "$IT_DIR/counters_cmp.py" settled "$WORK/$name.tel0" \
				"$WORK/$name.tel" "$records" >"$WORK/$name.settle"; then
			break
		fi
		kill -0 "$BGPID" 2>/dev/null || break
		sleep 0.2
	done
	log "telemetry before the end: $(cat "$WORK/$name.settle")"
	kill -TERM "$BGPID" 2>/dev/null
	wait_bg 60
	grep -q 'two reads agree' "$WORK/$name.settle" &&
		grep -q "taken $records of $records" "$WORK/$name.settle" ||
		{ show_run; fail "$name: the counters never settled with every record taken: $(cat "$WORK/$name.settle")"; }
}

# expect_err NEEDLE...: every NEEDLE in stderr (fixed strings, any case)
expect_err() {
	local n
	for n in "$@"; do
		if ! grep -qiF -- "$n" "$ERR"; then
			show_run
			fail "stderr: expected '$n', seen: $(grep -v '^EAL\|^TELEMETRY' "$ERR" | head -3 | tr '\n' '|')"
		fi
	done
	log "ok: stderr names $*"
}

# usage_error LABEL NEEDLE... -- RUN-ARGS: exit 2, stderr names each
# NEEDLE, and no run started (no audit line)
usage_error() {
	local label=$1 needles=()
	shift
	while [ "$1" != "--" ]; do
		needles+=("$1")
		shift
	done
	shift
	run "$label" "$@"
	expect_rc 2
	expect_err "${needles[@]}"
	if grep -qF "audit:" "$OUT"; then
		fail "$label: a run started (audit line printed) despite the error"
	fi
}
