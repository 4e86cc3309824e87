"""SMOTE: Synthetic Minority Over-sampling TEchnique."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .._kernels.interpolate import interpolate_rows
from ..base import BaseOverSampler, Resampled, SyntheticRows
from ..neighbors import (
    NEIGHBORS_CONSTRAINT,
    check_neighbors,
    neighbors_excluding_self,
)
from ..utils._parallel import numba_thread_limit
from ..utils._param_validation import N_JOBS_CONSTRAINT
from ..utils._random import check_generator

__all__ = ["SMOTE", "draw_smote_pairs"]


def draw_smote_pairs(neighbor_index, n_new, generator):
    """Draw SMOTE's (seed, neighbour, step) triples for one class.

    Each synthetic sample picks a seed sample uniformly, one of its ``k`` neighbours
    uniformly, and a step uniformly in ``[0, 1)``.

    Parameters
    ----------
    neighbor_index : ndarray of shape (n_class_samples, k)
        Row ``i`` holds the ``k`` nearest same-class neighbours of sample ``i``.
    n_new : int
        Number of synthetic samples.
    generator : numpy.random.Generator
        The fit's generator (created once per fit and passed down).

    Returns
    -------
    seeds, neighbors : ndarray of shape (n_new,), int64
        Class-local row indices of the two end points.
    steps : ndarray of shape (n_new,), float64
    """
    n_samples, k = neighbor_index.shape
    draws = generator.integers(0, n_samples * k, size=n_new, dtype=np.int64)
    seeds = draws // k
    neighbors = neighbor_index[seeds, draws % k]
    steps = generator.random(n_new)
    return seeds, neighbors, steps


class SMOTE(BaseOverSampler):
    """Over-sample by interpolating between minority samples and their neighbours.

    For each synthetic sample SMOTE picks a sample ``a`` of the class, one of its
    ``k_neighbors`` nearest neighbours ``b`` within the same class, and returns
    ``a + u * (b - a)`` with ``u`` uniform in ``[0, 1)`` [1]_. Every class to over-sample
    is treated on its own, so multi-class targets are supported.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate.

        - float (binary only): desired ratio ``n_minority / n_majority`` after resampling.
        - ``"minority"``: only the minority class; ``"not minority"``, ``"not majority"``,
          ``"all"``: those classes, each up to the majority count; ``"auto"`` is
          ``"not majority"``.
        - dict ``{label: n_samples}``: desired size of each listed class.
        - callable: ``f(y) -> dict`` as above.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator. One generator is created per fit and drives every class,
        so different classes get independent draws.
    k_neighbors : int or object, default=5
        Number of same-class nearest neighbours to interpolate towards, or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` (for instance an
        approximate index); as in imbalanced-learn its ``n_neighbors`` counts the sample
        itself, so ``k_neighbors = n_neighbors - 1``.
    n_jobs : int, default=None
        Threads for the neighbour search and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    n_features_in_ : int
        Number of features seen in ``fit_resample``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` was a DataFrame with string column names.

    See Also
    --------
    RandomOverSampler : Duplicate minority samples (optionally with smoothing).

    Notes
    -----
    Output: the original samples in their order, then the synthetic samples grouped by
    class. Synthetic samples are floating point; in a DataFrame, integer and boolean
    columns become ``float64`` and non-numeric columns raise a ``TypeError``.
    ``sample_weight`` of a synthetic sample is interpolated from its two parents.

    Only same-class neighbours are searched, with the exact neighbour engine of
    :mod:`imbtools.neighbors`; the generation runs in one Numba kernel that writes into
    the output array, so dense output costs a single allocation.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE: Synthetic
       Minority Over-sampling Technique", Journal of Artificial Intelligence Research,
       16, 321-357, 2002.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 898), (1, 102)]
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        X = data.numeric
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            rows = data.class_rows(code)
            _check_class_size(rows.shape[0], k, data.target.classes.tolist()[code])
            X_class = X[rows] if sparse.issparse(X) else np.ascontiguousarray(X[rows])
            neighbor_index = neighbors_excluding_self(searcher, X_class, k)
            seeds, neighbors, steps = draw_smote_pairs(neighbor_index, n_new, generator)
            blocks.append((code, rows, X_class, seeds, neighbors, steps))
        return Resampled(np.arange(data.n_samples), _synthetic_rows(blocks, self.n_jobs))


def _check_class_size(n_class, k, label, param="k_neighbors"):
    if n_class < k + 1:
        raise ValueError(
            f"{param}={k} needs at least {k + 1} samples in each class to over-sample, "
            f"but class {label!r} has {n_class}. Lower {param} to at most "
            f"{max(n_class - 1, 0)}, or use RandomOverSampler for this class."
        )


def _synthetic_rows(blocks, n_jobs):
    """Describe the synthetic rows of every class as one :class:`SyntheticRows`."""
    if not blocks:
        empty = np.empty(0, dtype=np.int64)
        return SyntheticRows(empty, empty, empty, np.empty(0))
    codes = np.concatenate([np.full(b[3].shape[0], b[0], dtype=np.intp) for b in blocks])
    parent_a = np.concatenate([rows[seeds] for _, rows, _, seeds, _, _ in blocks])
    parent_b = np.concatenate([rows[nbrs] for _, rows, _, _, nbrs, _ in blocks])
    step = np.concatenate([b[5] for b in blocks])

    if sparse.issparse(blocks[0][2]):
        parts = []
        for _, _, X_class, seeds, nbrs, steps in blocks:
            start = X_class[seeds]
            parts.append(start + sparse.diags(steps) @ (X_class[nbrs] - start))
        return SyntheticRows(codes, parent_a, parent_b, step, rows=sparse.vstack(parts).tocsr())

    def fill(out):
        offset = 0
        with numba_thread_limit(n_jobs):
            for _, _, X_class, seeds, nbrs, steps in blocks:
                stop = offset + seeds.shape[0]
                interpolate_rows(X_class, seeds, nbrs, steps, out[offset:stop])
                offset = stop

    return SyntheticRows(codes, parent_a, parent_b, step, fill=fill)
