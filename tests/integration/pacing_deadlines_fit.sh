#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Pacing deadlines that do not fit are refused (exit 2), naming the option
# and the value that fits, in nblpmd --replay and in nblpmd-advise alike:
# a 26 s capture at --multiplier 1e-9 would run 2.6e10 s, past the 1e9 s a
# schedule holds; the smallest multiplier that fits is 2.6e-8, and it is
# taken. A --loop count that takes the deadlines past it is refused with
# the largest count that fits.
TEST_NAME=pacing_deadlines_fit
. "$(dirname "$0")/lib.sh"

[ -n "$CAPGEN" ] && [ -x "$CAPGEN" ] || skip "nblpmd-capgen not given: '$CAPGEN'"
ADVISE=${ADVISE:-}
CAP="$WORK/long.pcap"
"$CAPGEN" --out "$CAP" --count 200 --span-ms 26000 >"$WORK/capgen.log" 2>&1 ||
	fail "capgen: $(cat "$WORK/capgen.log")"

usage_error mult_overflow "--multiplier 1e-09" "give --multiplier 2.6e-08 or more" -- \
	-- --replay "$CAP" --multiplier 1e-9
usage_error pps_loops "--loop 10000" "give --loop 5000 or less" -- \
	-- --replay "$CAP" --pps 1e-3 --loop 10000
run mult_fits -- --replay "$CAP" --multiplier 2.6e-8 --duration 0.3
expect_rc 0
expect_audit_clean
usage_error loop_overflow "--loop 100000000" "give --loop 38461538 or less" -- \
	-- --replay "$CAP" --loop 100000000
run loop_fits -- --replay "$CAP" --loop 38461538 --duration 0.3
expect_rc 0

if [ -n "$ADVISE" ] && [ -x "$ADVISE" ]; then
	OUT="$WORK/advise.out"
	ERR="$WORK/advise.err"
	"$ADVISE" --capture "$CAP" --multiplier 1e-9 >"$OUT" 2>"$ERR"
	RC=$?
	expect_rc 2
	expect_err "--multiplier 1e-09" "give --multiplier 2.6e-08 or more"
	grep -q "18446744073" "$OUT" && fail "advise: saturated deadlines printed"
	"$ADVISE" --capture "$CAP" --multiplier 2.6e-8 >"$OUT" 2>"$ERR"
	RC=$?
	expect_rc 0
else
	log "nblpmd-advise not given: its half is not checked here"
fi
log PASS
