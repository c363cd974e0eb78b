#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Does the advice hold? For each public capture and hold-time spec: one
# nblpmd run measures the host, nblpmd-advise advises with --host, and
# --verify replays at the advice and at 0.9 x the advice with hold seeds
# the sweep did not use. Prints one markdown row per case: the advice, the
# seeds' spread, the ring, and per verify run the misses and RESOURCES
# NBLs nblpmd measured (runs that could not keep time are marked "slow").
# Run by hand on an idle machine, from the project root, after a build:
#
#   tests/perf/advice_table.sh [BUILD_DIR]
#
# ADVICE_CASES overrides the cases: "capture loops multiplier hold;..."
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus="$root/../shared/captures/public"
nblpmd="$root/$build/app/nblpmd/nblpmd"
advise="$root/$build/app/advise/nblpmd-advise"
eal="--no-huge -m 1024 --no-pci --no-shconf -l 0-1"
runs=${ADVICE_RUNS:-3}
[ -x "$nblpmd" ] && [ -x "$advise" ] || { echo "build first: $nblpmd" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no capture corpus at $corpus" >&2; exit 77; }

IFS=';' read -r -a cases <<<"${ADVICE_CASES:-mptcp-v0.pcap 20 1000 exp:100000;mptcp-v0.pcap 20 1000 uniform:50000-150000;afs.pcap 20 10000 exp:50000;afs.pcap 20 10000 uniform:25000-75000;resp_1_benchmark.pcap 40 1 exp:50000;resp_1_benchmark.pcap 40 1 uniform:25000-75000;of10_s4810.pcap 40 2000 exp:50000;of10_s4810.pcap 40 2000 uniform:25000-75000;geonet_v0_and_calm_fast.pcap 40 5000 exp:50000;geonet_v0_and_calm_fast.pcap 40 5000 uniform:25000-75000}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| capture | loop x mult | hold | packets | advice D | seeds min/median/max | rxd | at D: missed/RES per run | at 0.9 D: missed/RES per run |"
echo "|---|---|---|---:|---:|---|---:|---|---|"
i=0
for c in "${cases[@]}"; do
	read -r cap loops mult hold <<<"$c"
	i=$((i + 1))
	host="$work/host$i.json"
	# the host, over five times the traffic of a verify run
	"$nblpmd" $eal --file-prefix advtab$$_$i -- --replay "$corpus/$cap" \
		--loop $((loops * 5)) --multiplier "$mult" --hold-us "$hold" \
		--replay-full drop --descriptors 65536 --stats-json "$host" \
		>"$work/host$i.out" 2>&1 || { echo "| $cap | host run failed |"; continue; }
	"$advise" --capture "$corpus/$cap" --loop "$loops" --multiplier "$mult" \
		--hold-us "$hold" --host "$host" --verify --verify-runs "$runs" \
		--nblpmd "$nblpmd" --json "$work/a$i.json" >"$work/a$i.out" 2>&1
	python3 - "$work/a$i.json" "$cap" "$loops x $mult" "$hold" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    print("| %s | %s | %s | no advice |" % tuple(sys.argv[2:5]))
    sys.exit(0)
a = d["advice"] or {}
s = d["seeds"]
def cell(at):
    out = []
    for v in d.get("verify", []):
        if (v["at"] == "advice") != at:
            continue
        m = v["measured"]
        t = "" if v["judged"] else " (host too slow)"
        out.append("%d/%d%s" % (m["missed"], m["resources_nbls"], t))
    return ", ".join(out) or "-"
print("| %s | %s | %s | %d | %s | %d/%d/%d | %s | %s | %s |" % (
    sys.argv[2], sys.argv[3], sys.argv[4], d["inputs"]["packets"],
    a.get("descriptors", "none"), s["min"], s["median"], s["max"],
    a.get("rxd", "-"), cell(True), cell(False)))
PY
done
