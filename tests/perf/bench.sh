#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# nblpmd vs dpdk-testpmd benchmarks; not part of CI.
#
#   tests/perf/bench.sh            from the project root (or anywhere)
#
# Builds build-perf (release) if needed, then runs tests/perf/bench.py,
# which prints one table on stdout (progress on stderr). Takes about
# 6 minutes with the defaults. Knobs (environment): BENCH_RUNS (3, at
# least 3), BENCH_DURATION (5 s), BENCH_RECORDS (1000000), BENCH_ROWS
# ("1,2,3,4,5,6,9"; "7,8" for the callgrind rows: instructions per packet
# of both tools and of the NBL layer, and cache lines per packet; 9: the
# forensic options on and off, with callgrind counts unless BENCH_CG=0),
# BENCH_CG_SECONDS (5 s per run under callgrind), BENCH_KEEP (log
# directory), TESTPMD (dpdk-testpmd), VALGRIND (valgrind).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/${BENCH_BUILD:-build-perf}"
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" "$root" --buildtype=release >&2
fi
ninja -C "$build" >&2
exec python3 "$root/tests/perf/bench.py" "$@"
