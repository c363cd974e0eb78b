#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The replay ends as tcpreplay does: what was sent in packets and bytes,
# in how long, and the rate achieved (Bps, Mbps, pps), and what failed.
# Text line "actual: N packets (B bytes) sent in T s; rated: X Bps, Y Mbps,
# Z pps; failed: F" and JSON replay{sent_bytes, rate_pps,
# rate_bytes_per_s, rate_mbps, failed}: bytes are the capture's, counted
# apart here; the rates are the bytes and packets over the time; at
# --pps 2000 on time, the rate is 2000.
TEST_NAME=replay_rate
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/r.pcap" 1000 8
cap_stats "$WORK/r.pcap"
JSON="$WORK/pps.json"
run pps -- --replay "$WORK/r.pcap" --pps 2000 --stats-json "$JSON"
expect_clean_run
jv v '(d["replay"]["sent"], d["replay"]["sent_bytes"], d["replay"]["failed"])'
expect_eq "pps: sent, sent_bytes (the capture's), failed" \
	"($CAP_RECORDS, $CAP_BYTES, 0)" "$v"
jv v 'abs(d["replay"]["rate_pps"] * d["replay"]["elapsed_s"] - d["replay"]["sent"]) < 1e-6 * d["replay"]["sent"]'
expect_eq "pps: rate_pps = sent / elapsed_s" True "$v"
jv v 'abs(d["replay"]["rate_bytes_per_s"] * d["replay"]["elapsed_s"] - d["replay"]["sent_bytes"]) < 1e-6 * d["replay"]["sent_bytes"]'
expect_eq "pps: rate_bytes_per_s = sent_bytes / elapsed_s" True "$v"
jv v 'abs(d["replay"]["rate_mbps"] - d["replay"]["rate_bytes_per_s"] * 8 / 1e6) < 1e-9 * d["replay"]["rate_mbps"] + 1e-9'
expect_eq "pps: rate_mbps = 8 x bytes/s / 1e6" True "$v"
# on time (no packet a millisecond late), the rate is the pacing's: the
# first and last of N packets are (N - 1) / 2000 s apart
jv late 'd["replay"]["max_late_us"]'
if $PY -c "import sys; sys.exit(0 if float('$late') < 1000 else 1)"; then
	jv v 'abs(d["replay"]["rate_pps"] - 2000.0 * d["replay"]["sent"] / (d["replay"]["sent"] - 1)) < 20'
	expect_eq "pps: rate_pps at --pps 2000 (on time)" True "$v"
else
	log "note: the replay was up to $late us late: the rate is not the pacing's here"
fi
# the text line says the same
jv want '"actual: %d packets (%d bytes) sent in %.6f s; rated: %.1f Bps, %.2f Mbps, %.1f pps; failed: %d" % (d["replay"]["sent"], d["replay"]["sent_bytes"], d["replay"]["elapsed_s"], d["replay"]["rate_bytes_per_s"], d["replay"]["rate_mbps"], d["replay"]["rate_pps"], d["replay"]["failed"])'
grep -qF -- "$want" "$OUT" || { show_run; fail "pps: text line '$want' not printed"; }
log "ok: text: $want"

# failed: refused records and missed packets are not sent
"$CAPGEN" --out "$WORK/bad.pcap" --kind runt --count 400 >/dev/null 2>&1 ||
	skip "nblpmd-capgen could not write a capture with bad records"
JSON="$WORK/bad.json"
run bad -- --replay "$WORK/bad.pcap" --topspeed --stats-json "$JSON"
expect_clean_run
jv v '(d["replay"]["failed"], d["replay"]["refused_total"] + d["replay"]["missed"], d["replay"]["sent"] + d["replay"]["failed"])'
expect_eq "bad: failed = refused + missed; sent + failed = records" "(100, 100, 400)" "$v"
log PASS
