"""ADASYN: adaptive synthetic sampling, more samples where the class is harder to learn."""

from __future__ import annotations

import numpy as np

from ..base import BaseOverSampler
from ..neighbors import (
    NEIGHBORS_CONSTRAINT,
    check_neighbors,
    fit_searcher,
    neighbors_excluding_self,
    neighbors_of_rows,
)
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT
from ..utils._random import check_generator
from .generation import (
    Interpolation,
    adasyn_counts,
    check_class_size,
    class_matrix,
    oversampled,
)

__all__ = ["ADASYN"]


@fill_doc
class ADASYN(BaseOverSampler):
    """Over-sample with ADASYN: more synthetic samples next to harder minority samples.

    Each minority sample ``i`` gets a weight ``r_i``, the fraction of its
    ``n_neighbors`` nearest neighbours (in the whole dataset) that belong to other
    classes. The samples requested for the class are shared among seeds in proportion
    to ``r_i`` [1]_; each synthetic sample is then built as in SMOTE, on the segment
    between its seed and one of the seed's ``n_neighbors`` nearest same-class neighbours,
    at a step uniform in ``[0, 1)``.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    n_neighbors : int or object, default=5
        Neighbours used both for the weights and for the interpolation, or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` whose ``n_neighbors``
        counts the sample itself.
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples requested}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Seeds drawn uniformly.
    BorderlineSMOTE : Seeds restricted to samples near the border.

    Notes
    -----
    *What needs querying.* The weights need the neighbours of the minority samples only:
    the search is fitted once on the whole dataset and queried with the rows of the class
    being over-sampled (``n_class * n_samples`` work instead of ``n_samples ** 2``). The
    interpolation needs same-class neighbours, a search within the class.

    The number generated per seed is rounded on its own, as in imbalanced-learn, so the
    class total can differ slightly from the requested count; it equals imbalanced-learn's
    total on the same data. Output: original samples in their order, then synthetic
    samples grouped by class, seeds in increasing row order.

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia, S. Li, "ADASYN: Adaptive Synthetic Sampling
       Approach for Imbalanced Learning", IEEE International Joint Conference on Neural
       Networks (IJCNN), 1322-1328, 2008.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import ADASYN
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 877), (1, 123)]
    >>> X_res, y_res = ADASYN(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 877), (1, 885)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5,
                 n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("n_neighbors", self.n_neighbors, n_jobs=self.n_jobs)
        X = data.numeric
        codes = data.target.codes
        labels = data.target.classes.tolist()
        fitted_on_all = False
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            rows = data.class_rows(code)
            check_class_size(rows.shape[0], k + 1, labels[code], "n_neighbors")
            if not fitted_on_all:
                fit_searcher(searcher, X)
                fitted_on_all = True
            foreign_index = neighbors_of_rows(searcher, X, rows, k)
            per_seed = adasyn_counts(codes[foreign_index], code, n_new, labels[code])
            X_class = class_matrix(X, rows)
            class_searcher = check_neighbors("n_neighbors", self.n_neighbors,
                                             n_jobs=self.n_jobs)[0]
            neighbor_index = neighbors_excluding_self(class_searcher, X_class, k)
            seeds = np.repeat(np.arange(rows.shape[0]), per_seed)
            picks = generator.integers(0, k, size=seeds.shape[0])
            steps = generator.random(seeds.shape[0])
            blocks.append(Interpolation(code, rows, X_class, seeds, neighbor_index[seeds, picks],
                                        steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
