#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# bad options and bad files: exit 2 and a message (stderr) naming what is
# wrong; no run starts.
TEST_NAME=bad_options
. "$(dirname "$0")/lib.sh"

NFAIL=0
# bad LABEL NEEDLE VDEV... -- APP-ARGS...: exit 2, stderr contains NEEDLE
bad() {
	local label=$1 needle=$2
	shift 2
	run "$label" "$@"
	if [ "$RC" -ne 2 ]; then
		show_run
		log "FAIL: $label: exit code: expected 2, seen $RC"
		NFAIL=$((NFAIL + 1))
		return
	fi
	if ! grep -qiF -- "$needle" "$ERR"; then
		show_run
		log "FAIL: $label: expected stderr to name '$needle', seen: $(head -3 "$ERR" | tr '\n' '|')"
		NFAIL=$((NFAIL + 1))
		return
	fi
	if grep -qF "audit:" "$OUT"; then
		log "FAIL: $label: a run started (audit line printed) despite the error"
		NFAIL=$((NFAIL + 1))
		return
	fi
	log "ok: $label: exit 2: $(grep -iF -- "$needle" "$ERR" | head -1)"
}

N=--vdev=net_null0
bad unknown_option   --no-such-option  $N -- --no-such-option
bad burst_zero       --burst           $N -- --burst 0
bad burst_abc        --burst           $N -- --burst abc
bad burst_huge       --burst           $N -- --burst 100000
bad burst_missing    --burst           $N -- --burst
bad fwd_nope         --fwd             $N -- --fwd nope
bad recycle_nope     --recycle         $N -- --recycle nope
bad descriptors_neg  --descriptors     $N -- --descriptors -1
bad descriptors_abc  --descriptors     $N -- --descriptors 12x
bad pool_size_abc    --pool-size       $N -- --pool-size lots
bad net_buffer_nope  --net-buffer      $N -- --net-buffer nope
bad duration_neg     --duration        $N -- --duration -3
bad rxd_zero         --rxd             $N -- --rxd 0
bad stray_argument   stray             $N -- stray
bad config_missing   /nonexistent.ini  $N -- --config /nonexistent.ini
bad capture_no_out   --capture-out     $N -- --fwd capture --duration 1
bad capture_out_dir  /nonexistent/dir  $N -- --fwd capture --capture-out /nonexistent/dir/x.pcap --duration 1
bad stats_json_dir   /nonexistent/dir  $N -- --stats-json /nonexistent/dir/x.json --duration 1

# a profile with a bad key: the message names the key (and the file)
printf '[nblpmd]\nburst = 32\nno-such-key = 1\n' >"$WORK/badkey.ini"
bad config_bad_key   no-such-key       $N -- --config "$WORK/badkey.ini"
bad config_bad_key_f badkey.ini        $N -- --config "$WORK/badkey.ini"
# a profile with a bad value
printf '[nblpmd]\nburst = abc\n' >"$WORK/badval.ini"
bad config_bad_value burst             $N -- --config "$WORK/badval.ini"
# a file that is not an INI profile
printf '\x00\x01garbage[[[\n=\n' >"$WORK/garbage.ini"
bad config_garbage   garbage.ini       $N -- --config "$WORK/garbage.ini"

# a capture that does not exist: zero ports, the message names the file
bad pcap_missing     /nonexistent.pcap --vdev=net_pcap0,rx_pcap=/nonexistent.pcap -- --duration 1
# a file that is not a capture
printf 'this is not a pcap file, just text\n' >"$WORK/notpcap.pcap"
bad pcap_not_pcap    notpcap.pcap      "--vdev=net_pcap0,rx_pcap=$WORK/notpcap.pcap" -- --duration 1
# EAL-side errors (before --): exit 2 naming the EAL options
bad vdev_unknown     net_nosuchpmd0    --vdev=net_nosuchpmd0 -- --duration 1
bad eal_unknown_opt  "EAL options"     --no-such-eal-opt $N -- --duration 1
# values that only the combination makes wrong
bad low_wm_above_d   --low-watermark   $N -- --descriptors 600 --low-watermark 700 --duration 1
bad consumer_lcore   --consumer-lcore  $N -- --consumer-lcore 9 --duration 1
bad max_frame_small  --max-frame       $N -- --max-frame 10 --duration 1
# no ports at all: the message says so
bad no_ports         port              -- --duration 1

# --help and --version: exit 0 and text on stdout
run help -- --help
expect_rc 0
grep -q -- '--fwd' "$OUT" || grep -q -- '--fwd' "$ERR" ||
	fail "--help: expected the option list (mentioning --fwd), seen: $(head -3 "$OUT")"
run version -- --version
expect_rc 0
grep -qE '[0-9]+\.[0-9]+' "$OUT" ||
	fail "--version: expected a version number on stdout, seen: $(head -3 "$OUT")"

if [ $NFAIL -gt 0 ]; then
	fail "$NFAIL bad-input case(s) not handled as documented (see above)"
fi
log PASS
