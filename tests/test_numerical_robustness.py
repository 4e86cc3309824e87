"""Neighbour decisions do not depend on a common offset or on the scale of ``X``.

Regression tests of issue 12, defects 1 and 2: the brute-force search took its products on
un-centred data (a large common offset destroyed the neighbour sets), and squared
distances overflowed or underflowed at extreme scales (ENN dropped the whole majority).
"""

import warnings

import numpy as np
import pytest

from imbtools.neighbors import NearestNeighbors, _float32, blocked_neighbors_of_rows
from imbtools.utils.discovery import all_estimators

OFFSETS = [1.0, 1e4, 1e8, 1e10, 1e12]
# Samplers whose decisions come from a scikit-learn model (SVC, k-means, forests) inherit
# that model's numerics; categorical samplers have no continuous geometry to shift.
MODEL_BASED = {"InstanceHardnessThreshold", "KMeansSMOTE", "SVMSMOTE", "SelfPacedUnderSampler",
               "SMOTEN", "SMOTENC"}


def grid_data(n_samples, n_features, seed):
    """Gaussian data on the grid of multiples of 2**-10: ``X + c`` is exact up to c = 1e12."""
    rng = np.random.default_rng(seed)
    return np.round(rng.normal(size=(n_samples, n_features)) * 1024) / 1024


def shifted(X, offset, column):
    X = X.copy()
    if column is None:
        X += offset
    else:
        X[:, column] += offset
    return X


@pytest.fixture
def float32_pass(monkeypatch):
    """The certified float32 pass on any shape (otherwise kept for large data)."""
    monkeypatch.setattr(_float32, "_FLOAT32_MIN_SAMPLES", 1)
    monkeypatch.setattr(_float32, "_FLOAT32_MIN_FEATURES", 1)


# Every strategy the engine's "auto" rule can pick: brute force on small data, the k-d
# tree for few features on larger data, brute force for many features.
SHAPES = [(55, 3, "brute"), (6000, 3, "kd_tree"), (400, 20, "brute")]


@pytest.mark.parametrize("n_samples, n_features, algorithm", SHAPES)
@pytest.mark.parametrize("column", [None, 0])
def test_neighbours_identical_under_common_offset(n_samples, n_features, algorithm, column,
                                                  seed):
    X = grid_data(n_samples, n_features, seed)
    queries = X[: min(300, n_samples)]
    search = NearestNeighbors(n_neighbors=4).fit(X)
    assert search.algorithm_ == algorithm
    expected_self, expected = search.kneighbors(return_distance=False), search.kneighbors(
        queries, return_distance=False)
    for offset in OFFSETS:
        moved = NearestNeighbors(n_neighbors=4).fit(shifted(X, offset, column))
        np.testing.assert_array_equal(moved.kneighbors(return_distance=False), expected_self)
        np.testing.assert_array_equal(
            moved.kneighbors(shifted(queries, offset, column), return_distance=False),
            expected)


@pytest.mark.parametrize("column", [None, 0])
def test_float32_pass_identical_under_common_offset(float32_pass, column):
    X = grid_data(700, 12, 0)
    expected = NearestNeighbors(n_neighbors=5, algorithm="brute").fit(X).kneighbors(
        return_distance=False)
    for offset in OFFSETS:
        search = NearestNeighbors(n_neighbors=5, algorithm="brute").fit(
            shifted(X, offset, column))
        np.testing.assert_array_equal(search.kneighbors(return_distance=False), expected)


def test_blocked_search_identical_under_common_offset(monkeypatch):
    monkeypatch.setattr(_float32, "_FLOAT32_MIN_WORK", 0)
    monkeypatch.setattr(_float32, "_FLOAT32_REF_BLOCK", 300)
    X = grid_data(1000, 10, 1)
    rows = np.arange(0, 1000, 3)
    expected = blocked_neighbors_of_rows(X, rows, 4)
    for offset in OFFSETS:
        np.testing.assert_array_equal(blocked_neighbors_of_rows(X + offset, rows, 4), expected)


def test_exact_ties_on_integer_data_go_to_the_smaller_index():
    # a 3 x 3 grid: the centre is its own nearest reference, then four tied at distance 1
    X = np.array([[i, j] for i in range(3) for j in range(3)], dtype=float)
    for offset in (0.0, 1e9):
        ind = NearestNeighbors(n_neighbors=4, algorithm="brute").fit(X + offset).kneighbors(
            X[4:5] + offset, return_distance=False)
        np.testing.assert_array_equal(ind, [[4, 1, 3, 5]])


@pytest.mark.parametrize("scale", [2.0**600, 2.0**-600, 1e160, 1e300, 1e-300])
def test_neighbours_identical_at_extreme_scales(scale):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4))
    search = NearestNeighbors(n_neighbors=3).fit(X)
    dist, ind = search.kneighbors()
    dist_scaled, ind_scaled = NearestNeighbors(n_neighbors=3).fit(X * scale).kneighbors()
    np.testing.assert_array_equal(ind_scaled, ind)
    np.testing.assert_allclose(dist_scaled / scale, dist, rtol=1e-12)
    assert np.all(np.isfinite(dist_scaled))


def sampler_cases():
    for name, cls in all_estimators(type_filter="sampler"):
        if name in MODEL_BASED:
            continue
        params = {"random_state": 0} if "random_state" in cls().get_params() else {}
        yield pytest.param(cls, params, id=name)


def issue_data(seed=0, grid=True):
    """The issue's data: 40 samples N(0, 1) and 15 samples N(1.5, 1) in 3 features."""
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(0, 1, (40, 3)), rng.normal(1.5, 1, (15, 3))])
    y = np.r_[np.zeros(40, dtype=int), np.ones(15, dtype=int)]
    return (np.round(X * 1024) / 1024 if grid else X), y


def resample(cls, params, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cls(**params).fit_resample(X, y)


@pytest.mark.parametrize("cls, params", sampler_cases())
@pytest.mark.parametrize("column", [None, 1])
def test_sampler_output_moves_with_a_common_offset(cls, params, column):
    X, y = issue_data()
    X_ref, y_ref = resample(cls, params, X, y)
    for offset in (1e8, 1e9, 1e12):
        X_res, y_res = resample(cls, params, shifted(X, offset, column), y)
        np.testing.assert_array_equal(y_res, y_ref)
        # kept rows are the input's rows; synthetic rows carry the rounding of X + offset
        np.testing.assert_allclose(shifted(X_res, -offset, column), X_ref, rtol=0, atol=1e-3)


@pytest.mark.parametrize("cls, params", sampler_cases())
@pytest.mark.parametrize("scale", [2.0**600, 2.0**-600, 1e160, 1e300, 1e-300])
def test_sampler_output_scales_with_x(cls, params, scale):
    X, y = issue_data(grid=False)
    X_ref, y_ref = resample(cls, params, X, y)
    X_res, y_res = resample(cls, params, X * scale, y)
    np.testing.assert_array_equal(y_res, y_ref)
    assert np.all(np.isfinite(X_res))
    if scale in (2.0**600, 2.0**-600):  # a power of two: every operation scales exactly
        np.testing.assert_array_equal(X_res / scale, X_ref)
    else:
        np.testing.assert_allclose(X_res / scale, X_ref, rtol=1e-9, atol=0)
