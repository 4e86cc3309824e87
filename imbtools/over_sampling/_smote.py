"""SMOTE: Synthetic Minority Over-sampling TEchnique."""

from __future__ import annotations

from ..base import BaseOverSampler
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    oversampled,
)

__all__ = ["SMOTE"]


@fill_doc
class SMOTE(BaseOverSampler):
    """Over-sample by interpolating between minority samples and their neighbours.

    For each synthetic sample SMOTE picks a sample ``a`` of the class, one of its
    ``k_neighbors`` nearest neighbours ``b`` within the same class, and returns
    ``a + u * (b - a)`` with ``u`` uniform in ``[0, 1)`` [1]_. Every class to over-sample
    is treated on its own, so multi-class targets are supported.

    Parameters
    ----------
    %(sampling_strategy_over)s
    %(random_state)s
    k_neighbors : int or object, default=5
        Number of same-class nearest neighbours to interpolate towards, or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` (for instance an
        approximate index); as in imbalanced-learn its ``n_neighbors`` counts the sample
        itself, so ``k_neighbors = n_neighbors - 1``.
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

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
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            X_class = class_matrix(data.numeric, group.rows)
            neighbor_index = neighbors_excluding_self(searcher, X_class, k)
            seeds, neighbors, steps = draw_smote_pairs(neighbor_index, group.n_new, generator)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, neighbors, steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
