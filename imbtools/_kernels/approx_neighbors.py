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

from .ann import _squared_distance
from .topk import insert_sorted, is_listed


@njit(cache=True, nogil=True)
def _insert_candidate(dist_row, idx_row, d, candidate):
    """Insert ``candidate`` at squared distance ``d`` in an ascending top-k row, once."""
    if d < dist_row[dist_row.shape[0] - 1] and not is_listed(idx_row, candidate):
        insert_sorted(dist_row, idx_row, d, candidate)


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
                d = _squared_distance(X, rows[a], X, rows[b], bound)
                _insert_candidate(best_dist[a], best_idx[a], d, b)
                _insert_candidate(best_dist[b], best_idx[b], d, a)


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


@njit(cache=True, nogil=True)
def joined_neighbour_lists(best_idx, max_reverse):
    """Forward and reverse neighbour lists as CSR arrays ``(starts, members)``.

    Sample ``i``'s list holds its current neighbours ``best_idx[i]`` followed by at most
    ``max_reverse`` samples that list ``i`` among theirs (the first ones met, in sample
    order). Reverse links are what lets neighbours-of-neighbours rounds reach samples
    that the trees separated from ``i`` but that found ``i`` themselves.
    """
    n, width = best_idx.shape
    n_reverse = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for a in range(width):
            j = best_idx[i, a]
            if j >= 0 and n_reverse[j] < max_reverse:
                n_reverse[j] += 1
    starts = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        starts[i + 1] = starts[i] + width + n_reverse[i]
    members = np.full(starts[n], -1, dtype=np.int32)
    filled = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for a in range(width):
            members[starts[i] + a] = best_idx[i, a]
        filled[i] = width
    for i in range(n):
        for a in range(width):
            j = best_idx[i, a]
            if j >= 0 and filled[j] < width + n_reverse[j]:
                members[starts[j] + filled[j]] = i
                filled[j] += 1
    return starts, members


@njit(parallel=True, cache=True, nogil=True)
def update_from_joined_lists(X, rows, targets, starts, members, kth, goal, best_dist,
                             best_idx):
    """Offer the members of the lists of the members of each target's list as candidates.

    ``starts``/``members`` come from :func:`joined_neighbour_lists` (a snapshot: each
    thread reads only it and writes only its own target's row). Target ``t`` stops as
    soon as its ``kth`` best squared distance (column ``kth - 1``) drops below
    ``goal[t]`` (pass ``-inf`` goals to never stop early).
    """
    k = best_dist.shape[1]
    for t in prange(targets.shape[0]):
        i = targets[t]
        for p in range(starts[i], starts[i + 1]):
            j = members[p]
            if j < 0:
                continue
            if best_dist[i, kth - 1] < goal[t]:
                break
            for q in range(starts[j], starts[j + 1]):
                candidate = members[q]
                if candidate < 0 or candidate == i:
                    continue
                d = _squared_distance(X, rows[i], X, rows[candidate], best_dist[i, k - 1])
                _insert_candidate(best_dist[i], best_idx[i], d, candidate)
    return None


@njit(parallel=True, cache=True, nogil=True)
def nearest_segment_bounds(end_dist, seg_start, seg_end, seg_length, seg_slack, out):
    """Lower bound of each query's distance to the nearest of a set of segments.

    Parameters
    ----------
    end_dist : float64 array (n_queries, n_ends)
        Distances from the queries to the segments' end points.
    seg_start, seg_end : int64 arrays (n_segments,)
        End points of each segment (columns of ``end_dist``); equal for a single point.
    seg_length : float64 array (n_segments,)
        Length of each segment.
    seg_slack : float64 array (n_segments,)
        The largest distance of a covered sample from its segment.
    out : float64 array (n_queries,)
        ``min over segments of (distance to the segment - slack)``, written in place.

    A point of a segment of length ``L`` is within ``L`` in total of its two ends, so
    ``(d_a + d_b - L) / 2`` bounds the distance to the segment from below: segments
    that cannot beat the best bound so far are skipped on that test alone. The others
    get the perpendicular distance; a segment much shorter than its distance to the
    query keeps the two-ends bound, as the perpendicular formula loses precision there.
    """
    for q in prange(end_dist.shape[0]):
        best = np.inf
        for s in range(seg_start.shape[0]):
            a, b = seg_start[s], seg_end[s]
            da, db, length = end_dist[q, a], end_dist[q, b], seg_length[s]
            bound = 0.5 * (da + db - length) - seg_slack[s]
            if bound >= best:
                continue
            if a != b and length > 1e-3 * da:
                along = 0.5 * (da * da + length * length - db * db)
                if along >= length * length:
                    distance = db
                elif along > 0.0:
                    distance = np.sqrt(max(da * da - along * along / (length * length), 0.0))
                else:
                    distance = da
                bound = max(bound, distance - seg_slack[s])
            if bound < best:
                best = bound
        out[q] = best
