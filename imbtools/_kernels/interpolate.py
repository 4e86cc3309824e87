"""Numba kernels that create synthetic samples."""

from numba import njit, prange


@njit(parallel=True, cache=True, nogil=True)
def interpolate_rows(X, rows_a, rows_b, steps, out):
    """``out[i] = X[rows_a[i]] + steps[i] * (X[rows_b[i]] - X[rows_a[i]])``.

    ``X`` and ``out`` share a dtype (float32 or float64) and are C-contiguous; row
    indices are int64 and ``steps`` float64. Each thread writes its own rows of ``out``.
    """
    n_features = X.shape[1]
    for i in prange(rows_a.shape[0]):
        a = rows_a[i]
        b = rows_b[i]
        t = steps[i]
        for j in range(n_features):
            out[i, j] = X[a, j] + t * (X[b, j] - X[a, j])


@njit(parallel=True, cache=True, nogil=True)
def jitter_rows(X, rows, noise, scale, out):
    """``out[i] = X[rows[i]] + noise[i] * scale`` (smoothed bootstrap)."""
    n_features = X.shape[1]
    for i in prange(rows.shape[0]):
        r = rows[i]
        for j in range(n_features):
            out[i, j] = X[r, j] + noise[i, j] * scale[j]

