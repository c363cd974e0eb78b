#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# --replay-port naming a port that does not exist says which ports exist,
# or that there are none.
TEST_NAME=replay_port_no_ports
. "$(dirname "$0")/lib.sh"

gen_capture "$WORK/r.pcap" 50 7
usage_error none "--replay-port 0" "the EAL options create no ports" -- \
	-- --replay "$WORK/r.pcap" --replay-port 0
grep -qF "ports 0..0" "$ERR" && fail "none: still says 'ports 0..0'"
usage_error one "--replay-port 3" "the EAL options create ports 0..0" -- \
	--vdev=net_null0 -- --replay "$WORK/r.pcap" --replay-port 3
log PASS
