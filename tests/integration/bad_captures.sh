#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# bad records in a capture (docs/design.md#errors-exit-codes-and-bad-input):
# refused and counted by reason, the run goes on and still ends by itself;
# every record read is accounted for. Uses nblpmd-capgen's bad kinds (skip without it).
TEST_NAME=bad_captures
. "$(dirname "$0")/lib.sh"

if [ -z "$CAPGEN" ] || [ ! -x "$CAPGEN" ]; then skip "nblpmd-capgen not built"; fi
N=200
NFAIL=0
soft_fail() { log "FAIL: $*"; NFAIL=$((NFAIL + 1)); }

# kind -> records that are bad (capgen: index i with i % 4 == 1)
NBAD=$($PY -c "print(sum(1 for i in range($N) if i % 4 == 1))")

# refused before the engine (the pre-scan's reasons) or by the queue
refused_expr='sum(c["refused"] for c in d["capture"])'

for kind in runt zero oversize; do
	"$CAPGEN" --out "$WORK/$kind.pcap" --kind "$kind" --count $N >/dev/null ||
		fail "capgen --kind $kind failed"
	JSON="$WORK/$kind.json"
	run "$kind" "--vdev=net_pcap0,rx_pcap=$WORK/$kind.pcap" -- --stats-json "$JSON"
	expect_clean_run
	jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
	jv ref "$refused_expr"
	if [ "$ind" != $((N - NBAD)) ] || [ "$ref" != "$NBAD" ]; then
		soft_fail "$kind: (indicated, refused): expected ($((N - NBAD)), $NBAD), seen ($ind, $ref); command: $LAST_CMD"
	else
		log "ok: $kind: indicated $ind, refused $ref"
	fi
	expect_all_returned
done

# captured length over original length: net_pcap reads the file itself and
# would deliver such records as captured; the pre-scan knows which they
# are and the queue refuses them before the engine sees them, as --replay
# does (test_replay_kinds.sh)
kind=caplen-over-len
"$CAPGEN" --out "$WORK/$kind.pcap" --kind "$kind" --count $N >/dev/null ||
	fail "capgen --kind $kind failed"
JSON="$WORK/$kind.json"
run "$kind" "--vdev=net_pcap0,rx_pcap=$WORK/$kind.pcap" -- --stats-json "$JSON"
expect_clean_run
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_eq "$kind: indicated (the good records)" $((N - NBAD)) "$ind"
jv col 'sum(c["refused_by_reason"]["caplen_over_len"] for c in d["capture"])'
expect_eq "$kind: capture[].refused_by_reason.caplen_over_len" "$NBAD" "$col"
jv col 'sum(c["caplen_over_len"] for c in d["capture"])'
expect_eq "$kind: capture[].caplen_over_len" "$NBAD" "$col"
if ! grep -q "caplen_over_len $NBAD" "$OUT"; then
	soft_fail "$kind: expected the start line to name $NBAD caplen_over_len refusals, seen: $(grep -i '^Capture' "$OUT" | head -2 | tr '\n' '|'); command: $LAST_CMD"
fi
expect_all_returned

# a truncated last record: the run ends by itself, the whole records are
# indicated and the cut one is reported
"$CAPGEN" --out "$WORK/trunc.pcap" --kind truncated --count $N >/dev/null ||
	fail "capgen --kind truncated failed"
JSON="$WORK/trunc.json"
run truncated "--vdev=net_pcap0,rx_pcap=$WORK/trunc.pcap" -- --stats-json "$JSON"
expect_clean_run
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_eq "truncated: indicated (whole records)" $((N - 1)) "$ind"
jv lost 'd.get("lost", 0) + sum(c.get("refused", 0) + c.get("lost", 0) for c in d.get("capture", []))'
if ! grep -qi 'truncat' "$OUT" "$ERR" && ! grep -qw "$N records" "$OUT" && [ "$lost" = 0 ]; then
	soft_fail "truncated: expected the output to report the truncated last record ('truncat', '$N records' or a refused/lost count), seen: $(grep -i "^ *capture" "$OUT" | head -2 | tr '\n' '|'); command: $LAST_CMD"
else
	log "ok: truncated: reported: $(grep -hiE "truncat|$N records" "$OUT" "$ERR" | head -1)"
fi

# an empty capture: nothing to do, the run ends at once, exit 0
"$CAPGEN" --out "$WORK/empty.pcap" --kind empty >/dev/null || fail "capgen --kind empty failed"
JSON="$WORK/empty.json"
run empty "--vdev=net_pcap0,rx_pcap=$WORK/empty.pcap" -- --stats-json "$JSON"
expect_clean_run
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_eq "empty: indicated" 0 "$ind"

[ $NFAIL -eq 0 ] || fail "$NFAIL bad-record case(s) not handled as docs/design.md#errors-exit-codes-and-bad-input says (see above)"
log PASS
