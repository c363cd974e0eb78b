#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --net-buffer separate (R2): NBLs from a plain NBL pool, their NBs from a
# separate NB pool. In place and pool mode on net_null, a capture read to
# its end, --pool-size for both pools, and --rx-copy refused (copy mode
# needs the data area of preallocated NBs).
TEST_NAME=net_buffer_separate
. "$(dirname "$0")/lib.sh"

# the NB pool's JSON entry: name, in use, count, allocations
nb_pool_json() {
	jv nbp '[p["name"] for p in d["pools"]]'
	expect_eq "$1: pools[] names" "['nblpmd_nbl', 'nblpmd_nb']" "$nbp"
	jv nb_in_use '[p for p in d["pools"] if p["name"] == "nblpmd_nb"][0]["in_use"]'
	expect_eq "$1: NB pool in_use at the end" 0 "$nb_in_use"
	jv nbl_in_use '[p for p in d["pools"] if p["name"] == "nblpmd_nbl"][0]["in_use"]'
	expect_eq "$1: NBL pool in_use at the end" 0 "$nbl_in_use"
	jv nb_allocs '[p for p in d["pools"] if p["name"] == "nblpmd_nb"][0]["allocs"]'
	jv nbl_allocs '[p for p in d["pools"] if p["name"] == "nblpmd_nbl"][0]["allocs"]'
	expect_eq "$1: one NB allocated per NBL" "$nbl_allocs" "$nb_allocs"
}

for mode in inplace pool; do
	JSON="$WORK/$mode.json"
	run "$mode" --vdev=net_null0 -- --duration 2 --recycle "$mode" \
		--net-buffer separate --stats-json "$JSON"
	expect_clean_run
	expect_all_returned
	grep -qE '^  NB pool +[0-9]+ +[0-9]+  ok' "$OUT" ||
		{ show_run; fail "$mode: no NB pool line in the sizing table"; }
	grep -q '^  Pool nblpmd_nb ' "$OUT" ||
		{ show_run; fail "$mode: no NB pool in the final report"; }
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	expect_gt "$mode: indicated" "$ind" 0
	jv v 'd["ports"][0]["rx_packets"]'
	expect_gt "$mode: ports[0].rx_packets" "$v" 0
	nb_pool_json "$mode"
	jv d_q 'd["rx_queues"][0]["descriptors"]'
	if [ "$mode" = inplace ]; then
		# the NB stays on its NBL: D allocations at setup, no more
		expect_eq "inplace: NB allocations (== D)" "$d_q" "$nb_allocs"
		jv v 'd["rx_queues"][0]["recycled_inplace"]'
		expect_eq "inplace: recycled_inplace (== indicated)" "$ind" "$v"
	else
		jv v 'd["rx_queues"][0]["freed_to_pool"]'
		expect_eq "pool: freed_to_pool (== indicated)" "$ind" "$v"
		expect_gt "pool: NB allocations (refills)" "$nb_allocs" "$ind"
	fi
done

# a capture read once: every record indicated, nothing leaked
gen_capture "$WORK/in.pcap" 3000 7
cap_stats "$WORK/in.pcap"
JSON="$WORK/pcap.json"
run pcap "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --net-buffer separate \
	--recycle pool --stats-json "$JSON"
expect_clean_run
jv v 'd["capture"][0]["records"]'
expect_eq "pcap: capture[0].records" "$CAP_RECORDS" "$v"
jv v 'd["indicated"]'
expect_eq "pcap: indicated (== records)" "$CAP_RECORDS" "$v"
nb_pool_json pcap

# --pool-size gives both pools
JSON="$WORK/size.json"
run size --vdev=net_null0 -- --duration 1 --net-buffer separate \
	--pool-size 1000 --stats-json "$JSON"
expect_clean_run
jv v '[p["count"] for p in d["pools"]]'
expect_eq "--pool-size 1000: pools[].count" "[1000, 1000]" "$v"
run small --vdev=net_null0 -- --duration 1 --net-buffer separate \
	--pool-size 100
expect_rc 2
grep -q 'sizing rule broken: NB pool: given 100' "$ERR" ||
	{ show_run; fail "--pool-size 100: no message for the NB pool"; }
log "ok: --pool-size 100 refused for the NB pool too"

# copy mode needs preallocated NBs with a data area
run copy --vdev=net_null0 -- --duration 1 --net-buffer separate --rx-copy
expect_rc 2
grep -q 'net-buffer separate with --rx-copy' "$ERR" ||
	{ show_run; fail "--net-buffer separate --rx-copy: no message"; }
log "ok: --net-buffer separate --rx-copy refused with exit 2"
log PASS
