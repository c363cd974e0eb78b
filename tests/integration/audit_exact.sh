#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The audit is exact in every placement: a consumer breaks the rules a
# known number of times (test-only --test-leak, --test-double-return,
# --test-foreign-return), with the consumer on the RX lcore and on
# another lcore (--consumer-lcore), in place and in pool mode, each run
# AUDIT_REPS times (3 by default) because a wrong count in remote
# placement was a race; every run's audit line, JSON audit, rx_queues[]
# counters, pool violations and audit.details[] (text and JSON, with each
# NBL's history: one return per indication) give exactly those numbers
# (audit_check.py).
TEST_NAME=audit_exact
. "$(dirname "$0")/lib.sh"

REPS=${AUDIT_REPS:-3}
# placement recycle leak double foreign states-of-a-double-returned-NBL
combos=(
	"owner inplace 3 5 2 held"
	"owner pool 2 4 1 free"
	"remote inplace 4 5 3 held"
	"remote pool 1 6 2 held,free"
)
for c in "${combos[@]}"; do
	read -r place mode leak dbl fgn states <<<"$c"
	extra=()
	[ "$place" = remote ] && extra=(--consumer-lcore 0)
	for r in $(seq 1 "$REPS"); do
		name="${place}_${mode}_$r"
		JSON="$WORK/$name.json"
		run "$name" --vdev=net_null0 -- --duration 0.5 --recycle "$mode" \
			--track-nbls 8 --test-leak "$leak" \
			--test-double-return "$dbl" --test-foreign-return "$fgn" \
			--stats-json "$JSON" "${extra[@]}"
		expect_rc 1
		$PY "$IT_DIR/audit_check.py" "$OUT" "$JSON" "$name" "$leak" \
			"$dbl" "$fgn" "$states" ||
			{ show_run; fail "$name: the audit is not what was injected (above)"; }
	done
done

# more refused returns than a queue logs (16): all counted, 16 listed
JSON="$WORK/many.json"
run many --vdev=net_null0 -- --duration 0.5 --consumer-lcore 0 \
	--track-nbls 8 --test-double-return 20 --test-foreign-return 3 \
	--stats-json "$JSON"
expect_rc 1
$PY "$IT_DIR/audit_check.py" "$OUT" "$JSON" many 0 20 3 held ||
	{ show_run; fail "many: the audit is not what was injected (above)"; }
log PASS
