"""The ``class_weight`` strategy of ``default_strategies`` against a 10-point alpha grid.

Issue #13: the default strategy's search must reach a cross-validated score within
0.005 of the best of a 10-point grid ``alpha = linspace(0, 2, 10)`` on at least 9 of 10
datasets / seeds, with at most half the grid's fits. Both searches run on the same
inner folds (``ClassWeightSearchCV`` materialises them from ``random_state``) with the
same scorer (minority-class F1), on LogisticRegression behind
``make_preprocessor`` as ``imbtools compare`` builds it. Fits are counted from
``cv_results_`` (one fit per candidate and fold; the refit is not counted on either side).
The last column is the search the default strategy used before (3 candidates of the
continuous search: alpha 0, 2, then 0.76 or 1.24).

Data: ``make_classification`` with 1,000-3,000 rows, 5-20 % minority, several class
separations and label noise (8 seeds), the bundled breast-cancer data (30 malignant
rows) and a 3,000-row ``weights=[0.92]`` set as in the issue.

Usage::

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/class_weight_default.py
"""

from __future__ import annotations

import os
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbtools.datasets import load_imbalanced_breast_cancer
from imbtools.model_selection import default_strategies, make_preprocessor

GRID = np.linspace(0.0, 2.0, 10)
TOLERANCE = 0.005


def datasets():
    """``(name, X, y)``: ten imbalanced binary problems."""
    settings = [  # n_samples, minority weight, class_sep, flip_y
        (1000, 0.10, 1.0, 0.01), (2000, 0.05, 0.8, 0.02), (1500, 0.15, 0.6, 0.03),
        (3000, 0.08, 1.2, 0.01), (1000, 0.20, 0.5, 0.05), (2500, 0.06, 0.9, 0.02),
        (1200, 0.12, 0.7, 0.02), (2000, 0.10, 1.0, 0.04),
    ]
    for seed, (n, minority, sep, flip) in enumerate(settings):
        X, y = make_classification(n, n_features=20, n_informative=6, weights=[1 - minority],
                                   class_sep=sep, flip_y=flip, random_state=seed)
        yield f"synthetic n={n} minority={minority:.0%} sep={sep} seed={seed}", X, y
    X, y = make_classification(3000, weights=[0.92], random_state=0)
    yield "make_classification(3000, weights=[0.92])", X, y
    X, y = load_imbalanced_breast_cancer(as_frame=True)
    yield "breast cancer (bundled)", X, y


def run(name, X, y):
    strategy = default_strategies(LogisticRegression(max_iter=1000), random_state=0,
                                  preprocessor=make_preprocessor(X))["class_weight"]
    search = clone(strategy).set_params(refit=False).fit(X, y)
    grid = clone(strategy).set_params(refit=False, weights={"power": GRID}).fit(X, y)
    old = clone(strategy).set_params(refit=False, resolution=None, n_candidates=3).fit(X, y)
    n_splits = search.n_splits_
    return {
        "name": name,
        "search": search.best_score_, "alpha": search.best_params_["alpha"],
        "grid": grid.best_score_, "grid_alpha": grid.best_params_["alpha"],
        "old": old.best_score_, "old_alpha": old.best_params_["alpha"],
        "fits": len(search.cv_results_["params"]) * n_splits,
        "grid_fits": len(GRID) * n_splits,
    }


def main():
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("| data | search F1 (alpha) | 10-grid F1 (alpha) | shortfall | fits search / grid "
          "| before: 3 candidates F1 (alpha) |")
    print("|---|---:|---:|---:|---:|---:|")
    within, rows = 0, []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, X, y in datasets():
            row = run(name, X, y)
            rows.append(row)
            shortfall = row["grid"] - row["search"]
            within += shortfall <= TOLERANCE
            print(f"| {name} | {row['search']:.4f} ({row['alpha']:.2f}) | {row['grid']:.4f} "
                  f"({row['grid_alpha']:.2f}) | {shortfall:+.4f} | {row['fits']} / "
                  f"{row['grid_fits']} | {row['old']:.4f} ({row['old_alpha']:.2f}) |",
                  flush=True)
    print(f"\nwithin {TOLERANCE} of the grid's best: {within} of {len(rows)}; fits "
          f"{rows[0]['fits']} vs {rows[0]['grid_fits']} per search.")


if __name__ == "__main__":
    main()
