"""TomekLinks on dask collections (its top-k search: tests/test_neighbors_among.py)."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402

from imbtools.dask import TomekLinks  # noqa: E402
from imbtools.under_sampling import TomekLinks as MemoryTomekLinks  # noqa: E402


@pytest.mark.parametrize("n_classes, weights", [(2, (0.9,)), (3, (0.7, 0.2))])
@pytest.mark.parametrize("chunk", [3000, 450])
@pytest.mark.parametrize("strategy", ["auto", "all"])
@pytest.mark.parametrize("seed", [0, 1])
def test_equals_in_memory(seed, n_classes, weights, chunk, strategy):
    X, y = imbalanced(n_samples=3000, weights=weights, n_classes=n_classes, seed=seed,
                      flip_y=0.05)
    X_mem, y_mem = MemoryTomekLinks(sampling_strategy=strategy).fit_resample(X, y)
    assert y_mem.shape[0] < y.shape[0]  # there are links to remove
    X_res, y_res = TomekLinks(sampling_strategy=strategy).fit_resample(
        *as_dask_arrays(X, y, chunk))
    X_np, y_np = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_np, X_mem)
    np.testing.assert_array_equal(y_np, y_mem)


def test_frame_on_the_cluster(on_cluster):
    X, y = imbalanced(n_samples=2000, weights=(0.9,), seed=5, flip_y=0.05)
    X_res, _ = TomekLinks().fit_resample(*as_dask_frame(X, y, npartitions=3))
    np.testing.assert_array_equal(X_res.compute().to_numpy(),
                                  MemoryTomekLinks().fit_resample(X, y)[0])


def test_passes(binary, count_computes):
    X_res, y_res = TomekLinks().fit_resample(*as_dask_arrays(*binary, 700))
    assert count_computes.n_graphs == 4  # counting, gather, two neighbour passes
    dask.compute(X_res, y_res)
    assert count_computes.n_graphs == 5


@pytest.mark.parametrize("offset", [0.0, 2.0**40])
def test_exact_ties_across_partitions(offset):
    rng = np.random.default_rng(4)
    X = rng.integers(0, 3, size=(900, 9)).astype(float) + offset  # distances tie exactly
    y = (rng.random(900) < 0.2).astype(int)
    X[295:305] = X[300]  # duplicates of both classes across the boundary at 300
    y[[296, 299, 300, 304]] = 1
    X_mem, y_mem = MemoryTomekLinks().fit_resample(X, y)
    assert y_mem.shape[0] < y.shape[0]
    X_res, y_res = TomekLinks().fit_resample(*as_dask_arrays(X, y, (300, 1, 299, 300)))
    X_np, y_np = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_np, X_mem)
    np.testing.assert_array_equal(y_np, y_mem)
