"""ProWSyn: Proximity Weighted Synthetic over-sampling."""

from __future__ import annotations

import numbers

import numpy as np

from .._kernels.proximity import mark_proximity_level
from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["ProWSyn", "level_counts", "proximity_levels"]


def proximity_levels(X_class, X_other, k, n_levels, *, n_jobs=None):
    """The proximity level (1 to ``n_levels``) of each sample of a class.

    Level 1 holds the class samples that are among the ``k`` nearest class samples of
    some other-class sample; they are then removed and level 2 is found the same way
    among the remaining class samples, and so on; what remains after ``n_levels - 1``
    levels is level ``n_levels``.

    One search gives every other-class sample its ``2 * k`` nearest class samples; a
    level takes, for each, the first ``k`` not yet in a level. Only the other-class
    samples whose list runs out are searched again, among the remaining class samples
    (a smaller search each level), so the levels are exact.

    Parameters
    ----------
    X_class : ndarray or CSR matrix of shape (n_class, n_features)
    X_other : ndarray or CSR matrix of shape (n_other, n_features)
    k : int
    n_levels : int
    n_jobs : int, default=None

    Returns
    -------
    ndarray of shape (n_class,), int64
    """
    n_class = X_class.shape[0]
    level = np.zeros(n_class, dtype=np.int64)
    width = min(n_class, 2 * k)
    if n_levels > 1:
        searcher = NearestNeighbors(n_neighbors=width, n_jobs=n_jobs).fit(X_class)
        candidates = searcher.kneighbors(X_other, return_distance=False)
    for current in range(1, n_levels):
        remaining = np.flatnonzero(level == 0)
        if remaining.shape[0] == 0:
            break
        k_level = min(k, remaining.shape[0])
        chosen = np.zeros(n_class, dtype=np.bool_)
        short = mark_proximity_level(candidates, level, k_level, chosen)
        if short.shape[0]:
            fresh = NearestNeighbors(n_neighbors=k_level, n_jobs=n_jobs).fit(
                X_class[remaining]).kneighbors(X_other[short], return_distance=False)
            chosen[remaining[fresh.ravel()]] = True
        level[chosen] = current
    level[level == 0] = n_levels
    return level


def level_counts(levels, n_levels, theta, n_new):
    """Samples to create from each level: ``n_new`` shared in proportion to the weights.

    Level ``i`` weighs ``exp(-theta * (i - 1))``; empty levels weigh nothing. The
    shares are rounded by largest remainder, so they sum to ``n_new`` exactly.

    Returns
    -------
    ndarray of shape (n_levels,), int64
        Entry ``i - 1`` is the count of level ``i``.
    """
    sizes = np.bincount(levels, minlength=n_levels + 1)[1:]
    weights = np.exp(-theta * np.arange(n_levels)) * (sizes > 0)
    shares = n_new * weights / weights.sum()
    counts = np.floor(shares).astype(np.int64)
    order = np.argsort(-(shares - counts), kind="stable")
    counts[order[: n_new - counts.sum()]] += 1
    return counts


def draw_level_pairs(levels, counts, generator):
    """For each new sample: a seed and a distinct partner drawn from the same level.

    Returns positions in the class (a one-sample level pairs its sample with itself).
    """
    seeds, partners = [], []
    for level, count in enumerate(counts, start=1):
        members = np.flatnonzero(levels == level)
        if count == 0:
            continue
        first = generator.integers(0, members.shape[0], size=count)
        if members.shape[0] == 1:
            second = first
        else:
            second = (first + 1 + generator.integers(0, members.shape[0] - 1, size=count))
            second %= members.shape[0]
        seeds.append(members[first])
        partners.append(members[second])
    return np.concatenate(seeds), np.concatenate(partners)


@fill_doc
class ProWSyn(BaseOverSampler):
    """Over-sample each proximity level of the class, more where it is nearer the border.

    ProWSyn partitions the class into ``n_levels`` proximity levels by their distance
    to the other classes: the class samples among the ``k_neighbors`` nearest class
    samples of any other-class sample form level 1; they are set aside and level 2 is
    found the same way, and so on; what is left forms the last level. Level ``i``
    weighs ``exp(-theta * (i - 1))`` and receives that share of the new samples; each
    new sample is ``x + u * (y - x)`` for two samples ``x``, ``y`` of the same level
    and ``u`` uniform in ``[0, 1)`` [1]_. The weights fall with the distance to the
    border, without the extreme weights that ADASYN-style density ratios can give.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int, default=5
        Class samples each other-class sample claims per level (the paper's ``K``).
    n_levels : int, default=5
        Number of proximity levels (the paper's ``L``).
    theta : float, default=1.0
        How fast the level weights fall (the paper's ``theta``); 0 weighs all levels
        equally.
    n_jobs : int, default=None
        Threads for the neighbour search and the generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    proximity_levels_ : dict
        ``{label: ndarray of shape (n_class,)}``, the level (1 to ``n_levels``) of each
        sample of the class, in the order of the class's rows in ``X``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    ADASYN : Weights from the share of other-class neighbours.
    BorderlineSMOTE : Only seeds near the border.

    Notes
    -----
    Multi-class: the "majority samples" of the paper are all samples of the other
    classes. When the class runs out before ``n_levels`` levels, the later levels are
    empty and get no samples. A level's weight is shared by its samples (the level
    receives ``n_new * w_i / sum(w)`` new samples whatever its size), as in
    smote_variants' implementation; both seeds are drawn uniformly within the level,
    the partner distinct from the seed unless the level holds one sample (then the new
    sample duplicates it). Counts are rounded by largest remainder so that exactly the
    requested number is created; smote_variants draws the level of each new sample at
    random.

    Cost: one search of the ``2 * k_neighbors`` nearest class samples of every
    other-class sample (memory ``n_other * 2 * k_neighbors`` indices); each level is
    read from these lists, and only the other-class samples whose list runs out are
    searched again, among the remaining class samples (fewer at each level), so the
    levels are those of the paper's loop.

    References
    ----------
    .. [1] S. Barua, M. M. Islam, K. Murase, "ProWSyn: Proximity Weighted Synthetic
       Oversampling Technique for Imbalanced Data Set Learning", Advances in Knowledge
       Discovery and Data Mining (PAKDD 2013), LNCS 7819, 317-328, 2013.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import ProWSyn
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sampler = ProWSyn(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    >>> sorted(Counter(sampler.proximity_levels_[1].tolist()).items())
    [(1, 93), (2, 9)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_levels": [Interval(numbers.Integral, 1, None, closed="left")],
        "theta": [Interval(numbers.Real, 0, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 n_levels=5, theta=1.0, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_levels = n_levels
        self.theta = theta
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        X, codes = data.numeric, data.target.codes
        self.proximity_levels_ = {}
        blocks = []
        for group in classes_to_oversample(data, targets):
            X_class = class_matrix(X, group.rows)
            levels = proximity_levels(X_class, X[codes != group.code], self.k_neighbors,
                                      self.n_levels, n_jobs=self.n_jobs)
            self.proximity_levels_[group.label] = levels
            counts = level_counts(levels, self.n_levels, self.theta, group.n_new)
            seeds, partners = draw_level_pairs(levels, counts, generator)
            steps = generator.random(group.n_new)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, partners,
                                        steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
