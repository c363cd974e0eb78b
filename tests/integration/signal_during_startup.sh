#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The signal handler is in place before anything starts (before EAL has
# printed a word), and a SIGTERM or SIGINT during start-up (EAL, setup)
# stops the program there: exit 0, the audit line, and a --stats-json file
# that is absent or valid JSON. The delays count from the moment the
# handler is in place, so they fall in EAL start-up, the setup steps or
# the start of the run.
TEST_NAME=signal_during_startup
. "$(dirname "$0")/lib.sh"

SIGTOOL="$PY $IT_DIR/sigtool.py"
gen_capture "$WORK/r.pcap" 300 3

# signal_at LABEL DELAY-MS SIGNAL VDEV... -- APP-ARGS...
signal_at() {
	local label=$1 delay=$2 sig=$3 r
	shift 3
	JSON="$WORK/$label.json"
	run_prepare "$label" "$@" --stats-json "$JSON"
	log "run: $LAST_CMD, SIG$sig ${delay} ms after the handler is in place"
	# shellcheck disable=SC2086
	r=$($SIGTOOL --when handler --delay-ms "$delay" --signals "$sig" \
		--out "$OUT" --err "$ERR" -- "$NBLPMD" $EAL "${VDEVS[@]}" -- \
		"${APPARGS[@]}") || { show_run; fail "$label: $r"; }
	RC=$(echo "$r" | awk '{print $2}')
	log "$label: exit code $RC"
	early=$(echo "$r" | awk '{print $4}')
	[ "$early" = 0 ] || { show_run; fail "$label: the handler came after $early bytes of output (after EAL started)"; }
	expect_rc 0
	expect_audit_clean
	if [ -e "$JSON" ]; then
		expect_audit_json
	else
		log "ok: $label: no report file (stopped before the run)"
	fi
}

for d in 0 20 50 100 200; do
	signal_at "null_$d" "$d" TERM --vdev=net_null0 --
	signal_at "replay_$d" "$d" TERM -- --replay "$WORK/r.pcap" --loop 0
done
signal_at int_50 50 INT --vdev=net_null0 --
log PASS
