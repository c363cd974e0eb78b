#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# sizing rule: --pool-size one under the rule's minimum exits 2 and the
# message names the minimum; the minimum itself is accepted.
TEST_NAME=sizing
. "$(dirname "$0")/lib.sh"

# 1. a first run prints the sizing table; read the NBL pool's "needed"
run table --vdev=net_null0 -- --duration 0.5
expect_clean_run
# the table line of the NBL pool: the first line that names the NBL pool and
# carries numbers; needed is the second number after the label
line=$(grep -iE 'nbl[ _-]?pool' "$OUT" | grep -E '[0-9]' | head -1)
[ -n "$line" ] || { show_run; fail "sizing table: expected a line for the NBL pool on stdout, seen none"; }
log "sizing line: $line"
nums=$(echo "$line" | sed -E 's/^[^0-9]*[A-Za-z_ ]+[^0-9]*//' | grep -oE '[0-9]+')
given=$(echo "$nums" | sed -n 1p)
needed=$(echo "$nums" | sed -n 2p)
[ -n "$needed" ] || fail "sizing table: cannot read given/needed from: $line"
log "NBL pool: given $given, needed $needed"
expect_ge "NBL pool given (auto) >= needed" "$given" "$needed"

# 2. independently: the rule with the values of the table
# (printed for information: D and cache lines)
grep -iE 'descriptor|cache|mbuf|verdict|needed' "$OUT" | head -12

# 3. one under: exit 2, message names the minimum
under=$((needed - 1))
run under --vdev=net_null0 -- --duration 0.5 --pool-size "$under"
expect_rc 2
if ! grep -qw -- "$needed" "$ERR" "$OUT"; then
	show_run
	fail "--pool-size $under: expected the message to name the minimum $needed, seen: $(cat "$ERR" | head -5)"
fi
log "ok: --pool-size $under refused, message names $needed: $(grep -hw -- "$needed" "$ERR" "$OUT" | head -2 | tr '\n' ' ')"
grep -qi 'pool' "$ERR" ||
	fail "--pool-size $under: expected stderr to name the pool option, seen: $(head -3 "$ERR")"

# 4. exactly the minimum runs
JSON="$WORK/min.json"
run minimum --vdev=net_null0 -- --duration 1 --pool-size "$needed" --stats-json "$JSON"
expect_clean_run
jv c 'd["pools"][0]["count"]'
log "pools[0].count = $c"
jv ind 'sum(q["indicated"] for q in d["rx_queues"])'
expect_gt "indicated with --pool-size $needed" "$ind" 0

# 5. --descriptors below nb_rxd + burst: exit 2 naming the minimum
run dunder --vdev=net_null0 -- --duration 0.5 --rxd 256 --burst 32 --descriptors 100
expect_rc 2
grep -qE '\b(288|[0-9]{3,})\b' "$ERR" ||
	fail "--descriptors 100 with --rxd 256 --burst 32: expected a message with the minimum (>= 288), seen: $(head -3 "$ERR")"
log "ok: --descriptors 100 refused: $(head -2 "$ERR" | tr '\n' ' ')"
log PASS
