"""SMOTE on dask collections equals the in-memory SMOTE for the same seed."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402

from imbtools.dask import SMOTE  # noqa: E402
from imbtools.over_sampling import SMOTE as MemorySMOTE  # noqa: E402


@pytest.mark.parametrize("chunk", [3000, 700])
@pytest.mark.parametrize("strategy", ["auto", 0.6])
def test_equals_in_memory_smote_arrays(binary, seed, chunk, strategy):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, chunk)
    X_res, y_res = SMOTE(random_state=seed, sampling_strategy=strategy).fit_resample(Xd, yd)
    X_mem, y_mem = MemorySMOTE(random_state=seed, sampling_strategy=strategy).fit_resample(X, y)
    assert X_res.shape == X_mem.shape
    X_np, y_np = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_np, X_mem)
    np.testing.assert_array_equal(y_np, y_mem)


def test_equals_in_memory_smote_multiclass_frame_float32():
    X, y = imbalanced(n_samples=2400, weights=(0.75, 0.15), n_classes=3, seed=2)
    X = X.astype(np.float32)
    Xd, yd = as_dask_frame(X, y, npartitions=4)
    X_res, y_res = SMOTE(random_state=7, k_neighbors=3).fit_resample(Xd, yd)
    X_mem, y_mem = MemorySMOTE(random_state=7, k_neighbors=3).fit_resample(X, y)
    assert isinstance(X_res, dd.DataFrame)
    frame = X_res.compute()
    assert (frame.dtypes == np.float32).all()
    np.testing.assert_array_equal(frame.to_numpy(), X_mem)
    np.testing.assert_array_equal(y_res.compute().to_numpy(), y_mem)


def test_on_the_local_cluster(binary, on_cluster):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, 1000)
    X_res, _ = SMOTE(random_state=0).fit_resample(Xd, yd)
    np.testing.assert_array_equal(X_res.compute(), MemorySMOTE(random_state=0).fit_resample(
        X, y)[0])


def test_too_large_minority_raises_before_gathering(binary, count_computes):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, 700)
    n_bytes = int((y == 1).sum()) * X.shape[1] * 8
    with pytest.raises(ValueError, match=rf"{n_bytes} bytes.*max_minority_bytes=1000\. Raise"):
        SMOTE(max_minority_bytes=1000).fit_resample(Xd, yd)
    assert count_computes.n_graphs == 1  # the counting pass only: nothing was gathered


def test_two_passes_then_lazy(binary, count_computes):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, 700)
    X_res, y_res = SMOTE(random_state=0).fit_resample(Xd, yd)
    assert count_computes.n_graphs == 2  # counting pass + gathering the minority
    dask.compute(X_res, y_res)
    assert count_computes.n_graphs == 3


def test_non_numeric_column_is_refused():
    X, y = imbalanced(n_samples=500)
    Xd, yd = as_dask_frame(X, y, npartitions=2)
    Xd = Xd.assign(city="x")
    with pytest.raises(TypeError, match="non-numeric column.*RandomOverSampler"):
        SMOTE().fit_resample(Xd, yd)
