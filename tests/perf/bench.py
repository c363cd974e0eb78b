#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""nblpmd vs dpdk-testpmd benchmark harness (issue 5). Not part of CI.

Run through tests/perf/bench.sh, which builds build-perf first. Every
figure is the median of RUNS alternating runs (nblpmd, testpmd, nblpmd,
...) on the same vdev, lcores and EAL options; the table ends with the
ratio to testpmd. Environment:

  BENCH_BUILD     build directory (build-perf)
  BENCH_RUNS      runs per figure, at least 3 (3)
  BENCH_DURATION  seconds per net_null run (5)
  BENCH_RECORDS   records in the net_pcap capture (1000000)
  BENCH_ROWS      rows to run, e.g. "1,2,5" (1-6; 7 and 8 are the
                  callgrind rows: BENCH_ROWS=7,8)
  BENCH_CG_SECONDS  seconds per run under callgrind (rows 7, 8) (5)
                  row 9, the cost of the forensic options, is
                  tests/perf/bench_forensics.py (BENCH_CG=0: without its
                  callgrind counts)
  BENCH_KEEP      keep the per-run logs in this directory (else a temp dir)
  TESTPMD         testpmd binary (dpdk-testpmd)

Rates of both tools come from their own final counters over the run's
elapsed time: nblpmd from --stats-json (indicated / elapsed_s, elapsed
measured by the app from the launch of the lcores to the end of the run);
testpmd from its final "Accumulated forward statistics" RX-packets over
the time from its "start packet forwarding" line to SIGINT (which stops
forwarding at once in 22.11). For the capture, testpmd runs interactive:
"start", then "show port stats 0" every POLL_S until RX-packets reaches
the record count, time from "start" to the first sample at the count.
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import bench_forensics

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("BENCH_BUILD", "build-perf"))
NBLPMD = os.path.join(BUILD, "app", "nblpmd", "nblpmd")
CAPGEN = os.path.join(BUILD, "app", "capgen", "nblpmd-capgen")
PERF_RXQ = os.path.join(BUILD, "tests", "perf", "perf_rxq")
PERF_NBL = os.path.join(BUILD, "tests", "perf", "perf_nbl")
BENCH_MEM = os.path.join(BUILD, "tests", "perf", "bench_mem")
TESTPMD = os.environ.get("TESTPMD", "dpdk-testpmd")
RUNS = max(3, int(os.environ.get("BENCH_RUNS", "3")))
DURATION = float(os.environ.get("BENCH_DURATION", "5"))
RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
ROWS = set(os.environ.get("BENCH_ROWS", "1,2,3,4,5,6,9").split(","))
CG_SECONDS = float(os.environ.get("BENCH_CG_SECONDS", "5"))
VALGRIND = os.environ.get("VALGRIND", "valgrind")
POLL_S = 0.002
TP_MBUFS = "--total-num-mbufs=16384"

_seq = [0]
LOGDIR = os.environ.get("BENCH_KEEP") or tempfile.mkdtemp(prefix="nblbench_")
os.makedirs(LOGDIR, exist_ok=True)


def eal(vdevs):
    _seq[0] += 1
    a = ["--no-huge", "-m", "1024", "--no-pci", "--no-shconf", "-l", "0-1",
         "--file-prefix", "nblbench%d_%d" % (os.getpid(), _seq[0])]
    for v in vdevs:
        a += ["--vdev", v]
    return a


def note(msg):
    print(msg, file=sys.stderr, flush=True)


def logname(tag):
    return os.path.join(LOGDIR, "%03d_%s.log" % (_seq[0], tag))


class Proc:
    """A child whose output lines are time-stamped as they arrive."""

    def __init__(self, argv, tag, stdin=False):
        self.argv = argv
        self.lines = []
        self.lock = threading.Lock()
        self.log = open(logname(tag), "w")
        self.log.write("$ " + " ".join(argv) + "\n")
        self.p = subprocess.Popen(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            bufsize=0, cwd=ROOT)
        self.rusage = None
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()

    def _read(self):
        buf = b""
        fd = self.p.stdout.fileno()
        while True:
            b = os.read(fd, 65536)
            now = time.monotonic()
            if not b:
                break
            buf += b
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                s = line.decode(errors="replace").rstrip("\r")
                with self.lock:
                    self.lines.append((now, s))
                self.log.write("%.6f %s\n" % (now, s))
        if buf:
            with self.lock:
                self.lines.append((time.monotonic(), buf.decode(errors="replace")))

    def wait_line(self, pattern, start=0, timeout=60):
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                for i in range(start, len(self.lines)):
                    if rx.search(self.lines[i][1]):
                        return i, self.lines[i][0]
            if self.p.poll() is not None:
                time.sleep(0.05)
                with self.lock:
                    for i in range(start, len(self.lines)):
                        if rx.search(self.lines[i][1]):
                            return i, self.lines[i][0]
                return None, None
            time.sleep(0.001)
        return None, None

    def write(self, s):
        self.p.stdin.write(s.encode())
        self.p.stdin.flush()

    def finish(self, timeout=120):
        try:
            _, status, ru = os.wait4(self.p.pid, 0)
            self.p.returncode = os.waitstatus_to_exitcode(status)
            self.rusage = ru
        except ChildProcessError:
            self.p.wait(timeout)
        self.t.join(timeout)
        self.log.close()
        return self.p.returncode

    def text(self):
        with self.lock:
            return "\n".join(l for _, l in self.lines)


# ------------------------------------------------------------------ nblpmd

def nblpmd(vdevs, opts, tag):
    js = os.path.join(LOGDIR, "%s_%d.json" % (tag, _seq[0] + 1))
    argv = [NBLPMD] + eal(vdevs) + ["--"] + opts + ["--stats-json", js]
    p = Proc(argv, "nblpmd_" + tag)
    rc = p.finish()
    if rc != 0 or not os.path.exists(js):
        note("nblpmd %s failed (exit %s), log %s" % (tag, rc, p.log.name))
        return None
    with open(js) as f:
        r = json.load(f)
    if r.get("audit", {}).get("leaked", 0) != 0:
        note("nblpmd %s: audit not clean: %s" % (tag, r.get("audit")))
    r["_rx"] = sum(pt["rx_packets"] for pt in r["ports"])
    r["_tx"] = sum(pt["tx_packets"] for pt in r["ports"])
    r["_rate"] = r["indicated"] / r["elapsed_s"] if r["elapsed_s"] > 0 else 0
    r["_fwd_rate"] = r["_tx"] / r["elapsed_s"] if r["elapsed_s"] > 0 else 0
    return r


# ----------------------------------------------------------------- testpmd

def tp_final(text):
    """RX/TX packets of the accumulated block (or the only port block)."""
    m = re.search(r"Accumulated forward statistics.*?RX-packets:\s+(\d+).*?"
                  r"TX-packets:\s+(\d+)", text, re.S)
    if not m:
        return None, None
    return int(m.group(1)), int(m.group(2))


def testpmd_timed(vdevs, mode, tag, duration=DURATION):
    argv = ["stdbuf", "-oL", TESTPMD] + eal(vdevs) + [
        "--", TP_MBUFS, "--forward-mode=" + mode, "--stats-period", "1"]
    p = Proc(argv, "testpmd_" + tag)
    i, t0 = p.wait_line(r"start packet forwarding", timeout=120)
    if i is None:
        p.p.kill()
        p.finish()
        note("testpmd %s did not start, log %s" % (tag, p.log.name))
        return None
    time.sleep(duration)
    t1 = time.monotonic()
    p.p.send_signal(signal.SIGINT)
    p.finish()
    rx, tx = tp_final(p.text())
    if rx is None:
        note("testpmd %s: no final statistics, log %s" % (tag, p.log.name))
        return None
    el = t1 - t0
    pps = [int(x) for x in re.findall(r"Rx-pps:\s+(\d+)", p.text())]
    return {"_rx": rx, "_tx": tx, "elapsed_s": el, "_rate": rx / el,
            "_fwd_rate": tx / el,
            "_periodic_rx_pps": statistics.median(pps[2:]) if len(pps) > 3 else None}


def testpmd_capture(pcap, records, tag):
    argv = ["stdbuf", "-oL", TESTPMD] + eal(["net_pcap0,rx_pcap=" + pcap]) + [
        "--", "-i", TP_MBUFS, "--forward-mode=rxonly", "--no-flush-rx"]
    p = Proc(argv, "testpmd_" + tag, stdin=True)
    i, _ = p.wait_line(r"^Done$", timeout=120)
    if i is None:
        p.p.kill()
        p.finish()
        note("testpmd %s did not start, log %s" % (tag, p.log.name))
        return None
    time.sleep(0.3)
    with p.lock:
        n0 = len(p.lines)
    t0 = time.monotonic()
    p.write("start\n")
    t_done = None
    last = 0
    deadline = t0 + 120
    k = n0
    samples = []
    while time.monotonic() < deadline and t_done is None:
        p.write("show port stats 0\n")
        time.sleep(POLL_S)
        with p.lock:
            new = p.lines[k:]
            k = len(p.lines)
        for t, l in new:
            m = re.search(r"RX-packets:\s+(\d+)", l)
            if m:
                last = int(m.group(1))
                samples.append((t, last))
                if last >= records and t_done is None:
                    t_done = t
    p.write("stop\n")
    time.sleep(0.2)
    p.write("quit\n")
    try:
        p.p.stdin.close()
    except OSError:
        pass
    p.finish()
    if t_done is None:
        note("testpmd %s: only %d of %d records, log %s" % (tag, last, records,
                                                           p.log.name))
        return None
    # the last sample below the count bounds the end from below
    below = [t for t, n in samples if n < records]
    t_end = (max(below) + t_done) / 2 if below else t_done
    el = t_end - t0
    return {"_rx": last, "elapsed_s": el, "_rate": records / el}


# ------------------------------------------------------------- helpers

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt_m(x):
    return "%.2f" % (x / 1e6) if x is not None else "n/a"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return "%.2f" % (a / b)


def spread(xs):
    xs = [x for x in xs if x is not None]
    if len(xs) < 2:
        return ""
    return "%.2f-%.2f" % (min(xs) / 1e6, max(xs) / 1e6)


TABLE = []


def row(num, what, value, unit, vs, rat, runs=""):
    TABLE.append((num, what, value, unit, vs, rat, runs))
    note("  -> %s | %s | %s %s | %s | %s | %s" % (num, what, value, unit, vs,
                                                  rat, runs))


# ------------------------------------------------------------------ rows

def row1():
    note("row 1: rxonly on net_null, %d x (nblpmd inplace, testpmd, nblpmd "
         "pool, testpmd, nblpmd inplace --no-mbuf-check, nblpmd inplace and "
         "pool --net-buffer separate), %.0f s each" % (RUNS, DURATION))
    v = ["net_null0"]
    base = ["--fwd", "rxonly", "--duration", str(DURATION)]
    ip, pl, tp, nc, sip, spl = [], [], [], [], [], []
    for _ in range(RUNS):
        r = nblpmd(v, base + ["--recycle", "inplace"], "rxonly_inplace")
        ip.append(r and r["_rate"])
        r = testpmd_timed(v, "rxonly", "rxonly")
        tp.append(r and r["_rate"])
        r = nblpmd(v, base + ["--recycle", "pool"], "rxonly_pool")
        pl.append(r and r["_rate"])
        r = testpmd_timed(v, "rxonly", "rxonly")
        tp.append(r and r["_rate"])
        r = nblpmd(v, base + ["--recycle", "inplace", "--no-mbuf-check"],
                   "rxonly_inplace_nocheck")
        nc.append(r and r["_rate"])
        # R2: NBs from a separate NB pool instead of preallocated ones
        r = nblpmd(v, base + ["--recycle", "inplace", "--net-buffer",
                              "separate"], "rxonly_inplace_separate")
        sip.append(r and r["_rate"])
        r = nblpmd(v, base + ["--recycle", "pool", "--net-buffer",
                              "separate"], "rxonly_pool_separate")
        spl.append(r and r["_rate"])
    t = med(tp)
    row("1", "rxonly net_null: testpmd --forward-mode=rxonly", fmt_m(t),
        "Mpps", "", "1.00", spread(tp))
    row("1", "rxonly net_null: nblpmd --recycle inplace", fmt_m(med(ip)),
        "Mpps", "testpmd", ratio(med(ip), t), spread(ip))
    row("1", "rxonly net_null: nblpmd --recycle pool", fmt_m(med(pl)),
        "Mpps", "testpmd", ratio(med(pl), t), spread(pl))
    row("1", "rxonly net_null: nblpmd inplace --no-mbuf-check", fmt_m(med(nc)),
        "Mpps", "testpmd", ratio(med(nc), t), spread(nc))
    row("1", "rxonly net_null: nblpmd inplace --net-buffer separate",
        fmt_m(med(sip)), "Mpps", "testpmd", ratio(med(sip), t),
        "%s; %s of prealloc inplace" % (spread(sip), ratio(med(sip), med(ip))))
    row("1", "rxonly net_null: nblpmd pool --net-buffer separate",
        fmt_m(med(spl)), "Mpps", "testpmd", ratio(med(spl), t),
        "%s; %s of prealloc pool" % (spread(spl), ratio(med(spl), med(pl))))


def row2():
    note("row 2: io forwarding on two net_null ports, %d x (nblpmd, testpmd)"
         % RUNS)
    v = ["net_null0", "net_null1"]
    nb, tp = [], []
    for _ in range(RUNS):
        r = nblpmd(v, ["--fwd", "io", "--duration", str(DURATION)], "io")
        nb.append(r and r["_fwd_rate"])
        r = testpmd_timed(v, "io", "io")
        tp.append(r and r["_fwd_rate"])
    t = med(tp)
    row("2", "io net_null x2 (TX pps): testpmd --forward-mode=io", fmt_m(t),
        "Mpps", "", "1.00", spread(tp))
    row("2", "io net_null x2 (TX pps): nblpmd --fwd io", fmt_m(med(nb)),
        "Mpps", "testpmd", ratio(med(nb), t), spread(nb))


def row3():
    pcap = "/tmp/nblbench_%d_fixed64.pcap" % RECORDS
    if not os.path.exists(pcap):
        subprocess.run([CAPGEN, "--out", pcap + ".tmp", "--count",
                        str(RECORDS), "--kind", "fixed:64"], check=True,
                       stdout=subprocess.DEVNULL)
        os.rename(pcap + ".tmp", pcap)
    note("row 3: net_pcap ingestion of %d 64-byte records (%s), %d x "
         "(nblpmd, testpmd)" % (RECORDS, pcap, RUNS))
    nb, tp = [], []
    for _ in range(RUNS):
        r = nblpmd(["net_pcap0,rx_pcap=" + pcap], ["--fwd", "rxonly"],
                   "pcap")
        if r is not None and r["indicated"] != RECORDS:
            note("nblpmd pcap: indicated %d of %d" % (r["indicated"], RECORDS))
        nb.append(r and r["_rate"])
        r = testpmd_capture(pcap, RECORDS, "pcap")
        tp.append(r and r["_rate"])
    t = med(tp)
    row("3", "net_pcap 1M x 64 B: testpmd rxonly --no-flush-rx", fmt_m(t),
        "Mrec/s", "", "1.00", spread(tp))
    row("3", "net_pcap 1M x 64 B: nblpmd rxonly (ends at end of capture)",
        fmt_m(med(nb)), "Mrec/s", "testpmd", ratio(med(nb), t), spread(nb))


def row4():
    note("row 4: consumer on the other lcore (RX lcore 1, consumer lcore 0), "
         "%d x (inplace, pool)" % RUNS)
    v = ["net_null0"]
    base = ["--fwd", "rxonly", "--duration", str(DURATION),
            "--consumer-lcore", "0"]
    ip, pl, same = [], [], []
    for _ in range(RUNS):
        r = nblpmd(v, base + ["--recycle", "inplace"], "remote_inplace")
        ip.append(r and r["_rate"])
        if r is not None and not r["rx_queues"][0].get("remote", True):
            note("row 4: the queue is not remote: %s" % r["rx_queues"][0])
        r = nblpmd(v, base + ["--recycle", "pool"], "remote_pool")
        pl.append(r and r["_rate"])
    row("4", "consumer lcore 0, RX lcore 1: nblpmd inplace (return ring)",
        fmt_m(med(ip)), "Mpps", "pool", ratio(med(ip), med(pl)), spread(ip))
    row("4", "consumer lcore 0, RX lcore 1: nblpmd pool", fmt_m(med(pl)),
        "Mpps", "", "1.00", spread(pl))


def run_tool(argv, tag):
    p = Proc(argv, tag)
    rc = p.finish()
    if rc != 0:
        note("%s failed (exit %s), log %s" % (tag, rc, p.log.name))
    return p.text()


def row5():
    note("row 5: NBL layer alone, %d runs of perf_rxq and perf_nbl" % RUNS)
    layer = {}
    nbl = {}
    for _ in range(RUNS):
        _seq[0] += 1
        txt = run_tool([PERF_RXQ], "perf_rxq")
        for m in re.finditer(r"^\|\s*(zero-copy|copy)\s*\|\s*(inplace|pool)\s*\|"
                             r"\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|\s*(-?[\d.]+)\s*\|",
                             txt, re.M):
            k = (m.group(1), m.group(2))
            layer.setdefault(k, {"total": [], "port": [], "layer": []})
            layer[k]["total"].append(float(m.group(3)))
            layer[k]["port"].append(float(m.group(4)))
            layer[k]["layer"].append(float(m.group(5)))
        _seq[0] += 1
        txt = run_tool([PERF_NBL], "perf_nbl")
        for m in re.finditer(r"^(\S.*?)\s+([\d.]+)\s+([\d.]+)\s*$", txt, re.M):
            nbl.setdefault(m.group(1), []).append(float(m.group(2)))
    for (data, mode) in [("zero-copy", "inplace"), ("zero-copy", "pool"),
                         ("copy", "inplace"), ("copy", "pool")]:
        d = layer.get((data, mode))
        if not d:
            row("5", "NBL layer %s %s (perf_rxq)" % (data, mode), "n/a",
                "cyc/pkt", "", "", "")
            continue
        v = med(d["layer"])
        ref = layer.get((data, "pool"))
        row("5", "NBL layer %s %s (perf_rxq; total %.1f - port %.1f)" % (
            data, mode, med(d["total"]), med(d["port"])), "%.1f" % v,
            "cyc/pkt", "pool" if mode == "inplace" else "",
            ratio(v, med(ref["layer"])) if mode == "inplace" and ref else "",
            "%.1f-%.1f" % (min(d["layer"]), max(d["layer"])))

    def pick(prefix):
        for k, v in nbl.items():
            if k.startswith(prefix):
                return med(v)
        return None
    pre = pick("nbl_alloc_with_nb + nbl_free")
    sep = pick("nbl_alloc + nbl_nb_alloc")
    raw = pick("raw rte_mempool_get/put, 192")
    row("5", "NB prealloc: nbl_alloc_with_nb + nbl_free (perf_nbl)",
        "%.1f" % pre if pre else "n/a", "cyc/op", "separate", ratio(pre, sep),
        "raw mempool 192 B %.1f" % raw if raw else "")
    row("5", "NB separate: nbl_alloc + nbl_nb_alloc + queue/dequeue + frees",
        "%.1f" % sep if sep else "n/a", "cyc/op", "", "1.00", "")


# ------------------------------------------- callgrind instruction counts

# The callgrind helpers of rows 7, 8 and 9 (bench_forensics.py): one way
# to name the output, to ask for a count, and to read it.

def cg_total(path):
    """Instructions a callgrind output file counts (its summary line), or
    None when it has none."""
    with open(path) as fh:
        for line in fh:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    return None


def cg_thread_max(prefix):
    """Instructions of the busiest thread of a --separate-threads run: the
    forwarding (RX) lcore, whose every instruction is per-packet work."""
    best = None
    d = os.path.dirname(prefix)
    # callgrind names them PREFIX.PID-THREAD
    rx = re.compile(re.escape(os.path.basename(prefix)) + r"\.\d+-\d+$")
    for f in os.listdir(d):
        if not rx.match(f):
            continue
        ir = cg_total(os.path.join(d, f))
        if ir is not None:
            best = ir if best is None or ir > best else best
    return best


def cg_prefix(tag):
    _seq[0] += 1
    return os.path.join(LOGDIR, "cg%03d_%s" % (_seq[0], tag))


def cg_argv(prefix):
    """callgrind over a whole run, one output per thread (PREFIX.PID-N)."""
    return [VALGRIND, "--tool=callgrind", "--separate-threads=yes",
            "--callgrind-out-file=" + prefix + ".%p"]


def cg_poll_argv(out):
    """callgrind counting inside nbl_rxq_poll only, into the file out."""
    return [VALGRIND, "--tool=callgrind", "--collect-atstart=no",
            "--toggle-collect=nbl_rxq_poll", "--callgrind-out-file=" + out]


def cg_nblpmd(vdevs, opts, tag, count="indicated"):
    """nblpmd under callgrind for CG_SECONDS: RX-lcore instructions per
    packet (indicated, or tx for io)."""
    prefix = cg_prefix("nblpmd_" + tag)
    js = prefix + ".json"
    argv = cg_argv(prefix) + [NBLPMD] + eal(vdevs) + ["--"] + opts + [
        "--duration", str(CG_SECONDS), "--stats-json", js]
    p = Proc(argv, "cg_nblpmd_" + tag)
    rc = p.finish()
    if rc != 0 or not os.path.exists(js):
        note("callgrind nblpmd %s failed (exit %s), log %s" % (tag, rc,
                                                               p.log.name))
        return None
    with open(js) as f:
        r = json.load(f)
    pkts = r["indicated"] if count == "indicated" else sum(
        pt["tx_packets"] for pt in r["ports"])
    ir = cg_thread_max(prefix)
    if not pkts or ir is None:
        return None
    return ir / pkts


def cg_testpmd(vdevs, mode, tag):
    """testpmd under callgrind, the same run shape: forwarding-lcore
    instructions per packet (RX-packets, or TX-packets for io)."""
    prefix = cg_prefix("testpmd_" + tag)
    argv = cg_argv(prefix) + [TESTPMD] + eal(vdevs) + [
        "--", TP_MBUFS, "--forward-mode=" + mode, "--stats-period", "1"]
    p = Proc(argv, "cg_testpmd_" + tag)
    i, _ = p.wait_line(r"start packet forwarding", timeout=300)
    if i is None:
        p.p.kill()
        p.finish()
        note("callgrind testpmd %s did not start, log %s" % (tag, p.log.name))
        return None
    time.sleep(CG_SECONDS)
    p.p.send_signal(signal.SIGINT)
    p.finish(timeout=300)
    rx, tx = tp_final(p.text())
    pkts = tx if mode == "io" else rx
    ir = cg_thread_max(prefix)
    if not pkts or ir is None:
        note("callgrind testpmd %s: no count, log %s" % (tag, p.log.name))
        return None
    return ir / pkts


def fmt_i(x):
    return "%.1f" % x if x is not None else "n/a"


def row7():
    note("row 7: instructions per packet under callgrind (RX lcore's whole "
         "thread), %.0f s per run" % CG_SECONDS)
    v = ["net_null0"]
    tp = cg_testpmd(v, "rxonly", "rxonly")
    ip = cg_nblpmd(v, ["--fwd", "rxonly", "--recycle", "inplace"], "inplace")
    nc = cg_nblpmd(v, ["--fwd", "rxonly", "--recycle", "inplace",
                       "--no-mbuf-check"], "nocheck")
    pl = cg_nblpmd(v, ["--fwd", "rxonly", "--recycle", "pool"], "pool")
    row("7", "instr/pkt rxonly net_null: testpmd --forward-mode=rxonly",
        fmt_i(tp), "instr/pkt", "", "1.00", "RX lcore thread / RX-packets")
    for what, x in (("nblpmd --recycle inplace", ip),
                    ("nblpmd inplace --no-mbuf-check", nc),
                    ("nblpmd --recycle pool", pl)):
        row("7", "instr/pkt rxonly net_null: " + what, fmt_i(x), "instr/pkt",
            "testpmd", ratio(tp, x), "testpmd / nblpmd instructions")
    v2 = ["net_null0", "net_null1"]
    tio = cg_testpmd(v2, "io", "io")
    nio = cg_nblpmd(v2, ["--fwd", "io"], "io", count="tx")
    row("7", "instr/pkt io net_null x2: testpmd --forward-mode=io",
        fmt_i(tio), "instr/pkt", "", "1.00", "RX lcore thread / TX-packets")
    row("7", "instr/pkt io net_null x2: nblpmd --fwd io", fmt_i(nio),
        "instr/pkt", "testpmd", ratio(tio, nio),
        "testpmd / nblpmd instructions")


def cg_annotate_incl(path):
    """(total, {function: inclusive}) from callgrind_annotate."""
    out = subprocess.run(["callgrind_annotate", "--inclusive=yes",
                          "--auto=no", path],
                         capture_output=True, text=True).stdout
    total = None
    fns = {}
    for line in out.splitlines():
        m = re.match(r"^\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(\S.*)$", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in m.group(2):
            total = n
        else:
            fns[m.group(2)] = n
    return total, fns


def row8():
    _seq[0] += 1
    txt = run_tool([BENCH_MEM], "bench_mem")
    vals = dict(re.findall(r"^(\w+)=(\d+)$", txt, re.M))
    row("8", "NBL-side cache lines per packet (fill + in-place return, "
        "offsetof in a pool object)", vals.get("hot_lines_per_packet", "n/a"),
        "lines", "", "", "NBL line %s, NB + descriptor 0 line %s of the "
        "object" % (vals.get("hot_line_nbl"), vals.get("hot_line_nb")))
    pkts = max(50, int(CG_SECONDS * 400))
    note("row 8: NBL layer instructions per packet (perf_rxq under "
         "callgrind, %d packets a round)" % pkts)
    layer = {}
    for mode in ("zc-inplace", "zc-pool", "zc-inplace-nohold",
                 "zc-inplace-nogap"):
        prefix = cg_prefix("perf_rxq_" + mode)
        out = prefix + ".out"
        txt = run_tool(cg_poll_argv(out) + [PERF_RXQ, str(pkts), mode],
                       "cg_perf_rxq_" + mode)
        m = re.search(r"^\|[^|]+\|[^|]+\|[^|]+\|[^|]+\|[^|]+\|[^|]+\|\s*(\d+)\s*\|",
                      txt, re.M)
        if not m or not os.path.exists(out):
            row("8", "NBL layer instr/pkt %s (perf_rxq)" % mode, "n/a",
                "instr/pkt", "", "", "")
            continue
        indicated = int(m.group(1))
        total, fns = cg_annotate_incl(out)
        # The port's own work inside the poll: net_null's RX (the
        # outermost of its functions) and the mbuf free.
        rx = max([n for k, n in fns.items() if "librte_net_null" in k],
                 default=0)
        free = sum(n for k, n in fns.items()
                   if re.search(r":(rxq_mbuf_free_bulk|rte_pktmbuf_free_bulk)\b", k))
        layer[mode] = (total - rx - free) / indicated
        row("8", "NBL layer instr/pkt %s (perf_rxq: poll %.1f - net_null RX "
            "%.1f - mbuf free %.1f)" % (mode, total / indicated,
                                         rx / indicated, free / indicated),
            "%.1f" % layer[mode], "instr/pkt", "", "", "")
    if "zc-inplace" in layer and "zc-inplace-nohold" in layer:
        row("8", "hold-time histogram (zc-inplace - zc-inplace with "
            "hold_time_off)", "%.1f" % (layer["zc-inplace"] -
                                        layer["zc-inplace-nohold"]),
            "instr/pkt", "", "", "one rdtsc a burst, a TSC store and a "
            "compare a packet")
    if "zc-inplace" in layer and "zc-inplace-nogap" in layer:
        row("8", "poll-gap histogram (zc-inplace - zc-inplace with "
            "poll_gap_off)", "%.1f" % (layer["zc-inplace"] -
                                       layer["zc-inplace-nogap"]),
            "instr/pkt", "", "", "one rdtsc and one histogram step a "
            "poll, the rdtsc shared with the hold-time clock")


def row6():
    note("row 6: memory")
    _seq[0] += 1
    txt = run_tool([BENCH_MEM], "bench_mem")
    vals = dict(re.findall(r"^(\w+)=(\d+)$", txt, re.M))
    if "per_descriptor" in vals:
        segs = int(vals.get("segs", "1"))
        row("6", "bytes per receive descriptor (NBL+NB with descriptor 0, "
            "S=%d: %d more MDL, mempool hdr incl.; struct sizes nbl %s nb %s "
            "mdl %s)" % (segs, segs - 1, vals.get("sizeof_nbl"),
                         vals.get("sizeof_nb"), vals.get("sizeof_mdl")),
            vals["per_descriptor"], "B", "", "", "NBL obj %s + %d x MDL obj %s"
            % (vals.get("nbl_obj"), segs - 1, vals.get("mdl_obj")))

    rss = []
    for _ in range(RUNS):
        _seq[0] += 1
        p = Proc([NBLPMD], "default")
        rc = p.finish()
        if rc != 0:
            note("nblpmd (default) exit %s, log %s" % (rc, p.log.name))
        rss.append(p.rusage.ru_maxrss if p.rusage else None)
    m = med(rss)
    row("6", "peak RSS, `nblpmd` with no arguments (config/default.ini)",
        "%.1f" % (m / 1024) if m else "n/a", "MiB", "", "",
        "ru_maxrss, -m 1024 --no-huge")


def main():
    for b in (NBLPMD, PERF_RXQ, PERF_NBL, BENCH_MEM, CAPGEN):
        if not os.access(b, os.X_OK):
            sys.exit("bench: %s missing; build with tests/perf/bench.sh" % b)
    if shutil.which(TESTPMD) is None:
        sys.exit("bench: %s not found (Debian: apt-get install dpdk)" % TESTPMD)
    if ROWS & {"7", "8"} and (shutil.which(VALGRIND) is None or
                              shutil.which("callgrind_annotate") is None):
        sys.exit("bench: rows 7 and 8 need %s and callgrind_annotate "
                 "(Debian: apt-get install valgrind)" % VALGRIND)
    note("bench: logs in %s" % LOGDIR)
    t0 = time.time()
    for n, fn in (("1", row1), ("2", row2), ("3", row3), ("4", row4),
                  ("5", row5), ("6", row6), ("7", row7), ("8", row8),
                  ("9", lambda: bench_forensics.row9(sys.modules[__name__]))):
        if n in ROWS:
            fn()
    print()
    print("nblpmd vs dpdk-testpmd: median of %d alternating runs, %.0f s each "
          "(net_null), EAL %s" % (RUNS, DURATION,
                                  "--no-huge -m 1024 --no-pci --no-shconf -l 0-1"))
    if ROWS & {"7", "8"}:
        print("rows 7-8: one run each under valgrind --tool=callgrind, %.0f s "
              "(instruction counts do not depend on the machine's load)"
              % CG_SECONDS)
    print("| row | what | median | unit | ratio to | ratio | range / note |")
    print("|-----|------|-------:|------|----------|------:|--------------|")
    for r in TABLE:
        print("| %s | %s | %s | %s | %s | %s | %s |" % r)
    print()
    print("(%.0f s; logs and JSON reports in %s)" % (time.time() - t0, LOGDIR))


if __name__ == "__main__":
    main()
