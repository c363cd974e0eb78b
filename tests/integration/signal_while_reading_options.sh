#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A signal while an option's file is being opened (--hold-us file:FIFO,
# blocked until a writer comes) stops nblpmd as a signal during any other
# start-up step does: "Stopped by SIGTERM during start-up", the audit
# line, exit 0; no message about a bad option. With a writer the same
# FIFO is read and the run goes on.
TEST_NAME=signal_while_reading_options
. "$(dirname "$0")/lib.sh"

mkfifo "$WORK/holds"
for sig in TERM INT; do
	run_bg "sig$sig" --vdev=net_null0 -- --hold-us "file:$WORK/holds" \
		--duration 0.2
	for _ in $(seq 1 200); do
		[ "$(cat "/proc/$BGPID/wchan" 2>/dev/null)" = wait_for_partner ] &&
			break
		kill -0 "$BGPID" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$BGPID" 2>/dev/null ||
		{ wait_bg 1; show_run; fail "sig$sig: exited before the signal (exit $RC)"; }
	[ "$(cat "/proc/$BGPID/wchan" 2>/dev/null)" = wait_for_partner ] ||
		log "note: sig$sig: not seen blocked on the FIFO; signalling anyway"
	kill -"$sig" "$BGPID"
	wait_bg 20
	expect_rc 0
	expect_audit_clean
	grep -qF "Stopped by SIG$sig during start-up" "$OUT" ||
		{ show_run; fail "sig$sig: expected 'Stopped by SIG$sig during start-up' on stdout"; }
	grep -qiE "interrupted|cannot read|--hold-us" "$ERR" &&
		{ show_run; fail "sig$sig: a stop reported as a bad --hold-us"; }
	log "ok: SIG$sig while --hold-us file:FIFO waits: stopped, exit 0"
done

# with a writer, the FIFO is a hold file like any other
printf '50\n150\n' >"$WORK/holds" &
BG_PIDS+=("$!")
run writer --vdev=net_null0 -- --hold-us "file:$WORK/holds" --rxd 64 \
	--descriptors 256 --duration 0.2
expect_rc 0
expect_audit_clean
log PASS
