#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Inputs that are not regular files (FIFO, device, directory) are refused
# and never hang; a signal while a start-up step is blocked in a system
# call stops the process.
TEST_NAME=inputs_not_regular_files
. "$(dirname "$0")/lib.sh"

mkfifo "$WORK/fifo"
mkdir "$WORK/dir.pcap"
RUN_TIMEOUT=20
usage_error fifo_replay "not a regular file" "give a pcap or pcapng file" -- \
	-- --replay "$WORK/fifo"
usage_error fifo_rx_pcap "not a regular file" "give a pcap or pcapng file" -- \
	"--vdev=net_pcap0,rx_pcap=$WORK/fifo" -- --duration 1
usage_error fifo_config "not a regular file" "give an INI file" -- \
	--vdev=net_null0 -- --config "$WORK/fifo"
usage_error dev_replay "not a regular file" -- -- --replay /dev/zero
usage_error dir_rx_pcap "is a directory" -- \
	"--vdev=net_pcap0,rx_pcap=$WORK/dir.pcap" -- --duration 1
usage_error dir_replay "is a directory" -- -- --replay "$WORK/dir.pcap"
usage_error dir_config "is a directory" "give an INI file" -- \
	--vdev=net_null0 -- --config "$WORK/dir.pcap"
RUN_TIMEOUT=60
# a signal while a start-up step is blocked in a system call stops the
# process there (the step returns EINTR): here the capture consumer blocks
# opening a FIFO nobody reads; a second signal changes nothing
run_bg sigint_in_setup --vdev=net_null0 -- --fwd capture --capture-out "$WORK/fifo"
for _ in $(seq 1 200); do
	[ "$(cat "/proc/$BGPID/wchan" 2>/dev/null)" = wait_for_partner ] && break
	kill -0 "$BGPID" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$BGPID" 2>/dev/null || { wait_bg 1; show_run; fail "sigint_in_setup: exited before the signal (exit $RC)"; }
kill -INT "$BGPID"
sleep 0.001
kill -INT "$BGPID" 2>/dev/null
for _ in $(seq 1 100); do
	kill -0 "$BGPID" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "$BGPID" 2>/dev/null; then
	kill -KILL "$BGPID"
	wait "$BGPID" 2>/dev/null
	show_run
	fail "sigint_in_setup: still running 10 s after SIGINT (blocked in setup)"
fi
wait_bg 1
expect_rc 0
expect_audit_clean
grep -qF "Stopped by SIGINT during start-up" "$OUT" ||
	{ show_run; fail "sigint_in_setup: expected 'Stopped by SIGINT during start-up' on stdout"; }

log PASS
