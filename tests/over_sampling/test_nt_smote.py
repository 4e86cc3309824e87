from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import NTSMOTE
from imbtools.utils._random import check_generator


def nt_smote_reference(X, y, n_new_by_class, seed):
    """Plain NumPy NT-SMOTE with scikit-learn neighbours, drawing the same random stream."""
    rng = check_generator(seed)
    blocks = []
    for label, n_new in n_new_by_class.items():
        X_class = X[y == label]
        neighbours = SklearnNeighbors(n_neighbors=3).fit(X_class).kneighbors(
            X_class, return_distance=False)[:, 1:]
        seeds = rng.integers(0, X_class.shape[0], size=n_new)
        inner, outer = rng.random(n_new), rng.random(n_new)
        rows = []
        for s, r_in, r_out in zip(seeds, inner, outer):
            p1, p2, p3 = X_class[s], X_class[neighbours[s, 0]], X_class[neighbours[s, 1]]
            rows.append(p3 + r_out * ((p1 + r_in * (p2 - p1)) - p3))
        blocks.append(np.array(rows))
    return np.vstack([X, *blocks])


def test_equals_numpy_reference(binary_data, seed):
    X, y = binary_data
    X_res, _ = NTSMOTE(random_state=seed).fit_resample(X, y)
    np.testing.assert_allclose(X_res, nt_smote_reference(X, y, {1: 220}, seed), rtol=1e-12)


def test_points_lie_in_the_triangle_of_a_sample_and_its_two_nearest_neighbours():
    # three far-apart triangles: every new point must be a convex combination of one
    X = np.array([[0.0, 0], [1, 0], [0, 1], [10, 10], [11, 10], [10, 11],
                  [50, 50], [60, 60], [70, 70], [80, 80], [90, 90], [100, 100]])
    y = np.array([1] * 6 + [0] * 6)
    X_res, y_res = NTSMOTE(sampling_strategy={1: 30}, random_state=0).fit_resample(X, y)
    new = X_res[12:]
    assert new.shape == (24, 2) and np.all(y_res[12:] == 1)
    for corner in ([0, 0], [10, 10]):
        members = new[np.abs(new - corner).max(axis=1) < 2] - corner
        assert np.all(members >= -1e-12) and np.all(members.sum(axis=1) <= 1 + 1e-12)
    assert np.count_nonzero(np.abs(new - [0, 0]).max(axis=1) < 2) + np.count_nonzero(
        np.abs(new - [10, 10]).max(axis=1) < 2) == 24


@pytest.mark.parametrize("strategy, expected", [
    ("auto", {"big": 200, "mid": 200, "small": 200}),
    ({"mid": 61, "small": 90}, {"big": 200, "mid": 61, "small": 90}),
])
def test_exact_class_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = NTSMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == expected


def test_same_seed_same_output_and_different_seed_different_output(binary_data):
    X, y = binary_data
    a = NTSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, NTSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(a[len(X):], NTSMOTE(random_state=4).fit_resample(X, y)[0][len(X):])


def test_sparse_and_dataframe_round_trips(binary_data):
    X, y = binary_data
    dense = NTSMOTE(random_state=0).fit_resample(X, y)[0]
    X_sparse, _ = NTSMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), dense)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(5)])
    X_frame, _ = NTSMOTE(random_state=0).fit_resample(frame, y)
    assert list(X_frame.columns) == list(frame.columns)
    np.testing.assert_allclose(X_frame.to_numpy(), dense)


def test_too_small_class():
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match="at least 3 samples in each class.*class 'b' has 2"):
        NTSMOTE().fit_resample(X, ["a", "a", "a", "a", "b", "b"])
