#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Multi-queue receive by RSS: --replay F --rxq N spreads the records over
# N queues of the internal port as a NIC does, and nblpmd-advise --rxq N
# splits them the same way. Three counts must agree exactly, queue by
# queue: what the engine indicated on each queue (rx_queues[].indicated),
# what the advisor models on each (advice.queues[].packets), and an
# independent Toeplitz written in the test helper (rsstool.py, itself
# checked against Microsoft's published verification values). On a
# capture of many flows and every kind of frame the hash treats apart
# (rsstool.py gen), with the default key and another one, and on public
# captures (Ethernet, and Linux cooked converted to Ethernet) when
# ../shared/captures is there. Then --replay-full drop misses per ring,
# and --hold auto sizes every queue by the largest D any queue needs.
TEST_NAME=rss_queues
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
[ -n "$ADVISE" ] && [ -x "$ADVISE" ] || skip "nblpmd-advise not given: '$ADVISE'"
RSSTOOL="$PY $IT_DIR/rsstool.py"
CORPUS="$SRC_ROOT/../shared/captures/public"

# the helper's Toeplitz gives the published values
v=$($RSSTOOL selftest) || fail "rsstool.py: $v"
log "ok: $v"

# advise NAME ARGS...: the advisor, output in $OUT/$ERR, exit in RC
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

# split LABEL FILE N [KEY [KEYOPT...]]: the three counts per queue agree
split() {
	local label=$1 file=$2 n=$3 key=${4:-} want kinds seen
	local keyopt=()
	[ -n "$key" ] && keyopt=(--rss-key "$key")
	want=$($RSSTOOL split "$file" "$n" $key) || fail "$label: rsstool split: $want"
	kinds=$(echo "$want" | sed -n 2p | tr ' ' ',')
	want="[$(echo "$want" | head -1 | tr ' ' ',' | sed 's/,/, /g')]"
	log "$label: rsstool.py: packets per queue $want, (l4, l3, none) ($kinds)"

	JSON="$WORK/$label.r.json"
	run "$label" -- --replay "$file" --rxq "$n" "${keyopt[@]}" --topspeed \
		--stats-json "$JSON"
	expect_clean_run
	grep -q "^The run ends by itself" "$OUT" || fail "$label: the run does not end by itself"
	jv seen '[q["indicated"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"]]'
	expect_eq "$label: nblpmd rx_queues[].indicated" "$want" "$seen"
	jv seen '[q["sent"] for q in d["replay"]["queues"]]'
	expect_eq "$label: nblpmd replay.queues[].sent" "$want" "$seen"
	if [ "$n" -gt 1 ]; then
		jv seen '"%d,%d,%d" % (d["replay"]["rss"]["hashed"]["l4"], d["replay"]["rss"]["hashed"]["l3"], d["replay"]["rss"]["hashed"]["none"])'
		expect_eq "$label: nblpmd replay.rss.hashed (l4, l3, none)" "$kinds" "$seen"
		grep -q "^  queue $((n - 1)): sent " "$OUT" ||
			fail "$label: the text report has no line for queue $((n - 1))"
	fi

	JSON="$WORK/$label.a.json"
	advise "$label.a" --capture "$file" --rxq "$n" "${keyopt[@]}" \
		--json "$JSON"
	expect_rc 0
	jv seen '[q["packets"] for q in d["advice"]["queues"]]'
	expect_eq "$label: nblpmd-advise advice.queues[].packets" "$want" "$seen"
	jv seen '[q["queue"] for q in d["advice"]["queues"]]'
	expect_eq "$label: advice.queues[].queue" "$(seq -s ', ' 0 $((n - 1)) | sed 's/^/[/;s/$/]/')" "$seen"
	if [ "$n" -gt 1 ]; then
		jv seen '"%d,%d,%d" % (d["inputs"]["rss"]["hashed"]["l4"], d["inputs"]["rss"]["hashed"]["l3"], d["inputs"]["rss"]["hashed"]["none"])'
		expect_eq "$label: nblpmd-advise inputs.rss.hashed (l4, l3, none)" "$kinds" "$seen"
		jv seen 'd["advice"]["descriptors"] == max(q["descriptors"] for q in d["advice"]["queues"])'
		expect_eq "$label: the advice is the largest D of the queues" True "$seen"
	fi
}

F="$WORK/flows.pcap"
$RSSTOOL gen "$F" 3000 5 || fail "rsstool gen failed"
split flows4 "$F" 4
# every kind of frame was there
jv v 'min(d["inputs"]["rss"]["hashed"].values()) > 100' "$WORK/flows4.a.json"
expect_eq "flows: > 100 frames of each kind (l4, l3, none)" True "$v"
split flows1 "$F" 1
# another key (the default's bytes reversed), three queues
KEY=$($PY -c 'print(bytes.fromhex("6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa")[::-1].hex())')
split flows3key "$F" 3 "$KEY"
jv v 'd["replay"]["rss"]["key"] == "'"$KEY"'" and not d["replay"]["rss"]["key_default"] and d["config"]["rss-key"] == "'"$KEY"'"' "$WORK/flows3key.r.json"
expect_eq "flows3key: the report names the key given" True "$v"
grep -q -- "--rxq 3 --rss-key $KEY" "$WORK/flows3key.a.out" ||
	fail "flows3key: the advisor's nblpmd command line lacks --rxq 3 --rss-key"

# public captures nobody here wrote: one of UDP flows over Ethernet, one
# Linux cooked capture the replay converts to Ethernet
if [ -d "$CORPUS" ]; then
	for f in afs.pcap resp_1_benchmark.pcap; do
		[ -f "$CORPUS/$f" ] || fail "corpus present, $f missing"
		split "pub_${f%.pcap}" "$CORPUS/$f" 4
	done
else
	log "no public corpus at $CORPUS: its part skipped"
fi

# --replay-full drop: each ring misses on its own, and every record is
# accounted for per queue: sent + missed = what RSS gave the queue, and
# the queue took what was sent. 128 descriptors per queue held 200 ms,
# rings of 64, at top speed: the rings overflow.
want=$($RSSTOOL split "$F" 4 | head -1 | tr ' ' ',' | sed 's/,/, /g')
JSON="$WORK/drop.json"
run drop -- --replay "$F" --rxq 4 --topspeed --replay-full drop --rxd 64 \
	--descriptors 128 --low-watermark 0 --hold-us 200000 --stats-json "$JSON"
expect_clean_run
jv v 'sum(q["missed"] for q in d["replay"]["queues"])'
expect_gt "drop: replay.queues[].missed in all" "$v" 0
jv v 'sum(q["missed"] for q in d["replay"]["queues"]) == d["replay"]["missed"]'
expect_eq "drop: the queues' misses add up to replay.missed" True "$v"
jv v '[q["sent"] + q["missed"] for q in d["replay"]["queues"]]'
expect_eq "drop: replay.queues[]: sent + missed" "[$want]" "$v"
jv v '[q["indicated"] for q in d["rx_queues"]] == [q["sent"] for q in d["replay"]["queues"]]'
expect_eq "drop: each queue indicated what the replay sent it" True "$v"
jv v 'all(q["outstanding_max"] <= 128 for q in d["rx_queues"])'
expect_eq "drop: no queue held more than its D" True "$v"

# --hold auto: each queue is modelled on its share, the largest D sizes
# them all, as nblpmd-advise advises. Every packet is held 200 ms and the
# capture lasts 150 ms at 20 000 pps: a queue needs D - W >= its packets.
JSON="$WORK/auto.a.json"
advise auto.a --capture "$F" --rxq 4 --rxd 512 --pps 20000 --hold-us 200000 \
	--json "$JSON"
expect_rc 0
jv d_adv 'd["advice"]["descriptors"]'
jv q_adv 'max(d["advice"]["queues"], key=lambda q: q["descriptors"])["queue"]'
advise auto1.a --capture "$F" --rxd 512 --pps 20000 --hold-us 200000 --json "$WORK/auto1.json"
expect_rc 0
jv d_one 'd["advice"]["descriptors"]' "$WORK/auto1.json"
expect_gt "auto: one queue needs more than the largest of four" "$d_one" "$d_adv"
JSON="$WORK/auto.r.json"
run auto -- --replay "$F" --rxq 4 --pps 20000 --hold-us 200000 \
	--stats-json "$JSON"
expect_clean_run
jv v '[q["descriptors"] for q in d["rx_queues"]]'
expect_eq "auto: nblpmd's D on every queue = the advice" "[$d_adv, $d_adv, $d_adv, $d_adv]" "$v"
grep -qE "^  hold $((d_adv - 544)) \(model: flows.pcap \+ 200000, seeds 1\.\.16, --pps 20000: D $d_adv \(the largest seed's $d_adv \+ headroom 0\) has no miss and no RESOURCES .* on queue $q_adv of 4 \(RSS\)" "$OUT" || {
	show_run; fail "auto: the hold line does not give H $((d_adv - 544)) from queue $q_adv of 4"; }
log PASS
