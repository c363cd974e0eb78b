#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# The build people get is the fast one: a fresh 'meson setup' (what
# scripts/build.sh runs) is release (-O3, as DPDK's own default and the
# benchmarks), with debug info, and without sanitizers; the sanitizer
# build is a configuration of its own (scripts/meson-asan.ini).
# Usage: build_type.sh MESON SOURCE_ROOT
set -u
MESON=${1:?usage: build_type.sh MESON SOURCE_ROOT}
SRC=${2:?usage: build_type.sh MESON SOURCE_ROOT}
NFAIL=0

opts=$("$MESON" introspect --buildoptions "$SRC/meson.build" 2>&1) || {
	echo "FAIL: meson introspect --buildoptions $SRC/meson.build: $opts"
	exit 1
}
# value NAME: the default of a built-in option for a fresh build directory
value() {
	python3 -c '
import json, sys
for o in json.loads(sys.stdin.read()):
    if o["name"] == sys.argv[1]:
        print(str(o["value"]).lower())
        break
else:
    print("(absent)")
' "$1" <<<"$opts"
}

expect() {
	local what=$1 want=$2 seen
	seen=$(value "$what")
	if [ "$seen" != "$want" ]; then
		echo "FAIL: a fresh build: $what is $seen, expected $want"
		NFAIL=$((NFAIL + 1))
	else
		echo "ok: a fresh build: $what = $seen"
	fi
}

expect buildtype release
expect optimization 3
expect debug true
expect b_sanitize none

# the sanitizer configuration: ASan and UBSan, and only there
ini="$SRC/scripts/meson-asan.ini"
san=$(python3 -c '
import configparser, sys
c = configparser.ConfigParser()
c.read(sys.argv[1])
print(c.get("built-in options", "b_sanitize", fallback="").strip("\x27\""))
' "$ini" 2>&1)
case "$san" in
*address*undefined*) echo "ok: $ini: b_sanitize = $san" ;;
*)
	echo "FAIL: $ini: b_sanitize is '$san', expected address,undefined"
	NFAIL=$((NFAIL + 1)) ;;
esac
grep -q 'meson-asan.ini' "$SRC/.ci/run" || {
	echo "FAIL: .ci/run does not build the sanitizer configuration"
	NFAIL=$((NFAIL + 1))
}
[ "$NFAIL" -eq 0 ] || exit 1
echo PASS
