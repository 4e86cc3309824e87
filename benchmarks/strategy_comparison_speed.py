"""Wall time of a full comparison: 7 default strategies x 5 folds, 10^4 rows (issue #7).

Target: under 60 s on 2 cores with HistGradientBoostingClassifier. Data:
``make_classification(10_000, n_features=20, weights=[0.95], random_state=0)``. Each
setting runs in a fresh process (so the first-call costs of Numba and joblib's workers
count) and the script prints the wall time and where it went (sum of fit times per
strategy, which exceeds the wall time when fits run in parallel).

Usage::

    python benchmarks/strategy_comparison_speed.py                 # hgb and lr, n_jobs 1 and 2
    python benchmarks/strategy_comparison_speed.py --estimators hgb --jobs 2
    python benchmarks/strategy_comparison_speed.py --cli [--repo /path/to/checkout]

``--cli`` (issue #13) times the README's first command, ``imbtools compare`` on the bundled
data, warm (a first run fills the Numba cache), against its floor: a fresh process that
imports what the command imports, loads the data, and fits every default strategy on the
same 5 folds with one ``predict`` and one ``predict_proba`` per fitted model, nothing else
(one BLAS thread, as the command uses on small data). Runs alternate, ``--repeat`` times
each; the table gives medians of wall time and of CPU time (user + system of the child,
steadier than wall time on a shared machine). ``--repo`` picks the checkout to import
(e.g. an older commit, for a before/after figure). Target: compare <= 1.5 x floor, < 8 s.

``--scoring`` isolates the change of issue #13 in one process, robust to a busy machine:
the 35 default models of the bundled data are fitted once, then scored with all nine
metrics the old way (one scikit-learn scorer call per metric: nine predictions through
the preprocessing pipeline) and the new way (one ``predict``, one ``predict_proba``,
metrics from the arrays), alternating, CPU time (``time.process_time``).
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


FLOOR = """
import time
start = time.perf_counter()
import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits
import imbtools.model_selection._cli  # what the command imports first
from imbtools.datasets import load_imbalanced_breast_cancer
from imbtools.model_selection import default_strategies, make_preprocessor
X, y = load_imbalanced_breast_cancer(as_frame=True)
y = np.asarray(y)
models = default_strategies(LogisticRegression(max_iter=1000), 0,
                            preprocessor=make_preprocessor(X))
splits = StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros((len(y), 1)), y)
splits = list(splits)
with threadpool_limits(1, "blas"):
    for model in models.values():
        for train, test in splits:
            fitted = clone(model).fit(X.iloc[train], y[train])
            fitted.predict(X.iloc[test]), fitted.predict_proba(X.iloc[test])
"""


def _timed(command, repo):
    """(wall s, CPU s of the child) of one fresh process."""
    import resource

    env = {**os.environ, "PYTHONPATH": repo}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _old_scorers():
    """The scorers the comparison called before issue #13, one per metric."""
    from sklearn.metrics import (
        brier_score_loss,
        fbeta_score,
        get_scorer,
        make_scorer,
        precision_score,
    )

    special = {
        "f2": make_scorer(fbeta_score, beta=2, zero_division=0.0),
        "precision": make_scorer(precision_score, zero_division=0.0),
        "brier": make_scorer(brier_score_loss, response_method="predict_proba",
                             greater_is_better=False),
        "mcc": get_scorer("matthews_corrcoef"),
    }
    from imbtools.model_selection._scores import DEFAULT_SCORING

    return {m: special.get(m) or get_scorer(m) for m in DEFAULT_SCORING}


def scoring_benchmark(repeat):
    import statistics

    import numpy as np
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    from imbtools.datasets import load_imbalanced_breast_cancer
    from imbtools.model_selection import default_strategies, make_preprocessor
    from imbtools.model_selection._scores import (
        DEFAULT_SCORING,
        fold_predictions,
        metric_from_predictions,
    )

    X, y = load_imbalanced_breast_cancer(as_frame=True)
    y = np.asarray(y)
    models = default_strategies(LogisticRegression(max_iter=1000), 0,
                                preprocessor=make_preprocessor(X))
    splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
    with threadpool_limits(1, "blas"):
        start = time.process_time()
        fitted = [(clone(m).fit(X.iloc[tr], y[tr]), te) for m in models.values()
                  for tr, te in splits]
        fit_cpu = time.process_time() - start
        scorers = _old_scorers()

        def old():
            for model, test in fitted:
                for scorer in scorers.values():
                    scorer(model, X.iloc[test], y[test])

        def new():
            for model, test in fitted:
                predictions = fold_predictions(model, X.iloc[test], 2)
                for metric in DEFAULT_SCORING:
                    metric_from_predictions(metric, y[test], predictions, 2)

        times = {"old: a scorer per metric": [], "new: predict once": []}
        for _ in range(repeat):
            for key, run in zip(times, (old, new)):
                start = time.process_time()
                run()
                times[key].append(time.process_time() - start)
    print(f"load average {os.getloadavg()[0]:.2f}; {len(fitted)} fitted models, 9 metrics; "
          f"fitting them took {fit_cpu:.2f} s CPU")
    print(f"| scoring | CPU s (median of {repeat}) |")
    print("|---|---:|")
    for key, values in times.items():
        print(f"| {key} | {statistics.median(values):.2f} |")


def cli_benchmark(repo, repeat):
    import statistics

    compare = [sys.executable, "-m", "imbtools", "compare"]
    floor = [sys.executable, "-c", FLOOR]
    _timed(compare, repo)  # warm the Numba cache and the file system
    times = {"compare": [], "floor": []}
    for _ in range(repeat):
        times["compare"].append(_timed(compare, repo))
        times["floor"].append(_timed(floor, repo))
    median = {key: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
              for key, runs in times.items()}
    print(f"repo {repo}; load average before {os.getloadavg()[0]:.2f} (1 min)")
    print("| | wall s (median) | CPU s (median) |")
    print("|---|---:|---:|")
    for key, (wall, cpu) in median.items():
        print(f"| {key} | {wall:.1f} | {cpu:.1f} |")
    (cw, cc), (fw, fc) = median["compare"], median["floor"]
    print(f"| ratio compare / floor | {cw / fw:.2f} | {cc / fc:.2f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--estimators", nargs="+", default=["hgb", "lr"])
    parser.add_argument("--jobs", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--cli", action="store_true", help="time `imbtools compare`")
    parser.add_argument("--repo", default=os.getcwd(), help="checkout to import (--cli)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scoring", action="store_true",
                        help="old vs new scoring of fitted models, in one process")
    args = parser.parse_args(argv)
    if args.cli:
        cli_benchmark(args.repo, args.repeat)
        return
    if args.scoring:
        scoring_benchmark(args.repeat)
        return
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
