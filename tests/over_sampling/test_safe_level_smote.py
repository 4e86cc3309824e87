from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import SafeLevelSMOTE
from imbtools.over_sampling._safe_level_smote import safe_level_gap_bounds


def _two_minority(majority):
    """Minority A=(0,0), B=(1,1) and the given majority points."""
    X = np.vstack([[[0.0, 0.0], [1.0, 1.0]], majority])
    y = np.array([1, 1] + [0] * len(majority))
    return X, y


def test_gap_bounds_of_the_five_cases():
    slp = np.array([0, 3, 2, 4, 1])
    sln = np.array([0, 0, 2, 2, 4])
    low, high = safe_level_gap_bounds(slp, sln)
    assert np.isnan(low[0]) and np.isnan(high[0])  # case 1: no sample
    assert (low[1], high[1]) == (0.0, 0.0)  # case 2: the seed itself
    assert (low[2], high[2]) == (0.0, 1.0)  # case 3: ratio 1
    assert (low[3], high[3]) == (0.0, 0.5)  # case 4: ratio 2, towards the seed
    assert (low[4], high[4]) == (0.75, 1.0)  # case 5: ratio 1/4, towards the neighbour


def test_case_1_both_noise_raises():
    # each minority sample's nearest neighbour is a majority sample: safe levels 0, 0
    X, y = _two_minority([[0.1, 0.0], [1.1, 1.0], [5, 5], [6, 6], [7, 7]])
    with pytest.raises(ValueError, match=r"class 1.*safe level of 0.*case 1"):
        SafeLevelSMOTE(k_neighbors=1, random_state=0).fit_resample(X, y)


def test_case_2_and_case_5_give_the_safe_sample():
    # A's nearest neighbour is B (slp(A)=1); B's is a majority sample (sl(B)=0):
    # pair (A, B) is case 2 (gap 0: A), pair (B, A) is case 5 with ratio 0 (gap 1: A)
    X, y = _two_minority([[1.05, 1.0], [5, 5], [6, 6], [7, 7]])
    X_res, _ = SafeLevelSMOTE(k_neighbors=1, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[len(X):], np.zeros((2, 2)))


def test_case_3_gaps_per_attribute_fill_the_box():
    X, y = _two_minority([[10, 10], [11, 10], [10, 11], [11, 11], [12, 12], [12, 11]])
    X_res, _ = SafeLevelSMOTE(k_neighbors=1, random_state=0).fit_resample(X, y)
    new = X_res[len(X):]
    assert np.all((new >= 0) & (new < 1))
    # one gap per attribute (the paper's loop): the samples are off the diagonal
    assert np.abs(new[:, 0] - new[:, 1]).max() > 0.3


def test_cases_4_and_5_place_samples_nearer_the_safer_end():
    # k=2, minority A=(0,0), B=(1,0), C=(-0.5,0): safe levels A 2, B 1 (a majority
    # sample at (1.2, 0)), C 2. Pairs with B are case 4 from the safe end and case 5
    # from B: every gap keeps the sample in the half of the segment nearer the safe end,
    # so no synthetic sample has x > 0.5 (SMOTE would reach B at x = 1).
    X = np.array([[0.0, 0], [1.0, 0], [-0.5, 0.0], [1.2, 0], [2.5, 0], [9, 9], [9, 8],
                  [8, 9]])
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    sampler = SafeLevelSMOTE(k_neighbors=2, sampling_strategy={1: 100}, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.safe_levels_[1], [2, 1, 2])
    new = X_res[len(X):]
    assert np.all(new[:, 1] == 0) and np.all(new[:, 0] <= 0.5)
    assert np.any(new[:, 0] > 0.25)  # only pair (A, B) reaches there


def test_every_sample_lies_in_the_gap_box_of_a_pair(binary_data):
    X, y = binary_data
    k = 5
    X_res, y_res = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
    rows = np.flatnonzero(y == 1)
    all_nn = SklearnNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X[rows])[1][:, 1:]
    sl = (y[all_nn] == 1).sum(1)
    class_nn = SklearnNeighbors(n_neighbors=k + 1).fit(X[rows]).kneighbors(X[rows])[1][:, 1:]
    new = X_res[len(X):]
    assert len(new) == 220 and np.all(y_res[len(X):] == 1)
    # each synthetic row lies in the gap box of some (seed, neighbour) pair
    seeds = np.repeat(np.arange(len(rows)), k)
    ends = class_nn.ravel()
    low, high = safe_level_gap_bounds(sl[seeds], sl[ends])
    start, diff = X[rows[seeds]], X[rows[ends]] - X[rows[seeds]]
    for point in new:
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.where(diff != 0, (point - start) / diff, low[:, None])
        fits = np.all((gap >= low[:, None] - 1e-9) & (gap <= high[:, None] + 1e-9), axis=1)
        assert fits.any()


def test_exact_counts_multiclass_and_dict(multiclass_data):
    X, y = multiclass_data
    _, y_res = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    _, y_res = SafeLevelSMOTE(sampling_strategy={"mid": 70, "small": 45},
                              random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}


def test_seeds(binary_data):
    X, y = binary_data
    first = SafeLevelSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, SafeLevelSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, SafeLevelSMOTE(random_state=4).fit_resample(X, y)[0])


def test_sparse_and_dataframe_round_trip(binary_data):
    X, y = binary_data
    dense, _ = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
    X_sparse, _ = SafeLevelSMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert X_sparse.format == "csr"
    np.testing.assert_allclose(X_sparse.toarray(), dense)
    frame = pd.DataFrame(X, columns=list("abcde"))
    X_frame, _ = SafeLevelSMOTE(random_state=0).fit_resample(frame, pd.Series(y))
    assert list(X_frame.columns) == list("abcde")
    np.testing.assert_allclose(X_frame.to_numpy(), dense)


def test_class_too_small():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples.*class 1"):
        SafeLevelSMOTE().fit_resample(X, y)
