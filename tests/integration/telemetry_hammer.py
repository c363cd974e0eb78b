#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Read telemetry endpoints in a tight loop, run after run.

Usage: telemetry_hammer.py SOCKET STOP_FILE STATS_FILE

Connects to the telemetry socket SOCKET (dpdk_telemetry.v2) as
dpdk-telemetry.py does, asks "/" for the command list, and sends every
/nbl and /nblpmd command (with the parameters each needs: the pools
/nbl/pools names, queue 0:0) one after the other until the process goes
away; then connects again to the next process on the same socket path.
Stops when STOP_FILE exists and writes to STATS_FILE (JSON): connections,
answers, answers that were not JSON, null answers of the project's
endpoints, the commands read, and per connection how many answers it got.
"""
import json
import os
import socket
import sys
import time


def project_commands(listing, pools):
    cmds = []
    for c in listing:
        if not (c.startswith('/nbl/') or c.startswith('/nblpmd/')):
            continue
        if c == '/nbl/pending':
            cmds += ['/nbl/pending,0:0', '/nbl/pending,0:0,64']
        elif c == '/nbl/pool':
            cmds += ['/nbl/pool,' + p for p in pools] or ['/nbl/pool,none']
        else:
            cmds.append(c)
    return cmds


def ask(s, cmd, st):
    s.send(cmd.encode())
    r = s.recv(1 << 17)
    if not r:
        raise ConnectionError('closed')
    st['answers'] += 1
    try:
        v = json.loads(r.decode())
    except ValueError:
        st['invalid'] += 1
        st['invalid_samples'] = (st.get('invalid_samples', []) +
                                 [r[:120].decode(errors='replace')])[:5]
        return None
    val = v.get(cmd.split(',')[0])
    if val is None and cmd != '/':
        st['nulls'] += 1
        st['null_commands'] = sorted(set(st.get('null_commands', []) +
                                         [cmd]))
    return val


def main():
    path, stop, out = sys.argv[1:4]
    st = {'connections': 0, 'answers': 0, 'invalid': 0, 'nulls': 0,
          'per_connection': [], 'commands': []}
    seen = set()
    while not os.path.exists(stop):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            s.connect(path)
            s.recv(1024)
        except OSError:
            s.close()
            time.sleep(0.002)
            continue
        st['connections'] += 1
        before = st['answers']
        try:
            listing = ask(s, '/', st) or []
            pools = []
            while not os.path.exists(stop):
                p = ask(s, '/nbl/pools', st)
                pools = p if isinstance(p, list) else pools
                for c in project_commands(listing, pools):
                    seen.add(c.split(',')[0])
                    ask(s, c, st)
        except OSError:
            pass
        s.close()
        st['per_connection'].append(st['answers'] - before)
    st['commands'] = sorted(seen)
    with open(out, 'w') as f:
        json.dump(st, f)


if __name__ == '__main__':
    main()
