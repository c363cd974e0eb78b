#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# JSON report: parses, has every documented key with numbers where numbers
# are due, and agrees with the final display (Forward statistics) and with
# the capture it replayed.
TEST_NAME=json_report
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 2500 8
cap_stats "$WORK/in.pcap"

# fwd_rx PORT: RX-packets of "Forward statistics for port PORT" on stdout;
# PORT "all": the accumulated block
fwd_rx() {
	awk -v p="$1" '
		p != "all" && /[Ff]orward statistics for port/ {
			n = $0; sub(/.*port[ \t]*/, "", n); sub(/[^0-9].*/, "", n)
			inblk = (n == p); next }
		p == "all" && /[Aa]ccumulated/ { inblk = 1; next }
		inblk && /RX-packets:/ {
			s = $0; sub(/.*RX-packets:[ \t]*/, "", s); sub(/[^0-9].*/, "", s)
			print s; exit }' "$OUT"
}

check_report() {
	local label=$1
	r=$($PCAPTOOL json-keys "$JSON" 2>&1) || { head -c 2000 "$JSON"; echo; fail "$label: $r"; }
	log "ok: $label: $r"
	jv t 'all(isinstance(p[k], int) for p in d["ports"] for k in ("port","rx_packets","rx_bytes","rx_missed","rx_errors","rx_nombuf","tx_packets","tx_bytes","tx_errors"))'
	expect_eq "$label: ports[] counters are integers" True "$t"
	jv t 'all(isinstance(q[k], int) for q in d["rx_queues"] for k in ("port","queue","descriptors","indicated","returned","recycled_inplace","freed_to_pool","resources_indications","fill_stalls","outstanding_max"))'
	expect_eq "$label: rx_queues[] counters are integers" True "$t"
	jv t 'all(isinstance(p[k], int) for p in d["pools"] for k in ("count","cache_size","in_use","allocs","frees","alloc_failures"))'
	expect_eq "$label: pools[] counters are integers" True "$t"
	jv t 'all(isinstance(p["name"], str) and p["name"] for p in d["ports"] + d["pools"])'
	expect_eq "$label: ports[].name and pools[].name are non-empty strings" True "$t"
	jv t 'isinstance(d["elapsed_s"], (int, float)) and d["elapsed_s"] > 0 and isinstance(d["rx_pps"], (int, float))'
	expect_eq "$label: elapsed_s > 0 and rx_pps numeric" True "$t"
	jv t 'all(q["descriptors"] > 0 for q in d["rx_queues"]) and all(p["count"] > 0 for p in d["pools"])'
	expect_eq "$label: descriptors > 0 and pools[].count > 0" True "$t"
	# rx_pps = indicated / elapsed_s (5 % + 1 slack for rounding)
	jv t 'abs(d["rx_pps"] - sum(q["indicated"] for q in d["rx_queues"]) / d["elapsed_s"]) <= 0.05 * d["rx_pps"] + 1'
	if [ "$t" != True ]; then
		jv a '(d["rx_pps"], sum(q["indicated"] for q in d["rx_queues"]), d["elapsed_s"])'
		fail "$label: rx_pps: expected indicated / elapsed_s, seen (rx_pps, indicated, elapsed_s) = $a"
	fi
	log "ok: $label: rx_pps = indicated / elapsed_s"
	# the display agrees with the JSON
	local nports p disp js
	jv nports 'len(d["ports"])'
	for p in $(seq 0 $((nports - 1))); do
		disp=$(fwd_rx "$p")
		[ -n "$disp" ] || { show_run; fail "$label: no 'Forward statistics for port $p' block with RX-packets on stdout"; }
		jv js "[x for x in d['ports'] if x['port'] == $p][0]['rx_packets']"
		expect_eq "$label: port $p RX-packets, display vs JSON" "$js" "$disp"
	done
	disp=$(fwd_rx all)
	jv js 'sum(p["rx_packets"] for p in d["ports"])'
	expect_eq "$label: accumulated RX-packets, display vs JSON" "$js" "${disp:-<none>}"
	# every queue's indicated figure appears in the NBL section
	local q
	jv q '" ".join(str(q["indicated"]) for q in d["rx_queues"])'
	for v in $q; do
		grep -qw -- "$v" "$OUT" ||
			fail "$label: indicated $v (JSON) does not appear on the display"
	done
	log "ok: $label: per-queue indicated appears on the display"
}

JSON="$WORK/pcap.json"
run pcap "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --stats-json "$JSON"
expect_clean_run
check_report pcap
jv v 'd["ports"][0]["rx_packets"]'
expect_eq "pcap: ports[0].rx_packets" "$CAP_RECORDS" "$v"
jv v 'd["ports"][0]["rx_bytes"]'
expect_eq "pcap: ports[0].rx_bytes" "$CAP_BYTES" "$v"
jv v 'd["ports"][0]["name"]'
case "$v" in *net_pcap0*) log "ok: ports[0].name = $v" ;;
	*) fail "ports[0].name: expected to contain net_pcap0, seen $v" ;; esac

# what produced the report: version, EAL arguments, every option's value
# used (auto resolved), the sizing table as printed
run version -- --version
want_version=$(grep -oE '[0-9]+\.[0-9]+\.[0-9]+' "$OUT" | head -1)
JSON="$WORK/made.json"
run made "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --stats-json "$JSON" \
	--burst 16 --recycle pool --pool-cache 16
expect_clean_run
jv v 'd["version"]'
expect_eq "made: version (nblpmd --version)" "$want_version" "$v"
# shellcheck disable=SC2086
want=$($PY -c 'import json, sys; print(json.dumps(sys.argv[1:]))' $EAL "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap")
jv v 'json.dumps(d["eal_args"])'
expect_eq "made: eal_args (the EAL arguments given)" "$want" "$v"
opts=$($NBLPMD -- --help | grep -oE '^  --[a-z0-9-]+' | sed 's/^  --//' | grep -vxE 'help|version' | sort | tr '\n' ' ')
jv v '" ".join(sorted(d["config"])) + " "'
expect_eq "made: config keys (every option of --help)" "$opts" "$v"
jv v '[k for k, x in d["config"].items() if x == "unknown"]'
expect_eq "made: config values the report could not read" "[]" "$v"
jv v '(d["config"]["burst"], d["config"]["recycle"], d["config"]["pool-cache"], d["config"]["fwd"])'
expect_eq "made: config burst, recycle, pool-cache, fwd as given" "(16, 'pool', 16, 'rxonly')" "$v"
jv v 'd["config"]["descriptors"] == d["rx_queues"][0]["descriptors"] and d["config"]["descriptors"] > 0'
expect_eq "made: config descriptors (auto) = the D used" True "$v"
jv v 'd["config"]["low-watermark"] == d["rx_queues"][0]["descriptors"] // 8'
expect_eq "made: config low-watermark (auto) = D/8" True "$v"
jv v 'd["config"]["pool-size"] == d["pools"][0]["count"]'
expect_eq "made: config pool-size (auto) = the pool count" True "$v"
jv v '[d["config"][k] for k in ("replay", "replay-port", "pps", "loop", "config", "capture-out")]'
expect_eq "made: options that do not apply (no replay, no profile)" "[[], None, None, None, None, None]" "$v"
# the sizing table: the printed lines, one object each
printed=$(awk '/^Sizing rule/ {on = 1; next} on && /^  quantity/ {next}
	on && NF == 0 {exit} on {print}' "$OUT" | sed -E 's/  +/|/g; s/^\|//' | cut -d'|' -f1-3)
jv v '"\n".join("%s|%d|%d" % (l["quantity"], l["given"], l["needed"]) for l in d["sizing"])'
expect_eq "made: sizing[] (quantity, given, needed) vs the printed table" "$printed" "$v"
jv v 'all(l["verdict"] == "ok" and isinstance(l["auto"], bool) and l["rule"] for l in d["sizing"])'
expect_eq "made: sizing[] verdict ok, auto, rule" True "$v"

# a profile's [eal] args are the EAL arguments used
eal_opts
cat >"$WORK/p.ini" <<INI
[eal]
args = $EAL --vdev=net_pcap0,rx_pcap=$WORK/in.pcap
[nblpmd]
burst = 8
INI
JSON="$WORK/profile.json"
OUT="$WORK/profile.out"
ERR="$WORK/profile.err"
LAST_CMD="$NBLPMD -- --config $WORK/p.ini --stats-json $JSON"
log "run: $LAST_CMD"
timeout -k 5 "$RUN_TIMEOUT" "$NBLPMD" -- --config "$WORK/p.ini" \
	--stats-json "$JSON" >"$OUT" 2>"$ERR" </dev/null
RC=$?
expect_clean_run
# shellcheck disable=SC2086
want=$($PY -c 'import json, sys; print(json.dumps(sys.argv[1:]))' $EAL "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap")
jv v 'json.dumps(d["eal_args"])'
expect_eq "profile: eal_args (the profile's [eal] args)" "$want" "$v"
jv v '(d["config"]["config"], d["config"]["burst"])'
expect_eq "profile: config config, burst" "('$WORK/p.ini', 8)" "$v"

JSON="$WORK/null2.json"
run null2 --vdev=net_null0 --vdev=net_null1 -- --duration 1 --recycle pool \
	--stats-json "$JSON" --stats-period 0.5
expect_clean_run
check_report null2
jv v 'len(d["rx_queues"])'
expect_ge "null2: rx_queues entries (two ports)" "$v" 2
# periodic blocks in testpmd's names, no screen clearing (stdout is a file)
for k in RX-packets RX-missed RX-bytes RX-errors RX-nombuf TX-packets TX-errors TX-bytes Rx-pps Rx-bps Tx-pps Tx-bps; do
	grep -q -- "$k" "$OUT" || fail "null2 --stats-period: expected '$k' on stdout, not found"
done
log "ok: periodic display names"
if grep -q $'\033\[2J\|\033c' "$OUT"; then
	fail "null2: screen-clearing escape codes written to a non-terminal stdout"
fi
log PASS
