from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import SandhanChoiSMOTE
from imbtools.over_sampling._sandhan_choi_smote import (
    most_aligned_neighbors,
    principal_direction,
)


def test_direction_is_an_eigenvector_column_not_a_row():
    rng = np.random.RandomState(0)
    axis = np.array([1.0, 2.0]) / np.sqrt(5)
    X = rng.normal(size=(500, 1)) * 3 * axis + rng.normal(scale=0.1, size=(500, 2))
    direction = principal_direction(X)
    assert abs(direction @ axis) > 0.999
    covariance = np.cov(X, rowvar=False)
    np.testing.assert_allclose(covariance @ direction,
                               np.linalg.eigvalsh(covariance)[-1] * direction, rtol=1e-10)
    row = np.linalg.eig(covariance)[1][np.argmax(np.linalg.eig(covariance)[0])]
    assert abs(row @ axis) < 0.99  # what a row of the matrix would have given


def test_most_aligned_neighbour_by_hand():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    index = np.array([[3, 1, 2], [0, 3, 2], [0, 3, 1], [0, 1, 2]])
    chosen = most_aligned_neighbors(X, index, np.array([0.0, -1.0]))
    # row 0: the duplicate (row 3) has no direction; (0, 2) is parallel to the axis
    assert chosen.tolist() == [2, 2, 0, 2]


def test_samples_lie_on_guided_segments(binary_data):
    X, y = binary_data
    k = 5
    X_res, _ = SandhanChoiSMOTE(random_state=0).fit_resample(X, y)
    X_class = X[y == 1]
    index = SklearnNeighbors(n_neighbors=k + 1).fit(X_class).kneighbors(X_class)[1][:, 1:]
    axis = np.linalg.eigh(np.cov(X_class, rowvar=False))[1][:, -1]
    offsets = X_class[index] - X_class[:, None]
    cosine = np.abs(offsets @ axis) / np.linalg.norm(offsets, axis=2)
    ends = X_class[index[np.arange(len(X_class)), cosine.argmax(1)]]
    for point in X_res[len(X):]:
        d = ends - X_class
        t = np.clip(((point - X_class) * d).sum(1) / (d * d).sum(1), 0, 1)
        assert np.min(np.linalg.norm(X_class + t[:, None] * d - point, axis=1)) < 1e-9


def test_exact_counts_multiclass_and_dict(multiclass_data):
    X, y = multiclass_data
    _, y_res = SandhanChoiSMOTE(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    _, y_res = SandhanChoiSMOTE(sampling_strategy={"mid": 70, "small": 45},
                                random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}


def test_seeds_sparse_and_dataframe(binary_data):
    X, y = binary_data
    first = SandhanChoiSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first,
                                  SandhanChoiSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, SandhanChoiSMOTE(random_state=4).fit_resample(X, y)[0])
    X_sparse, _ = SandhanChoiSMOTE(random_state=3).fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), first)
    X_frame, _ = SandhanChoiSMOTE(random_state=3).fit_resample(pd.DataFrame(X), y)
    np.testing.assert_allclose(X_frame.to_numpy(), first)


def test_class_too_small():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples.*class 1"):
        SandhanChoiSMOTE().fit_resample(X, y)
