"""NearMiss-1/-2 on dask collections equal the in-memory sampler (ties by row order)."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402

from imbtools.dask import NearMiss  # noqa: E402
from imbtools.under_sampling import NearMiss as MemoryNearMiss  # noqa: E402


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("chunk", [3000, 400])
@pytest.mark.parametrize("strategy", ["majority", {0: 700}])
@pytest.mark.parametrize("seed", [0, 1])
def test_equals_in_memory(seed, version, chunk, strategy):
    X, y = imbalanced(n_samples=3000, weights=(0.75, 0.2), n_classes=3, seed=seed)
    X[:40] = X[40:80]  # duplicated rows: equal scores, broken by row order
    kwargs = {"version": version, "sampling_strategy": strategy}
    memory = MemoryNearMiss(**kwargs)
    X_mem, y_mem = memory.fit_resample(X, y)
    sampler = NearMiss(**kwargs)
    X_res, y_res = sampler.fit_resample(*as_dask_arrays(X, y, chunk))
    X_np, y_np = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_np, X_mem)
    np.testing.assert_array_equal(y_np, y_mem)
    assert X_res.shape == X_mem.shape
    assert sampler.sampling_strategy_ == memory.sampling_strategy_


def test_frame_on_the_cluster(on_cluster):
    X, y = imbalanced(n_samples=2000, weights=(0.9,), seed=4)
    X_res, y_res = NearMiss(version=2).fit_resample(*as_dask_frame(X, y, npartitions=3))
    X_mem, _ = MemoryNearMiss(version=2).fit_resample(X, y)
    np.testing.assert_array_equal(X_res.compute().to_numpy(), X_mem)


def test_passes(binary, count_computes):
    X_res, y_res = NearMiss().fit_resample(*as_dask_arrays(*binary, 700))
    assert count_computes.n_graphs == 3  # counting, minority gather, scoring
    dask.compute(X_res, y_res)
    assert count_computes.n_graphs == 4


def test_version_3_refused(binary):
    with pytest.raises(ValueError, match="version=3 is not available on dask data"):
        NearMiss(version=3).fit_resample(*as_dask_arrays(*binary, 700))
