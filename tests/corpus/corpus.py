#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Corpus suite: every capture of ../shared/captures/public through nblpmd,
once with --replay into the engine and once read by a net_pcap rx_pcap
port, and the two verdicts compared.

  corpus.py NBLPMD [--shard I/K] [--corpus DIR] [--jobs N] [--only NAME...]

For every file:
  - --replay: Ethernet files and the link types lib/capture converts end by
    themselves (exit 0, audit clean) with records == sent + refused, the
    engine indicating + refusing exactly what was sent; Ethernet files have
    the manifest's record count; other link types exit 2 naming the file;
  - net_pcap: an Ethernet file ends by itself (exit 0, audit clean, never
    waiting for a --duration) with records = delivered + refused and
    nothing lost or unread; any other link type is refused at start (exit
    2) naming the file and its link type, pointing to --replay when the
    replay converts it;
  - one verdict: the same exit code on both paths for an Ethernet file
    (0, or 2 for a file libpcap cannot open, naming it), and, when it ran,
    the same records, the same deliveries (the engine took what the replay
    sent) and the same refusals by reason;
  - never a signal, never a hang (a timeout per process).

Files are run in batches (up to 16 --replay files or 8 net_pcap ports in
one process, since EAL start-up costs about half a second a process), two
processes at a time (--jobs); a batch that fails as a whole is run again
file by file so every failure names its file. A net_pcap file that is not
Ethernet is refused before EAL starts, so those runs cost little.
Exit: 0 pass, 1 fail, 77 skip (no corpus).
"""

import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import threading
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
        self.lock = threading.Lock()

    def run(self, vdevs, app_args, timeout):
        """Run nblpmd; returns (rc, stdout, stderr, json or None, cmd)."""
        with self.lock:
            self.seq += 1
            seq = self.seq
        prefix = 'corpus_%d_%d' % (os.getpid(), seq)
        js = os.path.join(self.work, '%d.json' % seq)
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


def hard_failure(rc):
    """A crash or a hang: never acceptable, whatever the file."""
    if rc == 'timeout':
        return 'did not end within the timeout (hang)'
    if rc < 0:
        return 'killed by signal %d (crash)' % -rc
    return None


def tail(text, n=8):
    return ' | '.join(text.strip().splitlines()[-n:])


def reasons(by_reason):
    return sorted((k, v) for k, v in by_reason.items() if v)


class Suite:
    def __init__(self, runner, corpus, manifest):
        self.runner = runner
        self.corpus = corpus
        self.manifest = manifest
        self.failures = []
        self.replay = {}    # name -> verdict of --replay
        self.netpcap = {}   # name -> verdict of net_pcap
        self.lock = threading.Lock()

    def fail(self, name, mode, why):
        with self.lock:
            self.failures.append((name, mode, why))

    def path(self, name):
        return os.path.join(self.corpus, name)

    # ---------------------------------------------------------- --replay

    def replay_batch(self, names):
        """Replay names in one process; file by file when the batch fails."""
        args = []
        for n in names:
            args += ['--replay', self.path(n)]
        timeout = TIMEOUT_BATCH if len(names) > 1 else TIMEOUT_ONE
        rc, out, err, d, cmd = self.runner.run([], args + ['--topspeed'],
                                               timeout)
        why = process_failure(rc, out, d)
        if why is not None and len(names) > 1:
            log('replay batch of %d failed (%s): its files one by one'
                % (len(names), why))
            for n in names:
                self.replay_batch([n])
            return
        if why is not None:
            n = names[0]
            hard = hard_failure(rc)
            if hard is not None:
                self.fail(n, 'replay', hard + '; command: ' + cmd)
            elif rc == 2 and n not in err:
                self.fail(n, 'replay', 'exit 2 but stderr does not name '
                          'the file: ' + tail(err, 3))
            elif rc != 2:
                self.fail(n, 'replay', why + '; stderr: ' + tail(err, 4) +
                          '; command: ' + cmd)
            with self.lock:
                self.replay[n] = {'rc': rc, 'err': err}
            return
        r = d['replay']
        taken = sum(q['indicated'] + q['refused'] for q in d['rx_queues']
                    if q['port'] == r['port'])
        if taken != r['sent']:
            self.fail(','.join(names), 'replay', 'engine indicated + '
                      'refused %d != replay sent %d' % (taken, r['sent']))
        if r['records'] != r['delivered'] + r['refused_total'] + \
                r['lost'] + r['unread']:
            self.fail(','.join(names), 'replay', 'records != delivered + '
                      'refused + lost + unread: %s' % {k: r[k] for k in (
                          'records', 'delivered', 'refused_total', 'lost',
                          'unread')})
        per = {os.path.basename(p['file']): p for p in r['per_file']}
        for n in names:
            p = per.get(n)
            if p is None:
                self.fail(n, 'replay', 'not in the replay report')
                continue
            probs = []
            if p['sent'] + p['refused'] != p['records']:
                probs.append('sent %d + refused %d != records %d' % (
                    p['sent'], p['refused'], p['records']))
            lt = self.manifest[n]['linktype']
            if p['converted'] and lt == 'ether':
                probs.append('Ethernet file reported as converted')
            if not p['converted'] and p['linktype'] != 'EN10MB':
                probs.append('accepted link type %s without converting it'
                             % p['linktype'])
            if lt == 'ether' and p['records'] != int(
                    self.manifest[n]['records']):
                probs.append('records %d, manifest says %s' % (
                    p['records'], self.manifest[n]['records']))
            if probs:
                self.fail(n, 'replay', '; '.join(probs))
            with self.lock:
                self.replay[n] = {'rc': 0, 'records': p['records'],
                                  'sent': p['sent'], 'refused': p['refused'],
                                  'by_reason': reasons(p['refused_by_reason']),
                                  'converted': p['converted']}

    # ---------------------------------------------------------- net_pcap

    def netpcap_batch(self, names):
        """Read names through net_pcap ports of one process; file by file
        when the batch fails."""
        vdevs = ['--vdev=net_pcap%d,rx_pcap=%s' % (i, self.path(n))
                 for i, n in enumerate(names)]
        timeout = TIMEOUT_BATCH if len(names) > 1 else TIMEOUT_ONE
        rc, out, err, d, cmd = self.runner.run(vdevs, [], timeout)
        why = process_failure(rc, out, d)
        if why is not None and len(names) > 1:
            log('net_pcap batch of %d failed (%s): its files one by one'
                % (len(names), why))
            for n in names:
                self.netpcap_batch([n])
            return
        if why is not None:
            n = names[0]
            hard = hard_failure(rc)
            if hard is not None:
                self.fail(n, 'netpcap', hard + '; command: ' + cmd)
            elif rc == 2 and n not in err:
                self.fail(n, 'netpcap', 'exit 2 but stderr does not name '
                          'the file: ' + tail(err, 3))
            elif rc != 2:
                self.fail(n, 'netpcap', why + '; stderr: ' + tail(err, 4) +
                          '; command: ' + cmd)
            with self.lock:
                self.netpcap[n] = {'rc': rc, 'err': err}
            return
        if d.get('end_reason') != 'end of capture':
            self.fail(','.join(names), 'netpcap', 'ended by %s, not by the '
                      'end of the capture' % d.get('end_reason'))
        caps = {os.path.basename(c['file']): c for c in d['capture']}
        for n in names:
            c = caps.get(n)
            if c is None:
                self.fail(n, 'netpcap', 'not in the capture report')
                continue
            if c['records'] != c['delivered'] + c['refused'] or \
                    c['lost'] + c['unread'] != 0:
                self.fail(n, 'netpcap', 'records %d != delivered %d + '
                          'refused %d, or lost %d / unread %d' % (
                              c['records'], c['delivered'], c['refused'],
                              c['lost'], c['unread']))
            with self.lock:
                self.netpcap[n] = {'rc': 0, 'records': c['records'],
                                   'delivered': c['delivered'],
                                   'refused_queue': c['refused_by_queue'],
                                   'by_reason': reasons(
                                       c['refused_by_reason'])}

    def netpcap_other(self, name):
        """A link type other than Ethernet: refused at start, exit 2,
        naming the file and its link type (and --replay if it converts)."""
        vdev = '--vdev=net_pcap0,rx_pcap=%s' % self.path(name)
        rc, out, err, d, cmd = self.runner.run([vdev], [], TIMEOUT_ONE)
        with self.lock:
            self.netpcap[name] = {'rc': rc, 'err': err}
        if rc != 2:
            self.fail(name, 'netpcap', 'link type %s: expected exit 2, seen '
                      '%s; stderr: %s; command: %s' % (
                          self.manifest[name]['linktype'], rc, tail(err, 4),
                          cmd))
            return
        if name not in err or 'link type' not in err:
            self.fail(name, 'netpcap', 'exit 2 but stderr does not name the '
                      'file and its link type: ' + tail(err, 3))
        if self.manifest[name]['linktype'] in CONVERTIBLE and \
                '--replay' not in err:
            self.fail(name, 'netpcap', 'convertible link type, but stderr '
                      'does not point to --replay: ' + tail(err, 3))

    # ---------------------------------------------------------- verdicts

    def compare(self, name):
        lt = self.manifest[name]['linktype']
        r = self.replay.get(name)
        n = self.netpcap.get(name)
        if r is None or n is None:
            return      # a failure was recorded already
        if lt != 'ether':
            # net_pcap refuses it; --replay converts it or refuses it too
            if n['rc'] == 2 and r['rc'] == 0 and lt not in CONVERTIBLE:
                self.fail(name, 'verdict', 'net_pcap refuses link type %s '
                          'but --replay took it' % lt)
            return
        if n['rc'] != r['rc']:
            self.fail(name, 'verdict', 'exit codes differ: net_pcap %s, '
                      '--replay %s; net_pcap stderr: %s; replay stderr: %s'
                      % (n['rc'], r['rc'], tail(n.get('err', ''), 2),
                         tail(r.get('err', ''), 2)))
            return
        if n['rc'] != 0:
            return
        want = (r['records'], r['sent'], r['by_reason'])
        seen = (n['records'], n['delivered'] + n['refused_queue'],
                n['by_reason'])
        if want != seen:
            self.fail(name, 'verdict', '(records, taken by the engine, '
                      'refused by reason): --replay %s, net_pcap %s'
                      % (want, seen))


def chunks(seq, n):
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    nblpmd = argv[1]
    shard, nshards = 0, 1
    jobs = 2
    corpus = None
    only = []
    i = 2
    while i < len(argv):
        if argv[i] == '--shard':
            shard, nshards = (int(x) for x in argv[i + 1].split('/'))
            i += 2
        elif argv[i] == '--corpus':
            corpus = argv[i + 1]
            i += 2
        elif argv[i] == '--jobs':
            jobs = max(1, int(argv[i + 1]))
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
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix='corpus_') as work:
        suite = Suite(Runner(nblpmd, work), corpus, manifest)
        for f in files:
            if f not in manifest:
                suite.fail(f, '-', 'not listed in MANIFEST.tsv')
        files = [f for f in files if f in manifest]
        ether = [f for f in files if manifest[f]['linktype'] == 'ether']
        conv = [f for f in files if manifest[f]['linktype'] in CONVERTIBLE]
        other = [f for f in files if f not in ether and f not in conv]
        log('shard %d/%d: %d Ethernet, %d convertible, %d other link types'
            % (shard, nshards, len(ether), len(conv), len(other)))
        work_items = []
        for b in chunks(ether, ENGINE_BATCH) + chunks(conv, ENGINE_BATCH):
            work_items.append((suite.replay_batch, b))
        for b in chunks(ether, NETPCAP_BATCH):
            work_items.append((suite.netpcap_batch, b))
        for f in other:
            work_items.append((suite.replay_batch, [f]))
        for f in conv + other:
            work_items.append((suite.netpcap_other, f))
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            for fut in [ex.submit(fn, arg) for fn, arg in work_items]:
                fut.result()
        for f in files:
            suite.compare(f)
        outcome = {}
        for f in other + conv:
            r = suite.replay.get(f, {}).get('rc')
            key = 'converted' if r == 0 else 'refused' if r == 2 else 'failed'
            outcome[key] = outcome.get(key, 0) + 1
        log('other link types through --replay: %s' % outcome)
        same = sum(1 for f in ether if suite.netpcap.get(f, {}).get('rc') ==
                   suite.replay.get(f, {}).get('rc'))
        log('Ethernet files with the same exit code on both paths: %d of %d'
            % (same, len(ether)))
        log('%d processes, %.1f s' % (suite.runner.seq, time.time() - t0))
        failures = suite.failures
    for name, m, why in failures:
        print('FAIL %s [%s]: %s' % (name, m, why))
    if failures:
        print('%d failure(s) in %d file(s)' % (len(failures), len(files)))
        return 1
    print('PASS: %d file(s)' % len(files))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
