"""The output containers and bookkeeping that every sampler inherits from BaseSampler."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools.over_sampling import SMOTE, RandomOverSampler
from imbtools.under_sampling import RandomUnderSampler

SAMPLERS = [SMOTE(random_state=0), RandomOverSampler(random_state=0),
            RandomUnderSampler(random_state=0)]


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_target_containers_round_trip(sampler, binary_data):
    X, y = binary_data
    X_ref, y_ref = sampler.fit_resample(X, y)
    indicator = np.eye(2, dtype=np.int64)[y]
    X_ova, y_ova = sampler.fit_resample(X, indicator)
    np.testing.assert_array_equal(y_ova, np.eye(2, dtype=np.int64)[y_ref])
    np.testing.assert_array_equal(X_ova, X_ref)
    _, y_col = sampler.fit_resample(X, y.reshape(-1, 1))
    assert y_col.shape == (len(y_ref), 1)
    _, y_frame = sampler.fit_resample(X, pd.DataFrame({"target": y}))
    assert list(y_frame.columns) == ["target"]
    np.testing.assert_array_equal(y_frame["target"].to_numpy(), y_ref)
    X_list, y_list = sampler.fit_resample(X.tolist(), y.tolist())
    assert isinstance(X_list, list) and isinstance(y_list, list)
    np.testing.assert_allclose(np.array(X_list), X_ref)


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_string_and_boolean_labels(sampler, binary_data):
    X, y = binary_data
    _, y_ref = sampler.fit_resample(X, y)
    _, y_str = sampler.fit_resample(X, np.where(y == 1, "rare", "common"))
    np.testing.assert_array_equal(y_str, np.where(y_ref == 1, "rare", "common"))
    _, y_bool = sampler.fit_resample(X, y.astype(bool))
    assert y_bool.dtype == bool
    np.testing.assert_array_equal(y_bool, y_ref.astype(bool))


def test_pandas_sparse_columns_stay_sparse(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(sparse.random(300, 3, density=0.3, random_state=0).toarray(),
                         columns=list("abc")).astype(pd.SparseDtype(float, 0))
    X_res, _ = SMOTE(random_state=0).fit_resample(frame, y)
    assert all(isinstance(dtype, pd.SparseDtype) for dtype in X_res.dtypes)
    dense, _ = SMOTE(random_state=0).fit_resample(frame.sparse.to_dense().to_numpy(), y)
    np.testing.assert_allclose(X_res.to_numpy(), dense)


def test_fit_sets_strategy_without_resampling(binary_data):
    X, y = binary_data
    sampler = SMOTE().fit(X, y)
    assert sampler.sampling_strategy_ == {1: 220}
    assert sampler.n_features_in_ == 5


def test_feature_names_are_recorded(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(5)])
    sampler = RandomUnderSampler(random_state=0)
    sampler.fit_resample(frame, y)
    assert list(sampler.feature_names_in_) == list(frame.columns)
    assert list(sampler.get_feature_names_out()) == list(frame.columns)


def test_import_is_lazy_and_compiles_nothing():
    code = (
        "import sys, imbtools\n"
        "assert 'numba' not in sys.modules, 'import imbtools imported numba'\n"
        "import imbtools.over_sampling, imbtools.neighbors\n"
        "from imbtools._kernels import interpolate, neighbors\n"
        "dispatchers = [interpolate.interpolate_rows, interpolate.jitter_rows,\n"
        "               neighbors.merge_block_topk, neighbors.exact_distances]\n"
        "assert all(not d.signatures for d in dispatchers), 'a kernel compiled on import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
