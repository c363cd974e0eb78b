#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The replay's mbuf pool is in the memory estimate: with -m 64,
# --replay F --descriptors 100000 exits 2 before any pool is made,
# naming --descriptors and the largest value that fits with the replay's
# pool (which grows with D); that value runs, one more does not.
TEST_NAME=replay_memory_estimate
. "$(dirname "$0")/lib.sh"

EAL_MEM="-m 64"
gen_capture "$WORK/r.pcap" 300 6
usage_error big "--descriptors 100000" "the largest --descriptors that fits is" \
	-- -- --replay "$WORK/r.pcap" --descriptors 100000
grep -q '^Memory: .*replay mbuf pool [0-9.]*).*TOO LITTLE' "$OUT" ||
	{ show_run; fail "big: expected the Memory line to count the replay mbuf pool"; }
grep -q "cannot create the replay mbuf pool" "$ERR" &&
	fail "big: the replay's pool was tried before the estimate"
best=$(sed -n 's/.*the largest --descriptors that fits is \([0-9]*\).*/\1/p' "$ERR")
[ -n "$best" ] || fail "big: no value in the message"
JSON="$WORK/best.json"
run best -- --replay "$WORK/r.pcap" --descriptors "$best" --stats-json "$JSON"
expect_clean_run
grep -q '^Memory: .*replay mbuf pool .*: ok$' "$OUT" ||
	{ show_run; fail "best: expected the Memory line with ok"; }
jv v 'd["replay"]["delivered"]'
expect_eq "best: --descriptors $best replays every record" 300 "$v"
usage_error above "--descriptors $((best + 1))" "the largest --descriptors that fits is $best" \
	-- -- --replay "$WORK/r.pcap" --descriptors "$((best + 1))"
log PASS
