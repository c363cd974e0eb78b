#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --rxq and --rss-key, in nblpmd and nblpmd-advise: a key that is not 80
# hex digits, a key with one queue (nothing to spread), a key without
# --replay or with --replay-port (that port's own RSS decides), and --rxq
# out of range are exit 2 with one line naming the option and what would
# be right; --help states the indirection table. With --replay-port,
# --rxq keeps its meaning: the port's queues, not the internal port's.
TEST_NAME=rss_options
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
[ -n "$ADVISE" ] && [ -x "$ADVISE" ] || skip "nblpmd-advise not given: '$ADVISE'"

KEY=6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa
gen_capture "$WORK/c.pcap" 200 3

# advise_error LABEL NEEDLE... -- ARGS: exit 2, one line naming NEEDLEs
advise_error() {
	local label=$1 needles=() n
	shift
	while [ "$1" != "--" ]; do
		needles+=("$1")
		shift
	done
	shift
	OUT="$WORK/$label.out"
	ERR="$WORK/$label.err"
	LAST_CMD="$ADVISE $*"
	log "run: $LAST_CMD"
	timeout -k 5 "$RUN_TIMEOUT" "$ADVISE" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 2
	for n in "${needles[@]}"; do
		grep -qiF -- "$n" "$ERR" || { show_run; fail "$label: stderr lacks '$n'"; }
	done
	[ "$(wc -l <"$ERR")" = 1 ] || { show_run; fail "$label: more than one line on stderr"; }
	[ -s "$OUT" ] && { show_run; fail "$label: the advisor printed an advice"; }
	log "ok: $label: exit 2 naming ${needles[*]}"
}

C="$WORK/c.pcap"
usage_error short "--rss-key: '6d5a' is not an RSS key" \
	"4 hexadecimal digits where a key has 80" "give 80 hexadecimal digits" -- -- --replay "$C" --rxq 2 --rss-key 6d5a
usage_error notHex "--rss-key" "'z' at position 3" -- -- --replay "$C" \
	--rxq 2 --rss-key "6dz${KEY:3}"
usage_error oneQueue "--rss-key" "add --rxq N" -- -- --replay "$C" \
	--rss-key "$KEY"
usage_error noReplay "--rss-key" "add --replay FILE" -- --vdev=net_null0 -- \
	--rxq 2 --rss-key "$KEY" --duration 1
usage_error replayPort "--rss-key" "--replay-port 0" "own RSS" -- \
	--vdev=net_null0 -- --replay "$C" --replay-port 0 --rxq 2 \
	--rss-key "$KEY"
usage_error rxq9 "--rxq: '9' is not valid" "from 1 to 8" -- -- --replay "$C" --rxq 9
printf '[nblpmd]\nrss-key = 00\n' >"$WORK/key.ini"
usage_error profileKey "key.ini:[nblpmd]:rss-key" "2 hexadecimal digits where" -- \
	-- --config "$WORK/key.ini" --replay "$C" --rxq 2

advise_error a_short "--rss-key: '6d5a' is not an RSS key" "a key has 80" -- --capture "$C" \
	--rxq 2 --rss-key 6d5a
advise_error a_oneQueue "--rss-key" "add --rxq N" -- --capture "$C" \
	--rss-key "$KEY"
advise_error a_rxq9 "--rxq" "9" -- --capture "$C" --rxq 9
advise_error a_rxq0 "--rxq" "0" -- --capture "$C" --rxq 0

# a key given the other ways a key is written: 0x, colons, upper case
K2=0x$(echo "$KEY" | tr a-f A-F | sed 's/../&:/g; s/:$//')
JSON="$WORK/colons.json"
run colons -- --replay "$C" --rxq 2 --rss-key "$K2" --topspeed \
	--stats-json "$JSON"
expect_clean_run
jv v 'd["replay"]["rss"]["key"]'
expect_eq "0x, colons and upper case: the key" "$KEY" "$v"

# --help says what the table is, in both programs
run help -- --help
expect_rc 0
grep -q -- "--rss-key HEX .*table\[hash % 128\], entry i = i % N" "$OUT" ||
	fail "nblpmd --help: --rss-key does not state the indirection table"
"$ADVISE" --help >"$WORK/ahelp.out" 2>&1 || fail "nblpmd-advise --help failed"
grep -q -- "--rss-key HEX .*table\[hash % 128\], entry i = i % N" "$WORK/ahelp.out" ||
	fail "nblpmd-advise --help: --rss-key does not state the indirection table"
grep -q -- "--rxq N .*RSS" "$WORK/ahelp.out" ||
	fail "nblpmd-advise --help: no --rxq"

# --replay-port: --rxq is the port's own queue count, as before
JSON="$WORK/port.json"
run port --vdev=net_ring0 -- --replay "$C" --replay-port 0 --rxq 2 \
	--topspeed --stats-json "$JSON"
expect_clean_run
jv v '(d["replay"]["target"], d["replay"]["queues"], d["replay"]["rss"])'
expect_eq "--replay-port: no internal queues, no RSS of ours" "('port', [], None)" "$v"
log PASS
