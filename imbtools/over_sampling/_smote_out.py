"""SMOTE-Out: push the seed away from its nearest other-class samples, then interpolate."""

from __future__ import annotations

import numbers

import numpy as np

from ..base import BaseOverSampler
from ..neighbors import (
    NEIGHBORS_CONSTRAINT,
    NearestNeighbors,
    check_neighbors,
    neighbors_excluding_self,
)
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval
from .generation import (
    AffineRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    oversampled,
)

__all__ = ["SMOTEOut", "other_class_neighbors", "smote_out_rows"]


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


@fill_doc
class SMOTEOut(BaseOverSampler):
    """Over-sample outside the segment: away from the other classes, then towards a neighbour.

    For each synthetic sample SMOTE-Out picks a seed ``u`` of the class, one of its
    ``majority_neighbors`` nearest samples of the other classes ``v`` and one of its
    ``k_neighbors`` nearest samples of its own class ``x``. The seed is first pushed
    away from ``v``: ``uu = u + r1 * (u - v)`` with ``r1`` uniform in ``[0, 0.3)``; the
    new sample is ``x + r2 * (uu - x)`` with ``r2`` uniform in ``[0, 0.5)`` [1]_. New
    samples thus also fall outside the segments between class samples, on the side away
    from the other classes.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Nearest samples of the seed's own class to draw ``x`` from, or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` whose ``n_neighbors``
        counts the sample itself.
    majority_neighbors : int, default=5
        Nearest samples of the other classes to draw ``v`` from.
    n_jobs : int, default=None
        Threads for the neighbour searches and the generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTECosine : SMOTE-Out whose same-class neighbours are voted by Euclidean distance
        and cosine similarity.
    SelectedSMOTE : SMOTE on the significant attributes only (same paper).

    Notes
    -----
    The paper states the algorithm for two classes; here "majority" is every other
    class, so each class to over-sample is pushed away from all the others. It uses
    one number of neighbours ``k`` for both searches; the two are separate parameters
    here, both defaulting to the paper's 5. ``r1`` and ``r2`` are one number per new
    sample (the paper's ``rand(0, 0.3)`` and ``rand(0, 0.5)`` scale the difference
    vectors; smote_variants draws one number per feature). The seeds are drawn
    uniformly from the class, as SMOTE's.

    The other-class search is fitted on the other classes and queried with the class's
    samples only (cost ``n_class * n_other``, memory ``n_class * majority_neighbors``).
    The ``sample_weight`` of a new sample is interpolated between ``u`` and ``x`` at
    step ``1 - r2``.

    References
    ----------
    .. [1] F. Koto, "SMOTE-Out, SMOTE-Cosine, and Selected-SMOTE: An enhancement
       strategy to handle imbalance in data level", International Conference on
       Advanced Computer Science and Information Systems (ICACSIS), 280-284, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SMOTEOut
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 898), (1, 102)]
    >>> X_res, y_res = SMOTEOut(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "majority_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 majority_neighbors=5, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.majority_neighbors = majority_neighbors
        self.n_jobs = n_jobs

    def _same_class_neighbors(self, searcher, X_class, k):
        """Each class sample's ``k`` same-class neighbours (positions in the class)."""
        return neighbors_excluding_self(searcher, X_class, k)

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        X = data.numeric
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            X_class = class_matrix(X, group.rows)
            same_index = self._same_class_neighbors(searcher, X_class, k)
            other_index = other_class_neighbors(X, group.rows, group.code, data.target.codes,
                                                self.majority_neighbors, n_jobs=self.n_jobs)
            seeds, same, _ = draw_smote_pairs(same_index, group.n_new, generator)
            picks = generator.integers(0, other_index.shape[1], size=group.n_new)
            blocks.append(smote_out_rows(group.code, X, group.rows[seeds], group.rows[same],
                                         other_index[seeds, picks], generator))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
