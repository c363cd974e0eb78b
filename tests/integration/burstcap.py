#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write a bursty capture (pcap, nanosecond timestamps, Ethernet).

  burstcap.py OUT BURSTS PACKETS PPS PERIOD_MS [SEED]

BURSTS bursts of PACKETS frames each; inside a burst one frame every
1/PPS s; a burst starts every PERIOD_MS ms. Frames are 60 to 1514 bytes of
IPv4/IPv6/ARP (pcaptool.build_frame). Standard library only.
"""

import random
import struct
import sys

from pcaptool import build_frame


def main(argv):
    if len(argv) not in (6, 7):
        sys.stderr.write(__doc__)
        return 2
    out, bursts, packets = argv[1], int(argv[2]), int(argv[3])
    pps, period_ms = float(argv[4]), float(argv[5])
    rng = random.Random(int(argv[6]) if len(argv) == 7 else 1)
    if bursts < 1 or packets < 1 or pps <= 0 or period_ms <= 0 or \
            packets / pps * 1000 > period_ms:
        sys.stderr.write('burstcap.py: bursts and packets >= 1, a burst '
                         'shorter than the period\n')
        return 2
    base = 1_700_000_000 * 10**9
    gap = int(round(1e9 / pps))
    with open(out, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 65535, 1))
        i = 0
        for b in range(bursts):
            start = base + int(b * period_ms * 1e6)
            for p in range(packets):
                ts = start + p * gap
                frame = build_frame(rng, i, rng.randint(60, 1514))
                f.write(struct.pack('<IIII', ts // 10**9, ts % 10**9,
                                    len(frame), len(frame)))
                f.write(frame)
                i += 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
