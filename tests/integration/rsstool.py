#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""RSS as a NIC applies it, written here from the published algorithm
(standard library only), to check nblpmd and nblpmd-advise from outside.

  rsstool.py selftest                    the Toeplitz hash against the
                                         verification values Microsoft
                                         publishes ("Verifying the RSS Hash
                                         Calculation"); exits 1 on a miss
  rsstool.py split FILE N [KEY]          packets per queue with N queues,
                                         one line: "c0 c1 ... cN-1"; then
                                         "l4 l3 none" counts on a second
  rsstool.py gen OUT COUNT [SEED]        a classic pcap (Ethernet) of many
                                         flows and every kind of frame the
                                         hash treats apart: IPv4/IPv6 TCP
                                         and UDP, ICMP, IPv4 fragments,
                                         one and two VLAN tags, ARP, ports
                                         cut off by the snapshot length

The hash (ComputeHash of the NDIS documentation): for each bit of the
input from the left, when it is 1, XOR in the key's 32 bits that start at
that bit. Input: source address, destination address, then source and
destination port for TCP and UDP (not for fragments); other IP: the
addresses; anything else is not hashed and goes to queue 0. The queue is
entry hash % 128 of a table whose entry i is i % N. Up to two VLAN tags
(0x8100, 0x88a8) are skipped. Records whose link type converts to
Ethernet in nblpmd (Linux cooked SLL, raw IP) are read as their IP
packets; records nblpmd refuses (shorter than 14 bytes once Ethernet, or
longer than 9216) are left out.
"""

import random
import struct
import sys

DEFAULT_KEY = bytes.fromhex(
    '6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c'
    '6a42b73bbeac01fa')
RETA_SIZE = 128
MAX_FRAME = 9216

# (destination, dport, source, sport, IPv4 only, with TCP)
V4_VECTORS = [
    ('161.142.100.80', 1766, '66.9.149.187', 2794, 0x323e8fc2, 0x51ccc178),
    ('65.69.140.83', 4739, '199.92.111.2', 14230, 0xd718262a, 0xc626b0ea),
    ('12.22.207.184', 38024, '24.19.198.95', 12898, 0xd2d0a5de, 0x5c2b394a),
    ('209.142.163.6', 2217, '38.27.205.30', 48228, 0x82989176, 0xafc7327f),
    ('202.188.127.2', 1303, '153.39.163.191', 44251, 0x5d1809c5, 0x10e828a2),
]
V6_VECTORS = [
    ('3ffe:2501:200:3::1', 1766, '3ffe:2501:200:1fff::7', 2794,
     0x2cc18cd5, 0x40207d3d),
    ('ff02::1', 4739, '3ffe:501:8::260:97ff:fe40:efab', 14230,
     0x0f0c461c, 0xdde51bbf),
    ('fe80::200:f8ff:fe21:67cf', 38024,
     '3ffe:1900:4545:3:200:f8ff:fe21:67cf', 44251, 0x4b61e985, 0x02d1feef),
]


def toeplitz(key, data):
    """ComputeHash(input[], n) of the NDIS documentation."""
    k = int.from_bytes(key, 'big')
    kbits = len(key) * 8
    result = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            result ^= (k >> (kbits - 32 - i)) & 0xffffffff
    return result


def addr(text):
    import socket
    fam = socket.AF_INET6 if ':' in text else socket.AF_INET
    return socket.inet_pton(fam, text)


def cmd_selftest():
    bad = 0
    for dst, dp, src, sp, l3, l4 in V4_VECTORS + V6_VECTORS:
        a = addr(src) + addr(dst)
        got3 = toeplitz(DEFAULT_KEY, a)
        got4 = toeplitz(DEFAULT_KEY, a + struct.pack('!HH', sp, dp))
        if (got3, got4) != (l3, l4):
            print('%s -> %s: 0x%08x 0x%08x, published 0x%08x 0x%08x'
                  % (src, dst, got3, got4, l3, l4))
            bad += 1
    print('selftest: %d of %d vectors match'
          % (len(V4_VECTORS) + len(V6_VECTORS) - bad,
             len(V4_VECTORS) + len(V6_VECTORS)))
    return 1 if bad else 0


def hash_input(frame):
    """(bytes to hash, kind) of an Ethernet frame; kind l4, l3 or none."""
    if len(frame) < 14:
        return None, 'none'
    off = 12
    etype = struct.unpack('!H', frame[off:off + 2])[0]
    tags = 0
    while tags < 2 and etype in (0x8100, 0x88a8):
        off += 4
        if len(frame) < off + 2:
            return None, 'none'
        etype = struct.unpack('!H', frame[off:off + 2])[0]
        tags += 1
    ip = frame[off + 2:]
    if etype == 0x0800:
        if len(ip) < 20 or ip[0] >> 4 != 4 or (ip[0] & 15) < 5:
            return None, 'none'
        ihl = (ip[0] & 15) * 4
        frag = struct.unpack('!H', ip[6:8])[0] & 0x3fff
        a = ip[12:20]
        if ip[9] in (6, 17) and frag == 0 and len(ip) >= ihl + 4:
            return a + ip[ihl:ihl + 4], 'l4'
        return a, 'l3'
    if etype == 0x86dd:
        if len(ip) < 40 or ip[0] >> 4 != 6:
            return None, 'none'
        a = ip[8:40]
        if ip[6] in (6, 17) and len(ip) >= 44:
            return a + ip[40:44], 'l4'
        return a, 'l3'
    return None, 'none'


def read_pcap(path):
    """(linktype, [record bytes]) of a classic pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    if magic not in (0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1):
        raise ValueError('%s: not a classic pcap file' % path)
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack(e + 'I', data[20:24])[0] & 0xffff
    recs = []
    off = 24
    while off + 16 <= len(data):
        _, _, incl, orig = struct.unpack(e + 'IIII', data[off:off + 16])
        off += 16
        if off + incl > len(data):
            break
        recs.append((data[off:off + incl], orig))
        off += incl
    return linktype, recs


def to_ethernet(linktype, rec):
    """The frame nblpmd makes of a record (lib/capture's conversion), or
    None for a record it refuses."""
    hdr = b'\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01'
    if linktype == 1:
        return rec
    if linktype == 113:         # Linux cooked SLL: protocol at 14
        return hdr + rec[14:16] + rec[16:] if len(rec) >= 16 else None
    if linktype == 276:         # SLL2: protocol at 0
        return hdr + rec[0:2] + rec[20:] if len(rec) >= 20 else None
    if linktype in (12, 14, 101, 228, 229):     # raw IP
        if not rec:
            return None
        v = rec[0] >> 4
        if v not in (4, 6):
            return None
        return hdr + (b'\x08\x00' if v == 4 else b'\x86\xdd') + rec
    raise ValueError('link type %d: not handled here' % linktype)


def cmd_split(path, n, key=DEFAULT_KEY):
    linktype, recs = read_pcap(path)
    counts = [0] * n
    kinds = {'l4': 0, 'l3': 0, 'none': 0}
    for rec, orig in recs:
        frame = to_ethernet(linktype, rec)
        if frame is None or len(frame) < 14 or len(frame) > MAX_FRAME or \
                len(rec) > orig:
            continue
        data, kind = hash_input(frame)
        kinds[kind] += 1
        q = 0
        if data is not None:
            q = (toeplitz(key, data) % RETA_SIZE) % n
        counts[q] += 1
    print(' '.join(str(c) for c in counts))
    print('%d %d %d' % (kinds['l4'], kinds['l3'], kinds['none']))
    return 0


def frame_of(rng, i):
    """One frame of flow i % 97 (many flows), of a kind chosen by i."""
    dst = bytes([0x02, 0, 0, 0, 0, 1])
    src = bytes([0x02, 0, 0, 0, (i >> 8) & 0xff, i & 0xff])
    flow = i % 97
    kind = i % 11
    s4 = bytes([10, 1 + flow % 7, flow, 1])
    d4 = bytes([192, 168, flow % 5, 2 + flow])
    sport, dport = 1024 + flow * 13, (80, 443, 53, 4789)[flow % 4]
    if kind == 9:       # ARP
        body = struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, src, s4,
                           bytes(6), d4)
        return dst + src + b'\x08\x06' + body + bytes(18)
    if kind in (5, 6, 7):   # IPv6: TCP, UDP, ICMPv6
        nh = (6, 17, 58)[kind - 5]
        s6 = bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 10 + [flow, 1])
        d6 = bytes([0x20, 0x01, 0x0d, 0xb8, 0, 1] + [0] * 8 + [0, 2 + flow])
        l4 = struct.pack('!HHII', sport, dport, i, 0) + bytes(12)
        ip6 = struct.pack('!IHBB16s16s', 0x60000000, len(l4), nh, 64, s6, d6)
        return dst + src + b'\x86\xdd' + ip6 + l4
    proto = {0: 6, 1: 17, 2: 1, 3: 6, 4: 17, 8: 6, 10: 17}[kind]
    frag = 0x2000 if kind == 3 else (185 if kind == 4 else 0)
    l4 = struct.pack('!HHII', sport, dport, i, 0) + bytes(rng.randint(4, 40))
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), i & 0xffff,
                     frag, 64, proto, 0, s4, d4)
    tags = b''
    if kind == 8:       # one 802.1Q tag
        tags = b'\x81\x00' + struct.pack('!H', flow)
    elif kind == 10:    # QinQ: 802.1ad then 802.1Q
        tags = b'\x88\xa8\x00\x07\x81\x00' + struct.pack('!H', flow)
    return dst + src + tags + b'\x08\x00' + ip + l4


def cmd_gen(out, count, seed=1):
    rng = random.Random(seed)
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        ts = 1_700_000_000
        for i in range(count):
            frame = frame_of(rng, i)
            orig = len(frame)
            if i % 23 == 0 and frame[12:14] == b'\x08\x00':
                # the snapshot ends before the ports: addresses only
                frame = frame[:14 + 20 + 2]
            usec = i * 20
            f.write(struct.pack('<IIII', ts + usec // 1000000,
                                usec % 1000000, len(frame), orig))
            f.write(frame)
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    c = argv[1]
    if c == 'selftest':
        return cmd_selftest()
    if c == 'split':
        key = bytes.fromhex(argv[4].replace(':', '')) if len(argv) > 4 \
            else DEFAULT_KEY
        return cmd_split(argv[2], int(argv[3]), key)
    if c == 'gen':
        return cmd_gen(argv[2], int(argv[3]),
                       int(argv[4]) if len(argv) > 4 else 1)
    print('unknown command ' + c, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
