#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# install.sh BUILD_DIR: `meson install --destdir` puts nblpmd, nblpmd-advise
# and nblpmd-capgen in the staging folder's bindir and a man page for each
# in mandir/man1; the staged programs answer --help and --version with
# exit 0 and no EAL; each man page is made from that program's --help (it
# names its options), names the program and not the build tree. Nothing
# is installed outside the temporary staging folder.
set -u
build=$(cd "${1:?usage: install.sh BUILD_DIR}" && pwd)
work=$(mktemp -d /tmp/it_install.XXXXXX)
trap 'rm -rf "$work"' EXIT
nfail=0
fail() { echo "[install] FAIL: $*"; nfail=$((nfail + 1)); }

opts=$(meson introspect "$build" --buildoptions) ||
	{ echo "[install] FAIL: meson introspect $build"; exit 1; }
get() {
	python3 -c 'import json, sys
print({o["name"]: o["value"] for o in json.load(sys.stdin)}[sys.argv[1]])' "$1" <<<"$opts"
}
prefix=$(get prefix)
bindir=$(get bindir)
mandir=$(get mandir)
stage="$work/stage"
if ! meson install -C "$build" --no-rebuild --destdir "$stage" >"$work/install.log" 2>&1; then
	tail -n 30 "$work/install.log"
	echo "[install] FAIL: meson install --destdir $stage"
	exit 1
fi
echo "[install] installed under $stage$prefix:"
(cd "$stage" && find . -type f | sort | sed 's/^/  /')

for prog in nblpmd nblpmd-advise nblpmd-capgen; do
	bin="$stage$prefix/$bindir/$prog"
	man="$stage$prefix/$mandir/man1/$prog.1"
	if [ ! -x "$bin" ]; then
		fail "$prog: not installed as $prefix/$bindir/$prog"
		continue
	fi
	for opt in --help --version; do
		if ! "$bin" "$opt" >"$work/$prog$opt.out" 2>&1 </dev/null; then
			fail "$prog $opt: exit code $? (expected 0, without EAL)"
		elif [ ! -s "$work/$prog$opt.out" ]; then
			fail "$prog $opt: printed nothing"
		fi
	done
	if ! grep -q "^$prog [0-9]" "$work/$prog--version.out"; then
		fail "$prog --version: expected '$prog VERSION', got '$(head -n 1 "$work/$prog--version.out")'"
	fi
	if [ ! -s "$man" ]; then
		fail "$prog: no man page $prefix/$mandir/man1/$prog.1"
		continue
	fi
	upper=$(echo "$prog" | tr a-z A-Z)
	grep -q "^\.TH \"\?$upper\"\? " "$man" ||
		fail "$prog.1: no .TH line naming $upper"
	grep -q '^\.SH "\?SEE ALSO' "$man" ||
		fail "$prog.1: no SEE ALSO section (docs/man/$prog.h2m)"
	if grep -q "$build" "$man"; then
		fail "$prog.1: names the build tree ($build)"
	fi
	# every long option --help lists is in the page, so the page is made
	# from --help and follows it
	for o in $(grep -oE '^ +--[a-z][a-z0-9-]*' "$work/$prog--help.out" | tr -d ' ' | sort -u); do
		esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		grep -q -- "$esc" "$man" || fail "$prog.1: option $o of --help is not in the page"
	done
	echo "[install] ok: $prog and $prog.1"
done
[ $nfail -eq 0 ] || { echo "[install] $nfail failure(s)"; exit 1; }
echo "[install] PASS"
