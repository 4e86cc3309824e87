"""SMOTE variants of issue 14: time and peak memory, and imbtools vs smote_variants at 10^4 rows.

What it measures
----------------
Data: ``make_classification(n_samples=n, n_features=20, weights=[0.95], random_state=0)``
(5% minority), default parameters, ``random_state=0``, balancing the two classes.

- ``ours`` at 10^5 rows, every variant: wall time, CPU time of the process (all threads;
  less sensitive to the load than wall time), peak traced memory (``tracemalloc``,
  NumPy's allocations included, Numba's not) and peak RSS increase;
- ``ours`` and ``smote_variants`` at 10^4 rows: the same, and the ratio of the medians;
- with ``--big``: ``ours`` at 10^6 rows.

Every measurement is a fresh Python process (this script with ``--child``): it builds the
data, calls the sampler once on 500 rows of the same kind (imports, Numba compilation or
cache loading: reported as "warm-up"), then calls it on the full data, timed, with the
peak RSS measured through Linux's ``VmHWM`` reset by ``/proc/self/clear_refs`` (the RSS
before the call subtracted; falls back to ``psutil``'s RSS after the call), then once
more under ``tracemalloc`` for the traced peak (``--no-trace`` skips it). Children run
under an address-space limit (``--memory-limit-gb``) and a timeout (``--timeout``): a
run that hits either is reported as "out of memory" or "timeout" (smote_variants' ProWSyn
asks for 995 GiB at 10^5 rows). The libraries alternate (ours, theirs, ours, ...) over
``--repeats``; tables show medians.

The machine this was written on has 2 cores shared with other jobs: the load average is
printed with the tables; compare ratios of one run, not absolute times across runs.

Usage
-----
::

    python benchmarks/smote_variants_speed.py                       # 10^5 and 10^4, 3 repeats
    python benchmarks/smote_variants_speed.py --variants MWMOTE NTSMOTE --repeats 1
    python benchmarks/smote_variants_speed.py --big --no-compare     # 10^6 rows, ours only
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _smote_variants_table import available, make_ours, make_theirs  # noqa: E402

TARGET_SECONDS = {100_000: 5.0, 1_000_000: 60.0}


# -- child --------------------------------------------------------------------------------
def _data(n):
    from sklearn.datasets import make_classification

    return make_classification(n_samples=n, n_features=20, weights=[0.95], random_state=0)


def _rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) * 1024
    return 0


def _peak_rss_since_reset():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _call(library, variant, X, y):
    if library == "ours":
        return make_ours(variant, 0).fit_resample(X, y)
    return make_theirs(variant, 0).sample(X, y)


def child(library, variant, n, trace):
    import tracemalloc
    import warnings

    warnings.filterwarnings("ignore")
    start = time.perf_counter()
    X_small, y_small = _data(500)
    _call(library, variant, X_small, y_small)
    warm_up = time.perf_counter() - start
    X, y = _data(n)
    before = _rss()
    can_reset = _reset_peak()
    start, cpu_start = time.perf_counter(), time.process_time()
    X_res, _ = _call(library, variant, X, y)[:2]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if can_reset:
        rss_peak = _peak_rss_since_reset() - before
    else:
        import psutil

        rss_peak = psutil.Process().memory_info().rss - before
    n_new = int(X_res.shape[0] - n)
    del X_res
    traced = None
    if trace:
        tracemalloc.start()
        _call(library, variant, X, y)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {"seconds": seconds, "cpu": cpu, "warm_up": warm_up, "rss_peak": rss_peak,
            "traced": traced, "n_new": n_new}


# -- parent -------------------------------------------------------------------------------
def measure(library, variant, n, args):
    command = [sys.executable, __file__, "--child", library, variant, str(n)]
    if args.no_trace:
        command.append("--no-trace")
    limit = int(args.memory_limit_gb * 2**30)

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout,
                              preexec_fn=limit_memory, env={**os.environ})
    except subprocess.TimeoutExpired:
        return {"status": "timeout"}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["?"]
        status = "out of memory" if "MemoryError" in done.stderr else f"error: {tail[0][:80]}"
        return {"status": status}
    return {"status": "ok", **json.loads(done.stdout.strip().splitlines()[-1])}


def _summary(runs):
    good = [r for r in runs if r["status"] == "ok"]
    if not good:
        return {"status": runs[0]["status"] if runs else "not run"}
    out = {"status": "ok", "n_new": good[0]["n_new"]}
    for key in ("seconds", "cpu", "warm_up", "rss_peak", "traced"):
        values = [r[key] for r in good if r[key] is not None]
        out[key] = median(values) if values else None
    return out


def _mib(value):
    return "" if value is None else f"{value / 2**20:.0f}"


def _row(variant, n, summary):
    if summary["status"] != "ok":
        return f"| {variant} | {n:.0e} | {summary['status']} | | | | | |"
    target = TARGET_SECONDS.get(n)
    verdict = "" if target is None else ("yes" if summary["seconds"] < target else "NO")
    return (f"| {variant} | {n:.0e} | {summary['seconds']:.2f} | {summary['cpu']:.2f} | "
            f"{summary['warm_up']:.2f} | "
            f"{_mib(summary['traced'])} | {_mib(summary['rss_peak'])} | {verdict} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", nargs="+", default=None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--big", action="store_true", help="also ours at 10^6 rows")
    parser.add_argument("--no-compare", action="store_true", help="skip the 10^4 comparison")
    parser.add_argument("--no-main", action="store_true", help="skip ours at 10^5 rows")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc call")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per child")
    parser.add_argument("--memory-limit-gb", type=float, default=8.0)
    parser.add_argument("--child", nargs=3, metavar=("LIBRARY", "VARIANT", "N"))
    args = parser.parse_args(argv)
    if args.child:
        library, variant, n = args.child
        print(json.dumps(child(library, variant, int(n), not args.no_trace)))
        return
    variants = available(args.variants)
    print(f"variants in this imbtools: {', '.join(variants)}")
    print(f"load before: {os.getloadavg()}  (2 shared cores)")
    header = ("| variant | rows | time (s) | CPU (s) | warm-up (s) | traced peak (MiB) "
              "| RSS peak (MiB) | under target |\n|---|---|---|---|---|---|---|---|")
    sizes = ([] if args.no_main else [100_000]) + ([1_000_000] if args.big else [])
    if sizes:
        print("\n## imbtools\n\n" + header)
        for n in sizes:
            for variant in variants:
                runs = [measure("ours", variant, n, args) for _ in range(args.repeats)]
                print(_row(variant, n, _summary(runs)), flush=True)
    if not args.no_compare:
        print("\n## imbtools vs smote_variants, 10^4 rows (alternated fresh processes)\n")
        print("| variant | ours (s) | theirs (s) | theirs / ours | ours traced (MiB) "
              "| theirs traced (MiB) |\n|---|---|---|---|---|---|")
        for variant in variants:
            runs = {"ours": [], "sv": []}
            for _ in range(args.repeats):
                for library in runs:
                    runs[library].append(measure(library, variant, 10_000, args))
            ours, theirs = _summary(runs["ours"]), _summary(runs["sv"])
            cells = []
            for s in (ours, theirs):
                cells.append(f"{s['seconds']:.3f}" if s["status"] == "ok" else s["status"])
            ratio = (f"{theirs['seconds'] / ours['seconds']:.1f}"
                     if ours["status"] == theirs["status"] == "ok" else "")
            print(f"| {variant} | {cells[0]} | {cells[1]} | {ratio} | "
                  f"{_mib(ours.get('traced'))} | {_mib(theirs.get('traced'))} |", flush=True)
    print(f"\nload after: {os.getloadavg()}")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
