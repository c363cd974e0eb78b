#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The stop after a signal is bounded: when it cannot finish (the capture
# consumer blocked writing to a FIFO whose reader stopped reading), nblpmd
# ends 10 s after the signal with exit 1 and a message, even when signalled
# again meanwhile.
TEST_NAME=signal_stop_bounded
. "$(dirname "$0")/lib.sh"

mkfifo "$WORK/fifo"
# the reader: reads until it is stopped, then never again
cat "$WORK/fifo" >/dev/null &
READER=$!
BG_PIDS+=("$READER")
run_bg stuck --vdev=net_null0 -- --fwd capture --capture-out "$WORK/fifo"
for _ in $(seq 1 300); do
	grep -qF "Start:" "$OUT" 2>/dev/null && break
	kill -0 "$BGPID" 2>/dev/null || break
	sleep 0.1
done
grep -qF "Start:" "$OUT" || { wait_bg 5; show_run; fail "stuck: the run did not start"; }
kill -STOP "$READER"
# the pipe fills within a moment at net_null rates; the consumer blocks
sleep 1
kill -TERM "$BGPID"
sleep 0.001
kill -TERM "$BGPID" 2>/dev/null
start=$(date +%s)
wait_bg 60
took=$(($(date +%s) - start))
kill -CONT "$READER" 2>/dev/null
expect_rc 1
expect_err "stopping already" "SIGKILL" "did not end within 10 s"
log "ok: stuck: ended ${took} s after the signal"
expect_ge "stuck: seconds until the end (the limit)" "$took" 9
log PASS
