"""Random-SMOTE: synthetic samples inside triangles of three samples of the class."""

from __future__ import annotations

import numpy as np

from ..base import BaseOverSampler
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT
from .generation import (
    AffineRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["RandomSMOTE", "balanced_seeds", "draw_two_others"]


def balanced_seeds(n_class, n_new, generator):
    """Each sample ``n_new // n_class`` times, then ``n_new % n_class`` distinct samples."""
    repeats, rest = divmod(n_new, n_class)
    extra = generator.choice(n_class, size=rest, replace=False)
    return np.concatenate([np.tile(np.arange(n_class), repeats), extra]).astype(np.int64)


def draw_two_others(seeds, n_class, generator):
    """Two samples per seed, uniform among the class, distinct from the seed and each other.

    Parameters
    ----------
    seeds : ndarray of shape (n_new,), int64
        Positions in the class (``0 <= seed < n_class``); ``n_class >= 3``.
    n_class : int
    generator : numpy.random.Generator

    Returns
    -------
    first, second : ndarray of shape (n_new,), int64
    """
    first = (seeds + 1 + generator.integers(0, n_class - 1, size=seeds.shape[0])) % n_class
    low, high = np.minimum(seeds, first), np.maximum(seeds, first)
    second = generator.integers(0, n_class - 2, size=seeds.shape[0])
    second += second >= low  # skip the two excluded positions in increasing order
    second += second >= high
    return first, second


@fill_doc
class RandomSMOTE(BaseOverSampler):
    """Over-sample inside the triangle of a sample and two random samples of its class.

    For each synthetic sample, Random-SMOTE takes a seed ``x`` of the class and two other
    samples ``y1``, ``y2`` drawn at random from the whole class (not from ``x``'s
    neighbours). It first draws a temporary point ``t = y1 + r1 * (y2 - y1)`` on the
    segment ``y1 y2``, then the new sample ``x + r2 * (t - x)``, with ``r1``, ``r2``
    uniform in ``[0, 1)`` [1]_. The new samples fill the triangles spanned by the class
    rather than the segments between near neighbours, so sparse classes are covered more
    widely than by SMOTE. Every class to over-sample is treated on its own.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    n_jobs : int, default=None
        Threads for the generation kernel (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Interpolation between a sample and one of its nearest neighbours.

    Notes
    -----
    The paper loops over the samples of the class, creating the same number of samples
    from each. With a count that is not a multiple of the class size, every sample is a
    seed ``n_new // n_class`` times and ``n_new % n_class`` distinct samples, drawn at
    random, once more. ``y1`` and ``y2`` are drawn uniformly among the class samples
    other than ``x`` and distinct from each other, so a class needs at least 3 samples.
    ``r1`` and ``r2`` are one number per synthetic sample, as in the paper's formulas
    (smote_variants draws one per feature, which leaves the triangle).

    No neighbour search runs: the cost is linear in the number of generated samples.
    The ``sample_weight`` of a new sample is interpolated between ``x`` (step 0) and the
    one of ``y1``, ``y2`` nearer to ``t``, at step ``r2``; ``sample_indices_``-style
    provenance is ``x``.

    References
    ----------
    .. [1] Y. Dong, X. Wang, "A New Over-Sampling Approach: Random-SMOTE for Learning
       from Imbalanced Data Sets", Knowledge Science, Engineering and Management (KSEM
       2011), LNCS 7091, 343-352, 2011.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import RandomSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 898), (1, 102)]
    >>> X_res, y_res = RandomSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        blocks = []
        for group in classes_to_oversample(data, targets):
            n_class = group.rows.shape[0]
            if n_class < 3:
                raise ValueError(
                    f"RandomSMOTE needs at least 3 samples in each class to over-sample (a "
                    f"seed and two other samples), but class {group.label!r} has {n_class}. "
                    "Leave this class out of sampling_strategy, or use RandomOverSampler "
                    "for it."
                )
            seeds = balanced_seeds(n_class, group.n_new, generator)
            first, second = draw_two_others(seeds, n_class, generator)
            r1 = generator.random(group.n_new)
            r2 = generator.random(group.n_new)
            parents = np.column_stack([seeds, first, second])
            coefs = np.column_stack([1.0 - r2, r2 * (1.0 - r1), r2 * r1])
            nearer = np.where(r1 < 0.5, first, second)
            blocks.append(AffineRows(group.code, group.rows, class_matrix(data.numeric, group.rows),
                                     parents, coefs, (seeds, nearer, r2)))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
