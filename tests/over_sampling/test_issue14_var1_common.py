"""The sampler contract shared by the SMOTE variants of issue 14 (group var1).

Each variant's own rule is tested in its own file; here: exact counts for every
``sampling_strategy`` form and multi-class, seeds, containers, and small classes.
"""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools import over_sampling

EXACT = ["RandomSMOTE", "SMOTEOut", "SMOTECosine", "SelectedSMOTE", "ProWSyn",
         "PolynomialFitSMOTE"]


def make(name, **params):
    return getattr(over_sampling, name)(**params)


@pytest.mark.parametrize("name", EXACT)
@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"big": 200, "mid": 200, "small": 200}),
        ({"mid": 70, "small": 45}, {"big": 200, "mid": 70, "small": 45}),
        (lambda y: {"small": 31}, {"big": 200, "mid": 60, "small": 31}),
    ],
)
def test_exact_class_counts(multiclass_data, name, strategy, expected):
    X, y = multiclass_data
    _, y_res = make(name, sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == expected


@pytest.mark.parametrize("name", EXACT)
def test_float_strategy_counts(binary_data, name):
    X, y = binary_data
    _, y_res = make(name, sampling_strategy=0.5, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {0: 260, 1: 130}


@pytest.mark.parametrize("name", EXACT)
def test_same_seed_same_output_different_seed_different_output(binary_data, name):
    X, y = binary_data
    first = make(name, random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, make(name, random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, make(name, random_state=4).fit_resample(X, y)[0])


@pytest.mark.parametrize("name", EXACT)
def test_original_rows_first_and_unchanged(binary_data, name):
    X, y = binary_data
    X_res, y_res = make(name, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert np.all(y_res[len(y):] == 1)


@pytest.mark.parametrize("name", EXACT)
def test_sparse_and_dataframe_round_trips(binary_data, name):
    X, y = binary_data
    dense = make(name, random_state=0).fit_resample(X, y)[0]
    X_sparse = make(name, random_state=0).fit_resample(sparse.csr_matrix(X), y)[0]
    assert sparse.issparse(X_sparse) and X_sparse.format == "csr"
    np.testing.assert_allclose(X_sparse.toarray(), dense, rtol=1e-10, atol=1e-12)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    X_frame, y_series = make(name, random_state=0).fit_resample(frame, pd.Series(y, name="t"))
    assert list(X_frame.columns) == list(frame.columns) and y_series.name == "t"
    np.testing.assert_allclose(X_frame.to_numpy(), dense)


@pytest.mark.parametrize("name", EXACT)
def test_sample_weight_has_one_value_per_row(binary_data, name):
    X, y = binary_data
    weights = np.full(len(y), 2.0)
    X_res, y_res, w_res = make(name, random_state=0).fit_resample(X, y, sample_weight=weights)
    assert w_res.shape == y_res.shape
    np.testing.assert_allclose(w_res, 2.0)


@pytest.mark.parametrize("name", ["RandomSMOTE", "SMOTEOut", "SMOTECosine", "SelectedSMOTE"])
def test_class_of_two_samples_is_a_clear_error(name):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(22, 3))
    y = np.array([0] * 20 + [1] * 2)
    with pytest.raises(ValueError, match=r"class 1 has 2\b.*RandomOverSampler"):
        make(name).fit_resample(X, y)
