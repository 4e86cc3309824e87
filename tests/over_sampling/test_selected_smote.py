"""Selected-SMOTE (Koto, 2014): only the significant attributes move."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import SelectedSMOTE
from imbtools.over_sampling._selected_smote import range_overlap, significant_attributes


def selected_smote_reference(X, y, label, n_new, k, fraction, seed):
    rng = np.random.default_rng(np.random.RandomState(seed).randint(np.iinfo(np.int32).max))
    X_class, X_other = X[y == label], X[y != label]
    scores = []
    for j in range(X.shape[1]):
        lo, hi = X_class[:, j].min(), X_class[:, j].max()
        overlap = max(0.0, min(hi, X_other[:, j].max()) - max(lo, X_other[:, j].min()))
        scores.append(overlap / (hi - lo) if hi > lo else 0.0)
    n_selected = max(1, int(round(fraction * X.shape[1])))
    selected = sorted(range(X.shape[1]), key=lambda j: (-scores[j], j))[:n_selected]
    neighbours = SklearnNeighbors(n_neighbors=k + 1).fit(X_class).kneighbors(
        X_class, return_distance=False)[:, 1:]
    draws = rng.integers(0, len(X_class) * k, size=n_new)
    seeds, picks = draws // k, draws % k
    steps = rng.random(n_new)
    new = X_class[seeds].copy()
    ends = X_class[neighbours[seeds, picks]]
    for j in selected:
        new[:, j] += steps * (ends[:, j] - new[:, j])
    return np.vstack([X, new])


@pytest.mark.parametrize("fraction", [0.5, 0.2, 1.0])
def test_equals_numpy_reference(binary_data, seed, fraction):
    X, y = binary_data
    sampler = SelectedSMOTE(significant_fraction=fraction, random_state=seed)
    X_res, _ = sampler.fit_resample(X, y)
    expected = selected_smote_reference(X, y, 1, 220, 5, fraction, seed)
    np.testing.assert_allclose(X_res, expected, rtol=1e-12)


def test_only_the_most_overlapped_attributes_move():
    rng = np.random.RandomState(0)
    X_class = rng.uniform(0, 1, size=(30, 3))
    # other class: covers the class's range fully on attribute 1, half on 0, not on 2
    X_other = np.column_stack([rng.uniform(0.5, 2, 100), rng.uniform(-1, 2, 100),
                               rng.uniform(3, 4, 100)])
    X, y = np.vstack([X_class, X_other]), np.r_[np.ones(30), np.zeros(100)].astype(int)
    sampler = SelectedSMOTE(significant_fraction=0.4, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.significant_attributes_[1], [False, True, False])
    new = X_res[len(X):]
    # the other attributes copy the seed: each new row's values on them are a class row's
    for column in (0, 2):
        assert np.isin(new[:, column], X_class[:, column]).all()
    assert not np.isin(new[:, 1], X_class[:, 1]).all()


def test_at_least_one_attribute_is_significant():
    # round(0.1 * 3) = 0: max(1, 0) selects one attribute (min(1, 0) would select none)
    mask = significant_attributes(np.array([0.2, 0.9, 0.5]), 0.1)
    np.testing.assert_array_equal(mask, [False, True, False])
    assert significant_attributes(np.array([0.2, 0.9, 0.5]), 0.0).sum() == 1


def test_ties_select_exactly_the_requested_count():
    mask = significant_attributes(np.array([1.0, 1.0, 1.0, 0.0]), 0.5)
    np.testing.assert_array_equal(mask, [True, True, False, False])


def test_range_overlap_on_hand_made_ranges():
    X_class = np.array([[0.0, 0.0, 5.0], [2.0, 1.0, 5.0]])
    X_other = np.array([[1.0, -1.0, 0.0], [3.0, 3.0, 9.0]])
    np.testing.assert_allclose(range_overlap(X_class, X_other), [0.5, 1.0, 0.0])
