#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Corpus suite: every capture of ../shared/captures/public through nblpmd.

  corpus.py NBLPMD MODE [--shard I/K] [--corpus DIR] [--only NAME...]

MODE engine: each file replayed with --replay at --topspeed into the engine.
  - Ethernet files (and the link types lib/capture converts): records ==
    the manifest's records, sent + refused == records, the engine indicated
    + refused == sent, exit 0, audit clean;
  - other link types: exit 2 and a message on stderr naming the file, or
    (if converted) counted as converted;
  - never a signal, never a hang (a timeout per process).
MODE netpcap: each Ethernet file read by a net_pcap rx_pcap port: exit 0 or
  2, never a signal or a hang, audit clean when it ran.

Files are run in batches (up to 16 --replay files or 8 net_pcap ports in
one process, since EAL start-up costs about half a second a process); a
batch that fails as a whole is run again file by file so every failure
names its file. Exit: 0 pass, 1 fail, 77 skip (no corpus).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

CONVERTIBLE = {'linux-sll', 'linux-sll2', 'null', 'loop', 'rawip', 'rawip4',
               'rawip6'}
ENGINE_BATCH = 16
NETPCAP_BATCH = 8
TIMEOUT_BATCH = 90
TIMEOUT_ONE = 45
AUDIT = 'audit: leaked 0, double returns 0, foreign returns 0'
EAL = ['--no-huge', '-m', '1024', '--no-pci', '--no-shconf', '-l', '0-1',
       '--log-level=pmd.net.pcap:error']


def log(msg):
    print('[corpus] ' + msg, flush=True)


def load_manifest(corpus):
    for path in (os.path.join(corpus, 'MANIFEST.tsv'),
                 os.path.join(os.path.dirname(corpus), 'MANIFEST.tsv')):
        if os.path.exists(path):
            break
    else:
        return None
    rows = {}
    with open(path) as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) < 4:
                continue
            row = dict(zip(header, cols))
            rows[row['file']] = row
    return rows


class Runner:
    def __init__(self, nblpmd, work):
        self.nblpmd = nblpmd
        self.work = work
        self.seq = 0

    def run(self, vdevs, app_args, timeout):
        """Run nblpmd; returns (rc, stdout, stderr, json or None, cmd)."""
        self.seq += 1
        prefix = 'corpus_%d_%d' % (os.getpid(), self.seq)
        js = os.path.join(self.work, '%d.json' % self.seq)
        cmd = ([self.nblpmd] + EAL + ['--file-prefix', prefix] + vdevs +
               ['--'] + app_args + ['--stats-json', js])
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               timeout=timeout)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = 'timeout', e.stdout or b'', e.stderr or b''
        out = out.decode('utf-8', 'replace')
        err = err.decode('utf-8', 'replace')
        d = None
        try:
            with open(js) as f:
                d = json.load(f)
        except (OSError, ValueError):
            d = None
        if os.path.exists(js):
            os.unlink(js)
        return rc, out, err, d, ' '.join(cmd)


def process_failure(rc, out, d):
    """Why a run that should have ended cleanly did not, or None."""
    if rc == 'timeout':
        return 'did not end within the timeout (hang)'
    if rc < 0:
        return 'killed by signal %d (crash)' % -rc
    if rc != 0:
        return 'exit code %d' % rc
    if AUDIT not in out:
        return 'audit line missing or not clean: %s' % (
            [l for l in out.splitlines() if 'audit' in l][:2])
    if d is None:
        return 'no JSON report'
    a = d.get('audit', {})
    if (a.get('leaked'), a.get('double_returns'),
            a.get('foreign_returns')) != (0, 0, 0):
        return 'JSON audit not clean: %s' % a
    return None


def tail(text, n=8):
    return ' | '.join(text.strip().splitlines()[-n:])


def check_engine_batch(runner, corpus, names, manifest, failures):
    """Replay names (deliverable link types) in one process."""
    args = []
    for n in names:
        args += ['--replay', os.path.join(corpus, n)]
    rc, out, err, d, cmd = runner.run([], args + ['--topspeed'],
                                      TIMEOUT_BATCH)
    why = process_failure(rc, out, d)
    if why is not None:
        if len(names) == 1:
            failures.append((names[0], 'engine', why + '; stderr: ' +
                             tail(err, 4) + '; command: ' + cmd))
            return
        log('batch of %d failed (%s): running its files one by one'
            % (len(names), why))
        for n in names:
            check_engine_batch(runner, corpus, [n], manifest, failures)
        return
    r = d['replay']
    per = {os.path.basename(p['file']): p for p in r['per_file']}
    for n in names:
        p = per.get(n)
        want = int(manifest[n]['records'])
        if p is None:
            failures.append((n, 'engine', 'not in the replay report'))
            continue
        probs = []
        if p['records'] != want:
            probs.append('records %d, manifest says %d' % (p['records'], want))
        if p['sent'] + p['refused'] != p['records']:
            probs.append('sent %d + refused %d != records %d' % (
                p['sent'], p['refused'], p['records']))
        if p['converted'] and manifest[n]['linktype'] == 'ether':
            probs.append('Ethernet file reported as converted')
        if probs:
            failures.append((n, 'engine', '; '.join(probs)))
    taken = sum(q['indicated'] + q['refused'] for q in d['rx_queues']
                if q['port'] == r['port'])
    if taken != r['sent']:
        failures.append((','.join(names), 'engine',
                         'engine indicated + refused %d != replay sent %d'
                         % (taken, r['sent'])))
    if r['sent'] + r['refused_total'] != r['records']:
        failures.append((','.join(names), 'engine',
                         'replay sent + refused != records'))


def check_engine_other(runner, corpus, name, manifest, failures):
    """A link type that is not Ethernet, or a file without records: exit 2
    naming the file, or converted and counted."""
    rc, out, err, d, cmd = runner.run(
        [], ['--replay', os.path.join(corpus, name), '--topspeed'],
        TIMEOUT_ONE)
    if rc == 2:
        if name not in err:
            failures.append((name, 'engine', 'exit 2 but stderr does not '
                             'name the file: ' + tail(err, 3)))
        return 'refused'
    why = process_failure(rc, out, d)
    if why is not None:
        failures.append((name, 'engine', why + '; stderr: ' + tail(err, 4) +
                         '; command: ' + cmd))
        return 'failed'
    p = d['replay']['per_file'][0]
    want = int(manifest[name]['records']) if name in manifest else None
    if want is not None and p['records'] != want:
        failures.append((name, 'engine', 'converted file: records %d, '
                         'manifest says %d' % (p['records'], want)))
    if not p['converted'] and p['linktype'] != 'EN10MB':
        failures.append((name, 'engine', 'accepted link type %s without '
                         'converting it' % p['linktype']))
    return 'converted'


def check_netpcap_batch(runner, corpus, names, failures):
    vdevs = []
    for i, n in enumerate(names):
        vdevs.append('--vdev=net_pcap%d,rx_pcap=%s' % (i, os.path.join(corpus,
                                                                    n)))
    rc, out, err, d, cmd = runner.run(vdevs, [], TIMEOUT_BATCH)
    if rc == 2 and len(names) == 1:
        return
    why = process_failure(rc, out, d)
    if why is None:
        return
    if len(names) == 1:
        failures.append((names[0], 'netpcap', why + '; stderr: ' +
                         tail(err, 4) + '; command: ' + cmd))
        return
    log('net_pcap batch of %d failed (%s): running its files one by one'
        % (len(names), why))
    for n in names:
        check_netpcap_batch(runner, corpus, [n], failures)


def chunks(seq, n):
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def main(argv):
    if len(argv) < 3 or argv[2] not in ('engine', 'netpcap'):
        print(__doc__)
        return 2
    nblpmd, mode = argv[1], argv[2]
    shard, nshards = 0, 1
    corpus = None
    only = []
    i = 3
    while i < len(argv):
        if argv[i] == '--shard':
            shard, nshards = (int(x) for x in argv[i + 1].split('/'))
            i += 2
        elif argv[i] == '--corpus':
            corpus = argv[i + 1]
            i += 2
        elif argv[i] == '--only':
            only = argv[i + 1:]
            break
        else:
            print('unknown argument ' + argv[i])
            return 2
    if corpus is None:
        root = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        corpus = os.path.join(root, '..', 'shared', 'captures', 'public')
    corpus = os.path.normpath(corpus)
    if not os.path.isdir(corpus):
        print('SKIP: corpus folder %s absent' % corpus)
        return 77
    if not os.access(nblpmd, os.X_OK):
        print('SKIP: nblpmd binary %s not executable' % nblpmd)
        return 77
    manifest = load_manifest(corpus)
    if manifest is None:
        print('FAIL: MANIFEST.tsv not found beside %s' % corpus)
        return 1
    files = sorted(f for f in os.listdir(corpus)
                   if os.path.isfile(os.path.join(corpus, f)) and
                   f != 'MANIFEST.tsv')
    if only:
        files = [f for f in files if f in only]
    files = [f for k, f in enumerate(files) if k % nshards == shard]
    failures = []
    for f in files:
        if f not in manifest:
            failures.append((f, mode, 'not listed in MANIFEST.tsv'))
    files = [f for f in files if f in manifest]
    # a capture without records is refused at open (exit 2), like any
    # file that cannot be used: it goes with the other link types
    ether = [f for f in files if manifest[f]['linktype'] == 'ether' and
             int(manifest[f]['records']) > 0]
    conv = [f for f in files if manifest[f]['linktype'] in CONVERTIBLE and
            int(manifest[f]['records']) > 0]
    other = [f for f in files if f not in ether and f not in conv]
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix='corpus_') as work:
        runner = Runner(nblpmd, work)
        if mode == 'engine':
            log('shard %d/%d: %d Ethernet, %d convertible, %d other link '
                'types' % (shard, nshards, len(ether), len(conv), len(other)))
            for b in chunks(ether, ENGINE_BATCH) + chunks(conv, ENGINE_BATCH):
                check_engine_batch(runner, corpus, b, manifest, failures)
            outcome = {}
            for f in other:
                r = check_engine_other(runner, corpus, f, manifest, failures)
                outcome[r] = outcome.get(r, 0) + 1
            log('other link types: %s' % outcome)
        else:
            log('shard %d/%d: %d Ethernet files through net_pcap'
                % (shard, nshards, len(ether)))
            for b in chunks(ether, NETPCAP_BATCH):
                check_netpcap_batch(runner, corpus, b, failures)
        log('%d processes, %.1f s' % (runner.seq, time.time() - t0))
    for name, m, why in failures:
        print('FAIL %s [%s]: %s' % (name, m, why))
    if failures:
        print('%d failure(s) in %d file(s)' % (len(failures), len(files)))
        return 1
    print('PASS: %d file(s)' % len(files))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
