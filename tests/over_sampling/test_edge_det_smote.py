from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools.over_sampling import EdgeDetSMOTE
from imbtools.over_sampling._edge_det_smote import edge_magnitudes


def magnitudes_reference(X, in_class):
    """Loop over features and sorted positions, with explicit one-sided ends."""
    squares = np.zeros(len(X))
    for j in range(X.shape[1]):
        order = sorted(range(len(X)), key=lambda i: (X[i, j], i))
        labels = [float(in_class[i]) for i in order]
        for pos, row in enumerate(order):
            before = labels[max(pos - 1, 0)]
            after = labels[min(pos + 1, len(X) - 1)]
            squares[row] += (after - before) ** 2
    return np.sqrt(squares)


def test_magnitudes_on_a_hand_made_line():
    # one feature, labels along it: 0 0 1 1 1 0 -> edges at the run's ends only
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
    in_class = np.array([False, False, True, True, True, False])
    np.testing.assert_array_equal(edge_magnitudes(X, in_class), [0, 1, 1, 0, 1, 1])


def test_magnitudes_equal_reference_with_ties_and_sparse(binary_data):
    X, y = binary_data
    X = np.round(X, 1)  # ties
    expected = magnitudes_reference(X, y == 1)
    np.testing.assert_allclose(edge_magnitudes(X, y == 1), expected)
    np.testing.assert_allclose(edge_magnitudes(sparse.csr_matrix(X), y == 1), expected)


def test_interior_samples_are_never_seeds():
    # minority block in the middle of a line: only its two end samples have magnitude
    # > 0, so with k=1 every synthetic sample lies between an end and its neighbour
    X = np.arange(30.0)[:, None]
    y = np.zeros(30, dtype=int)
    y[10:20] = 1
    sampler = EdgeDetSMOTE(k_neighbors=1, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(np.flatnonzero(sampler.edge_magnitudes_[1]), [0, 9])
    new = X_res[30:, 0]
    assert np.all(((new >= 10) & (new <= 11)) | ((new >= 18) & (new <= 19)))


def test_exact_counts_multiclass_and_dict(multiclass_data):
    X, y = multiclass_data
    _, y_res = EdgeDetSMOTE(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    _, y_res = EdgeDetSMOTE(sampling_strategy={"mid": 70, "small": 45},
                            random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}


def test_seeds_sparse_and_dataframe(binary_data):
    X, y = binary_data
    first = EdgeDetSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, EdgeDetSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, EdgeDetSMOTE(random_state=4).fit_resample(X, y)[0])
    X_sparse, _ = EdgeDetSMOTE(random_state=3).fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), first)
    X_frame, _ = EdgeDetSMOTE(random_state=3).fit_resample(pd.DataFrame(X), y)
    np.testing.assert_allclose(X_frame.to_numpy(), first)


def test_class_too_small():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples.*class 1"):
        EdgeDetSMOTE().fit_resample(X, y)
