#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# An nblpmd option among the EAL arguments (nblpmd --config p.ini, without
# --) exits 2 with one line saying that nblpmd's options go after --,
# instead of EAL's whole usage text.
TEST_NAME=eal_args_misplaced
. "$(dirname "$0")/lib.sh"

printf '[nblpmd]\nduration = 1\n' >"$WORK/p.ini"

# misplaced LABEL OPTION ARGS...: nblpmd ARGS exits 2 with one line
misplaced() {
	local label=$1 opt=$2
	shift 2
	OUT="$WORK/$label.out"
	ERR="$WORK/$label.err"
	LAST_CMD="$NBLPMD $*"
	log "run: $LAST_CMD"
	timeout -k 5 "$RUN_TIMEOUT" "$NBLPMD" "$@" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	expect_rc 2
	expect_err "$opt" "nblpmd's options go after --"
	[ "$(wc -l <"$ERR")" -eq 1 ] ||
		{ show_run; fail "$label: expected one line on stderr, seen $(wc -l <"$ERR")"; }
	grep -qi "usage\|EAL common options" "$OUT" "$ERR" &&
		{ show_run; fail "$label: a usage text was printed"; }
	log "ok: $label"
}

misplaced config_alone --config --config "$WORK/p.ini"
eal_opts
# shellcheck disable=SC2086
misplaced with_eal --fwd $EAL --vdev=net_null0 --fwd io -- --duration 1
# shellcheck disable=SC2086
misplaced equals --duration $EAL --vdev=net_null0 --duration=1
log PASS
