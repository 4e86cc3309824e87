from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import AssembledSMOTE
from imbtools.over_sampling._assembled_smote import cluster_border_samples

# two perpendicular lines of 5 points; the closest cross pair (1.118) is farther apart
# than neighbours on a line (1.0)
LINES = np.array([[0.0, 0], [1, 0], [2, 0], [3, 0], [4, 0],
                  [4.5, 1], [4.5, 2], [4.5, 3], [4.5, 4], [4.5, 5]])


def _knn(X, k):
    dist, ind = SklearnNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X)
    return ind[:, 1:], dist[:, 1:]


def test_perpendicular_lines_stay_apart_and_parallel_ones_merge():
    index, dist = _knn(LINES, 3)
    labels = cluster_border_samples(LINES, index, dist, pop=2, threshold=0.3)
    np.testing.assert_array_equal(labels, [0] * 5 + [1] * 5)
    # the same lines made parallel (the second shifted along x): one cluster
    parallel = np.vstack([LINES[:5], LINES[:5] + [0, 1.118]])
    index, dist = _knn(parallel, 3)
    labels = cluster_border_samples(parallel, index, dist, pop=2, threshold=0.3)
    np.testing.assert_array_equal(labels, [0] * 10)


def test_small_clusters_always_merge():
    index, dist = _knn(LINES, 3)
    # pop larger than a line: the two lines merge although perpendicular
    labels = cluster_border_samples(LINES, index, dist, pop=6, threshold=0.3)
    np.testing.assert_array_equal(labels, [0] * 10)


def test_synthetic_samples_stay_within_their_group():
    # minority: the two lines (border: majority samples lie next to them) and a block
    # far from any majority sample (non-border)
    block = np.column_stack([np.repeat(np.arange(4.0), 4), np.tile(np.arange(4.0), 4)]) + 20
    majority = np.vstack([LINES + [0.3, -0.4], LINES + [-0.4, 0.3]])
    X = np.vstack([LINES, block, majority, np.full((20, 2), -30.0) + np.arange(20)[:, None]])
    y = np.array([1] * 26 + [0] * 40)
    sampler = AssembledSMOTE(k_neighbors=3, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    groups = sampler.groups_[1]
    np.testing.assert_array_equal(groups, [0] * 5 + [1] * 5 + [-1] * 16)
    minority = X[:26]
    for point in X_res[len(X):]:
        found = False
        for g in (-1, 0, 1):
            members = minority[groups == g]
            for a in members:
                for b in members:
                    d = b - a
                    t = np.clip((point - a) @ d / max(d @ d, 1e-12), 0, 1)
                    found |= np.linalg.norm(a + t * d - point) < 1e-9
        assert found


def test_no_border_sample_gives_one_group(binary_data):
    X, y = binary_data
    X = X.copy()
    X[y == 1] += 100  # far from the majority
    sampler = AssembledSMOTE(random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert np.all(sampler.groups_[1] == -1)
    assert Counter(y_res) == {0: 260, 1: 260}


def test_exact_counts_multiclass_and_dict(multiclass_data):
    X, y = multiclass_data
    _, y_res = AssembledSMOTE(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    _, y_res = AssembledSMOTE(sampling_strategy={"mid": 70, "small": 45},
                              random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}


def test_seeds_sparse_and_dataframe(binary_data):
    X, y = binary_data
    first = AssembledSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, AssembledSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, AssembledSMOTE(random_state=4).fit_resample(X, y)[0])
    X_sparse, _ = AssembledSMOTE(random_state=3).fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), first)
    X_frame, _ = AssembledSMOTE(random_state=3).fit_resample(pd.DataFrame(X), y)
    np.testing.assert_allclose(X_frame.to_numpy(), first)


def test_class_too_small_and_bad_parameters():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples.*class 1"):
        AssembledSMOTE().fit_resample(X, y)
    with pytest.raises(ValueError, match=r"'threshold' parameter of AssembledSMOTE .* Got 2"):
        AssembledSMOTE(threshold=2).fit_resample(X, y)
