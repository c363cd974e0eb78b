#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# nblpmd-advise on a bursty generated capture: 3 bursts of 600 frames at
# 20 000 pps (30 ms each), one every 200 ms, each frame held 50 ms. No NBL
# comes back within a burst and all are back before the next, so 600 are
# held at the end of each burst. With --low-watermark auto (W = D/8) a
# chain is held when D - 600 >= D/8: D 685 (W 85) is the first, D 684
# (W 85) leaves 84 free. A fixed hold is the same for every seed, so the
# seeds agree and the advice has no headroom. The ring is given (--rxd
# 512) where the figures depend on it. Then the table, the sizing lines by
# the rule of docs/design.md#the-sizing-rule-numberofdescriptors, the JSON
# fields, the plots, and exit 2 for bad options and bad captures.
TEST_NAME=advise
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
[ -n "$ADVISE" ] && [ -x "$ADVISE" ] || skip "nblpmd-advise not given: '$ADVISE'"

CAP="$WORK/burst.pcap"
$PY "$IT_DIR/burstcap.py" "$CAP" 3 600 20000 200 7 || fail "burstcap.py failed"

# advise NAME ARGS...: run the advisor, output in $OUT/$ERR, exit in RC
advise() {
	local name=$1
	shift
	OUT="$WORK/$name.out"
	ERR="$WORK/$name.err"
	LAST_CMD="$ADVISE $*"
	log "run: $LAST_CMD"
	timeout -k 5 "$RUN_TIMEOUT" "$ADVISE" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	log "exit code $RC"
}

expect_out() {
	if ! grep -qE -- "$1" "$OUT"; then
		show_run
		fail "stdout: expected a line matching '$1'"
	fi
	log "ok: stdout has '$1'"
}

expect_err() {
	if ! grep -qE -- "$1" "$ERR"; then
		show_run
		fail "stderr: expected '$1'"
	fi
}

# --------------------------------------------------- the advice, by hand
JSON="$WORK/advise.json"
advise advice --capture "$CAP" --hold-us 50000 --hold-seed 3 --rxd 512 \
	--json "$JSON" --plot "$WORK/sweep.png"
expect_rc 0
expect_out '^ +685 +85 +0 +0 +0 +600 +600 +0\.0 +<- this seed.s smallest$'
expect_out '^  min 685, median 685, max 685 \(spread 0\.0 % of the median\)$'
expect_out '^Advice: D 685 = the largest seed.s 685 \+ headroom 0 '
expect_out '^ +684 +85 +0 +[1-9][0-9]* '
expect_out 'receive descriptors D +\*ReceiveBuffers keyword +685 '
expect_out 'hold allowance H .* 141 +D 685 - nb_rxd 512 - burst 32'
expect_out 'NdisAllocateBufferPool NumberOfDescriptors +3425 +D 685 x segs 5'
expect_out 'NdisAllocateNetBufferListPool \(NBLs\) +781 +D 685 \+ lcores 2 x floor\(1.5 x cache 32\)'
expect_out 'mbuf pool count .* 1965 +nb_rxd 512 \+ D 685 \+ nb_txd x txq 512 '
expect_out "--replay $CAP --multiplier 1 --hold-us 50000 --hold-seed 3 --descriptors 685 --rxd 512 --burst 32 --low-watermark auto --replay-full drop"

jv adv '[d["advice"][k] for k in ("descriptors", "hold_allowance", "buffer_descriptors", "nbl_pool", "mbuf_pool")]'
expect_eq "JSON advice (D, H, D x S, NBL pool, mbuf pool)" "[685, 141, 3425, 781, 1965]" "$adv"

# nblpmd at the advice needs exactly the pools the advisor printed
ADV_JSON=$JSON
JSON="$WORK/nblpmd.json"
run nblpmd -- --replay "$CAP" --multiplier 1 --hold-us 50000 --hold-seed 3 \
	--descriptors 685 --rxd 512 --burst 32 --low-watermark auto \
	--replay-full drop --stats-json "$JSON"
expect_clean_run
jv need '[l["needed"] for l in d["sizing"] if l["quantity"] in ("NBL pool", "mbuf pool")]'
JSON=$ADV_JSON
jv adv '[d["advice"]["nbl_pool"], d["advice"]["mbuf_pool"]]'
expect_eq "the advisor's NBL and mbuf pools are nblpmd's needed" "$need" "$adv"
jv seeds '[d["advice"]["seeds"][k] for k in ("count", "first", "min", "median", "max", "headroom", "failed")] + [len(d["advice"]["seeds"]["per_seed"]), d["advice"]["rxd"]]'
expect_eq "JSON advice.seeds (count, first, min, median, max, headroom, failed, per_seed entries), rxd" "[16, 3, 685, 685, 685, 0, 0, 16, 512]" "$seeds"
jv keys '(set(d["sweep"][0].keys()) >= {"descriptors", "missed", "resources_nbls", "resources_indications", "held_max", "held_p999", "empty_us"} and all(r.keys() == d["sweep"][0].keys() for r in d["sweep"]))'
expect_eq "JSON sweep[] rows have every field" "True" "$keys"
jv inp '(d["inputs"]["packets"], d["inputs"]["records"], d["inputs"]["hold_us"], d["inputs"]["hold_seed"], d["inputs"]["rxd"], d["inputs"]["burst"], d["inputs"]["low_watermark"])'
expect_eq "JSON inputs" "(1800, 1800, '50000', 3, 512, 32, 'auto')" "$inp"
jv order 'all(a["descriptors"] < b["descriptors"] for a, b in zip(d["sweep"], d["sweep"][1:]))'
expect_eq "JSON sweep[] by increasing D" "True" "$order"
jv first 'd["sweep"][0]["descriptors"]'
expect_eq "first D tried: nb_rxd + burst" 544 "$first"
jv below '[(r["resources_nbls"] > 0, r["missed"]) for r in d["sweep"] if r["descriptors"] == 684]'
expect_eq "D 684: RESOURCES, no miss" "[(True, 0)]" "$below"
jv above 'all(r["missed"] == 0 and r["resources_nbls"] == 0 for r in d["sweep"] if r["descriptors"] >= 685)'
expect_eq "every D >= 685 tried meets the targets" "True" "$above"

# a PNG: the 8-byte signature and an IHDR chunk
sig=$($PY -c "import sys; b=open(sys.argv[1],'rb').read(); print(b[:8]==b'\x89PNG\r\n\x1a\n' and b[12:16]==b'IHDR' and len(b) > 2000)" "$WORK/sweep.png")
expect_eq "sweep.png is a PNG" "True" "$sig"

# --------------------------------------------------------- targets
advise lossy --capture "$CAP" --hold-us 50000 --hold-seed 3 --rxd 512 \
	--resources-target 0.01 --json "$WORK/lossy.json"
expect_rc 0
JSON="$WORK/lossy.json"
# 1 % of 1800 packets: 18 RESOURCES NBLs, 6 per burst, so 594 held:
# D - D/8 >= 594 first holds at D 678 (W 84)
jv adv 'd["advice"]["descriptors"]'
expect_eq "advice with --resources-target 0.01" 678 "$adv"

advise never --capture "$CAP" --hold-us 50000 --low-watermark 0 --rxd 512 \
	--json "$WORK/never.json"
expect_rc 0
JSON="$WORK/never.json"
jv res 'sum(r["resources_nbls"] for r in d["sweep"])'
expect_eq "--low-watermark 0: no RESOURCES in any row" 0 "$res"
# 600 held and a ring of 512 behind them: D 544 misses nothing
jv adv '(d["advice"]["descriptors"], d["inputs"]["low_watermark"])'
expect_eq "--low-watermark 0: the ring covers the rest" "(544, '0')" "$adv"
expect_out "--low-watermark 0 --replay-full drop"

advise none --capture "$CAP" --hold-us 50000 --rxd 512 --max-descriptors 600
expect_rc 1
expect_out '^No D up to 600 meets the targets for every seed'

# refusals as --replay counts them: a truncated tail, an unreadable rest
$PY - "$CAP" "$WORK/trunc.pcap" "$WORK/unread.pcap" <<'PYEOF'
import struct, sys
d = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(d[:-37])
open(sys.argv[3], 'wb').write(d + struct.pack('<IIII', 1700000009, 0,
                                              0x7fffffff, 0x7fffffff) + b'x' * 64)
PYEOF
advise trunc --capture "$WORK/trunc.pcap" --hold-us 50000
expect_rc 0
expect_out '^  1800 records, 1799 packets delivered, 1 refused \(truncated 1\)'
advise unread --capture "$WORK/unread.pcap" --hold-us 50000 --rxd 512
expect_rc 0
expect_out '^  1801 records, 1800 packets delivered, 1 refused \(unreadable 1\)'
expect_out 'warning: libpcap cannot read past a point: .*unread.pcap: record 1800'
expect_out '^ +685 +85 +0 +0 +0 +600 +600 +0\.0 +<- this seed.s smallest$'

# --------------------------------------------------------- SVG
advise svg --capture "$CAP" --hold-us exp:20000 --plot "$WORK/sweep.svg"
expect_rc 0
svg=$($PY -c "import sys, xml.dom.minidom as m; print(m.parse(sys.argv[1]).documentElement.tagName)" "$WORK/sweep.svg" 2>&1)
expect_eq "sweep.svg parses as XML with an svg root" "svg" "$svg"

# gnuplot missing: exit 2 at start, before any work
OUT="$WORK/nognuplot.out"
ERR="$WORK/nognuplot.err"
env PATH=/nonexistent "$ADVISE" --capture "$CAP" --plot "$WORK/x.png" \
	>"$OUT" 2>"$ERR" </dev/null
RC=$?
expect_rc 2
expect_err 'gnuplot is not on PATH'
if grep -q Sweep "$OUT"; then
	fail "the sweep ran although gnuplot is missing"
fi

# --------------------------------------------------------- bad input
bad() {
	local want=$1
	shift
	advise bad "$@"
	expect_rc 2
	expect_err "$want"
	log "ok: exit 2 naming '$want'"
}
bad "--rxd: '0'" --capture "$CAP" --rxd 0
bad "--burst: '9999'" --capture "$CAP" --burst 9999
bad "--hold-us: 'exp:-1'.*uniform:MIN-MAX" --capture "$CAP" --hold-us exp:-1
bad "--hold-us: 'uniform:5-1'" --capture "$CAP" --hold-us uniform:5-1
bad "--low-watermark: 'x'" --capture "$CAP" --low-watermark x
bad "--loss-target: '2'" --capture "$CAP" --loss-target 2
bad "--resources-target: '-1'" --capture "$CAP" --resources-target -1
bad "--plot: '$WORK/x.jpg'" --capture "$CAP" --plot "$WORK/x.jpg"
bad "--pps: '5' conflicts" --capture "$CAP" --multiplier 2 --pps 5
bad "--multiplier: '0'" --capture "$CAP" --multiplier 0
bad "--max-descriptors 100: below" --capture "$CAP" --rxd 512 --max-descriptors 100
bad "no capture" --hold-us 100
bad "--frobnicate: unknown option" --capture "$CAP" --frobnicate
bad "'extra': unexpected argument" --capture "$CAP" extra
bad "--capture $WORK/missing.pcap: .*No such file" --capture "$WORK/missing.pcap"
printf 'this is not a capture at all, just text\n' >"$WORK/garbage.pcap"
bad "--capture $WORK/garbage.pcap: " --capture "$WORK/garbage.pcap"
: >"$WORK/empty.pcap"
bad "--capture $WORK/empty.pcap: " --capture "$CAP" --capture "$WORK/empty.pcap"
bad "--capture $WORK: " --capture "$WORK"

log "PASS"
exit 0
