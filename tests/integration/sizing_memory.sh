#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Sizes that cannot fit in the memory EAL has exit 2, naming the option and
# the largest value of it that fits; that value then runs (exit 0).
TEST_NAME=sizing_memory
. "$(dirname "$0")/lib.sh"

# less memory: the largest values stay quick to set up
EAL_MEM="-m 256"
N=--vdev=net_null0
for spec in "--max-segs 65535" "--descriptors 16777216" "--mbufs 268435456" \
		"--pool-size 268435456"; do
	opt=${spec%% *}
	label=${opt#--}
	# shellcheck disable=SC2086
	usage_error "$label" "$spec" "the largest $opt that fits is" -- $N -- \
		$spec --duration 1
	grep -q '^Memory: .*TOO LITTLE' "$OUT" ||
		{ show_run; fail "$label: expected the Memory line with TOO LITTLE"; }
	best=$(sed -n "s/.*the largest $opt that fits is \([0-9]*\).*/\1/p" "$ERR")
	[ -n "$best" ] || fail "$label: no value in the message"
	JSON="$WORK/$label.json"
	run "${label}_best" $N -- "$opt" "$best" --duration 0.2 --stats-json "$JSON"
	expect_clean_run
	grep -q '^Memory: .*: ok$' "$OUT" ||
		{ show_run; fail "${label}_best: expected the Memory line with ok"; }
	log "ok: $opt $best runs"
done
log PASS
