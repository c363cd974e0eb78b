#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# counters_agree: every counter has one name and one value in telemetry,
# the JSON report and the printed report. A finite capture on net_pcap is
# read to its end while an idle net_ring port keeps the run alive
# (--duration); once the counters stopped moving, every endpoint is read,
# the run is stopped, and counters_cmp.py compares the three, name by name
# and value by value (what the end of the run changes is listed there).
TEST_NAME=counters_agree
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/in.pcap" 3000 21
cap_stats "$WORK/in.pcap"

check() {
	local label=$1
	shift
	JSON="$WORK/$label.json"
	run_frozen "$label" "$CAP_RECORDS" "--vdev=net_pcap0,rx_pcap=$WORK/in.pcap" \
		--vdev=net_ring0 -- --duration 300 --stats-json "$JSON" "$@"
	expect_clean_run
	r=$($PY "$IT_DIR/counters_cmp.py" "$WORK/$label.tel" "$JSON" "$OUT")
	rc=$?
	echo "$r"
	[ $rc -eq 0 ] || fail "$label: counters differ between telemetry, JSON and the printed report (above)"
	log "ok: $label: $r"
}

check inplace
check pool --recycle pool
check capture --fwd capture --capture-out "$WORK/out.pcap"
log PASS
