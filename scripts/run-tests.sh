#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Quick start 2: install what is missing, build, run every test suite
# (unit, integration, corpus). Extra arguments go to 'meson test'.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cd "$root"
exec meson test -C "${BUILD_DIR:-build}" --print-errorlogs \
	--suite unit --suite integration --suite corpus "$@"
