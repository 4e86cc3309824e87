"""Each Numba kernel against a plain NumPy reference, corner cases included."""

import numpy as np
import pytest

from imbtools._kernels.interpolate import interpolate_rows, jitter_rows
from imbtools._kernels.neighbors import exact_distances, merge_block_topk


def topk_reference(queries, refs, k, skip_self):
    """Brute-force k smallest squared distances, ties broken by index."""
    d2 = ((queries[:, None, :] - refs[None, :, :]) ** 2).sum(-1)
    if skip_self:
        np.fill_diagonal(d2, np.inf)
    order = np.lexsort((np.broadcast_to(np.arange(refs.shape[0]), d2.shape), d2), axis=1)
    return order[:, :k]


@pytest.mark.parametrize("skip_self", [False, True])
@pytest.mark.parametrize("block", [1, 7, 64])
def test_merge_block_topk_matches_reference(skip_self, block, seed):
    rng = np.random.RandomState(seed)
    refs = np.round(rng.normal(size=(50, 3)), 1)  # rounding creates ties and duplicates
    refs[10] = 0.0  # an all-zero row
    queries = refs if skip_self else np.round(rng.normal(size=(20, 3)), 1)
    k = 4
    best_dist = np.full((queries.shape[0], k), np.inf)
    best_idx = np.full((queries.shape[0], k), -1, dtype=np.int64)
    norms = (refs**2).sum(1)
    for r0 in range(0, refs.shape[0], block):
        inner = queries @ refs[r0 : r0 + block].T
        merge_block_topk(inner, norms[r0 : r0 + block], r0, 0, skip_self, best_dist, best_idx)
    expected = topk_reference(queries, refs, k, skip_self)
    expected_d2 = ((queries[:, None, :] - refs[expected]) ** 2).sum(-1)
    np.testing.assert_allclose(
        exact_distances(queries, refs, best_idx), np.sqrt(expected_d2), atol=1e-12
    )
    # the selected neighbours sit at the reference's distances (among ties either may win)
    np.testing.assert_allclose(
        ((queries[:, None, :] - refs[best_idx]) ** 2).sum(-1), expected_d2, atol=1e-9
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_interpolate_rows_matches_numpy(dtype, seed):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(30, 4)).astype(dtype)
    a, b = rng.randint(0, 30, size=100), rng.randint(0, 30, size=100)
    steps = rng.uniform(size=100)
    out = np.empty((100, 4), dtype=dtype)
    interpolate_rows(X, a, b, steps, out)
    expected = X[a] + steps[:, None] * (X[b] - X[a])
    np.testing.assert_allclose(out, expected, rtol=1e-6 if dtype == np.float32 else 1e-12)
    empty = np.empty((0, 4), dtype=dtype)
    interpolate_rows(X, a[:0], b[:0], steps[:0], empty)


def test_jitter_rows_matches_numpy():
    rng = np.random.RandomState(0)
    X, rows = rng.normal(size=(10, 3)), rng.randint(0, 10, size=25)
    noise, scale = rng.normal(size=(25, 3)), np.array([0.0, 1.0, 2.5])
    out = np.empty((25, 3))
    jitter_rows(X, rows, noise, scale, out)
    np.testing.assert_allclose(out, X[rows] + noise * scale)
