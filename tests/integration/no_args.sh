#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# nblpmd with no arguments, from the project root: runs config/default.ini
# (the sample capture), prints counters and a clean audit, exits 0.
TEST_NAME=no_args
. "$(dirname "$0")/lib.sh"

[ -f "$SRC_ROOT/config/default.ini" ] || skip "config/default.ini absent"
ls "$SRC_ROOT"/config/*.pcap* >/dev/null 2>&1 || skip "no sample capture in config/"

cd "$SRC_ROOT" || fail "cd $SRC_ROOT"
OUT="$WORK/noargs.out"
ERR="$WORK/noargs.err"
LAST_CMD="(cd $SRC_ROOT && $NBLPMD)"
log "run: $LAST_CMD"
start=$(date +%s)
timeout -k 5 60 "$NBLPMD" >"$OUT" 2>"$ERR" </dev/null
RC=$?
end=$(date +%s)
[ $RC -eq 124 ] && { show_run; fail "no-argument run did not end within 60 s"; }
expect_rc 0
expect_audit_clean
log "ok: finished in $((end - start)) s"
grep -q 'RX-packets' "$OUT" ||
	{ show_run; fail "expected testpmd-style counters (RX-packets) on stdout, seen none"; }
# the forward statistics show packets
rx=$(grep -oE 'RX-packets: *[0-9]+' "$OUT" | tail -1 | grep -oE '[0-9]+$')
expect_gt "accumulated RX-packets of the default run" "${rx:-0}" 0
# the sample capture's records are all accounted for
sample=$(grep -hE '^[^#;]*pcap' config/default.ini | grep -oE '[^ =,"]+\.pcap(ng)?' | head -1)
if [ -n "$sample" ] && [ -f "$sample" ]; then
	cap_stats "$sample"
	log "sample capture $sample: $CAP_RECORDS records"
	grep -qw "$CAP_RECORDS" "$OUT" ||
		fail "expected the sample's record count $CAP_RECORDS in the output"
	expect_eq "accumulated RX-packets (records of $sample)" "$CAP_RECORDS" "$rx"
	# issue 3: the sample is under 1 MiB, with a few jumbo frames
	sz=$(stat -c %s "$sample")
	expect_gt "size limit of $sample (1 MiB) over its size" 1048576 "$sz"
	nj=$($PY -c "
import sys; sys.path.insert(0, '$IT_DIR')
import pcaptool
print(sum(1 for r in pcaptool.read_records('$sample') if len(r) > 1518))")
	expect_gt "jumbo frames (> 1518 bytes) in $sample" "$nj" 0
fi
log PASS
