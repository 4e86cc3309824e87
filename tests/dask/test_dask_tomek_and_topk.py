"""TomekLinks on dask collections, and the exact top-k kernel it uses."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402

from imbtools.dask import TomekLinks  # noqa: E402
from imbtools.dask._topk import merge_topk, partition_topk  # noqa: E402
from imbtools.under_sampling import TomekLinks as MemoryTomekLinks  # noqa: E402


def _reference_topk(queries, query_rows, X, k):
    distances = ((queries[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    rows = np.arange(X.shape[0])
    distances[query_rows[:, None] == rows[None, :]] = np.inf
    order = np.lexsort((np.broadcast_to(rows, distances.shape), distances), axis=1)[:, :k]
    return np.take_along_axis(distances, order, axis=1), order


def test_partition_topk_and_merge_equal_a_numpy_reference():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 3, size=(300, 2)).astype(float)  # many exact ties
    X[10:20] = 0.0  # duplicated and all-zero rows
    queries_rows = np.array([0, 5, 10, 11, 299, -1])
    queries = X[np.maximum(queries_rows, 0)].copy()
    queries[-1] = [1.0, 1.0]  # a query that is not a row of X
    expected = _reference_topk(queries, queries_rows, X, 7)
    whole = partition_topk(queries, queries_rows, X, 0, 7)
    merged = merge_topk(partition_topk(queries, queries_rows, X[:130], 0, 7),
                        partition_topk(queries, queries_rows, X[130:], 130, 7))
    for result in (whole, merged):
        np.testing.assert_array_equal(result[0], expected[0])
        np.testing.assert_array_equal(result[1], expected[1])


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
