#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --hold-us SPEC: a bad specification (exp:-1, uniform:5-1, an empty file, a
# file that cannot be read, a bad line) is an exit 2 whose message names
# the problem (file:line for a bad line) and gives the grammar; good ones
# (N, exp:MEAN, uniform:MIN-MAX, file:PATH), on the command line or in a
# profile, run and give every NBL back.
TEST_NAME=hold_specs
. "$(dirname "$0")/lib.sh"

GRAMMAR='N (fixed), exp:MEAN, uniform:MIN-MAX or file:PATH'
N=--vdev=net_null0

# bad LABEL NEEDLE APP-ARGS...: exit 2, stderr names NEEDLE and the grammar
bad() {
	local label=$1 needle=$2
	shift 2
	run "$label" $N -- "$@" --duration 1
	expect_rc 2
	grep -qF -- "$needle" "$ERR" || { show_run; fail "$label: stderr does not name '$needle'"; }
	grep -qF -- "$GRAMMAR" "$ERR" || { show_run; fail "$label: stderr does not give the grammar '$GRAMMAR'"; }
	if grep -qF "audit:" "$OUT"; then
		fail "$label: a run started (audit line printed) despite the error"
	fi
	log "ok: $label: exit 2: $(head -1 "$ERR")"
}

printf '# nothing but comments\n\n' >"$WORK/empty.txt"
printf '100\n200\nfast\n' >"$WORK/badline.txt"
mkdir "$WORK/adir"
bad exp_negative    'exp:-1'            --hold-us exp:-1
bad uniform_reverse 'MIN is above MAX'  --hold-us uniform:5-1
bad file_empty      "$WORK/empty.txt"   --hold-us "file:$WORK/empty.txt"
bad file_missing    "$WORK/none.txt"    --hold-us "file:$WORK/none.txt"
bad file_unreadable "$WORK/adir"        --hold-us "file:$WORK/adir"
bad file_bad_line   "$WORK/badline.txt:3" --hold-us "file:$WORK/badline.txt"
bad not_a_spec      'gauss:3'           --hold-us gauss:3
run seed_not_number $N -- --hold-us 10 --hold-seed x --duration 1
expect_rc 2
grep -qF -- "--hold-seed" "$ERR" || { show_run; fail "seed_not_number: stderr does not name --hold-seed"; }

# a profile takes the same specifications, with the same messages
printf '[nblpmd]\nhold-us = uniform:5-1\n' >"$WORK/bad.ini"
bad profile_bad     'MIN is above MAX'  --config "$WORK/bad.ini"

# good specifications run; every NBL the consumer kept comes back
printf '50\n150\n# a comment\n250\n' >"$WORK/holds.txt"
printf '[nblpmd]\nhold-us = exp:200\nhold-seed = 7\n' >"$WORK/good.ini"
for spec in 100 exp:100 uniform:50-150 "file:$WORK/holds.txt" profile; do
	label=good_${spec%%:*}
	JSON="$WORK/$label.json"
	if [ "$spec" = profile ]; then
		args=(--config "$WORK/good.ini")
	else
		args=(--hold-us "$spec" --hold-seed 3)
	fi
	run "$label" $N -- "${args[@]}" --rxd 64 --burst 32 --descriptors 256 \
		--duration 0.5 --stats-json "$JSON"
	expect_clean_run
	jv held 'd["rx_queues"][0]["consumer"]["held_max"]'
	expect_gt "$label: held_max (the consumer held NBLs)" "$held" 0
	expect_all_returned
done
log PASS
