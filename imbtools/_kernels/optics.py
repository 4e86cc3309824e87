"""Numba kernels of OPTICS-style density (core and reachability distances)."""

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _squared_distance(X, a, b):
    total = 0.0
    for j in range(X.shape[1]):
        diff = X[a, j] - X[b, j]
        total += diff * diff
    return total


@njit(cache=True, nogil=True)
def optics_reachability(X, core_distances, max_eps):
    """Reachability distances of OPTICS (Ankerst et al., 1999), in processing order.

    The next sample processed is the unprocessed one of smallest reachability (the first
    index among ties, so an unreached sample starts a new cluster); processing a core
    sample ``p`` (``core_distances[p] <= max_eps``) lowers the reachability of every
    unprocessed ``o`` within ``max_eps`` to ``max(core_distances[p], d(p, o))``. O(n^2)
    time, O(n) memory; no neighbour list is stored. ``X`` is C-contiguous float64.
    Serial: each of the ``n`` steps is short, and a parallel loop per step spent most of
    its time synchronising threads (SMOBD at 10^5 x 20, load 15: 67 s in the parallel
    kernel, 2.2 s for the whole fit with the serial one).

    Returns
    -------
    reachability : ndarray of shape (n_samples,), float64
        ``inf`` for the samples that start a cluster.
    """
    n = X.shape[0]
    reach = np.full(n, np.inf)
    processed = np.zeros(n, dtype=np.bool_)
    eps_sq = max_eps * max_eps
    for _ in range(n):
        point = -1
        best = np.inf
        for i in range(n):
            if not processed[i] and (point < 0 or reach[i] < best):
                point = i
                best = reach[i]
        processed[point] = True
        core = core_distances[point]
        if core > max_eps:
            continue
        for o in range(n):
            if processed[o]:
                continue
            sq = _squared_distance(X, point, o)
            if sq <= eps_sq:
                candidate = max(core, np.sqrt(sq))
                if candidate < reach[o]:
                    reach[o] = candidate
    return reach


@njit(parallel=True, cache=True, nogil=True)
def count_within_radius(X, radius):
    """Number of rows of ``X`` within ``radius`` of each row (the row itself included)."""
    n = X.shape[0]
    counts = np.zeros(n, dtype=np.int64)
    radius_sq = radius * radius
    for i in prange(n):
        total = 0
        for o in range(n):
            if _squared_distance(X, i, o) <= radius_sq:
                total += 1
        counts[i] = total
    return counts
