#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The engine measures its own timing: per queue the gaps between polls
# and how late each hold came back, and the replay's lateness, as
# histograms in the JSON report (with their buckets) and lines in the text
# report; then whether the run kept time, with one warning line on stderr
# when it did not. nblpmd-advise --host reads those histograms back.
#
# Whether this machine keeps time is not up to the test: a run's verdict
# is checked against its own figures, and a run that cannot keep time is
# made on purpose (--test-timing-limit-ns 1: every poll gap and every
# late packet is over the limit).
TEST_NAME=timing
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
[ -n "$ADVISE" ] && [ -x "$ADVISE" ] || skip "nblpmd-advise not given: '$ADVISE'"

CAP="$WORK/burst.pcap"
$PY "$IT_DIR/burstcap.py" "$CAP" 3 600 20000 200 7 || fail "burstcap.py failed"

JSON="$WORK/run.json"
run measure -- --replay "$CAP" --hold-us exp:2000 --replay-full drop \
	--stats-json "$JSON"
expect_clean_run

# poll gaps: many (a poll every pass of the loop), the buckets hold them all
jv gaps '(lambda q, b: (q["count"] > 1000, sum(c for _, _, c in b) == q["count"], all(lo <= hi for lo, hi, _ in b), all(x[0] < y[0] for x, y in zip(b, b[1:])), abs(b[-1][1] - q["max"]) <= 0.01 * q["max"] + 0.01, q["p50"] <= q["p99"] <= q["max"]))(d["rx_queues"][0]["poll_gap_us"], d["rx_queues"][0]["poll_gap_us"]["buckets"])'
expect_eq "poll_gap_us: count, buckets sum to it, ordered, last high end = max, percentiles ordered" "(True, True, True, True, True, True)" "$gaps"
# return lags: one per hold that expired, none for the rest
jv lags '(lambda q: (q["return_lag_us"]["count"] == q["consumer"]["hold_expired"], q["return_lag_us"]["count"] > 0, sum(c for _, _, c in q["return_lag_us"]["buckets"]) == q["return_lag_us"]["count"]))(d["rx_queues"][0])'
expect_eq "return_lag_us: one per expired hold, buckets sum to it" "(True, True, True)" "$lags"
# lateness: one per record sent or missed
jv late '(lambda r: (r["late_us"]["count"] == r["sent"] + r["missed"], r["late_us"]["count"] == 1800, sum(c for _, _, c in r["late_us"]["buckets"]) == r["late_us"]["count"]))(d["replay"])'
expect_eq "replay.late_us: one per record" "(True, True, True)" "$late"
jv keys 'sorted(d["timing"].keys())'
expect_eq "timing keys" "['gap_limit_us', 'kept_time', 'late_limit_us', 'measured', 'missed', 'missed_unpolled', 'poll_gap_max_us', 'reasons', 'replay_late_max_us', 'replay_late_p99_us', 'return_lag_p99_us', 'unpolled_share', 'unpolled_share_limit']" "$keys"

# the text report says the same
jv cnt 'd["rx_queues"][0]["poll_gap_us"]["count"]'
grep -qE "^    poll_gap_us: count $cnt, p50 " "$OUT" || { show_run; fail "text report: no poll_gap_us line with count $cnt"; }
jv cnt 'd["rx_queues"][0]["return_lag_us"]["count"]'
grep -qE "^    return_lag_us: count $cnt, p50 " "$OUT" || { show_run; fail "text report: no return_lag_us line with count $cnt"; }
grep -qE "^  late_us: count 1800, p50 " "$OUT" || { show_run; fail "text report: no late_us line"; }
grep -qE "^  Timing: (kept time|could NOT keep time) \(replay p99 late " "$OUT" || { show_run; fail "text report: no Timing line"; }

# the warning on stderr if and only if the run did not keep time
jv kept 'd["timing"]["kept_time"]'
if [ "$kept" = True ]; then
	grep -q "could not keep time" "$ERR" && { show_run; fail "a warning although the run kept time"; }
	grep -qE "^  Timing: kept time " "$OUT" || fail "text report does not say kept time"
else
	grep -q "^nblpmd: warning: this host could not keep time: " "$ERR" || { show_run; fail "no warning although the run did not keep time"; }
fi
log "this run: kept_time $kept"

# a run that cannot keep time, on purpose: one warning line, exit 0
JSON2="$WORK/slow.json"
run slow -- --replay "$CAP" --hold-us exp:2000 --replay-full drop \
	--stats-json "$JSON2" --test-timing-limit-ns 1
expect_clean_run
JSON=$JSON2
jv slow '(d["timing"]["kept_time"], d["timing"]["gap_limit_us"], d["timing"]["unpolled_share"] > 0.5)'
expect_eq "limit 1 ns: not kept, every gap over the limit" "(False, 0.001, True)" "$slow"
n=$(grep -c "^nblpmd: warning: this host could not keep time: .*an RX lcore went unpolled in gaps of over 0.001 us .*: run on other lcores (-l), with the consumer on an lcore of its own (--consumer-lcore), or on an idle machine$" "$ERR")
expect_eq "one warning line on stderr" 1 "$n"
grep -qE "^  Timing: could NOT keep time " "$OUT" || fail "text report does not say could NOT keep time"

# a replay made late on purpose (--pps 50000000: it falls behind its
# schedule from the first records) into a pool too small for its holds:
# the ring overflows while the RX lcore polls on, and the records it drops
# over 100 us late are the host's (missed_unpolled), not the pool's
JSON3="$WORK/late.json"
run late -- --replay "$CAP" --loop 10 --pps 50000000 --replay-full drop \
	--rxd 64 --descriptors 128 --low-watermark 0 --hold-us 50000 \
	--stats-json "$JSON3"
expect_clean_run
JSON=$JSON3
jv late '(lambda r, t: (r["missed"] > 1000, r["late_us"]["p50"] > 100, 2 * r["missed_unpolled"] >= r["missed"], r["missed_unpolled"] <= r["missed"], t["missed_unpolled"] == r["missed_unpolled"], t["kept_time"]))(d["replay"], d["timing"])'
expect_eq "late replay: misses, late, most of them the host's, the verdict says so" "(True, True, True, True, True, False)" "$late"
grep -qE "^nblpmd: warning: this host could not keep time: .*[0-9]+ of [0-9]+ missed packets found the ring full while the RX lcore had not polled, or were sent late, for over 100 us" "$ERR" || { show_run; fail "late replay: no warning naming the misses in host stalls"; }

# ------------------------------------------- nblpmd-advise --host REPORT
JSON="$WORK/run.json"
AJ="$WORK/advise.json"
OUT="$WORK/advise.out"
ERR="$WORK/advise.err"
"$ADVISE" --capture "$CAP" --hold-us exp:2000 --host "$WORK/run.json" \
	--seeds 4 --json "$AJ" >"$OUT" 2>"$ERR" </dev/null
RC=$?
expect_rc 0
jv gaps '(d["rx_queues"][0]["poll_gap_us"]["count"], d["rx_queues"][0]["return_lag_us"]["count"])'
JSON=$AJ
jv used '(d["host"]["measured"]["poll_gaps"], d["host"]["measured"]["return_lags"])'
expect_eq "the advisor read every gap and lag of the report" "$gaps" "$used"
jv src '(d["host"]["poll_gap_us"]["source"], d["host"]["return_lag_us"]["source"])'
expect_eq "the model's timing comes from --host" "('poll gaps of --host', 'return lags of --host')" "$src"
grep -qE "^Host timing:$" "$OUT" || { cat "$OUT"; fail "advisor: no Host timing section"; }
grep -qE "^  from .*run.json: [0-9]+ poll gaps" "$OUT" || { cat "$OUT"; fail "advisor: no line on the report's gaps"; }

# --poll-gap-us wins over the report's
"$ADVISE" --capture "$CAP" --hold-us exp:2000 --host "$WORK/run.json" \
	--poll-gap-us 5 --seeds 2 --json "$AJ" >"$OUT" 2>"$ERR" </dev/null
RC=$?
expect_rc 0
jv src '(d["host"]["poll_gap_us"]["source"], d["host"]["return_lag_us"]["source"])'
expect_eq "--poll-gap-us given: it, and the report's lags" "('5', 'return lags of --host')" "$src"

# bad --host files: exit 2 naming the option
printf 'not json\n' >"$WORK/bad.json"
"$ADVISE" --capture "$CAP" --host "$WORK/bad.json" >"$OUT" 2>"$ERR" </dev/null
RC=$?
expect_rc 2
grep -q "^nblpmd-advise: --host $WORK/bad.json: not a JSON file" "$ERR" || { cat "$ERR"; fail "bad JSON: message"; }
printf '{"rx_queues": [{"hold_us": {}}]}\n' >"$WORK/old.json"
"$ADVISE" --capture "$CAP" --host "$WORK/old.json" >"$OUT" 2>"$ERR" </dev/null
RC=$?
expect_rc 2
grep -q "^nblpmd-advise: --host $WORK/old.json: an rx_queues\[\] entry has no poll_gap_us with buckets" "$ERR" || { cat "$ERR"; fail "no poll_gap_us: message"; }

log "PASS"
exit 0
