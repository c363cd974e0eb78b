#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Every member of the JSON reports is named in the user guide.

Usage: docs_json_fields.py NBLPMD NBLPMD_ADVISE

Runs nblpmd once with most of what adds members to its report (a net_pcap
capture port and a replay, separate NBs, burst sizes, NBL history, a
leak so that the leak report has lines) and nblpmd-advise once with
--verify, then looks for every member name of both JSON files in the
guide: nblpmd's in docs/guide/reports.md and docs/guide/replay.md, the
advisor's in docs/guide/sizing.md. A member is named when it appears in
backquotes there (`name`, `name{}`, `name[]`, or inside a list such as
`hold_us{count, p50, ...}`). The members of config{} are the options of
--help, which the guide documents as such. Exit 0 when every member is
named, 1 otherwise (the missing ones listed, with where they sit), 77 when
a program cannot run here.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
EAL = ['--no-huge', '-m', '1024', '--no-pci', '--no-shconf', '-l', '0-1']
# objects whose keys are option names, documented as "every option"
OPTION_OBJECTS = ('config',)


def named(pages):
    """The words that appear in backquotes on the pages."""
    words = set()
    for p in pages:
        with open(os.path.join(ROOT, p), encoding='utf-8') as f:
            text = f.read()
        # code spans of the prose; fenced blocks are examples and outputs
        text = re.sub(r'(?ms)^ {0,3}(```|~~~).*?^ {0,3}\1[`~]*[ \t]*$', '',
                      text)
        for span in re.findall(r'`([^`]+)`', text):
            words.update(re.findall(r'[A-Za-z0-9_]+', span))
    return words


def members(obj, path='', out=None):
    """Map each member name to the first place it was seen."""
    if out is None:
        out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            where = '%s.%s' % (path, k) if path else k
            out.setdefault(k, where)
            if k in OPTION_OBJECTS and not path:
                continue
            members(v, where, out)
    elif isinstance(obj, list):
        for v in obj:
            members(v, path + '[]', out)
    return out


def run(cmd, cwd, what):
    print('run: %s' % ' '.join(cmd))
    p = subprocess.run(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=240, text=True)
    print('%s: exit code %d' % (what, p.returncode))
    return p


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    nblpmd, advise = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    for prog in (nblpmd, advise):
        if not os.access(prog, os.X_OK):
            print('SKIP: %s is not an executable' % prog)
            return 77
    sample = os.path.join(ROOT, 'config', 'sample.pcap')
    missing = []
    with tempfile.TemporaryDirectory(prefix='docs_json_fields.') as work:
        report = os.path.join(work, 'report.json')
        p = run([nblpmd] + EAL + [
            '--file-prefix', 'docs_json_fields_%d' % os.getpid(),
            '--vdev=net_pcap0,rx_pcap=%s' % sample, '--',
            '--replay', sample, '--record-burst-stats', '--track-nbls', '4',
            '--net-buffer', 'separate', '--test-leak', '2',
            '--stats-json', report], work, 'nblpmd')
        # the leak makes the audit fail on purpose: exit 1 is expected
        if p.returncode != 1 or not os.path.isfile(report):
            print(p.stdout[-3000:])
            print('FAIL: nblpmd: expected exit code 1 (2 NBLs leaked on '
                  'purpose) and a report, got %d' % p.returncode)
            return 1
        with open(report) as f:
            rep = json.load(f)
        words = named(['docs/guide/reports.md', 'docs/guide/replay.md'])
        for k, where in sorted(members(rep).items()):
            if k not in words:
                missing.append('nblpmd --stats-json: member "%s" (%s) is '
                               'not named in docs/guide/reports.md or '
                               'docs/guide/replay.md' % (k, where))

        advice = os.path.join(work, 'advice.json')
        p = run([advise, '--capture', sample, '--multiplier', '20',
                 '--hold-us', 'exp:20000', '--verify', '--json', advice],
                work, 'nblpmd-advise')
        # --verify may judge the replay on a loaded machine: 0 or 1
        if p.returncode not in (0, 1) or not os.path.isfile(advice):
            print(p.stdout[-3000:])
            print('FAIL: nblpmd-advise: exit code %d, no JSON advice' %
                  p.returncode)
            return 1
        with open(advice) as f:
            adv = json.load(f)
        if not adv.get('verify'):
            print('FAIL: nblpmd-advise --verify: no verify[] in the advice')
            return 1
        words = named(['docs/guide/sizing.md'])
        for k, where in sorted(members(adv).items()):
            if k not in words:
                missing.append('nblpmd-advise --json: member "%s" (%s) is '
                               'not named in docs/guide/sizing.md' %
                               (k, where))
    for m in missing:
        print(m)
    print('docs_json_fields: %d member(s) not documented' % len(missing))
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
