#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A capture with no record to deliver gets one verdict from nblpmd and
# nblpmd-advise. A file header and no records is a valid, empty capture
# (lib/capture; one_verdict_per_file.sh and the corpus suite hold nblpmd
# to exit 0 on it): nblpmd replays nothing and exits 0, and the advisor
# exits 0 too, advising for no traffic (the smallest D, nb_rxd + burst)
# with a warning that says why, in pcap and pcapng, with one queue or
# several, and its --verify replays it through nblpmd with the same
# verdict. A capture whose every record is refused is treated alike. A
# file of 0 bytes is not a capture: exit 2 from both, naming it.
TEST_NAME=no_records_one_verdict
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
[ -n "$ADVISE" ] && [ -x "$ADVISE" ] || skip "nblpmd-advise not given: '$ADVISE'"

$PY - "$WORK" <<'PYEOF' || fail "cannot write the captures"
import struct, sys
w = sys.argv[1]
hdr = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
open(w + '/header.pcap', 'wb').write(hdr)
# pcapng: a section header block and an interface description block
shb_body = struct.pack('<IHHq', 0x1a2b3c4d, 1, 0, -1)
shb = struct.pack('<II', 0x0a0d0d0a, 12 + len(shb_body)) + shb_body + \
    struct.pack('<I', 12 + len(shb_body))
idb_body = struct.pack('<HHI', 1, 0, 65535)
idb = struct.pack('<II', 1, 12 + len(idb_body)) + idb_body + \
    struct.pack('<I', 12 + len(idb_body))
open(w + '/header.pcapng', 'wb').write(shb + idb)
# 50 records of 10 bytes: every one a runt
with open(w + '/runts.pcap', 'wb') as f:
    f.write(hdr)
    for i in range(50):
        f.write(struct.pack('<IIII', 1700000000, i * 100, 10, 10))
        f.write(bytes(10))
open(w + '/zero.pcap', 'wb').close()
PYEOF

# advise NAME ARGS...: the advisor, output in $OUT/$ERR, exit in RC
advise() {
	local name=$1
	shift
	OUT="$WORK/$name.out"
	ERR="$WORK/$name.err"
	LAST_CMD="$ADVISE $*"
	log "run: $LAST_CMD"
	timeout -k 5 "$RUN_TIMEOUT" "$ADVISE" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	log "exit code $RC"
}

# both LABEL FILE RECORDS REFUSED WHY: nblpmd and the advisor, exit 0
both() {
	local label=$1 file=$2 records=$3 refused=$4 why=$5 v
	JSON="$WORK/$label.r.json"
	run "$label" -- --replay "$file" --stats-json "$JSON"
	expect_clean_run
	jv v '(d["replay"]["records"], d["replay"]["sent"], d["replay"]["refused_total"])'
	expect_eq "$label: nblpmd replay (records, sent, refused)" "($records, 0, $refused)" "$v"

	JSON="$WORK/$label.a.json"
	advise "$label.a" --capture "$file" --rxd 512 --json "$JSON"
	expect_rc 0
	grep -qF "nblpmd-advise: warning: --capture $file: no packet to model ($why); the advice is the smallest D, for no traffic" "$ERR" || {
		show_run; fail "$label: the advisor does not warn that there is nothing to model ($why)"; }
	jv v '(d["inputs"]["records"], d["inputs"]["packets"], d["inputs"]["refused"], d["advice"]["descriptors"], d["advice"]["hold_allowance"])'
	expect_eq "$label: advisor (records, packets, refused, D, H)" "($records, 0, $refused, 544, 0)" "$v"
	grep -q "^Advice: D 544 = the largest seed's 544 + headroom 0 " "$OUT" || { show_run; fail "$label: no advice line"; }

	advise "$label.a2" --capture "$file" --rxq 2 --rxd 512 --json "$JSON"
	expect_rc 0
	jv v '[(q["queue"], q["packets"], q["descriptors"]) for q in d["advice"]["queues"]]'
	expect_eq "$label: advisor --rxq 2 advice.queues[]" "[(0, 0, 544), (1, 0, 544)]" "$v"
}

both header "$WORK/header.pcap" 0 0 "an empty capture: a file header and no records"
both header_ng "$WORK/header.pcapng" 0 0 "an empty capture: a file header and no records"
both runts "$WORK/runts.pcap" 50 50 "every record is refused"

# --verify replays the advice through nblpmd: the same verdict
advise verify --capture "$WORK/header.pcap" --rxd 512 --verify --verify-runs 1 --nblpmd "$NBLPMD"
expect_rc 0
grep -qE "at D 544 nblpmd meets the targets in 1 of 1 runs judged" "$OUT" || { show_run; fail "verify: nblpmd does not meet the advice on an empty capture"; }

# --hold auto: the model has nothing to hold, H 0
JSON=
run auto -- --replay "$WORK/header.pcap" --hold-us 1000
expect_clean_run
grep -q "^  hold 0 (model: header.pcap + 1000, seeds 1..16, --multiplier 1: D 544 (the largest seed's 544 + headroom 0) has no miss and no RESOURCES over 0 packets" "$OUT" || {
	show_run; fail "auto: H is not 0 from the model"; }

# 0 bytes: not a capture, exit 2 from both, naming the file
run zero -- --replay "$WORK/zero.pcap"
expect_rc 2
expect_err "zero.pcap"
advise zero.a --capture "$WORK/zero.pcap"
expect_rc 2
grep -qF "zero.pcap" "$ERR" || { show_run; fail "zero: the advisor does not name the file"; }
log PASS
