#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --hold auto takes H from the queue model when the run replays captures
# (timed, into the internal port) with --hold-us: the same advice as
# nblpmd-advise, and the sizing table says where H came from. Without a
# replay, auto H is the default and marked as not measured; --hold N and
# --descriptors N keep their meaning.
#
# The capture: 3 bursts of 600 frames at 20 000 pps, one every 200 ms,
# each frame held 50 ms: 600 held at the end of each burst, so with
# --low-watermark auto D is the first with D - 600 >= D/8, 685, and H is
# 685 - nb_rxd 512 - burst 32 = 141. With --low-watermark 0 the ring of
# 512 covers what 544 descriptors cannot hold: D 544, H 0.
TEST_NAME=hold_auto_model
. "$(dirname "$0")/lib.sh"

CAP="$WORK/burst.pcap"
$PY "$IT_DIR/burstcap.py" "$CAP" 3 600 20000 200 7 || fail "burstcap.py failed"

expect_line() {
	if ! grep -qE -- "$1" "$OUT"; then
		show_run
		fail "stdout: expected a line matching '$1'"
	fi
	log "ok: stdout has '$1'"
}

JSON="$WORK/model.json"
run model -- --replay "$CAP" --hold-us 50000 --hold-seed 3 \
	--replay-full drop --stats-json "$JSON"
expect_clean_run
expect_line '^  rx descriptors port 0 queue 0 +685 +685 +ok auto +nb_rxd 512 \+ burst 32 \+ hold 141$'
expect_line "^  hold 141 \(model: burst.pcap \+ 50000, seeds 3\.\.18, --multiplier 1: D 685 \(the largest seed's 685 \+ headroom 0\) has no miss and no RESOURCES over 1800 packets"
jv d0 'd["rx_queues"][0]["descriptors"]'
expect_eq "rx_queues[0].descriptors" 685 "$d0"

run never -- --replay "$CAP" --hold-us 50000 --low-watermark 0 \
	--replay-full drop
expect_clean_run
expect_line '^  hold 0 \(model: burst.pcap \+ 50000, seeds 1\.\.16, --multiplier 1: D 544 '

# the same at twice the speed: bursts of 15 ms, holds unchanged
run fast -- --replay "$CAP" --hold-us 50000 --multiplier 2 \
	--replay-full drop
expect_clean_run
expect_line '^  hold 141 \(model: burst.pcap \+ 50000, seeds 1\.\.16, --multiplier 2: D 685 '

run default --vdev=net_null0 -- --hold-us 1000 --duration 0.2
expect_clean_run
expect_line '^  rx descriptors port 0 queue 0 .* hold 1024$'
expect_line '^  hold 1024 \(default, not measured: --hold auto takes H from the model with --replay \(timed, internal port\) and --hold-us\)$'

run given --vdev=net_null0 -- --hold-us 1000 --hold 50 --duration 0.2
expect_clean_run
expect_line '^  hold 50 \(--hold 50\)$'

run topspeed -- --replay "$CAP" --hold-us 50000 --topspeed
expect_clean_run
expect_line '^  hold 1024 \(default, not measured'

run none --vdev=net_null0 -- --duration 0.2
expect_clean_run
expect_line '^  hold 0 \(no --hold-us: the consumer returns at once\)$'

log "PASS"
exit 0
