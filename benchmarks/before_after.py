"""Two versions of imbtools on the same jobs: the "must not regress" table of issue 16.

What it measures
----------------
For each job (sampler, data), fresh Python processes alternate between two source trees
of imbtools (``--before`` and ``--after``, each put first on ``PYTHONPATH``): before,
after, before, after, ... ``--pairs`` times. Each process builds the data (cached in
``--data-dir`` as a pickle, so both sides read the same bytes), calls
``fit_resample`` on a 5,000-row dataset of the same kind (imports, Numba start-up and
cache loading: since issue 16, calls on a few hundred rows no longer start Numba, so a
300-row warm-up would put Numba's ~100 MB into the big call's peak on one side only),
then on the big data: the first call's peak memory (``VmHWM`` reset through
``/proc/self/clear_refs``, minus the resident memory before the call; input not
counted, output counted) and the median wall time of the ``--calls`` calls after it
(kernels used only on large data load from Numba's cache on their first call) are
recorded, and the peak memory of the second call (kernels used only on large data
are loaded by then: the first call's peak includes Numba's memory for their code).
``--calls 5`` gives the steady state of one process: on this virtual machine
a call whose output lands on memory the host has to back again pays 0.3-0.6 s of system
time more (SMOTE at 10^6 rows: 0.26 or 0.6-0.9 s, on either tree). The table gives the
median and the spread (min-max) of each side and the median of the per-pair ratios
after / before (below 1: the after tree is faster).

The two trees must have their Numba caches warm (run the script once with ``--pairs 1``
or any test on each tree first), otherwise the first pair pays compilation.

Usage
-----
::

    git worktree add --detach ../before 0544c7b         # the tree to compare against
    python benchmarks/before_after.py --before ../before --after . --pairs 5
    python benchmarks/before_after.py --before ../before --after . --jobs smote-1e6 enn-1e5
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from statistics import median

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _worker_fit_resample import _status_kb  # noqa: E402

# name: (module, class, kwargs, rows, kind)
JOBS = {
    "smote-1e6": ("over_sampling", "SMOTE", {}, 10**6, "dense"),
    "borderline-1e6": ("over_sampling", "BorderlineSMOTE", {}, 10**6, "dense"),
    "adasyn-1e6": ("over_sampling", "ADASYN", {}, 10**6, "dense"),
    "tomek-1e5": ("under_sampling", "TomekLinks", {}, 10**5, "dense"),
    "enn-1e5": ("under_sampling", "EditedNearestNeighbours", {}, 10**5, "dense"),
    "smoteenn-1e5": ("combine", "SMOTEENN", {}, 10**5, "dense"),
    "enn-1e6": ("under_sampling", "EditedNearestNeighbours", {}, 10**6, "dense"),
    "smotenc-1e5": ("over_sampling", "SMOTENC", {"categorical_features": "auto"}, 10**5,
                    "categorical"),
}


def make_data(rows, kind, seed=0, minority=0.01):
    """``make_classification(rows, 20, weights=[0.99])``; ``categorical``: a DataFrame with
    15 normal columns and 5 ``category`` columns of 10 levels."""
    from sklearn.datasets import make_classification

    X, y = make_classification(rows, n_features=20, weights=[1 - minority],
                               random_state=seed)
    if kind == "dense":
        return X, y
    import pandas as pd

    frame = pd.DataFrame(X[:, :15], columns=[f"x{j}" for j in range(15)])
    rng = np.random.default_rng(seed)
    for j in range(5):
        codes = np.clip(((X[:, 15 + j] + 3) * 10 / 6).astype(int), 0, 9)
        codes = np.where(rng.random(rows) < 0.1, rng.integers(0, 10, rows), codes)
        frame[f"c{j}"] = pd.Categorical.from_codes(codes, categories=[f"l{i}" for i in range(10)])
    return frame, y


def cached_data(data_dir, rows, kind):
    path = Path(data_dir) / f"{kind}-{rows}.pkl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            pickle.dump(make_data(rows, kind), handle, protocol=5)
    return path


# -- child ------------------------------------------------------------------------------------
def child(job, data_path, calls):
    import importlib

    module, name, kwargs, rows, kind = JOBS[job]
    calls = int(calls)
    sampler_class = getattr(importlib.import_module(f"imbtools.{module}"), name)
    with open(data_path, "rb") as handle:
        X, y = pickle.load(handle)
    if "random_state" in sampler_class(**kwargs).get_params():
        kwargs = {**kwargs, "random_state": 0}
    tiny_X, tiny_y = make_data(5000, kind, seed=1, minority=0.1)
    sampler_class(**kwargs).fit_resample(tiny_X, tiny_y)
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    before_kb = _status_kb("VmRSS")
    start = time.perf_counter()
    out = sampler_class(**kwargs).fit_resample(X, y)
    first_s = time.perf_counter() - start
    peak_mb = (_status_kb("VmHWM") - before_kb) / 1024
    n_out = len(out[1])
    del out
    timed = []
    for call in range(calls):
        if call == 0:
            with open("/proc/self/clear_refs", "w") as clear_refs:
                clear_refs.write("5")
            before_kb = _status_kb("VmRSS")
        start = time.perf_counter()
        out = sampler_class(**kwargs).fit_resample(X, y)
        timed.append(time.perf_counter() - start)
        if call == 0:
            second_peak_mb = (_status_kb("VmHWM") - before_kb) / 1024
        del out
    seconds = median(timed)
    print(json.dumps({"first_s": first_s, "seconds": seconds, "peak_mb": peak_mb,
                      "second_peak_mb": second_peak_mb,
                      "n_out": n_out, "imbtools": importlib.import_module("imbtools").__file__}))


# -- parent -----------------------------------------------------------------------------------
def run_child(tree, job, data_path, calls):
    env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve())}
    done = subprocess.run([sys.executable, __file__, "--child", job, str(data_path),
                           str(calls)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{tree} {job} failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    expected = str(Path(tree).resolve() / "imbtools")
    if not result["imbtools"].startswith(expected):
        raise RuntimeError(f"{tree}: imported imbtools from {result['imbtools']}")
    return result


def spread(values, fmt="{:.3f}"):
    return f"{fmt.format(median(values))} ({fmt.format(min(values))}-{fmt.format(max(values))})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path)
    parser.add_argument("--jobs", nargs="+", choices=list(JOBS), default=list(JOBS))
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--data-dir", default="/tmp/imbtools-before-after")
    parser.add_argument("--calls", type=int, default=1,
                        help="timed calls after the first, per process (their median is "
                             "the process's time; default: 1)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.before is None or args.after is None:
        parser.error("--before and --after are required")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load "
          f"{' '.join(f'{v:.1f}' for v in os.getloadavg())}; {args.pairs} alternated pairs, "
          f"median of {args.calls} timed call(s) per process")
    print(f"before: {args.before}   after: {args.after}")
    header = (f"{'job':<16}{'before s':>22}{'after s':>22}{'after/before':>14}"
              f"{'peak MB before':>16}{'peak MB after':>15}{'2nd-call peak before':>22}"
              f"{'after':>8}")
    print(header)
    for job in args.jobs:
        _, _, _, rows, kind = JOBS[job]
        data_path = cached_data(args.data_dir, rows, kind)
        runs = {"before": [], "after": []}
        for _ in range(args.pairs):
            for side in ("before", "after"):
                runs[side].append(run_child(getattr(args, side), job, data_path,
                                            args.calls))
        if runs["before"][0]["n_out"] != runs["after"][0]["n_out"]:
            print(f"  {job}: output sizes differ: {runs['before'][0]['n_out']} vs "
                  f"{runs['after'][0]['n_out']}")
        times = {side: [r["seconds"] for r in runs[side]] for side in runs}
        ratios = [a / b for a, b in zip(times["after"], times["before"])]
        peaks = {side: [r["peak_mb"] for r in runs[side]] for side in runs}
        second = {side: [r["second_peak_mb"] for r in runs[side]] for side in runs}
        print(f"{job:<16}{spread(times['before']):>22}{spread(times['after']):>22}"
              f"{median(ratios):>9.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
              f"{median(peaks['before']):>10.1f}{median(peaks['after']):>15.1f}"
              f"{median(second['before']):>22.1f}{median(second['after']):>8.1f}", flush=True)
    print(f"load at the end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
