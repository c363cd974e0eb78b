#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --record-core-cycles, as testpmd's: per RX and consumer lcore, the
# packets it moved, its busy and idle TSC cycles (a pass of the loop that
# moved packets, one that moved none) and "CPU cycles/packet", in the
# text report, the JSON report (lcores[].cycles) and telemetry
# (/nblpmd/lcores). The packets are the queues' own counts; busy and idle
# add up to the loop's time, bounded by the run's; a slow replay is
# mostly idle; without the option nothing is counted.
TEST_NAME=core_cycles
. "$(dirname "$0")/lib.sh"

N=--vdev=net_null0
JSON="$WORK/null.json"
run null $N -- --record-core-cycles --duration 0.5 --stats-json "$JSON"
expect_clean_run
# the RX lcore (lcore 1, local consumer): every NBL its queue indicated
jv v '[(l["lcore"], l["cycles"]["packets"]) for l in d["lcores"] if l["cycles"]]'
jv want '[(1, sum(q["indicated"] for q in d["rx_queues"]))]'
expect_eq "null: lcores with cycles (lcore, packets = indicated)" "$want" "$v"
jv v 'all(abs(l["cycles"]["cycles_per_packet"] - l["cycles"]["busy_cycles"] / l["cycles"]["packets"]) < 1e-9 * l["cycles"]["cycles_per_packet"] for l in d["lcores"] if l["cycles"])'
expect_eq "null: cycles_per_packet = busy_cycles / packets" True "$v"
jv v 'all(0 < l["cycles"]["busy_cycles"] + l["cycles"]["idle_cycles"] <= d["elapsed_s"] * l["cycles"]["tsc_hz"] * 1.05 + l["cycles"]["tsc_hz"] * 0.05 for l in d["lcores"] if l["cycles"])'
expect_eq "null: busy + idle cycles within the run's time" True "$v"
jv v 'all(l["cycles"]["busy_passes"] <= l["cycles"]["packets"] and l["cycles"]["busy_passes"] > 0 for l in d["lcores"] if l["cycles"])'
expect_eq "null: busy passes counted, at most one per packet" True "$v"
jv want '"CPU cycles/packet=%.2f (busy cycles=%d / packets=%d)" % ((lambda c: (c["cycles_per_packet"], c["busy_cycles"], c["packets"]))([l["cycles"] for l in d["lcores"] if l["cycles"]][0]))'
grep -qF -- "$want" "$OUT" || { show_run; fail "null: text line '$want' not printed"; }
log "ok: text: $want"

# a slow replay: the RX lcore waits for packets most of the time
gen_capture "$WORK/r.pcap" 300 9
JSON="$WORK/slow.json"
run slow -- --replay "$WORK/r.pcap" --pps 1000 --record-core-cycles \
	--stats-json "$JSON"
expect_clean_run
jv v '[(l["cycles"]["packets"], l["cycles"]["idle_cycles"] > l["cycles"]["busy_cycles"], l["cycles"]["idle_passes"] > 0) for l in d["lcores"] if l["cycles"]]'
expect_eq "slow: packets, idle > busy, idle passes" "[(300, True, True)]" "$v"

# a consumer on another lcore: each lcore counts what it moved
JSON="$WORK/remote.json"
run remote $N -- --record-core-cycles --consumer-lcore 0 --duration 0.5 \
	--stats-json "$JSON"
expect_clean_run
jv v 'sorted((l["lcore"], len(l["rx_queues"]), len(l["consumer_queues"])) for l in d["lcores"] if l["cycles"])'
expect_eq "remote: lcores (id, RX queues, consumer queues)" "[(0, 0, 1), (1, 1, 0)]" "$v"
jv v '[l["cycles"]["packets"] for l in d["lcores"] if l["lcore"] == 1] == [d["rx_queues"][0]["indicated"]]'
expect_eq "remote: RX lcore packets = indicated" True "$v"
jv v '[l["cycles"]["packets"] for l in d["lcores"] if l["lcore"] == 0][0] == d["rx_queues"][0]["consumer"]["consumed"]'
expect_eq "remote: consumer lcore packets = consumed" True "$v"

# without the option: lcores[] says who did what, nothing is counted
JSON="$WORK/off.json"
run off $N -- --duration 0.2 --stats-json "$JSON"
expect_clean_run
jv v '([l["cycles"] for l in d["lcores"]], d["config"]["record-core-cycles"])'
expect_eq "off: cycles, config" "([None, None], False)" "$v"
grep -qF "CPU cycles/packet" "$OUT" && fail "off: cycles printed without the option"

# telemetry, while it runs
JSON="$WORK/tele.json"
run_bg tele $N -- --record-core-cycles --stats-json "$JSON"
tele_start
sleep 1
tq "$WORK/tele.txt" /nblpmd/lcores
kill -TERM "$BGPID"
wait_bg 20
expect_clean_run
v=$($PY -c '
import json, sys
for ln in open(sys.argv[1]):
    if ln.startswith("{"):
        t = json.loads(ln).get("/nblpmd/lcores")
        if t is not None:
            l = t["1"]
            print(l["recorded"], l["packets"] > 0, l["busy_cycles"] > 0,
                  l["cycles_per_packet"] > 0, l["rx_queues"])
' "$WORK/tele.txt")
expect_eq "telemetry /nblpmd/lcores: lcore 1 (recorded, packets, busy, cycles/packet, RX queues)" "1 True True True 1" "$v"
log PASS
