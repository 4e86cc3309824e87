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
from ..neighbors import NearestNeighbors

__all__ = ["AffineRows", "other_class_neighbors", "smote_out_rows"]


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


def other_class_neighbors(X, rows, code, codes, k, *, n_jobs=None):
    """The ``k`` nearest samples of the other classes to each of ``X[rows]``.

    Parameters
    ----------
    X : ndarray or CSR matrix of shape (n_samples, n_features)
    rows : ndarray of shape (n_queries,), int
        The queries (rows of ``X`` of class ``code``).
    code : int
    codes : ndarray of shape (n_samples,)
        Class code of every row.
    k : int
    n_jobs : int, default=None

    Returns
    -------
    ndarray of shape (n_queries, k), int64
        Rows of ``X``, nearest first.
    """
    other_rows = np.flatnonzero(codes != code)
    if other_rows.shape[0] < k:
        raise ValueError(
            f"majority_neighbors={k} needs at least {k} samples of the other classes, but "
            f"there are {other_rows.shape[0]}. Lower majority_neighbors."
        )
    searcher = NearestNeighbors(n_neighbors=k, n_jobs=n_jobs).fit(X[other_rows])
    found = searcher.kneighbors(X[rows], n_neighbors=k, return_distance=False)
    return other_rows[found]


def smote_out_rows(code, X, seeds, same_class, other_class, generator):
    """SMOTE-Out's rows (Koto, 2014), given each row's three parents as rows of ``X``.

    The seed ``u`` is pushed away from its other-class neighbour ``v``:
    ``uu = u + r1 * (u - v)``, ``r1`` uniform in ``[0, 0.3)``; the new sample is
    ``x + r2 * (uu - x)`` for the seed's same-class neighbour ``x``, ``r2`` uniform in
    ``[0, 0.5)``. Its ``sample_weight`` is interpolated between ``u`` and ``x`` at step
    ``1 - r2``.
    """
    n_new = seeds.shape[0]
    r1 = 0.3 * generator.random(n_new)
    r2 = 0.5 * generator.random(n_new)
    parents = np.column_stack([same_class, seeds, other_class]).astype(np.int64)
    coefs = np.column_stack([1.0 - r2, r2 * (1.0 + r1), -r2 * r1])
    return AffineRows(code, np.arange(X.shape[0]), X, parents, coefs,
                      (seeds, same_class, 1.0 - r2))
