#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# One verdict per capture file, whichever path reads it: a net_pcap
# rx_pcap port and --replay give the same exit code, the same record
# counts and the same refusals by reason. A net_pcap file that is not
# Ethernet is refused at start (exit 2) naming the file, its link type
# and --replay; a header without records is an empty capture (exit 0);
# a file libpcap cannot read past a point delivers what came before and
# counts the rest as one unreadable record; a file libpcap cannot open is
# refused with libpcap's reason. Every report keeps
# records = delivered + refused + lost + unread.
TEST_NAME=one_verdict_per_file
. "$(dirname "$0")/lib.sh"

[ -n "$CAPGEN" ] && [ -x "$CAPGEN" ] || skip "nblpmd-capgen not built"

# identity FILE: records = delivered + refused + lost + unread in the JSON
# capture[] and replay members and in the text report
identity() {
	local label=$1 v
	jv v 'all(c["records"] == c["delivered"] + c["refused"] + c["lost"] + c["unread"] for c in d["capture"])'
	expect_eq "$label: JSON capture[]: records = delivered + refused + lost + unread" True "$v"
	jv v 'd.get("replay") is None or d["replay"]["records"] == d["replay"]["delivered"] + d["replay"]["refused_total"] + d["replay"]["lost"] + d["replay"]["unread"]'
	expect_eq "$label: JSON replay: records = delivered + refused + lost + unread" True "$v"
	v=$($PY - "$OUT" <<'PYEOF'
import re, sys
out = open(sys.argv[1]).read()
ok = True
for m in re.finditer(r'records (\d+), delivered (\d+), refused (\d+).*?, lost (\d+), unread (\d+)', out):
    r, d, f, l, u = map(int, m.groups())
    ok = ok and r == d + f + l + u
for m in re.finditer(r'records: +(\d+) +delivered: +(\d+) +refused: +(\d+) +lost: +(\d+) +unread: +(\d+)', out):
    r, d, f, l, u = map(int, m.groups())
    ok = ok and r == d + f + l + u
print(ok and bool(re.search(r'records:? +\d+,? +delivered', out)))
PYEOF
)
	expect_eq "$label: text report: records = delivered + refused + lost + unread" True "$v"
}

# verdict LABEL FILE [APP OPTIONS]: run the file both ways; sets NP_RC,
# RP_RC, NP (netpcap counts), RP (replay counts)
verdict() {
	local label=$1 file=$2
	shift 2
	JSON="$WORK/np_$label.json"
	run "np_$label" "--vdev=net_pcap0,rx_pcap=$file" -- --stats-json "$JSON" "$@"
	NP_RC=$RC
	NP_OUT=$OUT
	NP_ERR=$ERR
	NP=none
	if [ $RC = 0 ]; then
		expect_clean_run
		identity "net_pcap $label"
		jv NP '(d["capture"][0]["records"], d["capture"][0]["delivered"], d["capture"][0]["refused"], d["capture"][0]["lost"] + d["capture"][0]["unread"], sorted((k, v) for k, v in d["capture"][0]["refused_by_reason"].items() if v))'
	fi
	JSON="$WORK/rp_$label.json"
	run "rp_$label" -- --replay "$file" --topspeed --stats-json "$JSON" "$@"
	RP_RC=$RC
	RP_OUT=$OUT
	RP_ERR=$ERR
	RP=none
	if [ $RC = 0 ]; then
		expect_clean_run
		identity "replay $label"
		# delivered: what the engine indicated; refused: by the replay,
		# and by the engine's queue should it refuse any
		jv RP '(d["replay"]["records"], sum(q["indicated"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"]), d["replay"]["refused_total"] + sum(q["refused"] for q in d["rx_queues"] if q["port"] == d["replay"]["port"]), d["replay"]["lost"] + d["replay"]["unread"], sorted((k, v) for k, v in d["replay"]["refused"].items() if v))'
	fi
}

# same LABEL FILE RC [APP OPTIONS]: both paths end with RC and the same counts
same() {
	local label=$1 file=$2 rc=$3
	shift 3
	verdict "$label" "$file" "$@"
	expect_eq "$label: exit codes (net_pcap, --replay)" "$rc $rc" "$NP_RC $RP_RC"
	expect_eq "$label: (records, delivered, refused, lost + unread, refused by reason) net_pcap = --replay" "$NP" "$RP"
}

gen() {
	"$CAPGEN" --out "$WORK/$1" --count 300 --seed 7 "${@:2}" >/dev/null 2>&1 ||
		fail "capgen $* failed"
}

gen mixed.pcap
same mixed "$WORK/mixed.pcap" 0
for k in caplen-over-len runt zero oversize truncated; do
	gen "$k.pcap" --kind "$k"
	same "$k" "$WORK/$k.pcap" 0
done
expect_eq "truncated: net_pcap counts the cut-off tail as a refused record" \
	"(300, 299, 1, 0, [('truncated', 1)])" "$NP"
# the start line and the JSON say the same number of records
grep -q "^Capture $WORK/truncated.pcap: pcap, link type EN10MB, 300 records" "$NP_OUT" ||
	fail "truncated: the start line does not say 300 records: $(grep '^Capture' "$NP_OUT" | head -1)"

# a header without records: an empty capture on both paths
gen empty.pcap --kind empty
same empty "$WORK/empty.pcap" 0
expect_eq "empty: counts" "(0, 0, 0, 0, [])" "$NP"
gen empty.pcapng --kind empty --format pcapng
same empty_pcapng "$WORK/empty.pcapng" 0

# libpcap cannot read past record 120 (a captured length it refuses):
# the 120 before are delivered, the rest is one unreadable record
$PY - "$WORK/mixed.pcap" "$WORK/mid.pcap" <<'PYEOF' || fail "cannot write mid.pcap"
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
off = 24
for i in range(120):
    off += 16 + struct.unpack('<I', d[off + 8:off + 12])[0]
d[off + 8:off + 12] = struct.pack('<I', 0x7fffffff)
open(sys.argv[2], 'wb').write(d)
PYEOF
same unreadable "$WORK/mid.pcap" 0
expect_eq "unreadable: counts" "(121, 120, 1, 0, [('unreadable', 1)])" "$NP"
for o in "$NP_OUT" "$RP_OUT"; do
	grep -q "mid.pcap: record 120: invalid packet capture length" "$o" ||
		fail "unreadable: no warning with libpcap's reason in $o: $(grep -i warning "$o" | head -1)"
done

# the run ended early: the rest is unread, on both paths
gen long.pcap --count 5000
verdict early "$WORK/long.pcap" --max-packets 100
expect_eq "early end: exit codes" "0 0" "$NP_RC $RP_RC"
jv u 'd["capture"][0]["unread"]' "$WORK/np_early.json"
expect_gt "early end: net_pcap capture[].unread" "$u" 0
jv u 'd["replay"]["unread"]' "$WORK/rp_early.json"
expect_gt "early end: replay.unread" "$u" 0

# link types that convert: net_pcap refuses them pointing to --replay,
# which converts them
for k in sll raw-ip null-loopback; do
	gen "$k.pcap" --kind "$k"
	verdict "$k" "$WORK/$k.pcap"
	expect_eq "$k: exit codes (net_pcap refuses, --replay converts)" "2 0" "$NP_RC $RP_RC"
	grep -q "$k.pcap: link type .* is not Ethernet.*--replay $WORK/$k.pcap" "$NP_ERR" || {
		cat "$NP_ERR"; fail "$k: the net_pcap message does not name the file, its link type and --replay"; }
	jv c 'd["replay"]["converted"]'
	expect_eq "$k: --replay converts every record" 300 "$c"
done
# a link type nothing converts: exit 2 on both, naming it
gen wifi.pcap --linktype 105
verdict wifi "$WORK/wifi.pcap"
expect_eq "802.11: exit codes" "2 2" "$NP_RC $RP_RC"
for e in "$NP_ERR" "$RP_ERR"; do
	grep -q "wifi.pcap.*IEEE802_11" "$e" || { cat "$e"; fail "802.11: the message does not name the file and the link type"; }
done

# files libpcap cannot open: exit 2 on both, with libpcap's own reason
$PY - "$WORK/mixed.pcap" "$WORK/badver.pcap" <<'PYEOF' || fail "cannot write badver.pcap"
import struct, sys
d = open(sys.argv[1], 'rb').read()
open(sys.argv[2], 'wb').write(d[:4] + struct.pack('<HH', 3, 4) + d[8:])
PYEOF
verdict badver "$WORK/badver.pcap"
expect_eq "bad version: exit codes" "2 2" "$NP_RC $RP_RC"
for e in "$NP_ERR" "$RP_ERR"; do
	grep -q "badver.pcap.*unsupported pcap savefile version 3.4" "$e" || {
		cat "$e"; fail "bad version: the message does not carry libpcap's reason and the file"; }
done
if grep -q "no device\|No such device\|vdev_probe" "$NP_ERR"; then
	cat "$NP_ERR"; fail "bad version: net_pcap's probe failure leaked into the message"
fi
gen garbage.pcap --kind garbage
verdict garbage "$WORK/garbage.pcap"
expect_eq "garbage: exit codes" "2 2" "$NP_RC $RP_RC"
verdict missing "$WORK/no_such.pcap"
expect_eq "missing file: exit codes" "2 2" "$NP_RC $RP_RC"
for e in "$NP_ERR" "$RP_ERR"; do
	grep -q "no_such.pcap" "$e" || { cat "$e"; fail "missing file: the message does not name it"; }
done
log PASS
