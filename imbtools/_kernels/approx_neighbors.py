"""Numba kernels for cheap upper bounds on k-nearest-neighbour distances.

Candidates come from the leaves of random-projection trees (samples that fall in the same
leaf) and from neighbours of neighbours. Every candidate's distance is computed exactly,
so the running k-th best distance is always an upper bound of the true k-th
nearest-neighbour distance: callers use these bounds to *certify* cheap decisions and
fall back to an exact search where the bound is not good enough.

The kernels work on a subset of the rows of ``X`` without copying it: ``rows[i]`` is the
row of ``X`` of local sample ``i``; neighbour lists hold local numbers (int32). Each
thread writes only the lists of the samples it owns (the samples of one leaf, or one
query), so the parallel loops are race-free.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _insert_candidate(dist_row, idx_row, d, candidate):
    """Insert ``candidate`` at squared distance ``d`` in an ascending top-k row."""
    k = dist_row.shape[0]
    if d >= dist_row[k - 1]:
        return
    for j in range(k):
        if idx_row[j] == candidate:
            return
    j = k - 1
    while j > 0 and dist_row[j - 1] > d:
        dist_row[j] = dist_row[j - 1]
        idx_row[j] = idx_row[j - 1]
        j -= 1
    dist_row[j] = d
    idx_row[j] = candidate


@njit(cache=True, nogil=True)
def _squared_distance_below(X, a, b, bound):
    """Squared distance of rows ``a`` and ``b`` of ``X``, or any value >= ``bound`` as
    soon as the partial sum reaches it."""
    total = 0.0
    for f in range(X.shape[1]):
        diff = X[a, f] - X[b, f]
        total += diff * diff
        if total >= bound:
            return total
    return total


@njit(parallel=True, cache=True, nogil=True)
def project_segments(X, rows, order, segment_of_position, directions):
    """``out[p] = X[rows[order[p]]] . directions[segment_of_position[p]]``."""
    n = order.shape[0]
    out = np.empty(n, dtype=np.float64)
    for p in prange(n):
        row = rows[order[p]]
        direction = directions[segment_of_position[p]]
        total = 0.0
        for f in range(X.shape[1]):
            total += X[row, f] * direction[f]
        out[p] = total
    return out


@njit(parallel=True, cache=True, nogil=True)
def update_from_leaves(X, rows, order, leaf_bounds, best_dist, best_idx):
    """Offer every pair of samples sharing a leaf as neighbour candidates.

    Parameters
    ----------
    X : float64 array (n_rows, n_features)
    rows : int64 array (n_samples,)
        Row of ``X`` of each local sample.
    order : int64 array (n_samples,)
        Local samples grouped by leaf; leaf ``l`` is
        ``order[leaf_bounds[l]:leaf_bounds[l + 1]]``.
    leaf_bounds : int64 array (n_leaves + 1,)
    best_dist : float64 array (n_samples, k)
        Running squared distances, ascending; updated in place.
    best_idx : int32 array (n_samples, k)
        Their local numbers (-1: none yet); updated in place.
    """
    for leaf in prange(leaf_bounds.shape[0] - 1):
        start, stop = leaf_bounds[leaf], leaf_bounds[leaf + 1]
        for p in range(start, stop):
            a = order[p]
            for q in range(p + 1, stop):
                b = order[q]
                bound = max(best_dist[a, -1], best_dist[b, -1])
                d = _squared_distance_below(X, rows[a], rows[b], bound)
                _insert_candidate(best_dist[a], best_idx[a], d, b)
                _insert_candidate(best_dist[b], best_idx[b], d, a)


@njit(parallel=True, cache=True, nogil=True)
def update_from_neighbours_of_neighbours(X, rows, targets, previous_idx, best_dist, best_idx):
    """Offer the neighbours' neighbours (from ``previous_idx``) of ``targets`` as candidates.

    ``previous_idx`` is a snapshot of ``best_idx`` taken by the caller, so each thread
    reads only the snapshot and writes only the list of its own sample.
    """
    k = previous_idx.shape[1]
    for t in prange(targets.shape[0]):
        i = targets[t]
        for a in range(k):
            j = previous_idx[i, a]
            if j < 0:
                continue
            for b in range(k):
                candidate = previous_idx[j, b]
                if candidate < 0 or candidate == i:
                    continue
                d = _squared_distance_below(X, rows[i], rows[candidate], best_dist[i, k - 1])
                _insert_candidate(best_dist[i], best_idx[i], d, candidate)


@njit(parallel=True, cache=True, nogil=True)
def sort_segments(order, projection, segment_bounds):
    """Sort each segment ``order[bounds[s]:bounds[s + 1]]`` by ``projection`` (in place).

    ``projection[p]`` belongs to the sample at position ``p``; segments are disjoint, so
    each thread rewrites only its own segment.
    """
    for s in prange(segment_bounds.shape[0] - 1):
        start, stop = segment_bounds[s], segment_bounds[s + 1]
        ranks = np.argsort(projection[start:stop])
        order[start:stop] = order[start:stop][ranks]
