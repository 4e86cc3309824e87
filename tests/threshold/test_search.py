"""Offset search: each coordinate step is an exact line search (brute-force check)."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from imbtools.metrics import CountScorer
from imbtools.threshold._objective import Objective
from imbtools.threshold._search import Fold, _offset_keys, mean_score_at, tune_offsets


def random_folds(rng, n_folds=3, n=120, n_classes=4):
    folds = []
    for _ in range(n_folds):
        true_codes = rng.choice(n_classes, size=n, p=[0.55, 0.25, 0.15, 0.05])
        scores = rng.normal(size=(n, n_classes)) + 1.5 * np.eye(n_classes)[true_codes]
        folds.append(Fold(scores, true_codes, rng.uniform(0.5, 2.0, size=n)))
    return folds


@pytest.mark.parametrize("name", ["f1_macro", "balanced_accuracy", "geometric_mean"])
def test_offsets_are_coordinatewise_optimal(seed, name):
    rng = np.random.default_rng(seed)
    folds = random_folds(rng)
    objective = Objective(name, np.arange(4), scorer=CountScorer(name.removesuffix("_macro")))
    offsets, score, _ = tune_offsets(folds, objective, np.zeros(4))
    assert mean_score_at(folds, objective, offsets).mean() == pytest.approx(score)
    assert score >= mean_score_at(folds, objective, np.zeros(4)).mean()
    for k in range(4):
        keys = np.concatenate([_offset_keys(f.scores, offsets, k)[0] for f in folds])
        distinct = np.unique(keys)
        # decisions change only at some -key: try every interval between them
        middles = -(distinct[:-1] + distinct[1:]) / 2
        trial = np.concatenate([rng.choice(middles, size=80, replace=False),
                                [-distinct.max() - 1, -distinct.min() + 1]])
        for value in trial:
            changed = offsets.copy()
            changed[k] = value
            assert mean_score_at(folds, objective, changed).mean() <= score + 1e-9


def test_cost_objective_line_search_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    folds = random_folds(rng, n_classes=4)
    cost = rng.uniform(0, 5, size=(4, 4))
    np.fill_diagonal(cost, 0.0)
    objective = Objective("expected_cost", np.arange(4), cost_matrix=cost)
    offsets, score, _ = tune_offsets(folds, objective, np.zeros(4))
    brute = np.mean([
        -np.sum(f.weights * cost[f.true_codes, np.argmax(f.scores + offsets, 1)])
        / f.weights.sum() for f in folds
    ])
    assert score == pytest.approx(brute)
    assert score >= mean_score_at(folds, objective, np.zeros(4)).mean()


def test_label_callable_objective_does_not_decrease():
    rng = np.random.default_rng(0)
    folds = random_folds(rng, n_folds=2, n=80)
    objective = Objective("f1", np.arange(4), score_function=f1_score,
                          kwargs={"average": "macro"})
    start = mean_score_at(folds, objective, np.zeros(4)).mean()
    offsets, score, n_rounds = tune_offsets(folds, objective, np.zeros(4), max_rounds=2)
    assert score > start and 1 <= n_rounds <= 2
    assert mean_score_at(folds, objective, offsets).mean() == pytest.approx(score)
