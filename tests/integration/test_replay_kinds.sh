#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --replay into the engine at --topspeed: for every kind of capture the
# generator writes, records == sent + refused (by reason, as the file was
# built), the engine indicates + refuses exactly what was sent, the run
# ends by itself and the audit is clean. Non-Ethernet link types that
# convert are counted as converted; others exit 2 naming the link type.
# A file with a header and no records is an empty capture (exit 0).
TEST_NAME=test_replay_kinds
. "$(dirname "$0")/lib.sh"

[ -n "$CAPGEN" ] && [ -x "$CAPGEN" ] || skip "nblpmd-capgen not built"

N=2000
BAD=$((N / 4))   # capgen: records whose index i has i % 4 == 1

# replay_kind LABEL FILE RECORDS REFUSED REASON [APP OPTIONS...]
replay_kind() {
	local label=$1 cap=$2 want_rec=$3 want_ref=$4 reason=$5
	shift 5
	JSON="$WORK/$label.json"
	run "$label" -- --replay "$cap" --topspeed --stats-json "$JSON" "$@"
	expect_clean_run
	local rec sent ref refr ind qref done
	jv rec 'd["replay"]["records"]'
	jv sent 'd["replay"]["sent"]'
	jv ref 'd["replay"]["refused_total"]'
	jv done 'd["replay"]["complete"]'
	expect_eq "$label: replay.records (records in the file)" "$want_rec" "$rec"
	expect_eq "$label: replay.refused_total" "$want_ref" "$ref"
	expect_eq "$label: replay.sent + refused_total == records" "$rec" "$((sent + ref))"
	expect_eq "$label: replay.complete" True "$done"
	if [ "$reason" != - ]; then
		jv refr "d[\"replay\"][\"refused\"][\"$reason\"]"
		expect_eq "$label: replay.refused.$reason" "$want_ref" "$refr"
	fi
	# the engine accounted for every packet sent on the internal port
	jv ind 'sum(q["indicated"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"])'
	jv qref 'sum(q["refused"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"])'
	expect_eq "$label: engine indicated + refused == replay.sent" "$sent" "$((ind + qref))"
	expect_all_returned
	if grep -q $'\r' "$OUT"; then
		fail "$label: progress line written although stdout is not a terminal"
	fi
}

gen() {
	local out=$1
	shift
	"$CAPGEN" --out "$out" --count $N --seed 4 "$@" >"$WORK/capgen.log" 2>&1 ||
		{ cat "$WORK/capgen.log"; fail "capgen $* failed"; }
}

gen "$WORK/mixed.pcap"
replay_kind mixed "$WORK/mixed.pcap" $N 0 -
replay_kind mixed_pool "$WORK/mixed.pcap" $N 0 - --recycle pool
replay_kind mixed_copy "$WORK/mixed.pcap" $N 0 - --rx-copy
gen "$WORK/cl.pcap" --kind caplen-over-len
replay_kind caplen_over_len "$WORK/cl.pcap" $N $BAD caplen_over_len
gen "$WORK/runt.pcap" --kind runt
replay_kind runt "$WORK/runt.pcap" $N $BAD runt
gen "$WORK/zero.pcap" --kind zero
replay_kind zero "$WORK/zero.pcap" $N $BAD runt
gen "$WORK/over.pcap" --kind oversize
replay_kind oversize "$WORK/over.pcap" $N $BAD oversize
replay_kind oversize_maxframe "$WORK/over.pcap" $N 0 - --max-frame 10000
gen "$WORK/trunc.pcap" --kind truncated
replay_kind truncated "$WORK/trunc.pcap" $N 1 truncated
gen "$WORK/png.pcapng" --format pcapng
replay_kind pcapng "$WORK/png.pcapng" $N 0 -
gen "$WORK/nsec.pcap" --format nsecpcap
replay_kind nsecpcap "$WORK/nsec.pcap" $N 0 -
gen "$WORK/swap.pcap" --swap
replay_kind swapped "$WORK/swap.pcap" $N 0 -
# jumbo: the python generator puts a 9000-byte frame every 5 records
$PCAPTOOL gen "$WORK/jumbo.pcap" 3000 11 5 || fail "pcaptool gen jumbo"
cap_stats "$WORK/jumbo.pcap"
replay_kind jumbo "$WORK/jumbo.pcap" "$CAP_RECORDS" 0 -
jv b 'd["rx_queues"][0]["rx_bytes"]'
[ "$b" = -1 ] || expect_eq "jumbo: bytes indicated (bytes in the file)" "$CAP_BYTES" "$b"

# several files in order, one of them converted
for k in raw-ip sll null-loopback; do
	gen "$WORK/$k.pcap" --kind $k
	replay_kind "conv_$k" "$WORK/$k.pcap" $N 0 -
	jv conv 'd["replay"]["converted"]'
	expect_eq "$k: replay.converted (every record)" $N "$conv"
done
replay_kind two_files "$WORK/mixed.pcap" $((2 * N)) 0 - --replay "$WORK/sll.pcap"
jv conv 'd["replay"]["converted"]'
expect_eq "two files: converted (the SLL file's records)" $N "$conv"
jv files 'd["replay"]["files"]'
expect_eq "two files: replay.files" "['$WORK/mixed.pcap', '$WORK/sll.pcap']" "$files"

# files that cannot be used: exit 2, the message names the file
gen "$WORK/wifi.pcap" --linktype 105
run bad_linktype -- --replay "$WORK/wifi.pcap" --topspeed
expect_rc 2
grep -q "wifi.pcap" "$ERR" || { show_run; fail "bad link type: stderr does not name the file"; }
grep -qi "IEEE802_11\|802.11\|link type\|linktype" "$ERR" ||
	{ show_run; fail "bad link type: stderr does not name the link type"; }
for k in garbage; do
	"$CAPGEN" --out "$WORK/$k.pcap" --kind $k >/dev/null 2>&1
	run "bad_$k" -- --replay "$WORK/$k.pcap" --topspeed
	expect_rc 2
	grep -q "$k.pcap" "$ERR" || { show_run; fail "$k: stderr does not name the file"; }
done
# a header without records is a valid, empty capture
"$CAPGEN" --out "$WORK/empty.pcap" --kind empty >/dev/null 2>&1
replay_kind empty "$WORK/empty.pcap" 0 0 -
run missing -- --replay "$WORK/no_such_file.pcap"
expect_rc 2
grep -q "no_such_file.pcap" "$ERR" || { show_run; fail "missing file: stderr does not name it"; }
log PASS
