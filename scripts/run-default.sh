#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Quick start 1: install what is missing, build, run the embedded default
# (config/default.ini: the sample capture through a net_pcap port, rxonly,
# NBLs recycled in place) and print counters and the audit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root"
exec "${BUILD_DIR:-build}/app/nblpmd/nblpmd" "$@"
