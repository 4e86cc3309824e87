"""Synthetic rows that combine several parent rows (shared by the SMOTE variants of issue 14).

:class:`AffineRows` is a block for :func:`imbtools.over_sampling.generation.oversampled`,
like ``Interpolation`` but with any number of parents per row:
``row i = sum_m coefs[i, m] * source[parent_rows[i, m]]``. Dense rows are written by a Numba
kernel straight into the output; sparse rows are built with sparse products.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .._kernels.affine import affine_rows

__all__ = ["AffineRows"]


@dataclass(frozen=True)
class AffineRows:
    """Synthetic rows ``sum_m coefs[:, m] * source[parent_rows[:, m]]``.

    Attributes
    ----------
    code : int
        Class code of every row.
    rows : ndarray of shape (n_source,), int64
        The row of ``X`` that each row of ``source`` is.
    source : ndarray or CSR matrix of shape (n_source, n_features)
    parent_rows : ndarray of shape (n_new, n_parents), int64
        Rows of ``source``.
    coefs : ndarray of shape (n_new, n_parents), float64
    weight_parents : tuple of (ndarray, ndarray, ndarray)
        ``(a, b, step)``, rows of ``source`` and a step, that give each row's
        ``sample_weight`` (``(1 - step) * w[a] + step * w[b]``) and its
        ``sample_indices_`` entry (``a``).
    """

    code: int
    rows: np.ndarray
    source: object
    parent_rows: np.ndarray
    coefs: np.ndarray
    weight_parents: tuple

    @property
    def n_rows(self):
        return self.parent_rows.shape[0]

    def write_into(self, out):
        source = self.source.toarray() if sparse.issparse(self.source) else self.source
        affine_rows(np.ascontiguousarray(source, dtype=out.dtype), self.parent_rows,
                    self.coefs, out)

    def sparse_rows(self):
        result = None
        for m in range(self.parent_rows.shape[1]):
            term = sparse.diags(self.coefs[:, m]) @ self.source[self.parent_rows[:, m]]
            result = term if result is None else result + term
        return sparse.csr_matrix(result)

    def parents(self):
        a, b, step = self.weight_parents
        return self.rows[a], self.rows[b], step
