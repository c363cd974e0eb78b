#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --hold 0 with --hold-us on the command line is refused: the consumer
# could keep nothing.
TEST_NAME=hold_zero_refused
. "$(dirname "$0")/lib.sh"

usage_error hold_zero "--hold 0 disables --hold-us" -- \
	--vdev=net_null0 -- --hold 0 --hold-us 10 --duration 1

log PASS
