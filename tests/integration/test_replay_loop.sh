#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --loop N sends N times the records (re-read from the file, or from the
# --preload buffer); --loop 0 runs until --duration; timed replay at
# --pps finishes when the schedule says.
TEST_NAME=test_replay_loop
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 1000 8
cap_stats "$WORK/in.pcap"
R=$CAP_RECORDS

check_loop() {
	local label=$1 loops=$2
	shift 2
	JSON="$WORK/$label.json"
	run "$label" -- --replay "$WORK/in.pcap" --loop "$loops" \
		--stats-json "$JSON" "$@"
	expect_clean_run
	jv sent 'd["replay"]["sent"]'
	jv lp 'd["replay"]["loops"]'
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_eq "$label: replay.sent (records x $loops)" $((R * loops)) "$sent"
	expect_eq "$label: replay.loops" "$loops" "$lp"
	expect_eq "$label: indicated (records x $loops)" $((R * loops)) "$ind"
	expect_all_returned
}

check_loop loop3 3 --topspeed
check_loop loop3_preload 3 --topspeed --preload 100000000
grep -q preloaded "$OUT" || { show_run; fail "loop3_preload: report does not say the file was preloaded"; }
# a preload limit smaller than the file: read from the file instead
check_loop loop3_small_preload 3 --topspeed --preload 1000
grep -q "larger than --preload" "$OUT" || { show_run; fail "small preload: no notice"; }
# two files, loop 2: played in order, twice
JSON="$WORK/two.json"
run two -- --replay "$WORK/in.pcap" --replay "$WORK/in.pcap" --loop 2 \
	--topspeed --stats-json "$JSON"
expect_clean_run
jv sent 'd["replay"]["sent"]'
expect_eq "two files, loop 2: sent" $((R * 4)) "$sent"

# --loop 0: until --duration
JSON="$WORK/loop0.json"
run loop0 -- --replay "$WORK/in.pcap" --loop 0 --topspeed --duration 1 \
	--stats-json "$JSON"
expect_clean_run
jv lp 'd["replay"]["loops"]'
expect_gt "loop 0 for 1 s: loops" "$lp" 2

# paced: 1000 records at --pps 2000 take 0.5 s (first to last packet)
JSON="$WORK/pps.json"
run pps -- --replay "$WORK/in.pcap" --pps 2000 --stats-json "$JSON"
expect_clean_run
jv el 'd["replay"]["elapsed_s"]'
jv ok 'abs(d["replay"]["elapsed_s"] - 999 / 2000.0) < 0.05'
expect_eq "pps 2000: elapsed_s ($el) within 50 ms of 0.4995 s" True "$ok"
log PASS
