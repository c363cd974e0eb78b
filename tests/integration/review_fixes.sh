#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Review fixes, one block per defect: TX queues never shared by two
# lcores, the replay's own TX queue, replay accounting at an early end,
# one RX queue per rx_pcap file, non-regular input files, strict INI
# profiles, pacing bounds, the internal port's TX sink, --hold 0.
TEST_NAME=review_fixes
. "$(dirname "$0")/lib.sh"

# RF_ONLY="N ...": run only those blocks (by defect number)
RF_ONLY=${RF_ONLY:-}
want() {
	[ -z "$RF_ONLY" ] && return 0
	case " $RF_ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

# LCORES: the EAL core option of the next runs (-l 0-1 unless set)
LCORES="-l 0-1"
eal_opts() {
	RUN_SEQ=$((RUN_SEQ + 1))
	LAST_PREFIX="it_${TEST_NAME}_$$_${RUN_SEQ}"
	EAL="--no-huge -m 1024 --no-pci --no-shconf $LCORES --file-prefix $LAST_PREFIX"
}

# expect_err NEEDLE...: every NEEDLE in stderr (fixed strings)
expect_err() {
	local n
	for n in "$@"; do
		if ! grep -qiF -- "$n" "$ERR"; then
			show_run
			fail "stderr: expected '$n', seen: $(grep -v '^EAL\|^TELEMETRY' "$ERR" | head -3 | tr '\n' '|')"
		fi
	done
	log "ok: stderr names $*"
}

# usage_error LABEL NEEDLE... -- RUN-ARGS: exit 2, stderr names each NEEDLE
usage_error() {
	local label=$1 needles=()
	shift
	while [ "$1" != "--" ]; do
		needles+=("$1")
		shift
	done
	shift
	run "$label" "$@"
	expect_rc 2
	expect_err "${needles[@]}"
	if grep -qF "audit:" "$OUT"; then
		fail "$label: a run started (audit line printed) despite the error"
	fi
}

gen_capture "$WORK/a.pcap" 300 11
gen_capture "$WORK/b.pcap" 200 12
gen_capture "$WORK/r.pcap" 500 13
cap_stats "$WORK/a.pcap"; NA=$CAP_RECORDS
cap_stats "$WORK/b.pcap"; NB=$CAP_RECORDS
cap_stats "$WORK/r.pcap"; NR=$CAP_RECORDS

# ---- 1. a TX queue is used by one consumer lcore only
if want 1; then
	# Three lcores: port 0's two queues are consumed on lcores 1 and 2; port 1
	# (net_pcap, one TX queue) cannot give each its own: refused, not raced.
	LCORES="--lcores 0@0,1@0,2@1"
	usage_error txq_shared "--rxq" "port 1" "TX queue 0" -- \
		--vdev=net_null0 "--vdev=net_pcap1,rx_pcap=$WORK/a.pcap,infinite_rx=1" -- \
		--rxq 2 --fwd io --duration 1
	# with two TX queues on port 1, each of port 0's queues gets its own
	JSON="$WORK/txq_own.json"
	run txq_own --vdev=net_null0 \
		"--vdev=net_pcap1,rx_pcap=$WORK/a.pcap,tx_pcap=$WORK/t0.pcap,tx_pcap=$WORK/t1.pcap" -- \
		--rxq 2 --fwd io --max-packets 40000 --stats-json "$JSON"
	expect_clean_run
	for q in 0 1; do
		grep -qF "Port 0 queue $q: TX on port 1 queue $q" "$OUT" ||
			{ show_run; fail "txq_own: expected the plan line 'Port 0 queue $q: TX on port 1 queue $q'"; }
	done
	jv v 'sum(q["consumer"]["tx_packets"] for q in d["rx_queues"] if q["port"] == 0) == d["ports"][1]["tx_packets"]'
	expect_eq "txq_own: consumer TX of port 0's queues == port 1 TX-packets" True "$v"
	LCORES="-l 0-1"
fi

# ---- 2. --replay-port: the replay has a TX queue of its own
if want 2; then
	usage_error replay_port_no_spare "--replay-port 1" "TX queue" -- \
		"--vdev=net_pcap0,rx_pcap=$WORK/a.pcap" "--vdev=net_pcap1,tx_pcap=$WORK/x.pcap" -- \
		--replay "$WORK/r.pcap" --replay-port 1 --fwd io --topspeed
	JSON="$WORK/replay_port.json"
	run replay_port "--vdev=net_pcap0,rx_pcap=$WORK/a.pcap" \
		"--vdev=net_pcap1,tx_pcap=$WORK/fwd_out.pcap,tx_pcap=$WORK/replay_out.pcap" -- \
		--replay "$WORK/r.pcap" --replay-port 1 --fwd io --topspeed --stats-json "$JSON"
	expect_clean_run
	jv v 'd["replay"]["tx_queue"]'
	expect_eq "replay_port: replay.tx_queue" 1 "$v"
	r=$($PCAPTOOL cmp "$WORK/a.pcap" "$WORK/fwd_out.pcap" 2>&1) ||
		fail "replay_port: TX queue 0 (io from port 0) should hold exactly port 0's input: $r"
	log "ok: replay_port: TX queue 0: $r"
	r=$($PCAPTOOL cmp "$WORK/r.pcap" "$WORK/replay_out.pcap" 2>&1) ||
		fail "replay_port: TX queue 1 should hold exactly the replayed file: $r"
	log "ok: replay_port: TX queue 1: $r"
fi

# ---- 3. a run ended early: what is still in the internal ring is counted
if want 3; then
	JSON="$WORK/unsent.json"
	run unsent -- --replay "$WORK/r.pcap" --topspeed --loop 0 --max-packets 20000 \
		--stats-json "$JSON"
	expect_clean_run
	jv v 'd["replay"]["records"] == d["replay"]["delivered"] + d["replay"]["refused_total"] + d["replay"]["lost"] + d["replay"]["unread"]'
	expect_eq "unsent: records == delivered + refused_total + lost + unread" True "$v"
	jv taken 'sum(q["indicated"] + q["refused"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"])'
	jv unsent 'd["replay"]["unsent_at_stop"]'
	jv sent 'd["replay"]["sent"]'
	expect_eq "unsent: sent == taken by the engine + unsent_at_stop" "$sent" "$((taken + unsent))"
	expect_gt "unsent: unsent_at_stop (the ring was full at the end)" "$unsent" 0
	jv v 'd["lost"]'
	expect_eq "unsent: top-level lost" 0 "$v"
	grep -qF "unsent at stop: $unsent" "$OUT" ||
		{ show_run; fail "unsent: expected the text report line 'unsent at stop: $unsent'"; }
fi

# ---- 4. several rx_pcap files on one port: one RX queue each
if want 4; then
	JSON="$WORK/multi.json"
	run multi "--vdev=net_pcap0,rx_pcap=$WORK/a.pcap,rx_pcap=$WORK/b.pcap" -- \
		--stats-json "$JSON"
	expect_clean_run
	jv v 'd["indicated"]'
	expect_eq "multi: indicated (records of both files)" "$((NA + NB))" "$v"
	jv v 'sorted((c["queue"], c["delivered"]) for c in d["capture"])'
	expect_eq "multi: (queue, delivered) per file" "[(0, $NA), (1, $NB)]" "$v"
	usage_error multi_rxq1 "b.pcap" "give --rxq 2" -- \
		"--vdev=net_pcap0,rx_pcap=$WORK/a.pcap,rx_pcap=$WORK/b.pcap" -- --rxq 1
fi

# ---- 5. inputs that are not regular files never hang
if want 5; then
	mkfifo "$WORK/fifo"
	mkdir "$WORK/dir.pcap"
	RUN_TIMEOUT=20
	usage_error fifo_replay "not a regular file" "give a pcap or pcapng file" -- \
		-- --replay "$WORK/fifo"
	usage_error fifo_rx_pcap "not a regular file" "give a pcap or pcapng file" -- \
		"--vdev=net_pcap0,rx_pcap=$WORK/fifo" -- --duration 1
	usage_error fifo_config "not a regular file" "give an INI file" -- \
		--vdev=net_null0 -- --config "$WORK/fifo"
	usage_error dev_replay "not a regular file" -- -- --replay /dev/zero
	usage_error dir_rx_pcap "is a directory" -- \
		"--vdev=net_pcap0,rx_pcap=$WORK/dir.pcap" -- --duration 1
	usage_error dir_replay "is a directory" -- -- --replay "$WORK/dir.pcap"
	usage_error dir_config "is a directory" "give an INI file" -- \
		--vdev=net_null0 -- --config "$WORK/dir.pcap"
	RUN_TIMEOUT=60
	# a second SIGINT during setup ends the process: here the capture consumer
	# blocks opening a FIFO nobody reads
	run_bg sigint_twice --vdev=net_null0 -- --fwd capture --capture-out "$WORK/fifo"
	for _ in $(seq 1 200); do
		[ "$(cat "/proc/$BGPID/wchan" 2>/dev/null)" = wait_for_partner ] && break
		kill -0 "$BGPID" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$BGPID" 2>/dev/null || { wait_bg 1; show_run; fail "sigint_twice: exited before the signals (exit $RC)"; }
	sleep 0.3
	kill -INT "$BGPID"
	sleep 0.5
	kill -INT "$BGPID" 2>/dev/null
	for _ in $(seq 1 50); do
		kill -0 "$BGPID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$BGPID" 2>/dev/null; then
		kill -KILL "$BGPID"
		wait "$BGPID" 2>/dev/null
		show_run
		fail "sigint_twice: still running 5 s after a second SIGINT (blocked in setup)"
	fi
	wait "$BGPID"
	RC=$?
	expect_eq "sigint_twice: exit status (killed by SIGINT)" 130 "$RC"
fi

# ---- 6. INI profiles: every line is a comment, [section] or key = value
if want 6; then
	printf '[nblpmd]\nburst 32\n' >"$WORK/noeq.ini"
	usage_error ini_no_equals "noeq.ini:2" "expected key = value" -- \
		--vdev=net_null0 -- --config "$WORK/noeq.ini" --duration 1
	printf '[nblpmd]\nburst = 32\n[eal]\nargs = -l 0\n[nblpmd]\nrecycle = pool\n' >"$WORK/twice.ini"
	usage_error ini_section_twice "twice.ini:5" "expected key = value" -- \
		--vdev=net_null0 -- --config "$WORK/twice.ini" --duration 1
	printf 'burst = 32\n[nblpmd]\n' >"$WORK/nosec.ini"
	usage_error ini_no_section "nosec.ini:1" -- \
		--vdev=net_null0 -- --config "$WORK/nosec.ini" --duration 1
	printf '; comment\n# comment = with an equals sign\n\n[nblpmd]\n  burst = 32 ; trailing\n# recycle = pool\nduration = 0.5\n' >"$WORK/good.ini"
	JSON="$WORK/good_ini.json"
	run ini_good --vdev=net_null0 -- --config "$WORK/good.ini" --stats-json "$JSON"
	expect_clean_run
fi

# ---- 7. pacing rates: the parser takes exactly what the replay can pace
if want 7; then
	usage_error pps_high "--pps" "1e+09" -- -- --replay "$WORK/r.pcap" --pps 5e9
	usage_error pps_low "--pps" "0.001" -- -- --replay "$WORK/r.pcap" --pps 1e-4
	usage_error pps_tiny "--pps" -- -- --replay "$WORK/r.pcap" --pps 1e-300
	usage_error mbps_tiny "--mbps" "1e-09" -- -- --replay "$WORK/r.pcap" --mbps 1e-300
	usage_error mbps_high "--mbps" "1e+07" -- -- --replay "$WORK/r.pcap" --mbps 2e7
	usage_error mult_tiny "--multiplier" "1e-09" -- -- --replay "$WORK/r.pcap" --multiplier 1e-300
	JSON="$WORK/pps_max.json"
	run pps_max -- --replay "$WORK/r.pcap" --pps 1e9 --stats-json "$JSON"
	expect_clean_run
	jv v 'd["replay"]["sent"]'
	expect_eq "pps_max: --pps 1e9 sent" "$NR" "$v"
fi

# ---- 8. io on the internal port: its TX side is a sink, nothing pinned
if want 8; then
	JSON="$WORK/io_internal.json"
	run io_internal -- --replay "$WORK/r.pcap" --topspeed --loop 10 --fwd io \
		--stats-json "$JSON"
	expect_clean_run
	jv v '(d["ports"][0]["tx_packets"], d["ports"][0]["tx_dropped"])'
	expect_eq "io_internal: port 0 (tx_packets, tx_dropped)" "($((NR * 10)), 0)" "$v"
	jv v 'd["replay"]["tx_sink"]'
	expect_eq "io_internal: replay.tx_sink (all freed)" "$((NR * 10))" "$v"
fi

# ---- 9. --hold 0 with --hold-us; the refusal counters' one name
if want 9; then
	usage_error hold_zero "--hold 0 disables --hold-us" -- \
		--vdev=net_null0 -- --hold 0 --hold-us 10 --duration 1
	JSON="$WORK/keys.json"
	run keys --vdev=net_null0 -- --max-packets 1000 --stats-json "$JSON"
	expect_clean_run
	jv v '"refused_by_reason" in d["rx_queues"][0]'
	expect_eq "JSON: rx_queues[].refused_by_reason present" True "$v"
	# one name in JSON and telemetry alike, documented once
	n=$(grep -c '^| `refused_by_reason{}` |' "$SRC_ROOT/README.md")
	expect_eq "README: lines documenting refused_by_reason{}" 1 "$n"
fi

log PASS
