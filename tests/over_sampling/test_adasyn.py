from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import ADASYN as ImblearnADASYN
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import ADASYN


def knn_reference(X_ref, queries, k, own=None):
    """Indices of the k nearest rows of X_ref for each query (plain NumPy, ties by index)."""
    d2 = ((queries[:, None, :] - X_ref[None, :, :]) ** 2).sum(-1)
    if own is not None:
        d2[np.arange(len(own)), own] = np.inf
    return np.argsort(d2, axis=1, kind="stable")[:, :k]


def expected_per_seed(X, y, label, k, n_new):
    rows = np.flatnonzero(y == label)
    neighbours = knn_reference(X, X[rows], k, own=rows)
    ratio = (y[neighbours] != label).sum(1) / k
    return np.rint(ratio / ratio.sum() * n_new).astype(int)


def test_per_seed_counts_follow_foreign_fraction(binary_data):
    X, y = binary_data
    k = 5
    X_res, _ = ADASYN(n_neighbors=k, random_state=0).fit_resample(X, y)
    per_seed = expected_per_seed(X, y, 1, k, 220)
    rows = np.flatnonzero(y == 1)
    X_class = X[rows]
    neighbours = knn_reference(X_class, X_class, k, own=np.arange(len(rows)))
    synthetic = X_res[len(X):]
    assert len(synthetic) == per_seed.sum()
    # synthetic samples come seed by seed: each lies on a segment from its own seed
    seeds = np.repeat(np.arange(len(rows)), per_seed)
    for point, seed in zip(synthetic, seeds):
        starts = np.repeat(X_class[seed][None], k, axis=0)
        direction = X_class[neighbours[seed]] - starts
        t = np.clip(((point - starts) * direction).sum(1) / (direction**2).sum(1), 0, 1)
        gap = np.linalg.norm(starts + t[:, None] * direction - point, axis=1)
        assert gap.min() < 1e-9


@pytest.mark.parametrize(
    "strategy", ["auto", "minority", "not majority", {"mid": 90, "small": 70},
                 lambda y: {"small": 45}]
)
def test_class_counts_equal_imblearn(multiclass_data, strategy):
    X, y = multiclass_data
    ours = ADASYN(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    theirs = ImblearnADASYN(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    assert Counter(ours) == Counter(theirs)


def test_float_strategy_counts_equal_imblearn(binary_data):
    X, y = binary_data
    ours = ADASYN(sampling_strategy=0.6, random_state=0).fit_resample(X, y)[1]
    theirs = ImblearnADASYN(sampling_strategy=0.6, random_state=0).fit_resample(X, y)[1]
    assert Counter(ours) == Counter(theirs)


def test_sparse_dataframe_and_sample_weight(binary_data):
    X, y = binary_data
    dense = ADASYN(random_state=0).fit_resample(X, y)[0]
    X_sp = ADASYN(random_state=0).fit_resample(sparse.csr_matrix(X), y)[0]
    np.testing.assert_allclose(X_sp.toarray(), dense, rtol=1e-12)
    frame = pd.DataFrame(X, columns=list("abcde")).astype({"a": np.float32})
    weights = np.full(len(y), 2.0)
    X_res, y_res, w_res = ADASYN(random_state=0).fit_resample(frame, y, sample_weight=weights)
    assert X_res.dtypes["a"] == np.float32 and list(X_res.columns) == list("abcde")
    np.testing.assert_allclose(w_res, 2.0)
    assert len(w_res) == len(y_res) == len(dense)


def test_user_neighbour_object_equals_integer(binary_data):
    X, y = binary_data
    with_int = ADASYN(n_neighbors=4, random_state=0).fit_resample(X, y)[0]
    with_object = ADASYN(n_neighbors=SklearnNeighbors(n_neighbors=5), random_state=0)
    np.testing.assert_allclose(with_object.fit_resample(X, y)[0], with_int)


def test_no_foreign_neighbour_is_a_clear_error():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(100, 2)), rng.normal(loc=50, size=(20, 2))])
    y = np.array(["a"] * 100 + ["b"] * 20)
    with pytest.raises(RuntimeError, match=r"class 'b': none of its samples has a neighbour"):
        ADASYN().fit_resample(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"n_neighbors": 0}, r"The 'n_neighbors' parameter of ADASYN must be"),
        ({"n_neighbors": 45}, r"n_neighbors=45 needs at least 46 samples .* class 1 has 40"),
        ({"sampling_strategy": {1: 41}}, r"generate no sample for class 1"),
    ],
)
def test_bad_parameters(binary_data, params, message):
    X, y = binary_data
    with pytest.raises(ValueError, match=message):
        ADASYN(**params).fit_resample(X, y)
