"""SVM-SMOTE: over-sample around the support vectors of an SVM."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.svm import SVC

from ..base import BaseOverSampler
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, fit_searcher, neighbors_of_rows
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval
from ..utils._random import check_generator
from .generation import (
    Interpolation,
    check_class_size,
    check_sample_count,
    class_matrix,
    danger_mask,
    draw_smote_pairs,
    oversampled,
)

__all__ = ["SVMSMOTE"]


def split_support_vectors(neighbor_codes, code):
    """Classify support vectors by their foreign neighbours: noise, danger or safe.

    Returns boolean masks ``(noise, danger)``; safe is ``~noise & ~danger``. Noise: every
    neighbour is foreign; danger: at least half but not all are.
    """
    noise = np.all(neighbor_codes != code, axis=1)
    return noise, danger_mask(neighbor_codes, code)


@fill_doc
class SVMSMOTE(BaseOverSampler):
    """Over-sample around the minority support vectors of an SVM (SVM-SMOTE).

    An SVM is fitted on the whole dataset; the minority support vectors approximate the
    class border [1]_. Support vectors whose ``m_neighbors`` nearest neighbours are all of
    other classes are dropped as noise. The others are seeds:

    - a support vector *in danger* (at least half of its neighbours foreign) interpolates
      towards one of its ``k_neighbors`` same-class neighbours, step uniform in ``[0, 1)``;
    - a *safe* support vector extrapolates away from such a neighbour, step uniform in
      ``(-out_step, 0]``, pushing the class border outwards.

    A fraction drawn from Beta(10, 10) of the samples comes from danger seeds, the rest
    from safe seeds.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class); also passed
        to the default SVC.
    k_neighbors : int or object, default=5
        Same-class neighbours to interpolate towards or extrapolate from, or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` (``n_neighbors`` counts
        the sample itself).
    m_neighbors : int or object, default=10
        Neighbours over the whole dataset deciding noise and danger; int or object.
    svm_estimator : estimator, default=None
        A classifier exposing ``support_`` after ``fit``; default
        ``SVC(gamma="scale", random_state=random_state)``.
    out_step : float, default=0.5
        Largest extrapolation step from safe support vectors.
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    svm_estimator_ : estimator
        The fitted SVM.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    BorderlineSMOTE : Seeds chosen by the neighbourhood of every minority sample.

    Notes
    -----
    *What needs querying.* The SVM is fitted once per call (imbalanced-learn refits the
    same SVM for every class). The ``m_neighbors`` search is fitted on the whole dataset
    and queried with the minority support vectors only; the ``k_neighbors`` search is
    fitted on the class and queried with the surviving support vectors only. The SVM fit
    itself, at least quadratic in ``n_samples``, dominates on large data.

    Every requested sample is generated: when a class has no support vector in danger
    (or none safe), all samples come from the other group (imbalanced-learn then generates
    only that group's share). The ``sample_weight`` of a synthetic sample is interpolated
    from its parents with the same step, which for extrapolated samples is negative.

    References
    ----------
    .. [1] H. M. Nguyen, E. W. Cooper, K. Kamei, "Borderline over-sampling for imbalanced
       data classification", International Journal of Knowledge Engineering and Soft
       Data Paradigms, 3(1), 4-21, 2011.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SVMSMOTE
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = SVMSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 441), (1, 441)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "svm_estimator": [HasMethods(["fit", "predict"]), None],
        "out_step": [Interval(numbers.Real, 0, 1, closed="both")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 m_neighbors=10, svm_estimator=None, out_step=0.5, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.svm_estimator = svm_estimator
        self.out_step = out_step
        self.n_jobs = n_jobs

    def _fit_svm(self, X, codes):
        if self.svm_estimator is None:
            svm = SVC(gamma="scale", random_state=self.random_state)
        else:
            svm = clone(self.svm_estimator)
        svm.fit(X, codes)
        if not hasattr(svm, "support_"):
            raise ValueError(
                f"svm_estimator={type(svm).__name__} has no support_ attribute after fit; "
                "SVMSMOTE needs a support vector machine such as sklearn.svm.SVC."
            )
        self.svm_estimator_ = svm
        return np.asarray(svm.support_, dtype=np.int64)

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        k_searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        m_searcher, m = check_neighbors("m_neighbors", self.m_neighbors, n_jobs=self.n_jobs)
        X = data.numeric
        codes = data.target.codes
        labels = data.target.classes.tolist()
        if not any(targets.values()):
            return oversampled(data, [])
        check_sample_count("m_neighbors", m, data.n_samples)
        support = self._fit_svm(X, codes)
        fit_searcher(m_searcher, X)
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            rows = data.class_rows(code)
            check_class_size(rows.shape[0], k + 1, labels[code])
            support_rows = np.sort(support[codes[support] == code])
            noise, danger = split_support_vectors(
                codes[neighbors_of_rows(m_searcher, X, support_rows, m)], code
            )
            if noise.all():
                raise ValueError(
                    f"SVMSMOTE found {support_rows.shape[0]} support vector(s) in class "
                    f"{labels[code]!r}, all of them noise (every one of their m_neighbors="
                    f"{m} neighbours is of another class). SVM-SMOTE does not suit this "
                    "class; try BorderlineSMOTE or SMOTE."
                )
            X_class = class_matrix(X, rows)
            fit_searcher(k_searcher, X_class)
            n_danger = self._danger_share(n_new, danger.any(), (~noise & ~danger).any(),
                                          generator)
            for mask, n_group, scale in ((danger, n_danger, 1.0),
                                         (~noise & ~danger, n_new - n_danger, -self.out_step)):
                if n_group == 0:
                    continue
                local = np.searchsorted(rows, support_rows[mask])
                neighbor_index = neighbors_of_rows(k_searcher, X_class, local, k)
                seeds, neighbors, steps = draw_smote_pairs(neighbor_index, n_group, generator)
                blocks.append(Interpolation(code, rows, X_class, local[seeds], neighbors,
                                            scale * steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    @staticmethod
    def _danger_share(n_new, has_danger, has_safe, generator):
        """How many of ``n_new`` samples come from danger seeds (Beta(10, 10) share)."""
        share = int(generator.beta(10, 10) * (n_new + 1))
        if not has_safe:
            return n_new
        if not has_danger:
            return 0
        return min(share, n_new)
