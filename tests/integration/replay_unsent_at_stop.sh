#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A replay ended early: what is still in the internal port's ring is
# counted (unsent_at_stop), never as lost.
TEST_NAME=replay_unsent_at_stop
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/r.pcap" 500 13
cap_stats "$WORK/r.pcap"; NR=$CAP_RECORDS

JSON="$WORK/unsent.json"
run unsent -- --replay "$WORK/r.pcap" --topspeed --loop 0 --max-packets 20000 \
	--stats-json "$JSON"
expect_clean_run
jv v 'd["replay"]["records"] == d["replay"]["delivered"] + d["replay"]["refused_total"] + d["replay"]["lost"] + d["replay"]["unread"]'
expect_eq "unsent: records == delivered + refused_total + lost + unread" True "$v"
jv taken 'sum(q["indicated"] + q["refused"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"])'
jv unsent 'd["replay"]["unsent_at_stop"]'
jv sent 'd["replay"]["sent"]'
expect_eq "unsent: sent == taken by the engine + unsent_at_stop" "$sent" "$((taken + unsent))"
expect_gt "unsent: unsent_at_stop (the ring was full at the end)" "$unsent" 0
jv v 'd["lost"]'
expect_eq "unsent: top-level lost" 0 "$v"
grep -qF "unsent at stop: $unsent" "$OUT" ||
	{ show_run; fail "unsent: expected the text report line 'unsent at stop: $unsent'"; }

log PASS
