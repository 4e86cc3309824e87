"""Majority vote over neighbour labels: the Numba kernel, or its NumPy twin on small input."""

from __future__ import annotations

import numpy as np

from ._parallel import NUMPY_MAX_WORK

__all__ = ["row_modes"]


def row_modes(labels):
    """Most frequent value of each row of an int matrix, the smallest one on ties.

    Up to ``NUMPY_MAX_WORK`` pairwise comparisons it runs in NumPy (a small call then
    never starts Numba); beyond, :func:`imbtools._kernels.votes.row_modes`. Both give
    the same result.
    """
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    n, k = labels.shape
    if n * k * k > NUMPY_MAX_WORK:
        from .._kernels.votes import row_modes as kernel

        return kernel(labels)
    if k == 0:
        return np.zeros(n, dtype=np.int64)  # no neighbours, no vote
    counts = (labels[:, :, None] == labels[:, None, :]).sum(axis=2)
    # by count, largest first, then by value, smallest first
    first = np.lexsort((labels, -counts), axis=1)[:, 0]
    return labels[np.arange(n), first]
