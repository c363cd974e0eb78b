#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --replay-full wait|drop. The internal port's ring is the NIC's RX ring:
# exactly --rxd entries. With drop, a packet whose deadline finds it full
# is dropped and counted (replay.missed, the port's rx_missed) and the
# replay never waits on the ring, so the other packets keep their timing:
# records = sent + refused + missed. With wait (the default) nothing is
# missed. drop needs the internal port and a replay.
TEST_NAME=replay_full
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 3000 21
cap_stats "$WORK/in.pcap"
RING=(--rxd 64 --burst 32 --descriptors 128 --low-watermark 0)

# accounting JSON: records = sent + refused + missed, rx_missed = missed
accounting() {
	local label=$1 r s f m pm
	jv r 'd["replay"]["records"]'
	jv s 'd["replay"]["sent"]'
	jv f 'd["replay"]["refused_total"]'
	jv m 'd["replay"]["missed"]'
	expect_eq "$label: replay.records (records in the file)" "$CAP_RECORDS" "$r"
	expect_eq "$label: records = sent + refused + missed" "$r" $((s + f + m))
	jv pm '[p["rx_missed"] for p in d["ports"] if p["port"] == d["replay"]["port"]][0]'
	expect_eq "$label: rx_missed of the internal port = replay.missed" "$m" "$pm"
	jv fm 'sum(x["missed"] for x in d["replay"]["per_file"])'
	expect_eq "$label: per_file missed adds up" "$m" "$fm"
}

# 1. topspeed into a ring of 64 with a consumer that holds all 128
# descriptors for 100 s: nothing comes back, so whatever the engine and
# the ring do not take is missed. The run ends when nothing more comes
# (the source goes idle) or on --duration.
JSON="$WORK/topspeed.json"
run topspeed -- --replay "$WORK/in.pcap" --topspeed --replay-full drop \
	"${RING[@]}" --hold-us 100000000 --duration 3 --stats-json "$JSON"
expect_clean_run
accounting topspeed
jv m 'd["replay"]["missed"]'
expect_gt "topspeed: missed" "$m" 0
grep -qE "missed: +$m " "$OUT" || { show_run; fail "topspeed: the final report does not show missed: $m"; }
jv ind 'd["rx_queues"][0]["indicated"]'
jv s 'd["replay"]["sent"]'
jv u 'd["replay"]["unsent_at_stop"]'
expect_eq "topspeed: sent = indicated + unsent_at_stop" "$s" $((ind + u))

# 1b. the same at 5000 packets per second: the engine fills its 128
# descriptors, then the ring fills to exactly --rxd (64), then every
# packet is missed
JSON="$WORK/exact.json"
run exact -- --replay "$WORK/in.pcap" --pps 5000 --replay-full drop \
	"${RING[@]}" --hold-us 100000000 --duration 3 --stats-json "$JSON"
expect_clean_run
accounting exact
jv ind 'd["rx_queues"][0]["indicated"]'
expect_eq "exact: indicated (every descriptor held)" 128 "$ind"
jv u 'd["replay"]["unsent_at_stop"]'
expect_eq "exact: unsent_at_stop (the ring is exactly --rxd)" 64 "$u"
jv s 'd["replay"]["sent"]'
expect_eq "exact: sent = D 128 + ring 64" 192 "$s"

# 2. the same capture and a 20 ms hold, waiting: nothing missed, every
# packet indicated, and the replay waited for the ring
JSON="$WORK/wait.json"
run wait -- --replay "$WORK/in.pcap" --topspeed --replay-full wait \
	"${RING[@]}" --hold-us 20000 --stats-json "$JSON"
expect_clean_run
accounting wait
jv m 'd["replay"]["missed"]'
expect_eq "wait: missed" 0 "$m"
jv w 'd["replay"]["waits"]'
expect_gt "wait: waits (the ring was full)" "$w" 0
jv ind 'd["rx_queues"][0]["indicated"]'
jv s 'd["replay"]["sent"]'
expect_eq "wait: indicated = sent" "$s" "$ind"
expect_all_returned
# the default is wait
JSON="$WORK/default.json"
run default -- --replay "$WORK/in.pcap" --topspeed "${RING[@]}" \
	--hold-us 20000 --stats-json "$JSON"
expect_clean_run
jv fl 'd["replay"]["full"]'
expect_eq "default: replay.full" wait "$fl"

# 3. timed (20000 pps) with a 50 ms hold: packets arriving while the ring
# is full are missed, the replay never waits on the ring
JSON="$WORK/timed.json"
run timed -- --replay "$WORK/in.pcap" --pps 20000 --replay-full drop \
	"${RING[@]}" --hold-us 50000 --stats-json "$JSON"
expect_clean_run
accounting timed
jv m 'd["replay"]["missed"]'
expect_gt "timed: missed" "$m" 0
jv w 'd["replay"]["waits"]'
expect_eq "timed: waits (drop never waits on the ring)" 0 "$w"
jv fl 'd["replay"]["full"]'
expect_eq "timed: replay.full" drop "$fl"
jv ind 'd["rx_queues"][0]["indicated"]'
jv s 'd["replay"]["sent"]'
expect_eq "timed: indicated = sent" "$s" "$ind"
expect_all_returned

# 4. usage errors
for args in "--replay-full drop --duration 1" \
	"--replay $WORK/in.pcap --replay-full drop --replay-port 0" \
	"--replay $WORK/in.pcap --replay-full sometimes"; do
	# shellcheck disable=SC2086
	run usage --vdev=net_null0 -- $args
	expect_rc 2
	grep -qF -- "--replay-full" "$ERR" || { show_run; fail "'$args': stderr does not name --replay-full"; }
	log "ok: '$args': exit 2: $(head -1 "$ERR")"
done
log PASS
