#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Run a command and send it signals at a chosen moment; print its exit code.

  sigtool.py [--when handler|TEXT] [--delay-ms MS] [--signals TERM,INT]
             [--gap-ms MS] [--timeout S] --out FILE --err FILE -- CMD...

--when handler: count the delay from the moment the process has its
SIGTERM handler in place (SigCgt in /proc/PID/status); --when TEXT: from
the moment TEXT appears on its standard output. The signals are sent one
after the other, --gap-ms apart. Prints "rc N early N": the exit code
(128 + signal when the process was killed by one) and how many bytes the
process had written (stdout and stderr) at the moment; exit 0, or 1 when
the process never reached the moment or outlived --timeout (it is then
killed).
"""

import argparse
import os
import signal
import subprocess
import sys
import time

SIGTERM_BIT = 1 << (signal.SIGTERM - 1)


def handler_in_place(pid):
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('SigCgt:'):
                    return int(line.split()[1], 16) & SIGTERM_BIT != 0
    except OSError:
        pass
    return False


def text_seen(path, text):
    try:
        with open(path, errors='replace') as f:
            return text in f.read()
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--when', default='handler')
    ap.add_argument('--delay-ms', type=float, default=0)
    ap.add_argument('--signals', default='TERM')
    ap.add_argument('--gap-ms', type=float, default=1)
    ap.add_argument('--timeout', type=float, default=60)
    ap.add_argument('--out', required=True)
    ap.add_argument('--err', required=True)
    ap.add_argument('cmd', nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ['--'] else a.cmd
    sigs = [getattr(signal, 'SIG' + s) for s in a.signals.split(',')]
    with open(a.out, 'w') as out, open(a.err, 'w') as err:
        p = subprocess.Popen(cmd, stdout=out, stderr=err,
                             stdin=subprocess.DEVNULL)
    t0 = time.monotonic()
    while p.poll() is None:
        if a.when == 'handler':
            if handler_in_place(p.pid):
                break
        elif text_seen(a.out, a.when):
            break
        if time.monotonic() - t0 > a.timeout:
            break
        time.sleep(0.0002 if a.when == 'handler' else 0.01)
    if p.poll() is not None:
        print('rc %d (exited before the moment: %s)' %
              (p.returncode, a.when))
        return 1
    early = sum(os.path.getsize(f) for f in (a.out, a.err))
    time.sleep(a.delay_ms / 1000.0)
    for i, s in enumerate(sigs):
        if i > 0:
            time.sleep(a.gap_ms / 1000.0)
        try:
            p.send_signal(s)
        except ProcessLookupError:
            pass
    try:
        rc = p.wait(timeout=a.timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        print('rc timeout (still running %g s after the signals)' % a.timeout)
        return 1
    print('rc %d early %d' % (128 - rc if rc < 0 else rc, early))
    return 0


if __name__ == '__main__':
    sys.exit(main())
