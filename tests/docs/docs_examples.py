#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Run the shell examples of one page of the documentation.

Usage: docs_examples.py PAGE.md [--bin DIR]... [--timeout S] [--list]

A fenced block whose info string is `sh example` is an example: it runs
as written, from the project root, with the programs on PATH. A block
marked `sh manual` is shown and not run (it builds, installs or
benchmarks; the page says so); any other shell block (`sh`, `bash`,
`shell`, `console`) is an error, so that no command goes unmarked.

The blocks of a page run in order, each in a shell of its own (bash,
`set -eo pipefail`), all in one temporary directory per page in which
the project's `config` and `tests` folders are symbolic links: what an
example writes lands there and is removed afterwards. The environment
gives `EAL`, this machine's EAL options (no hugepages, no PCI, lcores
0-1) with a file prefix of this run's own; every `--file-prefix NAME` and
`dpdk-telemetry.py -f NAME` of the page is made unique to this run.

A block fails when it exits non-zero, when it runs longer than the
timeout, when it leaves a process running (start one with `&` and wait
for it), or when a telemetry read could not connect (a read that raced
the program's start). The failure names the page and the line of the
block. Exit 0 when every block ran, 1 otherwise, 77 when the page has no
example.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SHELL_INFOS = ('sh', 'bash', 'shell', 'console', 'zsh')
EAL_OPTIONS = '--no-huge -m 1024 --no-pci --no-shconf -l 0-1'
# the project folders an example may read, linked into its directory
LINKED = ('config', 'tests')
# what a failed telemetry read prints (dpdk-telemetry.py exits 0 then)
TELEMETRY_FAILED = re.compile(r'Error connecting to|Connection refused')


def blocks(path):
    """Yield (line, info words, text) for each fenced block of a page."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        m = re.match(r'^( {0,3})(`{3,}|~{3,})\s*(.*)$', lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group(2), m.group(3).strip()
        start = i + 1
        body = []
        i += 1
        while i < len(lines) and not re.match(
                r'^ {0,3}' + re.escape(fence[0]) + '{%d,}\\s*$' % len(fence),
                lines[i]):
            body.append(lines[i])
            i += 1
        i += 1
        yield start, info.split(), '\n'.join(body) + '\n'


def classify(path):
    """Return (examples, errors): examples as (line, text)."""
    examples, errors = [], []
    for line, words, text in blocks(path):
        if not words or words[0] not in SHELL_INFOS:
            continue
        kind = words[1] if len(words) > 1 else ''
        if kind == 'example':
            examples.append((line, text))
        elif kind != 'manual':
            errors.append('%s:%d: shell block not marked: give it the info '
                          'string "sh example" (run by this test) or "sh '
                          'manual" (shown, not run)' % (path, line))
    return examples, errors


def unique_prefixes(text, tag):
    """Make every EAL file prefix of a page unique to this run."""
    names = set(re.findall(r'--file-prefix[ =]([A-Za-z0-9_.-]+)', text))
    for n in sorted(names, key=len, reverse=True):
        new = '%s-%s' % (n, tag)
        text = re.sub(r'(--file-prefix[ =])%s\b' % re.escape(n),
                      r'\g<1>' + new, text)
        text = re.sub(r'(dpdk-telemetry\.py\s+-f\s+)%s\b' % re.escape(n),
                      r'\g<1>' + new, text)
    return text


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_block(path, line, text, workdir, env, timeout):
    """Run one block; return None or a failure message."""
    script = os.path.join(workdir, '.example-%d.sh' % line)
    with open(script, 'w', encoding='utf-8') as f:
        f.write('set -eo pipefail\n' + text)
    log = os.path.join(workdir, '.example-%d.log' % line)
    began = time.monotonic()
    with open(log, 'w', encoding='utf-8') as out:
        p = subprocess.Popen(['bash', script], cwd=workdir, env=env,
                             stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = p.wait(timeout=timeout)
            why = None if rc == 0 else 'exit code %d' % rc
        except subprocess.TimeoutExpired:
            rc = None
            why = 'still running after %d s' % timeout
    # the block's shell is gone: anything left in its session was started
    # in the background and not waited for
    left = group_alive(p.pid)
    if left:
        time.sleep(0.5)
        left = group_alive(p.pid)
    if left:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if rc is not None:
            p.wait()
        if why is None:
            why = 'left a process running (wait for what it starts with &)'
    elif rc is None:
        p.wait()
    with open(log, encoding='utf-8', errors='replace') as f:
        output = f.read()
    if why is None and TELEMETRY_FAILED.search(output):
        why = 'a telemetry read could not connect (did it wait for the ' \
              'program to be up?)'
    took = time.monotonic() - began
    print('%s:%d: %s (%.1f s)' % (path, line, why or 'ok', took))
    if why is None:
        return None
    tail = '\n'.join(output.rstrip('\n').split('\n')[-40:])
    return '%s:%d: example failed: %s\n----- block:\n%s----- output ' \
           '(last 40 lines):\n%s\n-----' % (path, line, why, text, tail)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('page')
    ap.add_argument('--bin', action='append', default=[],
                    help='directory to put first on PATH')
    ap.add_argument('--root', help='project root (default: the page\'s '
                    'repository, found from this script)')
    ap.add_argument('--timeout', type=int, default=180,
                    help='seconds one block may run')
    ap.add_argument('--list', action='store_true',
                    help='list the examples and the unmarked blocks only')
    a = ap.parse_args()

    root = a.root or os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    page = a.page if os.path.isabs(a.page) else os.path.join(root, a.page)
    rel = os.path.relpath(page, root)
    examples, errors = classify(page)
    for e in errors:
        print(e.replace(page, rel))
    if a.list:
        for line, text in examples:
            print('%s:%d: example\n%s' % (rel, line, text))
        return 1 if errors else 0
    if errors:
        return 1
    if not examples:
        print('%s: no example to run' % rel)
        return 77

    tag = 'docex%d' % os.getpid()
    work = tempfile.mkdtemp(prefix='docs_examples.')
    try:
        for d in LINKED:
            os.symlink(os.path.join(root, d), os.path.join(work, d))
        env = dict(os.environ)
        env['PATH'] = os.pathsep.join(
            [os.path.abspath(b) for b in a.bin] + [env.get('PATH', '')])
        env['EAL'] = '%s --file-prefix %s' % (EAL_OPTIONS, tag)
        env.pop('MAKEFLAGS', None)
        failures = []
        for line, text in examples:
            msg = run_block(rel, line, unique_prefixes(text, tag), work,
                            env, a.timeout)
            if msg is not None:
                failures.append(msg)
                break  # later blocks of a walk-through build on this one
        for f in failures:
            print(f)
        if failures:
            print('%s: FAIL' % rel)
            return 1
        print('%s: %d example(s) ran' % (rel, len(examples)))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
