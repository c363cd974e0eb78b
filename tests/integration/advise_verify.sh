#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The advice replayed through nblpmd with NIC-like loss (--replay-full
# drop), by nblpmd-advise --verify: at the advised D nblpmd misses nothing
# and indicates nothing with RESOURCES; at 0.9 x D it does.
#
# The capture makes the verdict independent of timing: 3 bursts of 3000
# frames at 10 000 pps (300 ms each), one every 1.2 s, each NBL held 400
# to 500 ms. No NBL comes back during a burst and all are back before the
# next one, so 3000 are held at the end of each burst whatever the chain
# boundaries: with --low-watermark auto the advice is the first D with
# D - 3000 >= D/8, D 3428 (W 428), and at 0.9 x D (3085, W 385) every
# NBL past the 2700th of a burst carries RESOURCES. A miss would need the
# RX lcore to stop polling for the 100 ms the ring of 1024 lasts at 10 000
# pps; late returns only matter after 700 ms.
TEST_NAME=advise_verify
. "$(dirname "$0")/lib.sh"

ADVISE=${ADVISE:-}
[ -n "$ADVISE" ] && [ -x "$ADVISE" ] || skip "nblpmd-advise not given: '$ADVISE'"

CAP="$WORK/burst.pcap"
$PY "$IT_DIR/burstcap.py" "$CAP" 3 3000 10000 1200 5 || fail "burstcap.py failed"

JSON="$WORK/verify.json"
OUT="$WORK/verify.out"
ERR="$WORK/verify.err"
LAST_CMD="$ADVISE --capture $CAP --rxd 1024 --hold-us uniform:400000-500000 --hold-seed 9 --verify --nblpmd $NBLPMD --json $JSON"
log "run: $LAST_CMD"
# shellcheck disable=SC2086
timeout -k 5 180 $LAST_CMD >"$OUT" 2>"$ERR" </dev/null
RC=$?
log "exit code $RC"
cat "$OUT"
expect_rc 0

jv adv 'd["advice"]["descriptors"]'
expect_eq "advice: first D with D - 3000 >= D/8" 3428 "$adv"
jv n 'len(d["verify"])'
expect_eq "verify runs" 2 "$n"
jv d0 '[d["verify"][0][k] for k in ("descriptors",)] + [d["verify"][0]["predicted"][k] for k in ("missed", "resources_nbls")] + [d["verify"][0]["measured"][k] for k in ("missed", "resources_nbls", "resources_indications", "indicated")]'
expect_eq "at D: D, model (missed, RESOURCES), nblpmd (missed, RESOURCES NBLs, indications, indicated)" "[3428, 0, 0, 0, 0, 0, 9000]" "$d0"
jv held '(d["verify"][0]["predicted"]["held_max"], d["verify"][0]["measured"]["held_max"])'
expect_eq "at D: most NBLs held, model and nblpmd" "(3000, 3000)" "$held"

jv d1 'd["verify"][1]["descriptors"]'
expect_eq "0.9 x D" 3085 "$d1"
jv p1 'd["verify"][1]["predicted"]["resources_nbls"]'
expect_eq "at 0.9 x D the model: 300 RESOURCES NBLs a burst" 900 "$p1"
jv m1 'd["verify"][1]["measured"]["missed"] + d["verify"][1]["measured"]["resources_nbls"]'
expect_gt "at 0.9 x D nblpmd: missed + RESOURCES NBLs" "$m1" 0
jv both '(d["verify"][1]["measured"]["missed"], d["verify"][1]["measured"]["resources_nbls"])'
log "at 0.9 x D nblpmd measured (missed, RESOURCES NBLs) = $both, the model 900 RESOURCES NBLs"

if ! grep -q "at D 3428 nblpmd meets the targets" "$OUT"; then
	fail "stdout: expected the verdict line for D 3428"
fi
log "PASS"
exit 0
