#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# help2man.sh PROGRAM OUTPUT DESCRIPTION [INCLUDE]: write the man page of
# PROGRAM to OUTPUT with help2man, from what its --help and --version
# print, so that the option table behind --help stays the one source.
# The program runs by its name from a temporary PATH entry, so the page
# shows "nblpmd", not the build tree's path. INCLUDE is a help2man
# include file (sections --help does not have). Used by docs/meson.build.
set -euo pipefail
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: $0 PROGRAM OUTPUT DESCRIPTION [INCLUDE]" >&2
	exit 2
fi
prog=$(realpath "$1")
out=$2
desc=$3
include=${4:-}
name=$(basename "$prog")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$prog" "$dir/$name"
args=(--no-info --name "$desc" --output "$out")
[ -n "$include" ] && args+=(--include "$include")
PATH="$dir:$PATH" help2man "${args[@]}" "$name"
