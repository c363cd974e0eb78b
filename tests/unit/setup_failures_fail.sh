#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A unit test whose set-up fails (EAL, the null port, telemetry) fails
# (exit 1); it is not shown as skipped (77). Only a missing outside
# resource may skip.
# Usage: setup_failures_fail.sh TEST_RXQ
set -u
T=${1:?usage: setup_failures_fail.sh TEST_RXQ}
NFAIL=0

# expect RC WHAT ENV-ARGS CASE: run one case with NBL_TEST_EAL_ARGS
expect() {
	local want=$1 what=$2 args=$3 case=$4 out rc
	out=$(NBL_TEST_EAL_ARGS="$args" "$T" "$case" 2>&1)
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
[ "$NFAIL" -eq 0 ] || exit 1
echo PASS
