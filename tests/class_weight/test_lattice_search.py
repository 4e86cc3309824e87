"""ClassWeightSearchCV(resolution=...): Fibonacci search over a lattice of alpha values."""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from imbtools.class_weight import ClassWeightSearchCV
from imbtools.class_weight._search_path import fibonacci_lattice_search


@pytest.mark.parametrize("n_points", [1, 2, 3, 5, 10, 13, 20])
def test_fibonacci_search_finds_the_peak_of_every_unimodal_sequence(n_points):
    budget = {1: 1, 2: 2, 3: 3, 5: 4, 10: 5, 13: 6, 20: 6}[n_points]
    for peak in range(n_points):
        calls = []

        def score_of(index, peak=peak, calls=calls):
            calls.append(index)
            return -abs(index - peak - 0.3)

        scores = fibonacci_lattice_search(score_of, n_points, budget=budget)
        assert max(scores, key=scores.get) == peak
        assert len(calls) == len(set(calls)) == len(scores) <= budget


def test_fibonacci_search_stops_at_the_budget():
    scores = fibonacci_lattice_search(lambda i: -abs(i - 7), 20, budget=3)
    assert len(scores) == 3


@pytest.fixture(scope="module")
def weighted_data():
    # the minority F1 of logistic regression peaks inside (0, 2): weighting helps a bit,
    # 'balanced' (alpha 1) already overshoots
    return make_classification(1000, n_features=20, n_informative=6, weights=[0.9],
                               class_sep=1.0, flip_y=0.01, random_state=0)


def test_lattice_search_equals_the_full_grid_with_half_the_fits(weighted_data):
    X, y = weighted_data
    grid = np.linspace(0, 2, 10)
    with threadpool_limits(1, "blas"):
        search = ClassWeightSearchCV(LogisticRegression(), resolution=10, n_candidates=5,
                                     cv=3, random_state=0, refit=False).fit(X, y)
        full = ClassWeightSearchCV(LogisticRegression(), weights={"power": grid}, cv=3,
                                   random_state=0, refit=False).fit(X, y)
    alphas = search.cv_results_["param_alpha"].tolist()
    assert len(alphas) == 5 and set(np.round(alphas, 9)) <= set(np.round(grid, 9))
    assert search.best_score_ == full.best_score_
    assert search.best_params_["alpha"] == pytest.approx(full.best_params_["alpha"])
    assert 0 < search.best_params_["alpha"] < 1  # neither unweighted nor balanced
    assert search.cv_results_["search_step"].tolist() == [0, 1, 2, 3, 4]


def test_resolution_is_validated():
    X, y = make_classification(60, weights=[0.8], random_state=0)
    with pytest.raises(ValueError, match=r"'resolution' parameter .* or None. Got 1 instead"):
        ClassWeightSearchCV(LogisticRegression(), resolution=1).fit(X, y)
