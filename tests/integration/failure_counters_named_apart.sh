#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# failure_counters_named_apart: one meaning per name. With --recycle pool
# --fail-alloc-pct 10, a queue counts the refills that fell short
# (refill_shortfalls, injected failures included) and its pool counts real
# failures (alloc_failures, none: the pool is sized by the rule) apart
# from injected ones (injected_failures). The names are the same in
# telemetry, the JSON report and the printed report, and so are the values.
TEST_NAME=failure_counters_named_apart
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 4000 22
cap_stats "$WORK/in.pcap"
JSON="$WORK/fail.json"
run_frozen fail "$CAP_RECORDS" "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" \
	--vdev=net_ring0 -- --recycle pool --fail-alloc-pct 10 --duration 300 \
	--stats-json "$JSON"
expect_clean_run

jv v 'sum(q["refill_shortfalls"] for q in d["rx_queues"])'
expect_gt "rx_queues[].refill_shortfalls (refills short of NBLs)" "$v" 0
jv v 'sum(p["injected_failures"] for p in d["pools"])'
expect_gt "pools[].injected_failures (10 % injected)" "$v" 0
jv v 'sum(p["alloc_failures"] for p in d["pools"])'
expect_eq "pools[].alloc_failures (real failures: none)" 0 "$v"
jv v 'any("alloc_failures" in q or "injected_failures" in q for q in d["rx_queues"])'
expect_eq "a queue has no alloc_failures or injected_failures of its own" False "$v"
# the printed report and telemetry use the same names
grep -qE '^    refill_shortfalls: [1-9]|  refill_shortfalls: [1-9]' "$OUT" ||
	{ show_run; fail "printed report: expected 'refill_shortfalls: N' (N > 0) in a queue block"; }
grep -qE '(^|  )injected_failures: [1-9]' "$OUT" ||
	{ show_run; fail "printed report: expected 'injected_failures: N' (N > 0) in the pool block"; }
grep -q '"refill_shortfalls"' "$WORK/fail.tel" ||
	fail "/nbl/rxqs: expected the key refill_shortfalls, seen: $(head -c 600 "$WORK/fail.tel")"
if grep -o '"/nbl/rxqs".*' "$WORK/fail.tel" | grep -q '"alloc_failures"'; then
	fail "/nbl/rxqs: a queue still has a key alloc_failures"
fi
r=$($PY "$IT_DIR/counters_cmp.py" "$WORK/fail.tel" "$JSON" "$OUT")
rc=$?
echo "$r"
[ $rc -eq 0 ] || fail "counters differ between telemetry, JSON and the printed report (above)"
log "ok: $r"
# the guide gives each name its meaning once
for n in refill_shortfalls alloc_failures injected_failures; do
	c=$(grep -c "^| \`$n\` |" "$SRC_ROOT/docs/guide/reports.md")
	expect_eq "docs/guide/reports.md: lines giving the meaning of $n" 1 "$c"
done
log PASS
