"""SMOTE family and combinations, imbtools vs imbalanced-learn: wall time and peak memory.

What it measures
----------------
The jobs of issue #3 (20 features, 1% minority, ``random_state=0``, default parameters):

==========================  =========================================================
row                         data
==========================  =========================================================
SMOTEENN 1e5                ``make_classification(1e5, 20, weights=[0.99])``
BorderlineSMOTE 1e6         ``make_classification(1e6, 20, weights=[0.99])``
ADASYN 1e6                  same
SMOTENC 1e5, 5 x 10         DataFrame: 15 normal columns + 5 ``category`` columns with
                            10 levels, ``categorical_features="auto"``
SMOTENC 2e5, 3 x 2000       DataFrame: 17 normal columns + 3 ``category`` columns with
                            2000 levels
==========================  =========================================================

Every run is a fresh Python process (this script with ``--child``) that builds the data,
calls ``fit_resample`` once on a tiny dataset of the same kind (Numba compilation or cache
loading, lazy imports: reported as "warm-up"), then calls it on the big data and records
its peak memory: Linux ``VmHWM`` reset just before the call through
``/proc/self/clear_refs``, minus the resident set size before the call (the input data is
not counted, the output is). With ``--warm-up full`` (the default) the time is that of a
second call on the same data: kernels used only on large data (the float32 neighbour
pass) load from Numba's cache on their first call, whose time is reported apart as
"first full call", for both libraries. The peak stays the first call's. Each child runs
under an address-space limit (``--memory-limit-gb``, ``RLIMIT_AS``); a run that hits it
is reported as "out of memory".
Libraries alternate (imbtools, imblearn, imbtools, ...); the table shows medians.

The machine this was written on has 2 cores shared with other jobs: absolute times are
noisy, compare the two columns of one run.

Usage
-----
::

    python benchmarks/compare_smote_family.py                     # every row, 3 repeats
    python benchmarks/compare_smote_family.py --rows smotenc-10 --repeats 5
    python benchmarks/compare_smote_family.py --scale 0.1          # 10x smaller, quick
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from statistics import median

import numpy as np

# name: (sampler, n_rows, categorical spec (n_columns, n_levels) or None, target speed-up)
ROWS = {
    "smoteenn": ("SMOTEENN", 100_000, None, ">= 5x"),
    "borderline": ("BorderlineSMOTE", 1_000_000, None, ">= 4x"),
    "adasyn": ("ADASYN", 1_000_000, None, ">= 4x"),
    "smotenc-10": ("SMOTENC", 100_000, (5, 10), ">= 20x"),
    "smotenc-2000": ("SMOTENC", 200_000, (3, 2000), "< 2.5 GB peak"),
}
LIBRARIES = ("imbtools", "imblearn")
N_FEATURES = 20
MINORITY = 0.01


def make_data(n_rows, categorical, seed=0):
    """The benchmark data: an ndarray, or a DataFrame with category columns."""
    if categorical is None:
        from sklearn.datasets import make_classification

        return make_classification(n_samples=n_rows, n_features=N_FEATURES,
                                   weights=[1 - MINORITY], random_state=seed)
    import pandas as pd

    n_columns, n_levels = categorical
    rng = np.random.default_rng(seed)
    y = (rng.random(n_rows) < MINORITY).astype(np.int64)
    n_continuous = N_FEATURES - n_columns
    X = pd.DataFrame(rng.normal(size=(n_rows, n_continuous)) + y[:, None],
                     columns=[f"x{i}" for i in range(n_continuous)])
    for j in range(n_columns):
        codes = rng.integers(0, n_levels, n_rows)
        X[f"c{j}"] = pd.Categorical.from_codes(codes, categories=np.arange(n_levels))
    return X, y


def make_sampler(library, name):
    if library == "imbtools":
        if name in ("SMOTEENN", "SMOTETomek"):
            import imbtools.combine as module
        else:
            import imbtools.over_sampling as module
    else:
        if name in ("SMOTEENN", "SMOTETomek"):
            import imblearn.combine as module
        else:
            import imblearn.over_sampling as module
    params = {"random_state": 0}
    if name == "SMOTENC":
        params["categorical_features"] = "auto"
    return getattr(module, name)(**params)


def _rss_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def _reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def run_child(row, library, scale, memory_limit_gb, warm_up="full"):
    """One measured run; prints a JSON line."""
    limit = int(memory_limit_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    name, n_rows, categorical, _ = ROWS[row]
    result = {"row": row, "library": library}
    try:
        X_small, y_small = make_data(2_000, categorical, seed=1)
        start = time.perf_counter()
        make_sampler(library, name).fit_resample(X_small, y_small)
        result["warm_up_s"] = time.perf_counter() - start
        X, y = make_data(int(n_rows * scale), categorical)
        sampler = make_sampler(library, name)
        before = _rss_kb("VmRSS")
        exact_peak = _reset_peak()
        start = time.perf_counter()
        X_res, y_res = sampler.fit_resample(X, y)
        result["seconds"] = time.perf_counter() - start
        peak = _rss_kb("VmHWM") if exact_peak else resource.getrusage(
            resource.RUSAGE_SELF).ru_maxrss
        result["peak_mb"] = (peak - before) / 1024
        if warm_up == "full":
            # kernels used only on large data (the float32 pass) load from Numba's cache
            # on their first call: time the same call once more (the peak above stays
            # the first call's, which a warm process would only make smaller)
            del X_res, y_res
            result["first_call_s"] = result["seconds"]
            start = time.perf_counter()
            X_res, y_res = make_sampler(library, name).fit_resample(X, y)
            result["seconds"] = time.perf_counter() - start
        result["n_out"] = int(len(y_res))
    except MemoryError:
        result["error"] = "out of memory"
    print(json.dumps(result), flush=True)


def run_parent(args):
    results = {(row, lib): [] for row in args.rows for lib in LIBRARIES}
    for repeat in range(args.repeats):
        for row in args.rows:
            for library in LIBRARIES:
                command = [sys.executable, __file__, "--child", row, library,
                           "--scale", str(args.scale),
                           "--memory-limit-gb", str(args.memory_limit_gb),
                           "--warm-up", args.warm_up]
                done = subprocess.run(command, capture_output=True, text=True,
                                      env={**os.environ, "PYTHONWARNINGS": "ignore"})
                lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
                if lines:
                    outcome = json.loads(lines[-1])
                elif "MemoryError" in done.stderr or done.returncode in (-9, 137):
                    outcome = {"error": "out of memory"}
                else:
                    outcome = {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
                results[row, library].append(outcome)
                print(f"[{repeat + 1}/{args.repeats}] {row:13s} {library:8s} "
                      f"{_describe(outcome)}", file=sys.stderr, flush=True)
    print_table(args, results)


def _describe(outcome):
    if "error" in outcome:
        return outcome["error"]
    first = (f", first full-size call {outcome['first_call_s']:.2f} s"
             if "first_call_s" in outcome else "")
    return (f"{outcome['seconds']:.2f} s, peak {outcome['peak_mb']:.0f} MB, "
            f"warm-up {outcome['warm_up_s']:.2f} s{first}, {outcome['n_out']} rows out")


def _median(runs, key):
    values = [run[key] for run in runs if key in run]
    return median(values) if values else None


def print_table(args, results):
    print(f"\nmedians of {args.repeats} run(s), scale {args.scale:g}, "
          f"address-space limit {args.memory_limit_gb:g} GB per run, warm-up "
          f"{args.warm_up}\n")
    print("| job | imblearn s | imbtools s | speed-up | target | imblearn peak MB "
          "| imbtools peak MB | imbtools warm-up s | imbtools first full call s "
          "| imblearn first full call s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in args.rows:
        name, n_rows, categorical, target = ROWS[row]
        label = f"{name}, {n_rows * args.scale:.0e} rows"
        if categorical:
            label += f", {categorical[0]} cat x {categorical[1]} levels"
        cells = []
        for library in ("imblearn", "imbtools"):
            runs = results[row, library]
            seconds = _median(runs, "seconds")
            cells.append(("out of memory" if any("error" in r for r in runs)
                          and seconds is None else f"{seconds:.2f}", seconds,
                          _median(runs, "peak_mb")))
        (theirs_text, theirs, theirs_mb), (ours_text, ours, ours_mb) = cells
        speedup = f"{theirs / ours:.1f}x" if theirs and ours else "-"
        warm = _median(results[row, "imbtools"], "warm_up_s")
        firsts = [_median(results[row, lib], "first_call_s") for lib in ("imbtools", "imblearn")]
        print(f"| {label} | {theirs_text} | {ours_text} | {speedup} | {target} | "
              f"{theirs_mb and f'{theirs_mb:.0f}' or '-'} | "
              f"{ours_mb and f'{ours_mb:.0f}' or '-'} | "
              f"{warm and f'{warm:.2f}' or '-'} | "
              + " | ".join(f"{v:.2f}" if v else "-" for v in firsts) + " |")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", nargs="+", choices=list(ROWS), default=list(ROWS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiply every row count (quick checks)")
    parser.add_argument("--memory-limit-gb", type=float, default=10.0)
    parser.add_argument("--warm-up", choices=["full", "small"], default="full",
                        help="time the first call on the big data (small), or a second "
                             "call on the same data (full, default)")
    parser.add_argument("--child", nargs=2, metavar=("ROW", "LIBRARY"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.child:
        run_child(*arguments.child, arguments.scale, arguments.memory_limit_gb,
                  arguments.warm_up)
    else:
        run_parent(arguments)
