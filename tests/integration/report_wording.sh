#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Report wording: a run under 1 s gives its elapsed time in ms or us (not
# "0.000 s"); an unlimited replay says "loops N (unlimited)"; --preload's
# help says a file is preloaded whole or not.
TEST_NAME=report_wording
. "$(dirname "$0")/lib.sh"

run short --vdev=net_null0 -- --max-packets 1
expect_clean_run
line=$(grep 'Run: elapsed' "$OUT")
log "short: $line"
echo "$line" | grep -qE 'elapsed ([1-9][0-9]*\.[0-9]+ s|[0-9]+\.[0-9]+ (ms|us)),' ||
	fail "short: expected the elapsed time in s (1 s or more), ms or us, seen: $line"
echo "$line" | grep -qE 'elapsed 0\.[0-9]+ s' &&
	fail "short: a time under 1 s given in s: $line"

gen_capture "$WORK/r.pcap" 100 9
run unlimited -- --replay "$WORK/r.pcap" --loop 0 --topspeed --max-packets 2000
expect_clean_run
grep -qE 'loops [0-9]+ \(unlimited\)' "$OUT" ||
	{ show_run; fail "unlimited: expected 'loops N (unlimited)'"; }
grep -q 'of unlimited' "$OUT" && fail "unlimited: still says 'of unlimited'"

"$NBLPMD" --help >"$WORK/help.out" 2>&1 || fail "--help: exit $?"
line=$(grep -- '--preload' "$WORK/help.out")
case $line in
*"up to"*) fail "--help: --preload still says 'up to': $line" ;;
*whole*) log "ok: --help: $line" ;;
*) fail "--help: --preload should say a file is preloaded whole or not: $line" ;;
esac
log PASS
