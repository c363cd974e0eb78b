#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# fault injection --fail-alloc-pct 6 on net_null in pool mode: no crash,
# exit 0, audit clean, failures counted.
TEST_NAME=fail_alloc
. "$(dirname "$0")/lib.sh"

for extra in "" "--consumer-lcore 1"; do
	label=pool${extra:+_lcore}
	JSON="$WORK/$label.json"
	# shellcheck disable=SC2086
	run "$label" --vdev=net_null0 -- --recycle pool --fail-alloc-pct 6 \
		--duration 2 --stats-json "$JSON" $extra
	expect_clean_run
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_gt "$label: indicated" "$ind" 0
	# injected failures are counted apart from real ones (as telemetry does)
	jv pf 'sum(p["injected_failures"] for p in d["pools"])'
	expect_gt "$label: pools[].injected_failures (injected at 6 %)" "$pf" 0
	# 6 % of the pool allocations, roughly (a wide margin)
	jv al 'sum(p["allocs"] for p in d["pools"])'
	pct=$($PY -c "print(round(100.0 * $pf / max(1, $al + $pf), 2))")
	log "$label: $pf failures for $al allocations ($pct %)"
	expect_gt "$label: failure rate (%)" "$pct" 1
	expect_gt "$label: failure rate below (%)" 15 "$pct"
	jv real 'sum(p["alloc_failures"] for p in d["pools"])'
	expect_eq "$label: pools[].alloc_failures (real, none: the pool is sized by the rule)" 0 "$real"
	expect_all_returned
	grep -qiE 'fail|inject' "$OUT" ||
		fail "$label: expected the final report on stdout to show the allocation failures, seen no line with 'fail'"
done

# in place mode with injected failures: still clean
JSON="$WORK/inplace.json"
run inplace --vdev=net_null0 -- --recycle inplace --fail-alloc-pct 6 \
	--duration 1 --stats-json "$JSON"
expect_clean_run
expect_all_returned

# a capture under injected failures (pool mode, capture consumer): every
# record still delivered, byte for byte
gen_capture "$WORK/in.pcap" 4000 12
cap_stats "$WORK/in.pcap"
for pct in 6 50; do
	JSON="$WORK/pcap_$pct.json"
	run "pcap_$pct" "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --recycle pool \
		--fail-alloc-pct $pct --fwd capture --capture-out "$WORK/out_$pct.pcap" \
		--stats-json "$JSON"
	expect_clean_run
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_eq "pcap --fail-alloc-pct $pct: indicated (records in file)" "$CAP_RECORDS" "$ind"
	jv pf 'sum(p["injected_failures"] for p in d["pools"])'
	expect_gt "pcap --fail-alloc-pct $pct: pools[].injected_failures" "$pf" 0
	r=$($PCAPTOOL cmp "$WORK/in.pcap" "$WORK/out_$pct.pcap" 2>&1) ||
		fail "pcap --fail-alloc-pct $pct: written file vs input: $r"
	log "ok: pcap --fail-alloc-pct $pct: $r"
	expect_all_returned
done

# a bad percentage is a usage error
for bad in 101 -1 abc; do
	run "bad_$bad" --vdev=net_null0 -- --fail-alloc-pct "$bad" --duration 1
	expect_rc 2
	grep -q -- 'fail-alloc-pct' "$ERR" ||
		fail "--fail-alloc-pct $bad: expected stderr to name --fail-alloc-pct, seen: $(head -3 "$ERR")"
	log "ok: --fail-alloc-pct $bad refused"
done
log PASS
