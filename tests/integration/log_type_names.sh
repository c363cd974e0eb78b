#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Each library logs under its own DPDK log type (docs/development.md,
# "Library API overview"): lib.rxq and lib.capture, so
# --log-level=lib.rxq:debug and
# --log-level=lib.capture:debug turn on that library's debug lines and
# nothing is registered under the macro's name RTE_LOG_DEFAULT_LOGTYPE.
TEST_NAME=log_type_names
. "$(dirname "$0")/lib.sh"

if [ -z "$CAPGEN" ] || [ ! -x "$CAPGEN" ]; then skip "nblpmd-capgen not built"; fi
# a truncated last record: lib/capture logs it at debug level while the
# app reads the file; lib/rxq logs every queue it creates at debug level
"$CAPGEN" --out "$WORK/trunc.pcap" --kind truncated --count 20 >/dev/null ||
	fail "capgen --kind truncated failed"

run debug "--vdev=net_pcap0,rx_pcap=$WORK/trunc.pcap" \
	--log-level=lib.rxq:debug --log-level=lib.capture:debug --
expect_rc 0
if ! grep -qE '^(RXQ|LIB\.RXQ|lib\.rxq)?.*rxq: nblpmd_p0q0: port 0 queue 0' "$OUT" "$ERR"; then
	show_run
	fail "--log-level=lib.rxq:debug: expected lib/rxq's debug line 'rxq: nblpmd_p0q0: port 0 queue 0, ...', seen none"
fi
log "ok: lib.rxq debug line: $(grep -h 'rxq: nblpmd_p0q0' "$OUT" "$ERR" | head -1)"
if ! grep -q 'capture: .*trunc.pcap: record 19 truncated' "$OUT" "$ERR"; then
	show_run
	fail "--log-level=lib.capture:debug: expected lib/capture's debug line 'capture: ...trunc.pcap: record 19 truncated', seen none"
fi
log "ok: lib.capture debug line: $(grep -h 'capture: .*truncated' "$OUT" "$ERR" | head -1)"

# without the option neither library prints its debug lines
run quiet "--vdev=net_pcap0,rx_pcap=$WORK/trunc.pcap" --
expect_rc 0
if grep -q 'rxq: nblpmd_p0q0: port 0 queue 0\|capture: .*record 19 truncated' "$OUT" "$ERR"; then
	show_run
	fail "debug lines printed without --log-level"
fi
log "ok: no debug lines at the default level"

log PASS
