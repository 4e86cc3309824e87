"""Numba kernels for exact k-nearest-neighbour search by blocked brute force.

The caller computes a block of inner products ``G = Q @ R.T`` with single-threaded BLAS
(float64, or float32 for the certified first pass); the kernel turns it into squared
distances (minus the constant ``||q||^2``) and merges the block into each query's running
list of the ``k`` closest references. Parallelism comes from the caller running disjoint
query blocks on separate threads (the kernels release the GIL), so each thread writes only
its own rows. Ties are broken by the smaller reference index, so results do not depend on
blocking or thread count.

Every kernel takes float64 or float32 arrays (one compiled signature per dtype, made on
first use); the arrays of one call share a dtype.
"""

import numpy as np
from numba import njit

from .topk import insert_sorted, insert_sorted_by_index

# Columns tested at once by the branch-free pre-scan of ``merge_block_topk``. Once a
# query's list is full, ~1 column in 10^3-10^4 enters it: a vectorised count over a
# stretch of columns skips most stretches without the per-column branch.
_SCAN_WIDTH = 128


@njit(cache=True, nogil=True)
def _count_below(row, ref_sq_norms, threshold):
    """How many of ``ref_sq_norms[c] - 2 row[c]`` are below ``threshold``.

    Branch-free so that LLVM vectorises it (~10x faster than the merge's scalar loop;
    the loop starts at 0 on views, so no negative-index wrap-around check blocks that);
    computes each value exactly as the merge does.
    """
    count = 0
    for c in range(row.shape[0]):
        count += (ref_sq_norms[c] - (row[c] + row[c])) < threshold
    return count


@njit(cache=True, nogil=True)
def merge_block_topk(inner, ref_sq_norms, col_offset, row_offset, skip_self, best_dist, best_idx):
    """Merge one block of candidate references into the running top-k lists.

    Parameters
    ----------
    inner : float array (n_block_rows, n_block_cols), C-contiguous
        ``Q_block @ R_block.T``.
    ref_sq_norms : float array (n_block_cols,)
        ``||r||^2`` of the block's references.
    col_offset, row_offset : int
        Global index of the block's first reference and first query.
    skip_self : bool
        Queries are the references themselves: never return a query as its own neighbour.
    best_dist : float array (n_queries, k)
        Running ``||r||^2 - 2 q.r`` of the best references, ascending; updated in place.
        Every value left out of a list is >= its last entry (used by the float32
        certificate in :mod:`imbtools.neighbors`).
    best_idx : int64 array (n_queries, k)
        Their global indices; updated in place.
    """
    n_rows, n_cols = inner.shape
    k = best_dist.shape[1]
    for r in range(n_rows):
        row = inner[r]
        query = row_offset + r
        # the k-th best distance so far, kept in a register: most candidates fail this test
        threshold = best_dist[query, k - 1]
        own_column = query - col_offset if skip_self else -1
        for start in range(0, n_cols, _SCAN_WIDTH):
            stop = min(start + _SCAN_WIDTH, n_cols)
            if _count_below(row[start:stop], ref_sq_norms[start:stop], threshold) == 0:
                continue
            for c in range(start, stop):
                d = ref_sq_norms[c] - (row[c] + row[c])
                if d < threshold and c != own_column:
                    insert_sorted(best_dist[query], best_idx[query], d, col_offset + c)
                    threshold = best_dist[query, k - 1]


@njit(cache=True, nogil=True)
def exact_distances(queries, refs, neighbor_idx):
    """Euclidean distances recomputed directly for the selected neighbours.

    The inner-product form used for selection loses precision through cancellation
    (duplicates come out at ~1e-8 instead of 0); the few selected pairs are cheap to redo.
    """
    n, k = neighbor_idx.shape
    out = np.empty((n, k), dtype=np.float64)
    for i in range(n):
        for j in range(k):
            out[i, j] = np.sqrt(_direct_sq_distance(queries, i, refs, neighbor_idx[i, j]))
    return out


@njit(cache=True, nogil=True)
def _direct_sq_distance(queries, i, refs, ref):
    """``sum_f (queries[i, f] - refs[ref, f]) ** 2`` in float64, features in order."""
    total = 0.0
    for f in range(queries.shape[1]):
        diff = queries[i, f] - refs[ref, f]
        total += diff * diff
    return total


@njit(cache=True, nogil=True)
def rerank_candidates(queries, refs, candidates, out_idx, out_sq_dist):
    """Keep each query's nearest candidates by squared distance from direct differences.

    Parameters
    ----------
    queries : float64 array (n_queries, n_features)
    refs : float64 array (n_refs, n_features)
    candidates : int64 array (n_queries, n_candidates)
        Reference indices to rank (all valid, distinct within a row).
    out_idx : int64 array (n_queries, k), k <= n_candidates
        Receives the ``k`` candidates of smallest distance, nearest first, ties by the
        smaller index; filled in place.
    out_sq_dist : float64 array (n_queries, k)
        Their squared distances, computed as :func:`exact_distances` computes them
        (``np.sqrt(out_sq_dist)`` equals its output bit for bit); filled in place.
    """
    n_queries, n_candidates = candidates.shape
    for i in range(n_queries):
        filled = 0
        for j in range(n_candidates):
            ref = candidates[i, j]
            d = _direct_sq_distance(queries, i, refs, ref)
            filled = insert_sorted_by_index(out_sq_dist[i], out_idx[i], filled, d, ref)


@njit(cache=True, nogil=True)
def column_summary(X):
    """Per column: smallest value, largest value and mean, in one pass over ``X``."""
    n_rows, n_cols = X.shape
    lowest = np.full(n_cols, np.inf)
    highest = np.full(n_cols, -np.inf)
    total = np.zeros(n_cols)
    for i in range(n_rows):
        for j in range(n_cols):
            value = X[i, j]
            total[j] += value
            if value < lowest[j]:
                lowest[j] = value
            if value > highest[j]:
                highest[j] = value
    return lowest, highest, total / max(n_rows, 1)
