#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The command line wins over a profile: a profile option that only served a
# mode the command line replaced is dropped with a note on stderr, and the
# run goes on. The same two options both on the command line still clash.
TEST_NAME=profile_mode_override
. "$(dirname "$0")/lib.sh"

N=--vdev=net_null0

# override LABEL PROFILE-LINES NOTE-NEEDLE... -- APP-ARGS: exit 0, a note
override() {
	local label=$1 lines=$2 needles=()
	shift 2
	while [ "$1" != "--" ]; do
		needles+=("$1")
		shift
	done
	shift
	printf '[nblpmd]\n%b' "$lines" >"$WORK/$label.ini"
	JSON="$WORK/$label.json"
	run "$label" $N -- --config "$WORK/$label.ini" "$@" --duration 0.3 \
		--stats-json "$JSON"
	expect_clean_run
	expect_err "note:" "${needles[@]}"
}

override capture "fwd = capture\ncapture_out = $WORK/x.pcap\n" \
	"--fwd" "capture_out" -- --fwd rxonly
[ -e "$WORK/x.pcap" ] && fail "capture: the dropped capture_out was written"
jv v 'd["fwd"]'
expect_eq "capture: fwd" rxonly "$v"
override hold_us "hold_us = 100\n" "--hold" "hold_us" -- --hold 0
override hold "hold = 0\n" "--hold-us" "[nblpmd]:hold" -- --hold-us 50
override rx_copy "rx_copy = yes\n" "--net-buffer" "rx_copy" -- \
	--net-buffer separate
override net_buffer "net_buffer = separate\n" "--rx-copy" "net_buffer" -- \
	--rx-copy

# the profile alone keeps its mode, without a note
printf '[nblpmd]\nfwd = capture\ncapture_out = %s\n' "$WORK/y.pcap" >"$WORK/keep.ini"
JSON="$WORK/keep.json"
run keep $N -- --config "$WORK/keep.ini" --max-packets 100 --stats-json "$JSON"
expect_clean_run
grep -q "note:" "$ERR" && fail "keep: a note without an override"
[ -s "$WORK/y.pcap" ] || fail "keep: the profile's capture_out was not written"
# both on the command line: still a usage error
usage_error both "--capture-out" "add --fwd capture" -- $N -- --fwd rxonly \
	--capture-out "$WORK/z.pcap" --duration 1
log PASS
