#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --low-watermark N|auto|0: auto is D/8, N is N, and 0 means never
# RESOURCES: a consumer that holds every NBL then stalls the queue (fill
# stalls, the port is left alone) instead of getting RESOURCES chains.
# The effective value is in the JSON report (rx_queues[].low_watermark).
TEST_NAME=low_watermark
. "$(dirname "$0")/lib.sh"

RING=(--hold-us 100000 --rxd 64 --burst 32 --descriptors 128 --duration 0.5)

# wm LABEL WANT-W RES(>0|0) ARGS...
wm() {
	local label=$1 want=$2 res_want=$3
	shift 3
	JSON="$WORK/$label.json"
	run "$label" --vdev=net_null0 -- "${RING[@]}" "$@" --stats-json "$JSON"
	expect_clean_run
	jv w 'd["rx_queues"][0]["low_watermark"]'
	expect_eq "$label: rx_queues[0].low_watermark" "$want" "$w"
	jv res 'd["rx_queues"][0]["resources_indications"]'
	jv st 'd["rx_queues"][0]["fill_stalls"]'
	jv om 'd["rx_queues"][0]["outstanding_max"]'
	if [ "$res_want" = 0 ]; then
		expect_eq "$label: resources_indications (never RESOURCES)" 0 "$res"
		expect_gt "$label: fill_stalls (the consumer holds everything)" "$st" 0
		expect_eq "$label: outstanding_max (every descriptor held)" 128 "$om"
	else
		expect_gt "$label: resources_indications" "$res" 0
	fi
	expect_all_returned
}

wm auto 16 '>0' --low-watermark auto
wm default 16 '>0'
wm fixed 40 '>0' --low-watermark 40
wm never 0 0 --low-watermark 0
grep -qF "low watermark 0 (never RESOURCES)" "$OUT" ||
	fail "never: the final report does not say 'low watermark 0 (never RESOURCES)'"
# the same in a profile, and a profile value the command line overrides
printf '[nblpmd]\nlow-watermark = 0\n' >"$WORK/never.ini"
wm never_profile 0 0 --config "$WORK/never.ini"
wm profile_overridden 16 '>0' --config "$WORK/never.ini" --low-watermark auto
# consumer on the other lcore: never RESOURCES there too
wm never_remote 0 0 --low-watermark 0 --consumer-lcore 1

for bad in -1 abc 1x; do
	run "bad_$bad" --vdev=net_null0 -- --low-watermark "$bad" --duration 1
	expect_rc 2
	grep -qF -- "--low-watermark" "$ERR" || { show_run; fail "bad $bad: stderr does not name --low-watermark"; }
	grep -qF "auto" "$ERR" || { show_run; fail "bad $bad: stderr does not say what would be right"; }
done
log PASS
