"""The neighbour kernels in float32 and the candidate re-rank, against NumPy references."""

import numpy as np
import pytest

from imbtools._kernels.neighbors import exact_distances, merge_block_topk, rerank_candidates


def ordered_by_distance(sq_dist, indices):
    """Column order of each row by (squared distance, index)."""
    return np.lexsort((indices, sq_dist), axis=1)


@pytest.mark.parametrize("skip_self", [False, True])
@pytest.mark.parametrize("block", [1, 7, 300, 1000])  # 300, 1000: several pre-scan stretches
def test_merge_block_topk_float32_matches_reference(skip_self, block, seed):
    rng = np.random.RandomState(seed)
    refs = rng.randint(-3, 4, size=(700, 5)).astype(np.float32)  # exact values, many ties
    refs[10] = 0.0
    queries = refs if skip_self else rng.randint(-3, 4, size=(30, 5)).astype(np.float32)
    k = 9
    best_dist = np.full((queries.shape[0], k), np.inf, dtype=np.float32)
    best_idx = np.full((queries.shape[0], k), -1, dtype=np.int64)
    norms = (refs**2).sum(1)
    for r0 in range(0, refs.shape[0], block):
        inner = np.ascontiguousarray(queries @ refs[r0 : r0 + block].T)
        merge_block_topk(inner, norms[r0 : r0 + block], r0, 0, skip_self, best_dist, best_idx)
    values = norms[None, :] - 2 * (queries @ refs.T)  # exact in float32 for small integers
    if skip_self:
        np.fill_diagonal(values, np.inf)
    order = np.lexsort((np.broadcast_to(np.arange(refs.shape[0]), values.shape), values),
                       axis=1)[:, :k]
    np.testing.assert_array_equal(best_idx, order)
    np.testing.assert_array_equal(best_dist, np.take_along_axis(values, order, axis=1))


def test_merge_block_topk_left_out_values_not_below_last_kept():
    # the certificate of the float32 pass relies on this
    rng = np.random.RandomState(0)
    queries, refs = rng.normal(size=(20, 4)), rng.normal(size=(2000, 4))
    best_dist = np.full((20, 6), np.inf)
    best_idx = np.full((20, 6), -1, dtype=np.int64)
    norms = (refs**2).sum(1)
    for r0 in range(0, 2000, 512):
        merge_block_topk(queries @ refs[r0 : r0 + 512].T, norms[r0 : r0 + 512], r0, 0, False,
                         best_dist, best_idx)
    values = np.hstack([norms[None, r0 : r0 + 512] - 2.0 * (queries @ refs[r0 : r0 + 512].T)
                        for r0 in range(0, 2000, 512)])  # same blocks, same rounding
    for row in range(20):
        left_out = np.setdiff1d(np.arange(2000), best_idx[row])
        assert values[row, left_out].min() >= best_dist[row, -1]


@pytest.mark.parametrize("k", [1, 4, 12])
def test_rerank_candidates_matches_reference(k, seed):
    rng = np.random.RandomState(seed)
    refs = np.round(rng.normal(size=(200, 3)), 1)
    refs[50:60] = refs[0]  # duplicates: exact ties, broken by the smaller index
    queries = np.round(rng.normal(size=(40, 3)), 1)
    queries[:5] = refs[0]
    candidates = np.array([rng.choice(200, 12, replace=False) for _ in range(40)])
    candidates[:5] = np.r_[0, 59, 52, 55, 51, 3, 100:106]  # the duplicates, shuffled
    out_idx = np.empty((40, k), dtype=np.int64)
    out_sq = np.empty((40, k))
    rerank_candidates(queries, refs, candidates, out_idx, out_sq)
    sq = ((queries[:, None, :] - refs[candidates]) ** 2).sum(-1)
    order = ordered_by_distance(sq, candidates)[:, :k]
    np.testing.assert_array_equal(out_idx, np.take_along_axis(candidates, order, axis=1))
    np.testing.assert_allclose(out_sq, np.take_along_axis(sq, order, axis=1), rtol=1e-15)
    # same arithmetic as exact_distances, bit for bit
    np.testing.assert_array_equal(np.sqrt(out_sq), exact_distances(queries, refs, out_idx))
    if k >= 5:
        np.testing.assert_array_equal(out_idx[:5, :5], [[0, 51, 52, 55, 59]] * 5)
