"""Borderline-SMOTE: over-sample only the minority samples near the class border."""

from __future__ import annotations

import warnings

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import (
    NEIGHBORS_CONSTRAINT,
    NearestNeighbors,
    check_neighbors,
    fit_searcher,
    neighbors_of_rows,
)
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, StrOptions
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

__all__ = ["BorderlineSMOTE"]


def _contiguous(X):
    return X if sparse.issparse(X) else np.ascontiguousarray(X)


@fill_doc
class BorderlineSMOTE(BaseOverSampler):
    """Over-sample the minority samples lying on the class border (Borderline-SMOTE).

    A minority sample is *in danger* when at least half, but not all, of its
    ``m_neighbors`` nearest neighbours in the whole dataset belong to other classes.
    Only samples in danger are used as seeds [1]_:

    - ``kind="borderline-1"``: SMOTE between the seed and one of its ``k_neighbors``
      nearest neighbours of the same class, at a step uniform in ``[0, 1)``;
    - ``kind="borderline-2"``: the neighbour is one of the seed's ``k_neighbors`` nearest
      neighbours in the whole dataset; towards a neighbour of another class the step is
      uniform in ``[0, 0.5)``, so the new sample stays on the minority side.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Neighbours to interpolate towards, or a scikit-learn-like object with ``fit``
        and ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    m_neighbors : int or object, default=10
        Neighbours (over the whole dataset) that decide whether a sample is in danger;
        an int or an object as for ``k_neighbors``.
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
        The variant (see above).
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples requested}``.
    in_danger_indices_ : dict
        ``{label: indices of the samples in danger}`` (row positions in ``X``).
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Seeds drawn from every minority sample.
    SVMSMOTE : Seeds chosen from the support vectors of an SVM.
    ADASYN : More samples from seeds with more foreign neighbours.

    Notes
    -----
    *What needs querying.* Deciding danger needs the ``m_neighbors`` of the minority
    samples only, so the search is fitted once on the whole dataset and queried with the
    rows of the class being over-sampled: cost ``n_class * n_samples`` instead of
    ``n_samples ** 2``. Borderline-1 then needs same-class neighbours of the danger samples
    only (a search within the class). Borderline-2 needs the ``k_neighbors`` of the danger
    samples in the whole dataset: when both neighbour parameters are ints and
    ``k_neighbors <= m_neighbors`` these are the first ``k_neighbors`` columns of the
    danger query already made, so no second search over the whole dataset runs.

    When a class has no sample in danger, no sample is generated for it (a
    ``UserWarning`` says so), as in imbalanced-learn, so the class counts match
    imbalanced-learn's. Borderline-2 draws the step towards a foreign neighbour
    uniformly in ``[0, 0.5)`` as the paper states; imbalanced-learn multiplies two
    uniform draws instead (same range, different distribution).

    Output: original samples in their order, then synthetic samples grouped by class; the
    ``sample_weight`` of a synthetic sample is interpolated from its two parents (for
    borderline-2, possibly a sample of another class).

    References
    ----------
    .. [1] H. Han, W.-Y. Wang, B.-H. Mao, "Borderline-SMOTE: A New Over-Sampling Method
       in Imbalanced Data Sets Learning", International Conference on Intelligent
       Computing (ICIC), LNCS 3644, 878-887, 2005.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import BorderlineSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 877), (1, 123)]
    >>> X_res, y_res = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 877), (1, 877)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "kind": [StrOptions({"borderline-1", "borderline-2"})],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 n_jobs=None, m_neighbors=10, kind="borderline-1"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs
        self.m_neighbors = m_neighbors
        self.kind = kind

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        k_searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        m_searcher, m = check_neighbors("m_neighbors", self.m_neighbors, n_jobs=self.n_jobs)
        X = data.numeric
        codes = data.target.codes
        labels = data.target.classes.tolist()
        reuse_danger_query = (
            self.kind == "borderline-2"
            and isinstance(m_searcher, NearestNeighbors)
            and isinstance(k_searcher, NearestNeighbors)
            and k <= m
        )
        searched_all = False
        self.in_danger_indices_ = {}
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            rows = data.class_rows(code)
            if not searched_all:
                check_sample_count("m_neighbors", m, data.n_samples)
                fit_searcher(m_searcher, X)
                searched_all = True
            m_index = neighbors_of_rows(m_searcher, X, rows, m)
            in_danger = danger_mask(codes[m_index], code)
            danger_rows = rows[in_danger]
            self.in_danger_indices_[labels[code]] = danger_rows
            if danger_rows.shape[0] == 0:
                warnings.warn(
                    f"BorderlineSMOTE found no sample in danger in class {labels[code]!r} "
                    f"(none has between m_neighbors/2={m / 2:g} and m_neighbors={m} "
                    "neighbours of other classes), so it generated no sample for this "
                    "class. Raise m_neighbors, or use SMOTE for this class.",
                    UserWarning,
                    stacklevel=3,
                )
                continue
            if self.kind == "borderline-1":
                blocks.append(
                    self._borderline_1(X, rows, in_danger, code, n_new, k_searcher, k,
                                       labels[code], generator)
                )
                continue
            if reuse_danger_query:
                k_index = m_index[in_danger, :k]
            else:
                check_sample_count("k_neighbors", k, data.n_samples)
                k_index = neighbors_of_rows(fit_searcher(k_searcher, X), X, danger_rows, k)
            blocks.append(_borderline_2(X, codes, danger_rows, k_index, code, n_new, generator))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    @staticmethod
    def _borderline_1(X, rows, in_danger, code, n_new, searcher, k, label, generator):
        """SMOTE from the danger samples towards their same-class neighbours."""
        check_class_size(rows.shape[0], k + 1, label)
        X_class = class_matrix(X, rows)
        danger_local = np.flatnonzero(in_danger)
        fit_searcher(searcher, X_class)
        neighbor_index = neighbors_of_rows(searcher, X_class, danger_local, k)
        seeds, neighbors, steps = draw_smote_pairs(neighbor_index, n_new, generator)
        return Interpolation(code, rows, X_class, danger_local[seeds], neighbors, steps)


def _borderline_2(X, codes, danger_rows, k_index, code, n_new, generator):
    """SMOTE from the danger samples towards any neighbour; half steps to foreign ones."""
    seeds, neighbors, steps = draw_smote_pairs(k_index, n_new, generator)
    steps[codes[neighbors] != code] *= 0.5
    all_rows = np.arange(X.shape[0])
    return Interpolation(code, all_rows, _contiguous(X), danger_rows[seeds], neighbors, steps)
