#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# timeline_setup_failure: when set-up fails after --timeline was opened (a
# capture that is not one, --descriptors too small, a signal during
# start-up), nothing --timeline names is removed: device nodes (copies of
# /dev/null and /dev/full made with mknod in the test's folder) stay, a
# file already there keeps what it held, and a new name is not created;
# no temporary file is left.
TEST_NAME=timeline_setup_failure
. "$(dirname "$0")/lib.sh"

SIGTOOL="$PY $IT_DIR/sigtool.py"
D="$WORK/d"
mkdir "$D"
# device nodes need root; without, their parts are left out (said)
NODES="null full"
if ! mknod "$D/null" c 1 3 2>/dev/null || ! mknod "$D/full" c 1 7 2>/dev/null; then
	NODES=
	rm -f "$D/null" "$D/full"
	log "cannot make device nodes with mknod (not root?): their parts left out"
fi
echo "kept,as,it,was" >"$D/old.csv"
printf 'this is not a capture file\n' >"$WORK/garbage.pcap"
gen_capture "$WORK/big.pcap" 100000 3

# all_kept LABEL: both nodes, the old file as it was, nothing new
all_kept() {
	local f
	for f in $NODES; do
		[ -c "$D/$f" ] || { show_run; fail "$1: $f is no longer a device node"; }
	done
	expect_eq "$1: old.csv" "kept,as,it,was" "$(cat "$D/old.csv")"
	expect_eq "$1: files in the folder" "$(echo $NODES old.csv | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
		"$(cd "$D" && ls -A | sort | tr '\n' ' ' | sed 's/ $//')"
}

for t in $NODES old.csv new.csv; do
	run "garbage_$t" -- --replay "$WORK/garbage.pcap" --timeline "$D/$t"
	expect_rc 2
	all_kept "a capture that is not one, --timeline $t"
	run "descriptors_$t" --vdev=net_null0 -- --descriptors 10 --timeline "$D/$t"
	expect_rc 2
	all_kept "--descriptors 10, --timeline $t"
done

# a signal early in start-up, after the timeline opened: the nodes stay;
# the file is as it was, or, when the signal came once the run had
# started, a complete timeline (its header and at least one row)
for delay in 0 10 40; do
	for t in ${NODES%% *} old.csv; do
		echo "kept,as,it,was" >"$D/old.csv"
		run_prepare "sig_${delay}_$t" -- --replay "$WORK/big.pcap" \
			--timeline "$D/$t"
		# shellcheck disable=SC2086
		r=$($SIGTOOL --when "fwd rxonly" --delay-ms "$delay" \
			--out "$OUT" --err "$ERR" -- "$NBLPMD" $EAL -- \
			"${APPARGS[@]}") || { show_run; fail "sigtool: $r"; }
		RC=$(echo "$r" | awk '{print $2}')
		expect_rc 0
		if [ "$t" = old.csv ] && grep -q '^Start: ' "$OUT"; then
			expect_eq "SIGTERM $delay ms in, the run started: old.csv's header" \
				t_us "$(head -c 4 "$D/old.csv")"
			expect_gt "SIGTERM $delay ms in: old.csv's rows" \
				"$(grep -c '' "$D/old.csv")" 1
			echo "kept,as,it,was" >"$D/old.csv"
		fi
		all_kept "SIGTERM $delay ms into start-up, --timeline $t"
	done
done
log PASS
