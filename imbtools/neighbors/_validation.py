"""Input checks and small helpers shared by the neighbour searches."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ..utils.validation import check_feature_matrix


def _as_float_array(X):
    X = check_feature_matrix(X, accept_sparse=True)
    if sparse.issparse(X):
        X = X.toarray()
    return np.ascontiguousarray(X, dtype=np.float64)


def query_itself_mask(candidates, query_rows):
    """Which entry of each row of ``k + 1`` candidates to drop so ``k`` others remain.

    The query's own index (its first occurrence); where it is absent (exact duplicates
    outranked it), the last-ranked candidate.
    """
    own = candidates == np.asarray(query_rows, dtype=np.int64)[:, None]
    own &= np.cumsum(own, axis=1) == 1
    own[~own.any(axis=1), candidates.shape[1] - 1] = True
    return own


def _drop_self(dist, ind):
    """Remove each row's own index from k+1 results (or its last entry if absent)."""
    n, width = ind.shape
    keep = ~query_itself_mask(ind, np.arange(n))
    return dist[keep].reshape(n, width - 1), ind[keep].reshape(n, width - 1)


def _check_other_samples(k, n_samples, of=""):
    """Each sample needs ``k`` other samples (``of``: e.g. " of its class")."""
    if k + 1 > n_samples:
        raise ValueError(
            f"{k} neighbours per sample were requested, but only {n_samples} samples are "
            f"available (each sample needs k other samples{of})."
        )
