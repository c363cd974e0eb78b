#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --fail-alloc-pct with in-place recycling injects nothing (no allocation
# after setup): a warning says so and points to --recycle pool.
TEST_NAME=fail_alloc_inplace_warns
. "$(dirname "$0")/lib.sh"

JSON="$WORK/inplace.json"
run inplace --vdev=net_null0 -- --fail-alloc-pct 10 --duration 0.5 \
	--stats-json "$JSON"
expect_clean_run
expect_err "warning" "--fail-alloc-pct" "injects nothing" \
	"no allocation after setup" "--recycle pool"
jv v 'sum(p["injected_failures"] for p in d["pools"])'
expect_eq "inplace: injected failures" 0 "$v"

JSON="$WORK/pool.json"
run pool --vdev=net_null0 -- --recycle pool --fail-alloc-pct 10 \
	--duration 0.5 --stats-json "$JSON"
expect_clean_run
grep -q "injects nothing" "$ERR" && fail "pool: warned although pool mode injects"
jv v 'sum(p["injected_failures"] for p in d["pools"])'
expect_gt "pool: injected failures" "$v" 0
log PASS
