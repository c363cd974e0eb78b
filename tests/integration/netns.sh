# SPDX-License-Identifier: BSD-3-Clause
# Sourced by tests that create tap interfaces, after lib.sh: the test runs
# again in a network and mount namespace of its own, with /sys remounted
# so /sys/class/net shows that namespace's interfaces, and IPv6 off for
# every new interface (no router solicitations or DAD frames in the
# counts). Interface names cannot clash with anything outside, and every
# interface goes with the namespace. Skips (77) only without /dev/net/tun.

[ -c /dev/net/tun ] || skip "/dev/net/tun absent"
if [ -z "${NBLPMD_IN_NETNS:-}" ]; then
	command -v unshare >/dev/null 2>&1 || fail "unshare (util-linux) not installed"
	trap - EXIT
	rm -rf "$WORK"
	NBLPMD_IN_NETNS=1 exec unshare --net --mount bash "$0" "$NBLPMD" "$CAPGEN"
fi
mount -t sysfs sysfs /sys || fail "cannot mount sysfs in the test's namespace"
sysctl -qw net.ipv6.conf.default.disable_ipv6=1 2>/dev/null ||
	log "note: IPv6 is not configurable here (kernel without IPv6)"
ip link set lo up 2>/dev/null

# kstat IF NAME: a counter of /sys/class/net/IF/statistics
kstat() {
	cat "/sys/class/net/$1/statistics/$2" 2>/dev/null || echo missing
}
