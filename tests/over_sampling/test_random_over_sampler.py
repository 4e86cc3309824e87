from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools.over_sampling import RandomOverSampler
from imbtools.over_sampling._random import smoothing_bandwidth


def test_copies_are_original_rows_and_indices_map_back(multiclass_data):
    X, y = multiclass_data
    sampler = RandomOverSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    np.testing.assert_array_equal(X_res, X[sampler.sample_indices_])
    np.testing.assert_array_equal(y_res, y[sampler.sample_indices_])
    np.testing.assert_array_equal(sampler.sample_indices_[: len(y)], np.arange(len(y)))


def test_any_dtype_passes_through_dataframe():
    frame = pd.DataFrame({
        "city": pd.Categorical(["a", "b", "c", "a", "b"]),
        "name": pd.array(["u", "v", "w", "x", "y"], dtype="string"),
        "count": pd.array([1, None, 3, 4, 5], dtype="Int64"),
        "score": np.array([0.5, np.nan, 1.5, 2.5, 3.5], dtype=np.float32),
    })
    y = pd.Series(["no", "no", "no", "yes", "yes"], name="target", dtype="category")
    X_res, y_res = RandomOverSampler(random_state=0).fit_resample(frame, y)
    assert X_res.dtypes.equals(frame.dtypes)
    assert y_res.dtype == y.dtype and y_res.name == "target"
    assert Counter(y_res) == {"no": 3, "yes": 3}
    assert X_res["city"].cat.categories.equals(frame["city"].cat.categories)


def test_nan_and_strings_in_arrays_pass_through():
    X = np.array([["a", np.nan], ["b", 1.0], ["c", 2.0], ["d", 3.0]], dtype=object)
    X_res, _ = RandomOverSampler(random_state=0).fit_resample(X, [0, 0, 0, 1])
    assert X_res.shape == (6, 2)
    assert set(X_res[4:, 0]) == {"d"}


def test_sparse_output_keeps_format(binary_data):
    X, y = binary_data
    X_csc = sparse.csc_matrix(X)
    X_res, _ = RandomOverSampler(random_state=0).fit_resample(X_csc, y)
    assert X_res.format == "csc"
    np.testing.assert_array_equal(
        X_res.toarray(), RandomOverSampler(random_state=0).fit_resample(X, y)[0])


def test_shrinkage_zero_gives_copies_and_noise_scales_with_shrinkage(binary_data):
    X, y = binary_data
    copies = RandomOverSampler(random_state=0, shrinkage=0.0)
    X_res, _ = copies.fit_resample(X, y)
    np.testing.assert_allclose(X_res, X[copies.sample_indices_])
    spreads = []
    for shrinkage in (0.5, 2.0):
        sampler = RandomOverSampler(random_state=0, shrinkage=shrinkage)
        X_res, _ = sampler.fit_resample(X, y)
        noise = X_res[len(y):] - X[sampler.sample_indices_[len(y):]]
        spreads.append(noise.std(axis=0))
    # same random stream: the noise is exactly proportional to the shrinkage
    np.testing.assert_allclose(spreads[1], 4 * spreads[0])
    minority = X[y == 1]
    expected = 2.0 * smoothing_bandwidth(40, 5) * minority.std(axis=0, ddof=1)
    np.testing.assert_allclose(spreads[1], expected, rtol=0.15)


def test_shrinkage_per_class_and_errors(multiclass_data):
    X, y = multiclass_data
    sampler = RandomOverSampler(random_state=0, shrinkage={"small": 1.0})
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.shrinkage_ == {"small": 1.0}
    mid_new = sampler.sample_indices_[len(y):][y_res[len(y):] == "mid"]
    np.testing.assert_array_equal(X_res[len(y):][y_res[len(y):] == "mid"], X[mid_new])
    with pytest.raises(ValueError, match=r"shrinkage names the class 'big', which is not "
                                         r"over-sampled"):
        RandomOverSampler(shrinkage={"big": 1.0}).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"shrinkage\['small'\]=-1; each shrinkage must be"):
        RandomOverSampler(shrinkage={"small": -1}).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"Input X contains NaN"):
        RandomOverSampler(shrinkage=1.0).fit_resample(np.where(X > 3, np.nan, X), y)


def test_sample_weight_follows_copies(binary_data):
    X, y = binary_data
    weights = np.arange(len(y), dtype=float)
    sampler = RandomOverSampler(random_state=0, shrinkage=1.0)
    _, _, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    np.testing.assert_array_equal(w_res, weights[sampler.sample_indices_])
