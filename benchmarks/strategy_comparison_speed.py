"""Wall time of a full comparison: 7 default strategies x 5 folds, 10^4 rows (issue #7).

Target: under 60 s on 2 cores with HistGradientBoostingClassifier. Data:
``make_classification(10_000, n_features=20, weights=[0.95], random_state=0)``. Each
setting runs in a fresh process (so the first-call costs of Numba and joblib's workers
count) and the script prints the wall time and where it went (sum of fit times per
strategy, which exceeds the wall time when fits run in parallel).

Usage::

    python benchmarks/strategy_comparison_speed.py                 # hgb and lr, n_jobs 1 and 2
    python benchmarks/strategy_comparison_speed.py --estimators hgb --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

N_SAMPLES = 10_000


def estimator(key):
    if key == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=0), None
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    return LogisticRegression(max_iter=5000), StandardScaler()


def worker(key, n_jobs):
    start = time.perf_counter()
    from sklearn.datasets import make_classification

    from imbtools.model_selection import compare_strategies

    X, y = make_classification(N_SAMPLES, n_features=20, weights=[0.95], random_state=0)
    model, preprocessor = estimator(key)
    comparison = compare_strategies(model, X, y, cv=5, preprocessor=preprocessor,
                                    n_jobs=n_jobs, random_state=0, verbose=0)
    wall = time.perf_counter() - start
    fit_times = (comparison.results.drop_duplicates(["strategy", "fold"])
                 .groupby("strategy", sort=False)["fit_time"].sum())
    print(json.dumps({"wall": wall, "fit_times": fit_times.round(2).to_dict(),
                      "f1": comparison.summary["f1_mean"].round(3).to_dict()}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--estimators", nargs="+", default=["hgb", "lr"])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("| estimator | n_jobs | wall s (target < 60) | sum of fit times per strategy, s |")
    print("|---|---:|---:|---|")
    for key in args.estimators:
        for n_jobs in args.jobs:
            out = subprocess.run([sys.executable, __file__, "--worker", key, str(n_jobs)],
                                 capture_output=True, text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            fits = ", ".join(f"{k} {v:.1f}" for k, v in result["fit_times"].items())
            print(f"| {key} | {n_jobs} | {result['wall']:.1f} | {fits} |", flush=True)


if __name__ == "__main__":
    main()
