#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# A profile's [eal] args and the command line's EAL options merge: an
# option given on the command line replaces the profile's of the same name
# (-l for -l, -m for -m, --vdev for the same device) and adds to the rest;
# the profile is not dropped for one EAL option. Without a --file-prefix a
# run gets its own, so that two runs of config/default.ini (which fixes
# none) can run at once.
TEST_NAME=profile_eal_merge
. "$(dirname "$0")/lib.sh"

eal_opts
PREFIX=$LAST_PREFIX
# the profile: everything this machine needs but the file prefix
cat >"$WORK/p.ini" <<INI
[eal]
args = --no-huge -m 1024 --no-pci --no-shconf -l 0-1 --vdev=net_null0
[nblpmd]
duration = 0.2
INI

# merged RUN-NAME EAL-ARGS... : nblpmd EAL-ARGS -- --config p.ini, JSON
merged() {
	local name=$1
	shift
	JSON="$WORK/$name.json"
	OUT="$WORK/$name.out"
	ERR="$WORK/$name.err"
	LAST_CMD="$NBLPMD $* -- --config $WORK/p.ini --stats-json $JSON"
	log "run: $LAST_CMD"
	timeout -k 5 "$RUN_TIMEOUT" "$NBLPMD" "$@" -- --config "$WORK/p.ini" \
		--stats-json "$JSON" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	log "exit code $RC"
	expect_clean_run
}

# one EAL option on the command line: the profile's others stay
merged prefix --file-prefix "$PREFIX"
jv v '" ".join(d["eal_args"])'
expect_eq "prefix: eal_args" "--no-huge -m 1024 --no-pci --no-shconf -l 0-1 --vdev=net_null0 --file-prefix $PREFIX" "$v"

# the same option again replaces the profile's, whatever its spelling
merged cores --file-prefix="$PREFIX" -l1 -m 512
jv v '" ".join(d["eal_args"])'
expect_eq "cores: eal_args" "--no-huge --no-pci --no-shconf --vdev=net_null0 --file-prefix=$PREFIX -l1 -m 512" "$v"
grep -qF "1 lcore(s)" "$OUT" || { show_run; fail "cores: -l1 did not replace -l 0-1 (expected '1 lcore(s)')"; }
merged lcores --file-prefix "$PREFIX" --lcores 0
jv v '"-l" in d["eal_args"] or "0-1" in d["eal_args"]'
expect_eq "lcores: --lcores replaces the profile's -l" False "$v"

# devices: another one adds a port, the same one replaces it
merged two --file-prefix "$PREFIX" --vdev=net_null1
jv v 'len(d["ports"])'
expect_eq "two: ports (the profile's net_null0 and net_null1)" 2 "$v"
merged same --file-prefix "$PREFIX" --vdev net_null0,size=128
jv v '(len(d["ports"]), [a for a in d["eal_args"] if "net_null0" in a])'
expect_eq "same: one port, the command line's" "(1, ['net_null0,size=128'])" "$v"

# no --file-prefix anywhere: the run's own, and two such runs at once
[ -f "$SRC_ROOT/config/default.ini" ] || skip "config/default.ini absent"
grep -qE '^[[:space:]]*args[[:space:]]*=.*--file-prefix' "$SRC_ROOT/config/default.ini" &&
	fail "config/default.ini fixes a --file-prefix"
cd "$SRC_ROOT" || fail "cd $SRC_ROOT"
"$NBLPMD" -- --config config/default.ini --stats-json "$WORK/d1.json" \
	>"$WORK/d1.out" 2>"$WORK/d1.err" </dev/null &
P1=$!
BG_PIDS+=("$P1")
"$NBLPMD" -- --config config/default.ini --stats-json "$WORK/d2.json" \
	>"$WORK/d2.out" 2>"$WORK/d2.err" </dev/null &
P2=$!
BG_PIDS+=("$P2")
wait "$P1"
R1=$?
wait "$P2"
R2=$?
for k in 1 2; do
	OUT="$WORK/d$k.out"
	ERR="$WORK/d$k.err"
	RC=$([ "$k" = 1 ] && echo "$R1" || echo "$R2")
	JSON="$WORK/d$k.json"
	expect_clean_run
	jv v '[d["eal_args"][i + 1] for i, a in enumerate(d["eal_args"]) if a == "--file-prefix"]'
	case "$v" in
	"['nblpmd-"*"']") log "ok: default run $k: its own prefix $v" ;;
	*) fail "default run $k: expected one --file-prefix nblpmd-PID, seen $v" ;;
	esac
	grep -qF "dpdk-telemetry.py -f nblpmd-" "$ERR" ||
		fail "default run $k: stderr does not say which prefix it took"
	grep -qF "dpdk-telemetry.py -f nblpmd-" "$OUT" &&
		fail "default run $k: the prefix note is on stdout, which an output '-' may own"
done
log PASS
