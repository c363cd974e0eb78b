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
