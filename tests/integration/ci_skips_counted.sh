#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# .ci/run fails when a test that must run on this machine was skipped: a
# unit or integration test (other than one that needs a tap interface where
# /dev/net/tun is absent or we are not root), or the corpus where the
# corpus exists. Checked on made-up meson test logs.
TEST_NAME=ci_skips_counted
. "$(dirname "$0")/lib.sh"

CI="$SRC_ROOT/.ci/run"
grep -q -- '--check-skips' "$CI" || fail ".ci/run has no skip check (--check-skips)"

# testlog FILE NAME:RESULT...: a meson testlog.json
testlog() {
	local f=$1 t
	shift
	: >"$f"
	for t in "$@"; do
		printf '{"name": "%s", "result": "%s", "stdout": "why\\n"}\n' \
			"${t%%=*}" "${t##*=}" >>"$f"
	done
}

# check WANT-RC LABEL NAME=RESULT...
check() {
	local want=$1 label=$2 rc
	shift 2
	testlog "$WORK/$label.json" "$@"
	"$CI" --check-skips "$WORK/$label.json" >"$WORK/$label.out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		cat "$WORK/$label.out"
		fail "$label: .ci/run --check-skips exit $rc, expected $want"
	fi
	log "ok: $label: exit $rc"
}

check 0 all_ok "nblpmd:unit / test_a=OK" "nblpmd:integration / it_b=OK"
check 1 unit_skip "nblpmd:unit / test_a=SKIP" "nblpmd:integration / it_b=OK"
check 1 integration_skip "nblpmd:integration / it_sizing=SKIP"
tun=1
{ [ -c /dev/net/tun ] && [ "$(id -u)" = 0 ]; } || tun=0
check $tun tap_skip "nblpmd:integration / it_tap=SKIP"
corpus=0
[ -d "$SRC_ROOT/../shared/captures/public" ] && corpus=1
check $corpus corpus_skip "nblpmd:corpus / corpus_net_pcap=SKIP"
log PASS
