#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Configure (once) and build nblpmd into BUILD_DIR (default: build).
# Extra arguments go to 'meson setup'. The default build is release with
# debug info; the sanitizer build is its own configuration:
#   BUILD_DIR=build-asan ./scripts/build.sh --native-file scripts/meson-asan.ini
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BUILD_DIR:-build}
cd "$root"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if [ ! -f "$dir/build.ninja" ]; then
	if ! meson setup "$dir" "$@" >"$log" 2>&1; then
		cat "$log" >&2
		echo "build: 'meson setup $dir' failed" >&2
		exit 1
	fi
else
	# Pick up files that appeared or went since the last configure.
	meson setup --reconfigure "$dir" "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
fi
if ! ninja -C "$dir" >"$log" 2>&1; then
	cat "$log" >&2
	echo "build: 'ninja -C $dir' failed" >&2
	exit 1
fi
