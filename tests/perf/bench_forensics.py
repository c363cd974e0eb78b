# SPDX-License-Identifier: BSD-3-Clause
"""Row 9 of tests/perf/bench.py: what the forensic options cost.

nblpmd rxonly on net_null, in place and pool mode, with nothing, with
--track-nbls 8 (NBL history), with --record-burst-stats, and with both:

- the rate (Mpps), median of BENCH_RUNS runs, the variants alternating so
  that a change of load hits all of them alike; ratio to the run without;
- instructions per packet under valgrind --tool=callgrind, counted inside
  nbl_rxq_poll (the whole per-packet path: fill, indicate callback, the
  consumer's return), over BENCH_CG_SECONDS seconds: callgrind's total
  over the run's indicated NBLs. Instruction counts do not depend on the
  machine's load. BENCH_CG=0 skips them.

Also runnable alone: python3 tests/perf/bench_forensics.py (after
tests/perf/bench.sh built build-perf), BENCH_RUNS and BENCH_DURATION as
for bench.py.
"""

import json
import os
import re
import shutil
import sys

VARIANTS = (
    ("off", []),
    ("--track-nbls 8", ["--track-nbls", "8"]),
    ("--record-burst-stats", ["--record-burst-stats"]),
    ("both", ["--track-nbls", "8", "--record-burst-stats"]),
)


def cg_per_packet(b, opts, tag, seconds):
    """callgrind instructions inside nbl_rxq_poll per indicated NBL (the
    callgrind helpers are bench.py's)."""
    prefix = b.cg_prefix(tag)
    js = prefix + ".json"
    out = prefix + ".out"
    argv = b.cg_poll_argv(out) + [b.NBLPMD] + b.eal(["net_null0"]) + [
        "--"] + opts + ["--duration", str(seconds), "--stats-json", js]
    p = b.Proc(argv, "cg_" + tag)
    rc = p.finish(timeout=600)
    if rc != 0 or not os.path.exists(js) or not os.path.exists(out):
        b.note("callgrind %s failed (exit %s), log %s" % (tag, rc, p.log.name))
        return None
    with open(js) as f:
        ind = json.load(f)["indicated"]
    ir = b.cg_total(out)
    if not ind or ir is None:
        return None
    return ir / ind


def row9(b):
    cg = os.environ.get("BENCH_CG", "1") != "0" and \
        shutil.which(b.VALGRIND) is not None
    seconds = getattr(b, "CG_SECONDS",
                      float(os.environ.get("BENCH_CG_SECONDS", "3")))
    b.note("row 9: forensics on and off, rxonly net_null, %d x %d variants "
           "x 2 modes, %.0f s each%s" % (b.RUNS, len(VARIANTS), b.DURATION,
           "; then callgrind, %.0f s a run" % seconds if cg else ""))
    v = ["net_null0"]
    for mode in ("inplace", "pool"):
        base = ["--fwd", "rxonly", "--recycle", mode, "--duration",
                str(b.DURATION)]
        rates = {name: [] for name, _ in VARIANTS}
        for _ in range(b.RUNS):
            for name, opts in VARIANTS:
                tag = "forensics_%s_%s" % (mode, re.sub(r"\W+", "_", name))
                r = b.nblpmd(v, base + opts, tag)
                rates[name].append(r and r["_rate"])
        off = b.med(rates["off"])
        for name, _ in VARIANTS:
            m = b.med(rates[name])
            b.row("9", "forensics rxonly net_null %s: %s" % (mode, name),
                  b.fmt_m(m), "Mpps", "" if name == "off" else "off",
                  "1.00" if name == "off" else b.ratio(m, off),
                  b.spread(rates[name]))
        if not cg:
            continue
        ipp = {}
        for name, opts in VARIANTS:
            tag = "forensics_%s_%s" % (mode, re.sub(r"\W+", "_", name))
            ipp[name] = cg_per_packet(b, ["--fwd", "rxonly", "--recycle",
                                          mode] + opts, tag, seconds)
        for name, _ in VARIANTS:
            x, o = ipp[name], ipp["off"]
            diff = "" if name == "off" or x is None or o is None else \
                "%+.1f instr/pkt; " % (x - o)
            b.row("9", "forensics instr/pkt in nbl_rxq_poll %s: %s"
                  % (mode, name), "%.1f" % x if x is not None else "n/a",
                  "instr/pkt", "" if name == "off" else "off",
                  "1.00" if name == "off" else b.ratio(x, o),
                  "%scallgrind, %.0f s" % (diff, seconds))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench
    row9(bench)
    print("| row | what | median | unit | ratio to | ratio | range / note |")
    print("|-----|------|-------:|------|----------|------:|--------------|")
    for r in bench.TABLE:
        print("| %s | %s | %s | %s | %s | %s | %s |" % r)
