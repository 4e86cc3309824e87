from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools.over_sampling import TRIMSMOTE
from imbtools.over_sampling._trim_smote import (
    _best_split,
    _root_region,
    best_trim_split,
    trim_regions,
)


@pytest.mark.parametrize("border_only", [True, False])
@pytest.mark.parametrize("data_seed", [0, 1, 2])
def test_kernel_split_equals_numpy_reference(border_only, data_seed):
    rng = np.random.RandomState(data_seed)
    X = rng.normal(size=(80, 4))
    X[:, 2] = np.round(X[:, 2])  # ties in one feature
    is_minority = rng.rand(80) < 0.3
    expected = best_trim_split(X, is_minority, border_only=border_only)
    got = _best_split(_root_region(X, is_minority), border_only)
    assert (got if got is None else got[:2]) == expected


def test_split_maximises_the_better_childs_trim_value():
    # 1-D: 4 minority then 6 majority; cutting after the 4th raises m^2/n from 1.6 to 4
    X = np.arange(10.0)[:, None]
    is_minority = np.arange(10) < 4
    assert best_trim_split(X, is_minority, border_only=True) == (0, 3.0)
    # a pure region cannot be improved
    assert best_trim_split(X[:4], is_minority[:4], border_only=False) is None


def _two_islands():
    """Minority at 0..9 and 40..49, majority at 10..39 and 50..59 (one feature).

    The whole line has TRIM value 20**2 / 60 = 6.7; cutting after 9 gives a pure left
    child of value 10, then the rest (2.0) is cut after 39 (5.0) and after 49 (10).
    """
    X = np.arange(60.0)[:, None]
    y = np.zeros(60, dtype=int)
    y[:10] = y[40:50] = 1
    return X, y


def test_a_general_region_is_not_split_into_purer_but_smaller_ones():
    # minority 0..9 and 20..29 around majority 10..19: 20**2 / 30 = 13.3 beats 10**2 / 10
    X = np.arange(30.0)[:, None]
    is_minority = (np.arange(30) < 10) | (np.arange(30) >= 20)
    assert [r.tolist() for r in trim_regions(X, is_minority)] == [list(range(30))]


def test_regions_trim_the_majority_between_two_minority_islands():
    X, y = _two_islands()
    regions = trim_regions(X, y == 1)
    assert sorted(r.tolist() for r in regions) == [list(range(10)), list(range(40, 50))]


def test_new_samples_stay_inside_the_seed_sets():
    X, y = _two_islands()
    sampler = TRIMSMOTE(sampling_strategy={1: 200}, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    new = X_res[60:, 0]
    assert new.shape == (180,) and np.all(y_res[60:] == 1)
    assert np.all(((new >= 0) & (new <= 9)) | ((new >= 40) & (new <= 49)))
    # both islands are used, about in proportion to their sizes (10 and 10)
    assert 60 < np.count_nonzero(new <= 9) < 120
    assert [s.tolist() for s in sampler.seed_sets_[1]] in (
        [list(range(10)), list(range(40, 50))], [list(range(40, 50)), list(range(10))])


def test_single_sample_sets_fall_back_to_the_whole_class_with_a_warning():
    X = np.arange(101.0)[:, None]
    y = np.where(np.arange(101) % 50 == 0, 1, 0)  # 3 minority samples, 49 majority apart
    with pytest.warns(UserWarning, match="no seed region with two or more samples"):
        _, y_res = TRIMSMOTE(k_neighbors=2, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 98, 1: 98}


@pytest.mark.parametrize("strategy, expected", [
    ("auto", {"big": 200, "mid": 200, "small": 200}),
    ({"mid": 75, "small": 31}, {"big": 200, "mid": 75, "small": 31}),
])
def test_exact_class_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = TRIMSMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == expected


def test_same_seed_same_output_and_different_seed_different_output(binary_data):
    X, y = binary_data
    a = TRIMSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, TRIMSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(a[len(X):], TRIMSMOTE(random_state=4).fit_resample(X, y)[0][len(X):])


def test_dataframe_round_trip_and_sparse_rejected(binary_data):
    X, y = binary_data
    dense = TRIMSMOTE(random_state=0).fit_resample(X, y)[0]
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(5)])
    X_frame, _ = TRIMSMOTE(random_state=0).fit_resample(frame, y)
    assert list(X_frame.columns) == list(frame.columns)
    np.testing.assert_allclose(X_frame.to_numpy(), dense)
    with pytest.raises(TypeError, match="[Ss]parse"):
        TRIMSMOTE().fit_resample(sparse.csr_matrix(X), y)


def test_too_small_class():
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match="at least 2 samples in each class.*class 1 has 1"):
        TRIMSMOTE().fit_resample(X, [0, 0, 0, 0, 0, 1])
