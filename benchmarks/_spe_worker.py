"""One self-paced-ensemble job in a fresh process (run by benchmarks/self_paced_ensemble.py).

Runs with either interpreter: ``--impl ours`` imports imbtools, ``--impl reference`` imports
imbalanced-ensemble 0.2.3 (``imbens``), which lives in its own virtual environment because
it pins scikit-learn 1.6.0. Nothing here imports the other library.

Modes
-----
speed:   load X.npy / y.npy, fit once, print JSON (fit time, time inside the base trees'
         fit / predict_proba, peak RSS). ``--impl none`` fits nothing: its peak is the
         floor both libraries share (Python, NumPy, scikit-learn's tree module, X and y).
quality: load a .npz with X, y and CV folds, fit on each train fold, save the test-fold
         probabilities of class 1 to an output .npz.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np
from sklearn.tree import DecisionTreeClassifier

TIMES = {"fit": 0.0, "predict": 0.0, "n_fit": 0, "n_predict": 0}


class TimedTree(DecisionTreeClassifier):
    """A DecisionTreeClassifier that adds the time of its fit / predict_proba to TIMES."""

    def fit(self, X, y, sample_weight=None, check_input=True):
        start = time.perf_counter()
        super().fit(X, y, sample_weight=sample_weight, check_input=check_input)
        TIMES["fit"] += time.perf_counter() - start
        TIMES["n_fit"] += 1
        return self

    def predict_proba(self, X, check_input=True):
        start = time.perf_counter()
        proba = super().predict_proba(X, check_input=check_input)
        TIMES["predict"] += time.perf_counter() - start
        TIMES["n_predict"] += 1
        return proba


def peak_rss_mb():
    """Peak resident memory of this process (VmHWM: unlike ru_maxrss, reset by exec, so the
    parent's size at fork does not leak in)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def make_model(impl, n_estimators, seed, n_jobs, base, params=None):
    if impl == "none":
        return None
    if impl == "ours":
        from imbtools.ensemble import SelfPacedEnsembleClassifier

        return SelfPacedEnsembleClassifier(
            base, n_estimators=n_estimators, random_state=seed, n_jobs=n_jobs, **(params or {})
        )
    from imbens.ensemble import SelfPacedEnsembleClassifier

    return SelfPacedEnsembleClassifier(
        estimator=base, n_estimators=n_estimators, random_state=seed, n_jobs=n_jobs
    )


def run_speed(args):
    X = np.load(args.data + "_X.npy")  # the dtype it was saved with
    y = np.load(args.data + "_y.npy")
    model = make_model(args.impl, args.n_estimators, args.seed, args.n_jobs, TimedTree())
    rss_before = peak_rss_mb()  # data loaded, library imported
    start = time.perf_counter()
    if model is not None:
        model.fit(X, y)
    fit_time = time.perf_counter() - start
    print(json.dumps({
        "impl": args.impl, "n_jobs": args.n_jobs, "fit_s": fit_time,
        "tree_fit_s": TIMES["fit"], "tree_predict_s": TIMES["predict"],
        "n_tree_fit": TIMES["n_fit"], "n_tree_predict": TIMES["n_predict"],
        "rss_before_fit_mb": rss_before, "peak_rss_mb": peak_rss_mb(),
    }))


def run_quality(args):
    data = np.load(args.data, allow_pickle=False)
    X, y, fold_of = data["X"], data["y"], data["fold_of"]  # fold_of: (n_repeats, n_samples)
    probabilities = np.empty(fold_of.shape)
    for repeat in range(fold_of.shape[0]):
        for fold in np.unique(fold_of[repeat]):
            test = fold_of[repeat] == fold
            seed = args.seed + 100 * repeat + int(fold)
            base = DecisionTreeClassifier(**json.loads(args.tree_params))
            model = make_model(args.impl, args.n_estimators, seed, 1, base,
                               json.loads(args.params))
            model.fit(X[~test], y[~test])
            probabilities[repeat, test] = model.predict_proba(X[test])[:, 1]
    np.save(args.out, probabilities)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["speed", "quality"])
    parser.add_argument("--impl", choices=["ours", "reference", "none"], required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--out")
    parser.add_argument("--n-estimators", type=int, default=10)
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--params", default="{}", help="JSON of extra parameters (ours only)")
    parser.add_argument("--tree-params", default="{}",
                        help="JSON of DecisionTreeClassifier parameters (base of both sides)")
    args = parser.parse_args(argv)
    {"speed": run_speed, "quality": run_quality}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
