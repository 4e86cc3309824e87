"""Sandhan & Choi's guided SMOTE: interpolate along the class's principal direction."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["SandhanChoiSMOTE", "most_aligned_neighbors", "principal_direction"]


def principal_direction(X):
    """Unit eigenvector of the largest eigenvalue of the covariance of the rows of ``X``.

    The eigenvector is a *column* of the eigenvector matrix (``eigh(cov)[1][:, -1]``);
    smote_variants' ``G_SMOTE`` takes a row, which is not an eigenvector.
    """
    dense = X.toarray() if sparse.issparse(X) else np.asarray(X, dtype=np.float64)
    centred = dense - dense.mean(axis=0)
    covariance = centred.T @ centred / max(dense.shape[0] - 1, 1)
    return np.linalg.eigh(covariance)[1][:, -1]


def most_aligned_neighbors(X, neighbor_index, direction):
    """For each row, the neighbour whose offset makes the smallest angle with ``direction``.

    The angle is taken between lines (``|cos|``), since an eigenvector's sign is
    arbitrary; a neighbour equal to the row (zero offset) has ``|cos| = 0``. Ties go to
    the nearer neighbour.

    Returns
    -------
    ndarray of shape (n_rows,), int64
        Entries of ``neighbor_index``.
    """
    dense = X.toarray() if sparse.issparse(X) else X
    n, k = neighbor_index.shape
    offsets = dense[neighbor_index] - dense[:, None, :]
    norms = np.linalg.norm(offsets, axis=2)
    cosine = np.abs(offsets @ direction) / np.where(norms > 0, norms, np.inf)
    return neighbor_index[np.arange(n), np.argmax(cosine, axis=1)]


@fill_doc
class SandhanChoiSMOTE(BaseOverSampler):
    """SMOTE guided by the principal direction of the class (Sandhan & Choi's G-SMOTE).

    The over-sampling of Sandhan and Choi's partially guided hybrid sampling [1]_: the
    *hidden pattern* of the class is its principal direction, the eigenvector of the
    largest eigenvalue of its covariance matrix. Each synthetic sample picks a seed of
    the class uniformly and interpolates, at a uniform step, towards the one of the
    seed's ``k_neighbors`` nearest same-class neighbours whose offset from the seed is
    most nearly parallel to that direction. Samples are thus generated along the class's
    main axis of variation instead of in every direction.

    Not to be confused with Geometric SMOTE (Douzas & Bacao, 2019), also abbreviated
    G-SMOTE.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Same-class neighbours among which the guided one is chosen, or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` whose ``n_neighbors``
        counts the sample itself.
    n_jobs : int, default=None
        Threads for the neighbour search and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    principal_directions_ : dict
        ``{label: unit principal direction of the class}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : A neighbour chosen uniformly among the ``k`` nearest.

    Notes
    -----
    The direction is an eigenvector, a column of the eigenvector matrix; smote_variants'
    ``G_SMOTE`` takes a row of that matrix (and uses a general, not a symmetric,
    eigensolver), which is not an eigenvector unless the matrix happens to be symmetric.
    The paper's framework also under-samples the majority class and builds an ensemble;
    this class is its over-sampler only (combine it with an under-sampler in a pipeline
    for the hybrid). The paper's kernel (non-linear) variant, which needs the dense
    ``n_class x n_class`` kernel matrix, is not implemented. Angles are between lines
    (the eigenvector's sign is arbitrary). Multi-class targets: each class uses its own
    direction and neighbours. The covariance is ``n_features x n_features`` (sparse input
    is densified one class at a time).

    References
    ----------
    .. [1] T. Sandhan, J. Y. Choi, "Handling Imbalanced Datasets by Partially Guided
       Hybrid Sampling for Pattern Recognition", 22nd International Conference on
       Pattern Recognition (ICPR), 1449-1453, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SandhanChoiSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = SandhanChoiSMOTE(random_state=0).fit_resample(X, y)
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
        self.principal_directions_ = {}
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            X_class = class_matrix(data.numeric, group.rows)
            direction = principal_direction(X_class)
            self.principal_directions_[group.label] = direction
            neighbor_index = neighbors_excluding_self(searcher, X_class, k)
            guided = most_aligned_neighbors(X_class, neighbor_index, direction)
            seeds = generator.integers(0, group.rows.shape[0], size=group.n_new)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, guided[seeds],
                                        generator.random(group.n_new)))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
