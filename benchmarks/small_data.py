"""Small data must be fast too: every sampler at 10^2, 10^3 and 10^4 rows.

Most calls in practice are small (a sampler inside ``GridSearchCV`` on a few thousand
rows, hundreds of times). For each sampler and size this prints the median time of
imbtools with its default ``n_jobs``, with ``n_jobs=1``, and of imbalanced-learn's
sampler of the same name, all in one process after a warm-up, alternating the three
(``--repeats`` calls each), and the ratios the targets are stated in:

- default / imbalanced-learn (target <= 1),
- default / ``n_jobs=1`` (target <= 1.2).

``--first-call`` instead measures, in fresh processes, the first and the second call of
SMOTE at 10^3 rows after the import (the first pays for loading the cached kernels).

Usage::

    python benchmarks/small_data.py [--sizes 100 1000 10000] [--repeats 15]
    python benchmarks/small_data.py --first-call [--processes 5]
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
import time
import warnings
from functools import partial

import numpy as np

SAMPLERS = [
    ("over_sampling", "SMOTE", {}),
    ("over_sampling", "BorderlineSMOTE", {}),
    ("over_sampling", "ADASYN", {}),
    ("over_sampling", "SVMSMOTE", {}),
    ("over_sampling", "KMeansSMOTE", {"cluster_balance_threshold": 0.0}),
    ("over_sampling", "RandomOverSampler", {}),
    ("under_sampling", "RandomUnderSampler", {}),
    ("under_sampling", "TomekLinks", {}),
    ("under_sampling", "EditedNearestNeighbours", {}),
    ("under_sampling", "RepeatedEditedNearestNeighbours", {}),
    ("under_sampling", "AllKNN", {}),
    ("under_sampling", "NeighbourhoodCleaningRule", {}),
    ("under_sampling", "OneSidedSelection", {}),
    ("under_sampling", "CondensedNearestNeighbour", {}),
    ("under_sampling", "NearMiss", {}),
    ("under_sampling", "ClusterCentroids", {}),
    ("combine", "SMOTEENN", {}),
    ("combine", "SMOTETomek", {}),
]


def _make(library, module, name, params, n_jobs):
    cls = getattr(importlib.import_module(f"{library}.{module}"), name)
    params = dict(params)
    accepted = cls().get_params()
    if "random_state" in accepted:
        params["random_state"] = 0
    if n_jobs != "default" and "n_jobs" in accepted:
        params["n_jobs"] = n_jobs
    return cls(**params)


def _median_times(makers, X, y, repeats):
    for make in makers.values():  # warm-up (kernels loaded, caches filled)
        make().fit_resample(X, y)
    times = {label: [] for label in makers}
    for _ in range(repeats):
        for label, make in makers.items():  # alternated
            sampler = make()
            start = time.perf_counter()
            sampler.fit_resample(X, y)
            times[label].append(time.perf_counter() - start)
    return {label: float(np.median(t)) for label, t in times.items()}


def measure(sizes, repeats):
    from sklearn.datasets import make_classification

    print(f"{'sampler':34} {'rows':>6} {'default':>9} {'n_jobs=1':>9} {'imblearn':>9} "
          f"{'def/imb':>8} {'def/nj1':>8}")
    for n_rows in sizes:
        X, y = make_classification(n_samples=n_rows, n_features=20, n_informative=5,
                                   weights=[0.9], flip_y=0.02, random_state=0)
        for module, name, params in SAMPLERS:
            makers = {
                "default": partial(_make, "imbtools", module, name, params, "default"),
                "n_jobs=1": partial(_make, "imbtools", module, name, params, 1),
                "imblearn": partial(_make, "imblearn", module, name, params, "default"),
            }
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = _median_times(makers, X, y, repeats)
            print(f"{name:34} {n_rows:>6} {t['default'] * 1e3:>7.2f}ms "
                  f"{t['n_jobs=1'] * 1e3:>7.2f}ms {t['imblearn'] * 1e3:>7.2f}ms "
                  f"{t['default'] / t['imblearn']:>8.2f} {t['default'] / t['n_jobs=1']:>8.2f}",
                  flush=True)


_FIRST_CALL = """
import time, json
start = time.perf_counter()
from sklearn.datasets import make_classification
from imbtools.over_sampling import SMOTE
X, y = make_classification(n_samples=1000, n_features=20, weights=[0.9], random_state=0)
imported = time.perf_counter()
SMOTE(random_state=0).fit_resample(X, y)
first = time.perf_counter()
SMOTE(random_state=0).fit_resample(X, y)
second = time.perf_counter()
print(json.dumps({"import": imported - start, "first": first - imported,
                  "second": second - first}))
"""


def first_call(processes):
    rows = []
    for _ in range(processes):
        out = subprocess.run([sys.executable, "-c", _FIRST_CALL], capture_output=True,
                             text=True, check=True).stdout
        rows.append(json.loads(out))
    for key in ("import", "first", "second"):
        values = [row[key] for row in rows]
        print(f"{key:>7}: median {np.median(values) * 1e3:.1f} ms "
              f"(min {min(values) * 1e3:.1f}, max {max(values) * 1e3:.1f})")
    extra = [row["first"] - row["second"] for row in rows]
    print(f"first - second: median {np.median(extra) * 1e3:.1f} ms (target <= 300 ms)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--first-call", action="store_true")
    parser.add_argument("--processes", type=int, default=5)
    args = parser.parse_args(argv)
    if args.first_call:
        first_call(args.processes)
    else:
        measure(args.sizes, args.repeats)


if __name__ == "__main__":
    main()
