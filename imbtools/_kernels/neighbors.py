"""Numba kernels for exact k-nearest-neighbour search by blocked brute force.

The caller computes a block of inner products ``G = Q @ R.T`` with single-threaded BLAS;
the kernel turns it into squared distances (minus the constant ``||q||^2``) and merges the
block into each query's running list of the ``k`` closest references. Parallelism comes
from the caller running disjoint query blocks on separate threads (the kernel releases the
GIL), so each thread writes only its own rows. Ties are broken by the smaller reference
index, so results do not depend on blocking or thread count.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def merge_block_topk(inner, ref_sq_norms, col_offset, row_offset, skip_self, best_dist, best_idx):
    """Merge one block of candidate references into the running top-k lists.

    Parameters
    ----------
    inner : float64 array (n_block_rows, n_block_cols)
        ``Q_block @ R_block.T``.
    ref_sq_norms : float64 array (n_block_cols,)
        ``||r||^2`` of the block's references.
    col_offset, row_offset : int
        Global index of the block's first reference and first query.
    skip_self : bool
        Queries are the references themselves: never return a query as its own neighbour.
    best_dist : float64 array (n_queries, k)
        Running ``||r||^2 - 2 q.r`` of the best references, ascending; updated in place.
    best_idx : int64 array (n_queries, k)
        Their global indices; updated in place.
    """
    n_rows, n_cols = inner.shape
    k = best_dist.shape[1]
    for r in range(n_rows):
        query = row_offset + r
        # the k-th best distance so far, kept in a register: most candidates fail this test
        threshold = best_dist[query, k - 1]
        own_column = query - col_offset if skip_self else -1
        for c in range(n_cols):
            d = ref_sq_norms[c] - 2.0 * inner[r, c]
            if d < threshold and c != own_column:
                j = k - 1
                while j > 0 and best_dist[query, j - 1] > d:
                    best_dist[query, j] = best_dist[query, j - 1]
                    best_idx[query, j] = best_idx[query, j - 1]
                    j -= 1
                best_dist[query, j] = d
                best_idx[query, j] = col_offset + c
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
            ref = neighbor_idx[i, j]
            total = 0.0
            for f in range(queries.shape[1]):
                diff = queries[i, f] - refs[ref, f]
                total += diff * diff
            out[i, j] = np.sqrt(total)
    return out
