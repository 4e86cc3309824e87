"""ProWSyn (Barua et al., 2013): proximity levels, level weights, generation in a level."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools._kernels.proximity import mark_proximity_level
from imbtools.over_sampling import ProWSyn
from imbtools.over_sampling._prowsyn import level_counts, proximity_levels


def levels_reference(X_class, X_other, k, n_levels):
    """The paper's loop: a fresh search of the remaining class samples per level."""
    level = np.zeros(len(X_class), dtype=int)
    for current in range(1, n_levels):
        remaining = np.flatnonzero(level == 0)
        if len(remaining) == 0:
            break
        nn = SklearnNeighbors(n_neighbors=min(k, len(remaining))).fit(X_class[remaining])
        claimed = np.unique(nn.kneighbors(X_other, return_distance=False))
        level[remaining[claimed]] = current
    level[level == 0] = n_levels
    return level


@pytest.mark.parametrize("k, n_levels, n_class, n_other",
                         [(5, 5, 40, 200), (2, 6, 60, 40), (3, 3, 200, 30), (1, 1, 10, 10)])
def test_levels_equal_the_papers_loop(seed, k, n_levels, n_class, n_other):
    rng = np.random.RandomState(seed)
    X_class = rng.normal(size=(n_class, 3))
    X_other = rng.normal(loc=1.0, size=(n_other, 3))
    np.testing.assert_array_equal(proximity_levels(X_class, X_other, k, n_levels),
                                  levels_reference(X_class, X_other, k, n_levels))


def test_a_list_that_runs_out_is_reported():
    candidates = np.array([[0, 1], [2, 3]])
    level = np.array([1, 1, 0, 0])  # samples 0 and 1 already in a level
    chosen = np.zeros(4, dtype=np.bool_)
    short = mark_proximity_level(candidates, level, 1, chosen)
    np.testing.assert_array_equal(short, [0])
    np.testing.assert_array_equal(chosen, [False, False, True, False])


def test_levels_on_a_line():
    # other class at 0, class at 1..10: with k = 2, levels {1, 2}, {3, 4}, then the rest
    X = np.r_[0.0, np.arange(1.0, 11.0)][:, None]
    y = np.r_[0, np.ones(10, dtype=int)]
    sampler = ProWSyn(sampling_strategy={1: 3010}, k_neighbors=2, n_levels=3, theta=1.0,
                      random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.proximity_levels_[1], [1, 1, 2, 2] + [3] * 6)
    new = X_res[len(X):, 0]
    # each new sample lies between two samples of one level, shares by level weight
    in_levels = [(new >= 1) & (new <= 2), (new >= 3) & (new <= 4), (new >= 5) & (new <= 10)]
    assert sum(mask.sum() for mask in in_levels) == 3000  # 3010 - 10 new
    weights = np.exp(-np.arange(3.0))
    expected = 3000 * weights / weights.sum()
    np.testing.assert_allclose([mask.sum() for mask in in_levels], expected, atol=1)


def test_level_counts_follow_the_weights_and_sum_exactly():
    levels = np.array([1, 1, 2, 3, 3, 3, 5])  # level 4 empty
    counts = level_counts(levels, 5, 0.5, 101)
    weights = np.exp(-0.5 * np.arange(5)) * [1, 1, 1, 0, 1]
    assert counts.sum() == 101 and counts[3] == 0
    assert np.all(np.abs(counts - 101 * weights / weights.sum()) < 1)
    np.testing.assert_array_equal(level_counts(levels, 5, 0.0, 8), [2, 2, 2, 0, 2])


def prowsyn_reference(X, y, label, n_new, k, n_levels, theta, seed):
    rng = np.random.default_rng(np.random.RandomState(seed).randint(np.iinfo(np.int32).max))
    X_class = X[y == label]
    levels = levels_reference(X_class, X[y != label], k, n_levels)
    new = []
    counts = level_counts(levels, n_levels, theta, n_new)
    pairs = []
    for level, count in enumerate(counts, start=1):
        members = np.flatnonzero(levels == level)
        if count == 0:
            continue
        first = rng.integers(0, len(members), size=count)
        second = (first + 1 + rng.integers(0, len(members) - 1, size=count)) % len(members)
        pairs += list(zip(members[first], members[second]))
    steps = rng.random(n_new)
    for (a, b), step in zip(pairs, steps):
        new.append(X_class[a] + step * (X_class[b] - X_class[a]))
    return np.vstack([X, new])


def test_equals_numpy_reference(binary_data, seed):
    X, y = binary_data
    X_res, _ = ProWSyn(random_state=seed, n_levels=3).fit_resample(X, y)
    np.testing.assert_allclose(X_res, prowsyn_reference(X, y, 1, 220, 5, 3, 1.0, seed),
                               rtol=1e-12)


def test_one_sample_class_is_duplicated():
    X = np.r_[np.arange(10.0), 50.0][:, None]
    y = np.r_[np.zeros(10, dtype=int), 1]
    X_res, _ = ProWSyn(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[11:, 0], np.full(9, 50.0))
