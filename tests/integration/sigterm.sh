#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# SIGTERM (and SIGINT) in the middle of a run without --duration: exit 0,
# audit clean, counters written.
TEST_NAME=sigterm
. "$(dirname "$0")/lib.sh"

for sig in TERM INT; do
	for mode in inplace pool; do
		JSON="$WORK/${sig}_$mode.json"
		run_bg "${sig}_$mode" --vdev=net_null0 -- --recycle "$mode" \
			--stats-json "$JSON"
		sleep 2
		kill -0 "$BGPID" 2>/dev/null || { wait_bg 1; show_run; fail "$sig $mode: the app exited before the signal (exit $RC)"; }
		kill -"$sig" "$BGPID"
		wait_bg 20
		expect_clean_run
		jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
		expect_gt "$sig $mode: indicated" "$ind" 0
		expect_all_returned
	done
done

# a signal with the consumer on the other lcore
JSON="$WORK/term_lcore.json"
run_bg term_lcore --vdev=net_null0 -- --consumer-lcore 1 --hold-us 100 \
	--stats-json "$JSON"
sleep 2
kill -TERM "$BGPID"
wait_bg 20
expect_clean_run
expect_all_returned
log PASS
