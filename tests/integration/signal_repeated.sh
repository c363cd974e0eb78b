#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A second SIGTERM or SIGINT 1 ms after the first never cuts the orderly
# stop short: exit 0, the audit line and a complete --stats-json report,
# every time. GNU timeout sends two signals too. The second signal is
# answered once on stderr with how to force an exit (SIGKILL); two of the
# same signal may reach the process as one, two different ones never do.
TEST_NAME=signal_repeated
. "$(dirname "$0")/lib.sh"

SIGTOOL="$PY $IT_DIR/sigtool.py"
FORCE_HINT='nblpmd: stopping already (at most 10 s); SIGKILL forces an exit'
i=0
for pair in TERM,TERM TERM,INT INT,INT INT,TERM; do
	for delay in 0 5 20; do
		i=$((i + 1))
		label="twice_${pair/,/_}_$delay"
		JSON="$WORK/$label.json"
		run_prepare "$label" --vdev=net_null0 -- --stats-json "$JSON"
		log "run: $LAST_CMD; $pair 1 ms apart, $delay ms into the run"
		# shellcheck disable=SC2086
		r=$($SIGTOOL --when 'Start:' --delay-ms "$delay" --signals "$pair" \
			--gap-ms 1 --out "$OUT" --err "$ERR" -- "$NBLPMD" $EAL \
			"${VDEVS[@]}" -- "${APPARGS[@]}") || { show_run; fail "$label: $r"; }
		RC=$(echo "$r" | awk '{print $2}')
		expect_rc 0
		expect_clean_run
		expect_all_returned
		n=$(grep -cxF "$FORCE_HINT" "$ERR")
		if [ "${pair%,*}" != "${pair#*,}" ]; then
			[ "$n" = 1 ] || { show_run; fail "$label: expected the line '$FORCE_HINT' once on stderr, seen $n times"; }
		elif [ "$n" -gt 1 ]; then
			show_run
			fail "$label: '$FORCE_HINT' $n times, expected at most once"
		fi
	done
done
log "ok: $i runs with two signals 1 ms apart"

# GNU timeout signals the process and then its process group
for n in 1 2 3; do
	JSON="$WORK/timeout_$n.json"
	run_prepare "timeout_$n" --vdev=net_null0 -- --stats-json "$JSON"
	# shellcheck disable=SC2086
	timeout --preserve-status -s TERM 1.5 "$NBLPMD" $EAL "${VDEVS[@]}" -- \
		"${APPARGS[@]}" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 0
	expect_audit_clean
	if [ -e "$JSON" ]; then
		expect_audit_json
	fi
done

log PASS
