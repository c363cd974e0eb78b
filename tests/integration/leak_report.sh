#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The leak report: when the audit is not clean, one line per leaked,
# double-returned and foreign-returned NBL (queue, index, descriptor,
# state, address, indicated at, out for, kind), the rest counted; the same
# list in JSON audit.details[]; exit code 1. A consumer breaks the rules
# on purpose with the test-only options (not in --help, not in the JSON
# config): in place and pool mode, owner and remote placement.
TEST_NAME=leak_report
. "$(dirname "$0")/lib.sh"

# check_report NAME LEAK DOUBLE FOREIGN STATES_OF_DOUBLE: the audit line,
# the JSON audit and audit.details[] of the last run agree field by field
# with the numbers injected (audit_check.py)
check_report() {
	$PY "$IT_DIR/audit_check.py" "$OUT" "$JSON" "$@" || return 1
	# a queue whose consumer kept NBLs cannot be freed: its measured hold
	# times are reported all the same (the consumer returned the others)
	$PY -c '
import json, sys
for q in json.load(open(sys.argv[1]))["rx_queues"]:
    if q["returned"] > 0 and q["hold_us"]["count"] == 0:
        print("FAIL: rx_queues[%d].hold_us.count 0 with %d NBLs returned"
              % (q["queue"], q["returned"]))
        sys.exit(1)
' "$JSON"
}

# in place, owner placement: 3 kept, 2 returned twice, 1 of another pool
JSON="$WORK/a.json"
run a --vdev=net_null0 -- --duration 0.5 --test-leak 3 \
	--test-double-return 2 --test-foreign-return 1 --stats-json "$JSON"
expect_rc 1
check_report inplace 3 2 1 held || { show_run; fail "in place: the leak report is wrong (above)"; }
jv k '[k for k in d["config"] if k.startswith("test")]'
expect_eq "JSON config: no test-only option" "[]" "$k"

# pool mode: a double-returned NBL is back in the pool (free)
JSON="$WORK/b.json"
run b --vdev=net_null0 -- --duration 0.5 --recycle pool --test-leak 2 \
	--test-double-return 1 --stats-json "$JSON"
expect_rc 1
check_report pool 2 1 0 free || { show_run; fail "pool mode: the leak report is wrong (above)"; }

# remote placement: the returns go through the return ring, refused there
JSON="$WORK/c.json"
run c --vdev=net_null0 -- --duration 0.5 --consumer-lcore 0 --test-leak 1 \
	--test-double-return 3 --test-foreign-return 2 --stats-json "$JSON"
expect_rc 1
check_report remote 1 3 2 held || { show_run; fail "remote: the leak report is wrong (above)"; }

# beyond the limit: 64 lines listed, the rest counted
JSON="$WORK/d.json"
run d --vdev=net_null0 -- --duration 0.5 --test-leak 70 --stats-json "$JSON"
expect_rc 1
check_report limit 70 0 0 held || { show_run; fail "limit: the leak report is wrong (above)"; }
jv om 'd["audit"]["details_omitted"]'
expect_eq "audit.details_omitted (70 leaked, 64 listed)" 6 "$om"

# a clean run has no leak report and an empty details[]
JSON="$WORK/e.json"
run e --vdev=net_null0 -- --duration 0.3 --stats-json "$JSON"
expect_clean_run
grep -q '^leak report' "$OUT" && fail "clean run: unexpected leak report"
jv det '(d["audit"]["details"], d["audit"]["details_omitted"])'
expect_eq "clean run: audit.details, details_omitted" "([], 0)" "$det"

# the test-only options are not in --help, and take a count
run help -- --help
expect_rc 0
grep -q 'test-' "$OUT" && fail "--help lists a test-only option"
run bad --vdev=net_null0 -- --test-leak x --duration 0.1
expect_rc 2
grep -q -- "--test-leak: 'x' is not valid" "$ERR" ||
	{ show_run; fail "--test-leak x: expected a message naming the option"; }
log PASS
