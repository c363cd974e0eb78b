#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# lib.sh: a test that runs a command that does not exist fails (exit 1),
# even when it exits 0 afterwards, or skips; one that does not still
# passes. Its checks fail when their rule breaks (expect_all_returned).
# Scripts that source lib.sh are run as the suite runs them.
. "$(dirname "$0")/lib.sh"

mk() {
	local name=$1 body=$2
	printf '. %q\n%s\n' "$IT_DIR/lib.sh" "$body" > "$WORK/$name.sh"
}
check() {
	local name=$1 want=$2 rc
	TEST_NAME=$name bash "$WORK/$name.sh" "$NBLPMD" > "$WORK/$name.out" 2>&1
	rc=$?
	[ "$rc" = "$want" ] || {
		cat "$WORK/$name.out"
		fail "$name: exit $rc, expected $want"
	}
	log "ok: $name exits $rc"
}

mk clean 'log "nothing missing"; exit 0'
check clean 0
mk missing_then_pass 'expect_no_such_helper 1 2; log "went on"; exit 0'
check missing_then_pass 1
grep -q "expect_no_such_helper: command not found" "$WORK/missing_then_pass.out" ||
	fail "missing_then_pass: the message does not name the command"
mk missing_in_subshell 'x=$(no_such_tool_either --flag); exit 0'
check missing_in_subshell 1
mk missing_then_skip 'no_such_helper_three; skip "later"'
check missing_then_skip 1
mk missing_in_condition 'if no_such_probe; then :; fi; exit 0'
check missing_in_condition 1
# command -v is how a test asks whether a tool is there: no failure
mk probe_with_command_v 'command -v no_such_tool_four >/dev/null || log "absent"; exit 0'
check probe_with_command_v 0

# expect_all_returned fails on a report without queues, and on a queue
# that still holds NBLs; passes on queues that gave back everything
q='{"indicated": 5, "returned": 5, "outstanding": 0}'
printf '{"rx_queues": []}' >"$WORK/none.json"
printf '{"rx_queues": [%s, {"indicated": 5, "returned": 4, "outstanding": 1}]}' \
	"$q" >"$WORK/out.json"
printf '{"rx_queues": [%s, %s]}' "$q" "$q" >"$WORK/all.json"
for f in none out all; do
	mk "returned_$f" "JSON=$WORK/$f.json; expect_all_returned; exit 0"
done
check returned_none 1
check returned_out 1
check returned_all 0
exit 0
