#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# INI profiles: every line is a comment, a [section] or key = value; a
# repeated section or a line that is none of these is refused with its
# line number.
TEST_NAME=ini_profile_lines
. "$(dirname "$0")/lib.sh"

printf '[nblpmd]\nburst 32\n' >"$WORK/noeq.ini"
usage_error ini_no_equals "noeq.ini:2" "expected key = value" -- \
	--vdev=net_null0 -- --config "$WORK/noeq.ini" --duration 1
printf '[nblpmd]\nburst = 32\n[eal]\nargs = -l 0\n[nblpmd]\nrecycle = pool\n' >"$WORK/twice.ini"
usage_error ini_section_twice "twice.ini:5" "expected key = value" -- \
	--vdev=net_null0 -- --config "$WORK/twice.ini" --duration 1
printf 'burst = 32\n[nblpmd]\n' >"$WORK/nosec.ini"
usage_error ini_no_section "nosec.ini:1" -- \
	--vdev=net_null0 -- --config "$WORK/nosec.ini" --duration 1
printf '; comment\n# comment = with an equals sign\n\n[nblpmd]\n  burst = 32 ; trailing\n# recycle = pool\nduration = 0.5\n' >"$WORK/good.ini"
JSON="$WORK/good_ini.json"
run ini_good --vdev=net_null0 -- --config "$WORK/good.ini" --stats-json "$JSON"
expect_clean_run

log PASS
