#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Refusals by reason have one name, refused_by_reason{}, in JSON and
# telemetry alike, documented once in docs/guide/reports.md.
TEST_NAME=refusal_key_names
. "$(dirname "$0")/lib.sh"

JSON="$WORK/keys.json"
run keys --vdev=net_null0 -- --max-packets 1000 --stats-json "$JSON"
expect_clean_run
jv v '"refused_by_reason" in d["rx_queues"][0]'
expect_eq "JSON: rx_queues[].refused_by_reason present" True "$v"
# one name in JSON and telemetry alike, documented once
n=$(grep -c '^| `refused_by_reason{}` |' "$SRC_ROOT/docs/guide/reports.md")
expect_eq "docs/guide/reports.md: lines documenting refused_by_reason{}" 1 "$n"

log PASS
