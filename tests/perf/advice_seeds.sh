#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The model alone: does the advice (16 seeds, headroom) cover seeds it
# never saw? For each case, nblpmd-advise advises over hold seeds 1..16,
# then sweeps 200 further seeds (17..216) and counts those whose own
# smallest D is above the advice, and those that would meet the targets
# at 0.9 x the advice. No host timing: continuous polling, returns on time.
# Run by hand from the project root, after a build:
#
#   tests/perf/advice_seeds.sh [BUILD_DIR]
#
# ADVICE_CASES overrides the cases: "capture loops multiplier hold;..."
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus="$root/../shared/captures/public"
advise="$root/$build/app/advise/nblpmd-advise"
unseen=${ADVICE_UNSEEN:-200}
[ -x "$advise" ] || { echo "build first: $advise" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no capture corpus at $corpus" >&2; exit 77; }

IFS=';' read -r -a cases <<<"${ADVICE_CASES:-mptcp-v0.pcap 20 1000 exp:100000;mptcp-v0.pcap 20 1000 uniform:50000-150000;afs.pcap 20 10000 exp:50000;afs.pcap 20 10000 uniform:25000-75000;resp_1_benchmark.pcap 40 1 exp:50000;resp_1_benchmark.pcap 40 1 uniform:25000-75000;of10_s4810.pcap 40 2000 exp:50000;of10_s4810.pcap 40 2000 uniform:25000-75000;geonet_v0_and_calm_fast.pcap 40 5000 exp:50000;geonet_v0_and_calm_fast.pcap 40 5000 uniform:25000-75000}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| capture | loop x mult | hold | advice D | seeds 1..16 min/median/max | unseen seeds above D | largest unseen | unseen meeting 0.9 x D |"
echo "|---|---|---|---:|---|---:|---:|---:|"
for c in "${cases[@]}"; do
	read -r cap loops mult hold <<<"$c"
	common=(--capture "$corpus/$cap" --loop "$loops" --multiplier "$mult"
		--hold-us "$hold" --rxd 512)
	if ! "$advise" "${common[@]}" --json "$work/a.json" >/dev/null 2>&1 ||
	   ! "$advise" "${common[@]}" --seeds "$unseen" --hold-seed 17 \
		--json "$work/b.json" >/dev/null 2>&1; then
		echo "| $cap | $loops x $mult | $hold | advisor failed |"
		continue
	fi
	python3 - "$work/a.json" "$work/b.json" "$cap" "$loops x $mult" "$hold" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
adv = a['advice']['descriptors'] if a['advice'] else 0
s = a['seeds']
per = b['seeds']['per_seed']
over = sum(1 for d in per if d == 0 or d > adv)
low = sum(1 for d in per if 0 < d <= int(0.9 * adv))
print("| %s | %s | %s | %d | %d/%d/%d | %d of %d | %d | %d of %d |" % (
	sys.argv[3], sys.argv[4], sys.argv[5], adv, s['min'], s['median'],
	s['max'], over, len(per), max(per), low, len(per)))
PY
done
