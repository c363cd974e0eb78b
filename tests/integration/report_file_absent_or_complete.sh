#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# report_file_absent_or_complete: a --stats-json file is either absent or
# one complete JSON object. A run that ends with exit 2 (a garbage capture,
# a bad option) leaves no file, not even an empty one, and no temporary
# file; a report already there stays as it was; a run that ends well
# writes a complete report and nothing beside it.
TEST_NAME=report_file_absent_or_complete
. "$(dirname "$0")/lib.sh"

printf 'this is not a capture file\n' >"$WORK/garbage.pcap"
mkdir "$WORK/out"

# no_report LABEL: exit 2, and nothing in $WORK/out
no_report() {
	expect_rc 2
	if [ -n "$(ls -A "$WORK/out")" ]; then
		ls -la "$WORK/out"
		show_run
		fail "$1: exit 2 left files behind (expected none): $(ls -A "$WORK/out" | tr '\n' ' ')"
	fi
	log "ok: $1: exit 2, no report file"
}

R="$WORK/out/r.json"
run garbage_replay -- --replay "$WORK/garbage.pcap" --stats-json "$R"
no_report "--replay of a garbage file"
run garbage_netpcap "--vdev=net_pcap0,rx_pcap=$WORK/garbage.pcap" -- --stats-json "$R"
no_report "net_pcap rx_pcap of a garbage file"
# refused once EAL and the ports are up (the lcore plan)
run bad_lcore --vdev=net_null0 -- --consumer-lcore 9 --duration 1 --stats-json "$R"
no_report "--consumer-lcore 9 (no such lcore)"
# refused while parsing the options
run bad_burst --vdev=net_null0 -- --burst 0 --stats-json "$R"
no_report "--burst 0"

# a directory is no report file
run dir_json --vdev=net_null0 -- --duration 1 --stats-json "$WORK/out"
expect_rc 2
grep -q -- '--stats-json' "$ERR" ||
	fail "--stats-json DIR: expected stderr to name --stats-json, seen: $(head -3 "$ERR")"
log "ok: --stats-json naming a directory: exit 2"

# a run that ends well: one complete report, nothing else
gen_capture "$WORK/in.pcap" 500 3
JSON=$R
run good "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" -- --stats-json "$R"
expect_clean_run
jv v 'sum(q["indicated"] for q in d["rx_queues"])'
expect_eq "good run: indicated" 500 "$v"
[ "$(ls -A "$WORK/out")" = "r.json" ] ||
	fail "good run: expected r.json alone in the directory, seen: $(ls -A "$WORK/out" | tr '\n' ' ')"
log "ok: good run: a complete report, no temporary file left"

# an existing report is left as it was by a run that fails at setup
sum1=$(sha256sum "$R" | cut -d' ' -f1)
run garbage_again -- --replay "$WORK/garbage.pcap" --stats-json "$R"
expect_rc 2
sum2=$(sha256sum "$R" | cut -d' ' -f1)
expect_eq "exit 2 over an existing report: its checksum" "$sum1" "$sum2"
[ "$(ls -A "$WORK/out")" = "r.json" ] ||
	fail "exit 2 over a report: expected r.json alone, seen: $(ls -A "$WORK/out" | tr '\n' ' ')"
log PASS
