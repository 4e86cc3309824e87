from collections import Counter

import numpy as np
import pandas as pd
import pytest

from imbtools.under_sampling import RandomUnderSampler


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"big": 30, "mid": 30, "small": 30}),
        ("majority", {"big": 30, "mid": 60, "small": 30}),
        ("not majority", {"big": 200, "mid": 30, "small": 30}),
        ({"big": 100, "mid": 10}, {"big": 100, "mid": 10, "small": 30}),
    ],
)
def test_exact_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = RandomUnderSampler(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == expected


def test_kept_rows_are_a_subset_in_original_order(multiclass_data):
    X, y = multiclass_data
    sampler = RandomUnderSampler(random_state=1)
    X_res, y_res = sampler.fit_resample(X, y)
    indices = sampler.sample_indices_
    assert np.all(np.diff(indices) > 0)
    np.testing.assert_array_equal(X_res, X[indices])
    np.testing.assert_array_equal(y_res, y[indices])
    assert set(indices[y_res == "small"]) == set(np.flatnonzero(y == "small"))


def test_replacement_draws_a_bootstrap(binary_data):
    X, y = binary_data
    sampler = RandomUnderSampler(sampling_strategy={0: 200}, replacement=True, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    majority = sampler.sample_indices_[y_res == 0]
    assert len(majority) == 200 and len(np.unique(majority)) < 200
    with pytest.raises(ValueError, match=r"The 'replacement' parameter of RandomUnderSampler"):
        RandomUnderSampler(replacement="yes").fit_resample(X, y)


def test_seeds(binary_data):
    X, y = binary_data
    first = RandomUnderSampler(random_state=5).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, RandomUnderSampler(random_state=5).fit_resample(X, y)[0])
    assert not np.array_equal(first, RandomUnderSampler(random_state=6).fit_resample(X, y)[0])


def test_dataframe_dtypes_weights_and_lists():
    frame = pd.DataFrame({
        "kind": pd.Categorical(list("abcabcab")),
        "n": np.arange(8, dtype=np.int16),
        "flag": [True, False] * 4,
    })
    y = [1, 0, 0, 0, 0, 0, 1, 1]
    weights = np.linspace(1, 2, 8)
    X_res, y_res, w_res = RandomUnderSampler(random_state=0).fit_resample(
        frame, y, sample_weight=weights)
    assert X_res.dtypes.equals(frame.dtypes)
    assert isinstance(y_res, list) and Counter(y_res) == {0: 3, 1: 3}
    np.testing.assert_array_equal(w_res, weights[X_res["n"].to_numpy()])


def test_impossible_request_names_the_class(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match=r"sampling_strategy\[1\]=41 is more than the 40"):
        RandomUnderSampler(sampling_strategy={1: 41}).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"asks to keep 400 majority samples, more than the 260"):
        RandomUnderSampler(sampling_strategy=0.1).fit_resample(X, y)
