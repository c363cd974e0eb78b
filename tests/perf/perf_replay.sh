#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Timed replay accuracy (not a meson test).
#
#   tests/perf/perf_replay.sh [BUILD_DIR] [REPEAT]
#
# Generates a capture spanning 2 s (nblpmd-capgen --span-ms 2000, 20000
# records), replays it into the engine at --multiplier 1, 2, 10 and at
# --pps 100000, and reports the replay's elapsed_s (first to last packet,
# from the JSON report) against the expected time: span / multiplier, or
# (records - 1) / pps. The same file is replayed by tcpreplay with the same
# options into a veth pair inside a network namespace this script creates
# (and deletes); tcpreplay is installed with apt-get when missing, and its
# columns are left empty when that, or the namespace, is not possible.
# Each cell is the median of REPEAT runs (default 3).
# Target: multiplier 1 within 0.1 % of 2 s.
set -u

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build}
REPEAT=${2:-3}
NBLPMD=$BUILD/app/nblpmd/nblpmd
CAPGEN=$BUILD/app/capgen/nblpmd-capgen
COUNT=20000
SPAN_MS=2000
NS=nblperf_$$

for b in "$NBLPMD" "$CAPGEN"; do
	[ -x "$b" ] || { echo "perf_replay: $b not built (ninja -C $BUILD)"; exit 1; }
done
WORK=$(mktemp -d /tmp/perf_replay.XXXXXX)
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

CAP=$WORK/span.pcap
"$CAPGEN" --out "$CAP" --count $COUNT --span-ms $SPAN_MS --seed 1 >/dev/null ||
	{ echo "perf_replay: capgen failed"; exit 1; }

# tcpreplay and a veth pair in a namespace of our own
TCPREPLAY=1
if ! command -v tcpreplay >/dev/null 2>&1; then
	echo "perf_replay: installing tcpreplay (apt-get)"
	apt-get install -y tcpreplay >/dev/null 2>&1 ||
		{ apt-get update >/dev/null 2>&1 &&
		  apt-get install -y tcpreplay >/dev/null 2>&1; } || TCPREPLAY=0
	command -v tcpreplay >/dev/null 2>&1 || TCPREPLAY=0
fi
if [ $TCPREPLAY = 1 ]; then
	if ! { ip netns add "$NS" &&
		ip netns exec "$NS" ip link add nblr0 type veth peer name nblr1 &&
		ip netns exec "$NS" ip link set nblr0 mtu 9000 up &&
		ip netns exec "$NS" ip link set nblr1 mtu 9000 up; } 2>"$WORK/ns.err"; then
		echo "perf_replay: no veth namespace ($(head -c 200 "$WORK/ns.err")): tcpreplay columns empty"
		TCPREPLAY=0
	fi
fi

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print ""; else print a[int((NR+1)/2)]}'; }

# nblpmd_once OPTS...: prints "elapsed late max_late_us"
RUN=0
nblpmd_once() {
	RUN=$((RUN + 1))
	local js=$WORK/r$RUN.json
	"$NBLPMD" --no-huge -m 1024 --no-pci --no-shconf -l 0-1 \
		--file-prefix perf_replay_$$_$RUN -- --replay "$CAP" "$@" \
		--stats-json "$js" >"$WORK/r$RUN.out" 2>&1 </dev/null ||
		{ echo "nblpmd failed: $(tail -3 "$WORK/r$RUN.out")" >&2; return 1; }
	python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['replay']; \
print(r['elapsed_s'], r['late'], r['max_late_us'])" "$js"
}

# tcpreplay_once OPTS...: prints elapsed seconds
tcpreplay_once() {
	ip netns exec "$NS" tcpreplay -q -i nblr0 "$@" "$CAP" 2>&1 |
		sed -n 's/.*packets.* in \([0-9.]*\) seconds.*/\1/p' | head -1
}

printf '\nReplay of %d records spanning %d ms (%s), median of %d run(s)\n\n' \
	$COUNT $SPAN_MS "$CAP" "$REPEAT"
printf '%-16s %10s | %12s %9s %8s %12s | %12s %9s\n' mode expected_s \
	nblpmd_s error_% late max_late_us tcpreplay_s error_%
printf '%s\n' "------------------------------------------------------------------------------------------------------"
for mode in "multiplier 1" "multiplier 2" "multiplier 10" "pps 100000"; do
	set -- $mode
	opt=$1 val=$2
	if [ "$opt" = multiplier ]; then
		expected=$(python3 -c "print($SPAN_MS / 1000.0 / $val)")
	else
		expected=$(python3 -c "print(($COUNT - 1) / float($val))")
	fi
	: >"$WORK/n.txt"
	: >"$WORK/t.txt"
	for i in $(seq "$REPEAT"); do
		nblpmd_once --"$opt" "$val" >>"$WORK/n.txt" || true
		[ $TCPREPLAY = 1 ] && tcpreplay_once --"$opt"="$val" >>"$WORK/t.txt"
	done
	n_el=$(awk '{print $1}' "$WORK/n.txt" | median)
	n_late=$(awk '{print $2}' "$WORK/n.txt" | median)
	n_max=$(awk '{print $3}' "$WORK/n.txt" | median)
	t_el=$(median <"$WORK/t.txt")
	err() { [ -n "$1" ] && python3 -c "print('%+.4f' % ((float('$1') - $expected) / $expected * 100))"; }
	printf '%-16s %10.6f | %12s %9s %8s %12s | %12s %9s\n' "--$opt $val" \
		"$expected" "${n_el:--}" "$(err "$n_el")" "${n_late:--}" \
		"${n_max:--}" "${t_el:--}" "$(err "$t_el")"
done
printf '\nnblpmd: elapsed_s is first to last packet handed to the engine; late\n'
printf 'counts packets sent more than 10 us after their deadline.\n'
printf 'tcpreplay: "sent in N seconds" of its summary, into a veth pair.\n'
printf 'Host: %s, %s CPU(s), load average %s\n' "$(uname -r)" "$(nproc)" \
	"$(cut -d' ' -f1-3 /proc/loadavg)"
