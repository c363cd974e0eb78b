#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Pacing rates: the parser takes exactly what the replay can pace.
TEST_NAME=pacing_rate_bounds
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/r.pcap" 500 13
cap_stats "$WORK/r.pcap"; NR=$CAP_RECORDS

usage_error pps_high "--pps" "1e+09" -- -- --replay "$WORK/r.pcap" --pps 5e9
usage_error pps_low "--pps" "0.001" -- -- --replay "$WORK/r.pcap" --pps 1e-4
usage_error pps_tiny "--pps" -- -- --replay "$WORK/r.pcap" --pps 1e-300
usage_error mbps_tiny "--mbps" "1e-09" -- -- --replay "$WORK/r.pcap" --mbps 1e-300
usage_error mbps_high "--mbps" "1e+07" -- -- --replay "$WORK/r.pcap" --mbps 2e7
usage_error mult_tiny "--multiplier" "1e-09" -- -- --replay "$WORK/r.pcap" --multiplier 1e-300
JSON="$WORK/pps_max.json"
run pps_max -- --replay "$WORK/r.pcap" --pps 1e9 --stats-json "$JSON"
expect_clean_run
jv v 'd["replay"]["sent"]'
expect_eq "pps_max: --pps 1e9 sent" "$NR" "$v"

log PASS
