#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# hold model with a small ring: a consumer that keeps every NBL 2 ms drains
# the receive ring: RESOURCES indications are counted (and, with the
# consumer on the other lcore, where RESOURCES NBLs come back through the
# return ring, fill stalls), and everything comes back at the end.
TEST_NAME=hold
. "$(dirname "$0")/lib.sh"

HOLD_OPTS=(--hold-us 2000 --rxd 64 --burst 32 --descriptors 128)

for place in local remote; do
	for mode in inplace pool; do
		label=${place}_$mode
		extra=()
		[ $place = remote ] && extra=(--consumer-lcore 1)
		JSON="$WORK/$label.json"
		run "$label" --vdev=net_null0 -- "${HOLD_OPTS[@]}" "${extra[@]}" \
			--duration 2 --recycle "$mode" --stats-json "$JSON"
		expect_clean_run
		jv d0 'd["rx_queues"][0]["descriptors"]'
		expect_eq "$label: rx_queues[0].descriptors" 128 "$d0"
		jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
		expect_gt "$label: indicated" "$ind" 0
		jv res 'sum(q["resources_indications"] for q in d["rx_queues"])'
		expect_gt "$label: resources_indications" "$res" 0
		jv st 'sum(q["fill_stalls"] for q in d["rx_queues"])'
		if [ $place = remote ]; then
			expect_gt "$label: fill_stalls" "$st" 0
		else
			log "$label: fill_stalls = $st (RESOURCES indications refill the free list at once)"
		fi
		jv om 'max(q["outstanding_max"] for q in d["rx_queues"])'
		expect_gt "$label: outstanding_max" "$om" 0
		if [ "$om" -gt "$d0" ]; then
			fail "$label: outstanding_max: expected <= descriptors $d0, seen $om"
		fi
		# the consumer really held NBLs: outstanding reached the ring size
		# less the low watermark (D/8) at least
		expect_ge "$label: outstanding_max (held by the consumer)" "$om" $((d0 - d0 / 8 - 32))
		expect_all_returned
	done
done

# the hold is honoured: with --hold-us 100000 on a ring of 128, at most
# D NBLs per 100 ms can go through the hold (the rest are RESOURCES
# indications, taken back at once)
for place in local remote; do
	extra=()
	[ $place = remote ] && extra=(--consumer-lcore 1)
	JSON="$WORK/long_$place.json"
	run "long_$place" --vdev=net_null0 -- --hold-us 100000 --rxd 64 --burst 32 \
		--descriptors 128 "${extra[@]}" --duration 1 --stats-json "$JSON"
	expect_clean_run
	jv el 'd["elapsed_s"]'
	jv held 'sum(q["indicated"] - q.get("resources_nbls", 0) for q in d["rx_queues"])'
	limit=$($PY -c "print(int(128 * ($el / 0.1 + 2)))")
	if [ "$held" -gt "$limit" ]; then
		jv c 'd["rx_queues"][0].get("consumer")'
		fail "$place: NBLs that went through a 100 ms hold on a ring of 128 in ${el} s: expected <= $limit, seen $held (consumer: $c)"
	fi
	log "ok: $place: $held NBLs held 100 ms each in $el s (<= $limit)"
	expect_all_returned
done

# a pcap source under the same hold, consumer on the other lcore: the
# capture waits (backpressure) and every record is still delivered
gen_capture "$WORK/in.pcap" 3000 4
cap_stats "$WORK/in.pcap"
for place in local remote; do
	extra=()
	[ $place = remote ] && extra=(--consumer-lcore 1)
	JSON="$WORK/pcap_$place.json"
	run "pcap_$place" "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- \
		"${HOLD_OPTS[@]}" "${extra[@]}" --stats-json "$JSON"
	expect_clean_run
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_eq "pcap $place: indicated (records in file)" "$CAP_RECORDS" "$ind"
	jv res 'sum(q["resources_indications"] for q in d["rx_queues"])'
	if [ $place = local ]; then
		expect_gt "pcap $place: resources_indications" "$res" 0
	else
		jv st 'sum(q["fill_stalls"] for q in d["rx_queues"])'
		expect_gt "pcap $place: fill_stalls" "$st" 0
	fi
	expect_all_returned
done
log PASS
