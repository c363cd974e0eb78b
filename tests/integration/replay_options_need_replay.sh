#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Replay options without --replay (--loop, --pps, --mbps, --multiplier,
# --topspeed, --preload, --replay-port), on the command line or in a
# profile, exit 2 naming the option; with --replay they are taken.
TEST_NAME=replay_options_need_replay
. "$(dirname "$0")/lib.sh"

N=--vdev=net_null0
for opt in "--loop 2" "--pps 10" "--mbps 1" "--multiplier 2" "--topspeed" \
		"--preload 1000" "--replay-port 0"; do
	name=${opt%% *}
	# shellcheck disable=SC2086
	usage_error "cmd_${name#--}" "$name" "add --replay FILE" -- $N -- \
		$opt --duration 1
done
printf '[nblpmd]\nloop = 0\n' >"$WORK/loop.ini"
usage_error profile_loop "loop.ini:[nblpmd]:loop" "add --replay FILE" -- \
	$N -- --config "$WORK/loop.ini" --duration 1

gen_capture "$WORK/r.pcap" 100 5
JSON="$WORK/replay.json"
run replay -- --replay "$WORK/r.pcap" --loop 2 --topspeed --preload 1000000 \
	--stats-json "$JSON"
expect_clean_run
jv v 'd["replay"]["loops"]'
expect_eq "replay: loops" 2 "$v"
log PASS
