"""Numba kernels of the SMOTE variants that combine more than two rows, and ProWSyn's levels."""

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True, nogil=True)
def affine_rows(X, parents, coefs, out):
    """``out[i] = sum_m coefs[i, m] * X[parents[i, m]]``.

    ``X`` and ``out`` share a dtype and are C-contiguous; ``parents`` is int64 and
    ``coefs`` float64, both of shape ``(n_rows, n_parents)``. Each thread writes its own
    rows of ``out``.
    """
    n_features = X.shape[1]
    n_parents = parents.shape[1]
    for i in prange(parents.shape[0]):
        for j in range(n_features):
            out[i, j] = 0.0
        for m in range(n_parents):
            row = parents[i, m]
            c = coefs[i, m]
            for j in range(n_features):
                out[i, j] += c * X[row, j]


@njit(cache=True, nogil=True)
def mark_proximity_level(candidates, level, k, chosen):
    """One ProWSyn level from each query's sorted candidate list.

    ``candidates[q]`` lists the class samples nearest to query ``q`` (nearest first);
    ``level[p] == 0`` marks sample ``p`` as not yet assigned to a level. For each query,
    the first ``k`` unassigned candidates are set in ``chosen``. Returns the queries whose
    list holds fewer than ``k`` unassigned candidates (they need a fresh search).
    """
    n_queries, width = candidates.shape
    short = np.empty(n_queries, dtype=np.int64)
    n_short = 0
    for q in range(n_queries):
        found = 0
        for m in range(width):
            p = candidates[q, m]
            if level[p] == 0:
                chosen[p] = True
                found += 1
                if found == k:
                    break
        if found < k:
            short[n_short] = q
            n_short += 1
    return short[:n_short]
