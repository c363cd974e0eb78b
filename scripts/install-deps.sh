#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Install the Debian 12 packages nblpmd needs to build, run and test.
# Idempotent: installs only what is missing; downloads nothing else.
set -euo pipefail

pkgs=(
	dpdk            # dpdk-testpmd, dpdk-telemetry.py, the PMDs
	dpdk-dev
	libdpdk-dev     # headers and pkg-config file
	meson
	ninja-build
	pkg-config
	gcc
	libc6-dev
	libpcap-dev
	libjansson-dev  # JSON: the report (--stats-json), nblpmd-advise --json
	gnuplot-nox     # --plot
	help2man        # the man pages, from each program's --help
	python3         # test helpers, dpdk-telemetry.py
	tshark          # independent reader of captures in tests
	tcpdump
	gnuplot-nox     # --plot
	iproute2        # tap interface set-up in tests
	procps          # sysctl
)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root (or with sudo) to install them" >&2
	exit 2
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no, quietly.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
