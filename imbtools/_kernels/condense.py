"""Numba kernel for Hart's condensed nearest neighbour (one ordered pass)."""

import numpy as np
from numba import njit

from .topk import insert_sorted


@njit(cache=True, nogil=True)
def _vote(codes_row, n_classes):
    """Most frequent code of a row (smallest code on ties); -1 entries are ignored."""
    counts = np.zeros(n_classes, dtype=np.int64)
    for value in codes_row:
        if value >= 0:
            counts[value] += 1
    return np.argmax(counts)


@njit(cache=True, nogil=True)
def condense_in_order(X, own_code, best_dist, best_code, n_classes):
    """Absorb, in order, every sample the current store misclassifies.

    Parameters
    ----------
    X : float64 array (n_candidates, n_features)
        Candidate samples of one class, in the order they are visited.
    own_code : int
        Their class code.
    best_dist, best_code : arrays (n_candidates, k)
        Squared distances (ascending) and class codes of each candidate's k nearest
        samples in the initial store; updated in place as samples are absorbed.
    n_classes : int

    Returns
    -------
    absorbed : bool array (n_candidates,)

    Notes
    -----
    Absorbed samples all have ``own_code``, so a candidate classified correctly stays so:
    only the candidates still misclassified need their neighbours updated.
    """
    n = best_dist.shape[0]
    absorbed = np.zeros(n, dtype=np.bool_)
    settled = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        if settled[i]:
            continue
        if _vote(best_code[i], n_classes) == own_code:
            settled[i] = True
            continue
        absorbed[i] = True
        settled[i] = True
        for j in range(i + 1, n):
            if settled[j]:
                continue
            d = 0.0
            for f in range(X.shape[1]):
                diff = X[j, f] - X[i, f]
                d += diff * diff
            insert_sorted(best_dist[j], best_code[j], d, own_code)
    return absorbed
