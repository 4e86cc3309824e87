"""Numba kernel of ProWSyn's proximity levels."""

import numpy as np
from numba import njit


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
