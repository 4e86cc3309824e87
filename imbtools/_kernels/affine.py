"""Numba kernel of :class:`~imbtools.over_sampling.generation.AffineRows`."""

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
