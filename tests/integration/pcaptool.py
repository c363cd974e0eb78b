#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Small pcap/JSON helper for the integration suite (standard library only).

  pcaptool.py gen OUT COUNT [SEED] [JUMBO]   write a classic pcap (Ethernet,
                                             microsecond), mixed sizes and
                                             protocols, JUMBO frames of 9000 B
  pcaptool.py stats FILE                     print "records bytes" (sum of
                                             captured lengths), classic pcap
                                             or pcapng
  pcaptool.py cmp A B                        same records, same bytes, same
                                             order; prints the first
                                             difference and exits 1
  pcaptool.py cmp-macswap A B                as cmp, B with the Ethernet
                                             addresses of A swapped
  pcaptool.py count-sig FILE SIG             records containing SIG (ASCII)
  pcaptool.py json FILE EXPR                 print eval(EXPR) with d = report
  pcaptool.py json-keys FILE                 check every documented key
  pcaptool.py tapsend IFACE K SIG            send K frames on IFACE with
                                             AF_PACKET, payload carrying SIG
"""

import json
import random
import socket
import struct
import sys


def build_frame(rng, i, size):
    """An Ethernet frame of exactly size bytes: IPv4 UDP/TCP/ICMP, ARP or
    IPv6 UDP, depending on i."""
    dst = bytes([0x02, 0x00, 0x00, 0x00, 0x00, 0x01])
    src = bytes([0x02, 0x00, 0x00, 0x00, (i >> 8) & 0xff, i & 0xff])
    kind = i % 5
    if kind == 3 and size >= 60:
        # ARP request (padded)
        body = struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, src,
                           bytes([10, 0, 0, 1]), bytes(6), bytes([10, 0, 0, 2]))
        frame = dst + src + struct.pack('!H', 0x0806) + body
    elif kind == 4 and size >= 14 + 40 + 8:
        plen = size - 14 - 40
        ip6 = struct.pack('!IHBB16s16s', 0x60000000, plen, 17, 64,
                          bytes([0xfe, 0x80] + [0] * 13 + [1]),
                          bytes([0xfe, 0x80] + [0] * 13 + [2]))
        udp = struct.pack('!HHHH', 1000 + i % 100, 53, plen, 0)
        frame = dst + src + struct.pack('!H', 0x86dd) + ip6 + udp
    else:
        proto = {0: 17, 1: 6, 2: 1}.get(kind, 17)
        tot = size - 14
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, tot & 0xffff, i & 0xffff,
                         0, 64, proto, 0, bytes([10, 0, 0, 1]),
                         bytes([10, 0, 0, 2]))
        if proto == 17:
            l4 = struct.pack('!HHHH', 1024 + i % 1000, 4789, tot - 20, 0)
        elif proto == 6:
            l4 = struct.pack('!HHIIBBHHH', 1024 + i % 1000, 80, i, 0, 0x50,
                             0x18, 8192, 0, 0)
        else:
            l4 = struct.pack('!BBHHH', 8, 0, 0, 1, i & 0xffff)
        frame = dst + src + struct.pack('!H', 0x0800) + ip + l4
    pad = size - len(frame)
    if pad > 0:
        frame += bytes(rng.getrandbits(8) for _ in range(min(pad, 64)))
        frame += bytes((i + k) & 0xff for k in range(size - len(frame)))
    return frame[:size]


def cmd_gen(out, count, seed=1, jumbo=0):
    rng = random.Random(seed)
    sizes = [60, 64, 128, 256, 512, 1024, 1514]
    jumbo_at = set()
    if jumbo:
        step = max(1, count // (jumbo + 1))
        jumbo_at = {step * (k + 1) for k in range(jumbo)}
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        ts = 1_700_000_000
        for i in range(count):
            size = 9000 if i in jumbo_at else (
                sizes[i % len(sizes)] if i % 3 else rng.randint(60, 1514))
            frame = build_frame(rng, i, size)
            usec = i * 10
            f.write(struct.pack('<IIII', ts + usec // 1000000, usec % 1000000,
                                len(frame), len(frame)))
            f.write(frame)


def read_records(path):
    """Return the list of captured record bytes of a pcap or pcapng file."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 4:
        raise ValueError('%s: too short for a capture file (%d bytes)'
                         % (path, len(data)))
    magic = struct.unpack('<I', data[:4])[0]
    recs = []
    if magic in (0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, 0x4d3cb2a1):
        e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
        off = 24
        while off < len(data):
            if off + 16 > len(data):
                raise ValueError('%s: truncated record header at %d'
                                 % (path, off))
            _, _, incl, _orig = struct.unpack(e + 'IIII', data[off:off + 16])
            off += 16
            if off + incl > len(data):
                raise ValueError('%s: truncated record at %d' % (path, off))
            recs.append(data[off:off + incl])
            off += incl
        return recs
    if magic == 0x0a0d0d0a:
        off = 0
        e = '<'
        while off < len(data):
            btype = struct.unpack(e + 'I', data[off:off + 4])[0]
            if btype == 0x0a0d0d0a:
                bom = data[off + 8:off + 12]
                e = '<' if bom == b'\x4d\x3c\x2b\x1a' else '>'
            blen = struct.unpack(e + 'I', data[off + 4:off + 8])[0]
            if blen < 12 or off + blen > len(data):
                raise ValueError('%s: bad block length %d at %d'
                                 % (path, blen, off))
            if btype == 6:      # enhanced packet block
                caplen = struct.unpack(e + 'I', data[off + 20:off + 24])[0]
                recs.append(data[off + 28:off + 28 + caplen])
            elif btype == 3:    # simple packet block
                olen = struct.unpack(e + 'I', data[off + 8:off + 12])[0]
                recs.append(data[off + 12:off + 12 + min(olen, blen - 16)])
            off += blen
        return recs
    raise ValueError('%s: not a pcap or pcapng file (magic 0x%08x)'
                     % (path, magic))


def cmd_stats(path):
    recs = read_records(path)
    print(len(recs), sum(len(r) for r in recs))


def cmd_cmp(a, b, macswap=False):
    ra, rb = read_records(a), read_records(b)
    if macswap:
        ra = [r[6:12] + r[0:6] + r[12:] for r in ra]
    ok = True
    if len(ra) != len(rb):
        print('record count: expected %d (%s), seen %d (%s)'
              % (len(ra), a, len(rb), b))
        ok = False
    for i, (x, y) in enumerate(zip(ra, rb)):
        if x != y:
            print('record %d differs: expected %d bytes %s..., seen %d bytes '
                  '%s...' % (i, len(x), x[:24].hex(), len(y), y[:24].hex()))
            ok = False
            break
    if ok:
        print('same %d records, %d bytes' % (len(ra), sum(len(r) for r in ra)))
    return 0 if ok else 1


def cmd_count_sig(path, sig):
    s = sig.encode()
    print(sum(1 for r in read_records(path) if s in r))


def cmd_json(path, expr):
    with open(path) as f:
        d = json.load(f)
    print(eval(expr, {'d': d, 'sum': sum, 'len': len, 'all': all,
                      'any': any, 'max': max, 'min': min, 'json': json}))


DOC_KEYS = {
    'ports': ['port', 'name', 'rx_packets', 'rx_bytes', 'rx_missed',
              'rx_errors', 'rx_nombuf', 'tx_packets', 'tx_bytes',
              'tx_errors'],
    'rx_queues': ['port', 'queue', 'descriptors', 'indicated', 'returned',
                  'recycled_inplace', 'freed_to_pool',
                  'resources_indications', 'fill_stalls', 'outstanding_max',
                  'refused'],
    'pools': ['name', 'count', 'cache_size', 'in_use', 'allocs', 'frees',
              'alloc_failures'],
}


def cmd_json_keys(path):
    with open(path) as f:
        d = json.load(f)
    missing = []
    for k in ('version', 'dpdk_version', 'eal_args', 'config', 'sizing',
              'elapsed_s', 'rx_pps', 'ports', 'rx_queues', 'pools', 'audit'):
        if k not in d:
            missing.append(k)
    for arr, keys in DOC_KEYS.items():
        v = d.get(arr)
        if not isinstance(v, list) or not v:
            missing.append('%s[] (absent, not a list or empty)' % arr)
            continue
        for i, e in enumerate(v):
            for k in keys:
                if k not in e:
                    missing.append('%s[%d].%s' % (arr, i, k))
    a = d.get('audit')
    if isinstance(a, dict):
        for k in ('leaked', 'double_returns', 'foreign_returns', 'details',
                  'details_omitted'):
            if k not in a:
                missing.append('audit.' + k)
    elif 'audit' in d:
        missing.append('audit (not an object)')
    if missing:
        print('missing keys: ' + ', '.join(missing))
        return 1
    print('all documented keys present')
    return 0


def cmd_tapsend(iface, k, sig):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    src = bytes([0x02, 0x00, 0x00, 0x00, 0x00, 0x77])
    dst = bytes([0xff] * 6)
    for i in range(k):
        payload = ('%s %06d ' % (sig, i)).encode()
        payload += bytes(100 - len(payload))
        # local experimental ethertype, so the kernel stack leaves it alone
        frame = dst + src + struct.pack('!H', 0x88b5) + payload
        s.send(frame)
    s.close()
    print(k)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    c = argv[1]
    if c == 'gen':
        cmd_gen(argv[2], int(argv[3]), int(argv[4]) if len(argv) > 4 else 1,
                int(argv[5]) if len(argv) > 5 else 0)
        return 0
    if c == 'stats':
        cmd_stats(argv[2])
        return 0
    if c == 'cmp':
        return cmd_cmp(argv[2], argv[3])
    if c == 'cmp-macswap':
        return cmd_cmp(argv[2], argv[3], True)
    if c == 'count-sig':
        cmd_count_sig(argv[2], argv[3])
        return 0
    if c == 'json':
        cmd_json(argv[2], argv[3])
        return 0
    if c == 'json-keys':
        return cmd_json_keys(argv[2])
    if c == 'tapsend':
        cmd_tapsend(argv[2], int(argv[3]), argv[4])
        return 0
    print('unknown command ' + c, file=sys.stderr)
    return 2


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except (ValueError, OSError, KeyError, IndexError, TypeError,
            json.JSONDecodeError) as ex:
        print('pcaptool: %s: %s' % (type(ex).__name__, ex), file=sys.stderr)
        sys.exit(3)
