"""Safe-Level-SMOTE: interpolate closer to the safer of two minority samples."""

from __future__ import annotations

import numpy as np
from scipy import sparse

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
from .generation import (
    ExplicitRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["SafeLevelSMOTE", "safe_level_gap_bounds"]


def safe_level_gap_bounds(slp, sln):
    """The interval of the gap for each (seed, neighbour) pair, by the paper's five cases.

    With ``sl_ratio = slp / sln`` (infinite when ``sln == 0``):

    1. ``sln == 0`` and ``slp == 0``: no sample (both are noise); returned as ``(nan, nan)``;
    2. ``sln == 0`` and ``slp > 0``: gap ``0`` (the seed is duplicated);
    3. ``sl_ratio == 1``: gap in ``[0, 1]``;
    4. ``sl_ratio > 1``: gap in ``[0, 1 / sl_ratio]`` (closer to the safer seed);
    5. ``sl_ratio < 1``: gap in ``[1 - sl_ratio, 1]`` (closer to the safer neighbour).

    Parameters
    ----------
    slp, sln : ndarray of shape (n_pairs,), int
        Safe levels of the seeds and of their chosen neighbours.

    Returns
    -------
    low, high : ndarray of shape (n_pairs,), float
    """
    slp = np.asarray(slp, dtype=np.float64)
    sln = np.asarray(sln, dtype=np.float64)
    low = np.zeros(slp.shape)
    high = np.ones(slp.shape)
    neighbor_unsafe = sln == 0
    ratio = np.divide(slp, sln, out=np.full(slp.shape, np.inf), where=~neighbor_unsafe)
    case_4 = ~neighbor_unsafe & (ratio > 1)
    case_5 = ~neighbor_unsafe & (ratio < 1)
    high[case_4] = 1.0 / ratio[case_4]
    low[case_5] = 1.0 - ratio[case_5]
    high[neighbor_unsafe] = 0.0
    both_noise = neighbor_unsafe & (slp == 0)
    low[both_noise] = np.nan
    high[both_noise] = np.nan
    return low, high


@fill_doc
class SafeLevelSMOTE(BaseOverSampler):
    """Over-sample along SMOTE's segments, closer to the end with the higher safe level.

    The *safe level* of a sample is the number of samples of its own class among its
    ``k_neighbors`` nearest neighbours in the whole dataset [1]_. Like SMOTE, each synthetic
    sample joins a seed ``p`` of the class to one of its ``k_neighbors`` nearest same-class
    neighbours ``n``; its position ``p + gap * (n - p)`` depends on the safe-level ratio
    ``slp / sln`` of the pair (see :func:`safe_level_gap_bounds` for the five cases): a
    pair of two noise samples generates nothing, a neighbour that is noise duplicates the
    seed, and otherwise the gap is drawn so that the sample lies nearer the safer end.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Neighbours that define the safe levels (in the whole dataset) and the candidate
        neighbours ``n`` (in the class), or a scikit-learn-like object with ``fit`` and
        ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    n_jobs : int, default=None
        Threads for the neighbour searches (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    safe_levels_ : dict
        ``{label: ndarray of the safe level of each sample of the class}`` (for the classes
        over-sampled; in the order of the class's rows in ``X``).
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Uniform steps on the same segments.
    BorderlineSMOTE : Seeds restricted to the class border.

    Notes
    -----
    *Gap per attribute.* The paper's pseudo-code draws a new random gap inside its loop
    over attributes, so a synthetic sample lies in the box spanned by ``p`` and ``n``
    (within the case's gap interval on every attribute), not on the segment. This is
    implemented as published. The ``sample_weight`` of a synthetic sample is interpolated
    between its parents at the mean of its gaps.

    *Exact counts.* The paper loops over the seeds and skips a pair of two noise samples
    (case 1), so it generates fewer samples than asked. Here each synthetic sample draws
    its (seed, neighbour) pair uniformly among the pairs that are not case 1 (the same
    distribution as drawing a pair as SMOTE does and redrawing case-1 pairs), so exactly
    the requested number is generated. When every pair is case 1 (every sample of the
    class and its neighbours have no same-class neighbour), a ``ValueError`` says so.

    *Safe level of the neighbour.* ``n`` is a sample of the class, so its safe level is
    counted exactly as the seed's. A sample is never its own neighbour; the rest of the
    whole dataset (other classes included) defines the safe levels. Multi-class targets:
    each class is treated against all other samples.

    References
    ----------
    .. [1] C. Bunkhumpornpat, K. Sinapiromsaran, C. Lursinsap, "Safe-Level-SMOTE:
       Safe-Level-Synthetic Minority Over-Sampling TEchnique for Handling the Class
       Imbalanced Problem", Advances in Knowledge Discovery and Data Mining (PAKDD 2009),
       LNCS 5476, 475-482, 2009.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SafeLevelSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 898), (1, 102)]
    >>> X_res, y_res = SafeLevelSMOTE(random_state=0).fit_resample(X, y)
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
        class_searcher, _ = check_neighbors("k_neighbors", self.k_neighbors,
                                            n_jobs=self.n_jobs)
        X = data.numeric
        codes = data.target.codes
        self.safe_levels_ = {}
        blocks = []
        groups = classes_to_oversample(data, targets, min_samples=k + 1)
        if groups:
            fit_searcher(searcher, X)
        for group in groups:
            all_index = neighbors_of_rows(searcher, X, group.rows, k)
            safe_levels = np.count_nonzero(codes[all_index] == group.code, axis=1)
            self.safe_levels_[group.label] = safe_levels
            X_class = class_matrix(X, group.rows)
            class_index = neighbors_excluding_self(class_searcher, X_class, k)
            blocks.append(_safe_level_block(group, X_class, class_index, safe_levels,
                                            generator))
        return oversampled(data, blocks, n_jobs=self.n_jobs)


def _safe_level_block(group, X_class, class_index, safe_levels, generator):
    """Draw ``group.n_new`` non-case-1 pairs and place each sample by its gap interval."""
    k = class_index.shape[1]
    slp = np.repeat(safe_levels, k)
    sln = safe_levels[class_index.ravel()]
    usable = np.flatnonzero((slp > 0) | (sln > 0))
    if usable.shape[0] == 0:
        raise ValueError(
            f"SafeLevelSMOTE cannot generate samples for class {group.label!r}: every "
            "sample of the class and each of its k_neighbors same-class neighbours has a "
            "safe level of 0 (no same-class sample among its k_neighbors nearest "
            "neighbours), the paper's case 1 where no sample is generated. Raise "
            "k_neighbors, or use SMOTE or RandomOverSampler for this class."
        )
    pairs = usable[generator.integers(0, usable.shape[0], size=group.n_new)]
    seeds = pairs // k
    neighbors = class_index[seeds, pairs % k]
    low, high = safe_level_gap_bounds(safe_levels[seeds], safe_levels[neighbors])
    n_features = X_class.shape[1]
    gaps = low[:, None] + (high - low)[:, None] * generator.random((group.n_new, n_features))
    start = _dense_rows(X_class, seeds)
    values = start + gaps * (_dense_rows(X_class, neighbors) - start)
    if sparse.issparse(X_class):
        values = sparse.csr_matrix(values)
    return ExplicitRows(group.code, values, group.rows[seeds], group.rows[neighbors],
                        gaps.mean(axis=1))


def _dense_rows(X, rows):
    return X[rows].toarray() if sparse.issparse(X) else X[rows]
