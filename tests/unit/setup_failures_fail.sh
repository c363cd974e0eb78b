#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A unit test whose set-up fails (EAL, the null port, telemetry, a
# worker lcore) fails (exit 1); it is not shown as skipped (77). Only a
# missing outside resource may skip.
# Usage: setup_failures_fail.sh TEST_RXQ TEST_HOLD_TIME TEST_NBL_TRACK
#        TEST_RXQ_FORENSICS
set -u
U="usage: setup_failures_fail.sh TEST_RXQ TEST_HOLD_TIME TEST_NBL_TRACK TEST_RXQ_FORENSICS"
RXQ=${1:?$U}
HOLD=${2:?$U}
TRACK=${3:?$U}
FORENSICS=${4:?$U}
T=$RXQ
LCORES=
NFAIL=0

# expect RC WHAT ENV-ARGS CASE: run one case of $T with NBL_TEST_EAL_ARGS
# (and NBL_TEST_LCORES=$LCORES)
expect() {
	local want=$1 what=$2 args=$3 case=$4 out rc
	out=$(NBL_TEST_LCORES="$LCORES" NBL_TEST_EAL_ARGS="$args" "$T" "$case" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL: $what: exit $rc, expected $want"
		echo "$out" | grep -v '^EAL: ' | tail -5
		NFAIL=$((NFAIL + 1))
	else
		echo "ok: $what: exit $rc"
	fi
}

expect 0 "a case that sets up" "" test_sizing_rule_minimums
expect 1 "EAL does not start (an unknown EAL option)" \
	"--no-such-eal-option" test_sizing_rule_minimums
expect 1 "the null port cannot be set up (16 MiB: no room for its mbufs)" \
	"-m 16" test_inplace_recycles_without_pool_traffic
expect 1 "no telemetry socket" "--no-telemetry" test_telemetry_rxqs_json
# a case that needs a second lcore, run on one: a failure
LCORES=0
T=$RXQ
expect 1 "test_rxq: no worker lcore" "" test_remote_consumer_both_modes
T=$HOLD
expect 1 "test_hold_time: no worker lcore" "" \
	test_queue_remote_returns_timed_on_consumer_lcore
T=$TRACK
expect 1 "test_nbl_track: no worker lcore" "" \
	test_lcore_figures_split_by_lcore
T=$FORENSICS
expect 1 "test_rxq_forensics: no worker lcore" "" \
	test_history_remote_return_on_consumer_lcore
expect 1 "test_rxq_forensics: no worker lcore" "" \
	test_remote_second_return_while_indicated_again_refused
LCORES=0-1
expect 0 "test_rxq_forensics: with its worker lcore" "" \
	test_history_remote_return_on_consumer_lcore
[ "$NFAIL" -eq 0 ] || exit 1
echo PASS
