#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --record-burst-stats: rx_queues[].burst_sizes (how many mbufs each
# rte_eth_rx_burst gave, indexed by size 0..B) and indication_sizes (how
# many NBLs each indication carried), in the JSON report and the final
# report; they add up to the queue's counters. Absent without the option.
TEST_NAME=burst_sizes
. "$(dirname "$0")/lib.sh"

CAP="$WORK/c.pcap"
gen_capture "$CAP" 1000 3

# check NAME B
check() {
	$PY - "$OUT" "$JSON" "$@" <<'PYEOF'
import json, re, sys
out, rep = open(sys.argv[1]).read(), json.load(open(sys.argv[2]))
name, b = sys.argv[3], int(sys.argv[4])
bad = []
for q in rep['rx_queues']:
    bs, ins = q.get('burst_sizes'), q.get('indication_sizes')
    if not isinstance(bs, list) or not isinstance(ins, list):
        print('FAIL %s: burst_sizes / indication_sizes missing: %r' % (name, sorted(q)))
        sys.exit(1)
    if len(bs) != b + 1 or len(ins) != b + 1:
        bad.append('sizes 0..B: expected %d entries, seen %d and %d' % (b + 1, len(bs), len(ins)))
    if sum(i * c for i, c in enumerate(bs)) != q['rx_packets']:
        bad.append('sum of size x rx_burst calls %d: expected rx_packets %d'
                   % (sum(i * c for i, c in enumerate(bs)), q['rx_packets']))
    if sum(i * c for i, c in enumerate(ins)) != q['indicated']:
        bad.append('sum of size x indications %d: expected indicated %d'
                   % (sum(i * c for i, c in enumerate(ins)), q['indicated']))
    if sum(ins) != q['indications'] or ins[0] != 0:
        bad.append('indications %d (none of size 0): expected %d, seen size 0 %d'
                   % (sum(ins), q['indications'], ins[0]))
    if sum(bs) > q['polls']:
        bad.append('rx_burst calls %d: more than the polls %d' % (sum(bs), q['polls']))
    if bs[b] == 0:
        bad.append('no full burst of %d seen' % b)
    # the text lines give the same non-zero sizes
    blk = out.split('Queue port %d queue %d (' % (q['port'], q['queue']))[1]
    for label, arr in (('rx_burst sizes (size x calls)', bs),
                       ('indication sizes (size x indications)', ins)):
        m = re.search(re.escape(label) + r':(.*)$', blk, re.M)
        seen = dict((int(a), int(c)) for a, c in
                    re.findall(r' (\d+) x (\d+)', m.group(1))) if m else None
        want = {i: c for i, c in enumerate(arr) if c}
        if seen != want:
            bad.append('text "%s": expected %r, seen %r' % (label, want, seen))
for b_ in bad:
    print('FAIL %s: %s' % (name, b_))
if not bad:
    q = rep['rx_queues'][0]
    print('ok %s: rx_burst %r, indications %r' % (name,
          {i: c for i, c in enumerate(q['burst_sizes']) if c},
          {i: c for i, c in enumerate(q['indication_sizes']) if c}))
sys.exit(1 if bad else 0)
PYEOF
}

# a capture read once: 1000 records in bursts of 32 and what is left
JSON="$WORK/a.json"
run a --vdev="net_pcap0,rx_pcap=$CAP" -- --record-burst-stats --stats-json "$JSON"
expect_clean_run
check pcap 32 || { show_run; fail "net_pcap: burst sizes wrong (above)"; }
jv rx 'd["rx_queues"][0]["rx_packets"]'
expect_eq "rx_packets" 1000 "$rx"
jv cfg 'd["config"]["record-burst-stats"]'
expect_eq "config.record-burst-stats" True "$cfg"

# net_null, burst 8, remote consumer
JSON="$WORK/b.json"
run b --vdev=net_null0 -- --record-burst-stats --burst 8 --duration 0.3 \
	--consumer-lcore 0 --stats-json "$JSON"
expect_clean_run
check null8 8 || { show_run; fail "net_null burst 8: burst sizes wrong (above)"; }

# off by default: no keys, no lines
JSON="$WORK/c.json"
run c --vdev=net_null0 -- --duration 0.2 --stats-json "$JSON"
expect_clean_run
jv k '[k for k in d["rx_queues"][0] if k.endswith("_sizes")]'
expect_eq "default: no burst sizes in rx_queues[]" "[]" "$k"
jv cfg 'd["config"]["record-burst-stats"]'
expect_eq "default: config.record-burst-stats" False "$cfg"
grep -q 'sizes (size x' "$OUT" && fail "default: burst size lines printed"
log PASS
