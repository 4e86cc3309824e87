"""Supervised-SMOTE: SMOTE candidates kept by a classifier's confidence."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier

from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._parallel import n_threads
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    oversampled,
)

__all__ = ["SupervisedSMOTE"]

# A batch of candidates is this many times the samples still missing (at least 100, at
# most _MAX_BATCH, so the candidates held at once stay bounded).
_BATCH_FACTOR = 4
_MAX_BATCH = 1 << 17
# Below this share of accepted candidates in a batch, the interval widens by _WIDEN.
_MIN_ACCEPTANCE = 0.1
_WIDEN = 0.1
# Candidates are judged in pieces of at least this many, until enough are accepted.
_MIN_PIECE = 1024
# The default forest: each tree's bootstrap holds at most this many rows, and it uses
# several threads from this many entries (samples x features) on.
_MAX_BOOTSTRAP = 100_000
_FOREST_MIN_WORK = 1 << 17


@fill_doc
class SupervisedSMOTE(BaseOverSampler):
    """SMOTE whose candidates are kept only where a classifier is confident enough.

    Supervised over-sampling [1]_ trains a classifier on the original data, draws
    SMOTE candidates between minority samples and their ``k_neighbors`` nearest
    minority neighbours, and keeps a candidate only when the classifier's probability
    of the minority class lies in ``[threshold_low, threshold_high]``: candidates the
    model would put in another class's region are rejected. Candidates are drawn in
    batches until enough are accepted.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class); it also
        seeds the classifier when that has a ``random_state`` parameter.
    estimator : classifier with ``predict_proba``, default=None
        The supervising classifier (cloned and fitted on ``X, y``). ``None``: a random
        forest of 10 trees with ``max_depth=10`` and ``min_samples_leaf=3``, each tree
        grown on a bootstrap sample of ``min(n_samples, 100_000)`` rows.
    threshold_low, threshold_high : float, default=0.5, 1.0
        The interval of the minority class's probability in which a candidate is kept.
    k_neighbors : int, default=5
        Neighbours of the SMOTE step that draws the candidates.
    n_jobs : int, default=None
        Threads for the neighbour search, the default forest and sample generation.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    estimator_ : classifier
        The fitted supervising classifier.
    thresholds_ : dict
        ``{label: (low, high)}``: the interval finally used for each class.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : The candidates' generator.

    Notes
    -----
    Choices where the paper leaves room: candidates are SMOTE's (a seed and one of its
    ``k_neighbors`` nearest minority neighbours), so the work and memory stay
    ``O(n k)`` (``smote_variants`` pairs every two minority samples, a dense
    ``n_min x n_min`` table). The interval defaults to ``[0.5, 1]``. When fewer than
    10% of a batch is accepted, the interval widens by 0.1 on both sides (until it is
    ``[0, 1]``, where every candidate is accepted), and a ``UserWarning`` gives the
    interval used: the classifier finds too few candidates credible. The default
    classifier is a small random forest, chosen for speed; pass the paper's classifier
    as ``estimator`` if you prefer.

    References
    ----------
    .. [1] J. Hu, X. He, D.-J. Yu, X.-B. Yang, J.-Y. Yang, H.-B. Shen, "A New
       Supervised Over-Sampling Algorithm with Application to Protein-Nucleotide
       Binding Residue Prediction", PLoS ONE, 9(9), e107676, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SupervisedSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = SupervisedSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "threshold_low": [Interval(numbers.Real, 0, 1, closed="both")],
        "threshold_high": [Interval(numbers.Real, 0, 1, closed="both")],
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, estimator=None,
                 threshold_low=0.5, threshold_high=1.0, k_neighbors=5, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.estimator = estimator
        self.threshold_low = threshold_low
        self.threshold_high = threshold_high
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        if self.threshold_low > self.threshold_high:
            raise ValueError(
                f"threshold_low={self.threshold_low!r} is above threshold_high="
                f"{self.threshold_high!r}; the interval of kept probabilities would be "
                "empty. Give threshold_low <= threshold_high."
            )
        generator = check_generator(self.random_state)
        X = data.numeric
        groups = classes_to_oversample(data, targets, min_samples=self.k_neighbors + 1)
        self.thresholds_ = {}
        if groups:
            self.estimator_ = self._fit_estimator(X, data.target.codes, generator)
        blocks = []
        for group in groups:
            X_class = class_matrix(X, group.rows)
            neighbor_index = neighbors_excluding_self(
                NearestNeighbors(n_jobs=self.n_jobs), X_class, self.k_neighbors)
            column = list(self.estimator_.classes_).index(group.code)
            seeds, ends, steps = self._accepted(X_class, neighbor_index, column, group,
                                                generator)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, ends, steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    def _fit_estimator(self, X, codes, generator):
        if self.estimator is None:
            # each tree on a bootstrap of at most _MAX_BOOTSTRAP rows (all rows below)
            estimator = RandomForestClassifier(
                n_estimators=10, max_depth=10, min_samples_leaf=3,
                max_samples=min(X.shape[0], _MAX_BOOTSTRAP),
                n_jobs=n_threads(self.n_jobs, work=X.shape[0] * X.shape[1],
                                 min_work=_FOREST_MIN_WORK))
        else:
            estimator = clone(self.estimator)
        if "random_state" in estimator.get_params():
            estimator.set_params(random_state=int(generator.integers(np.iinfo(np.int32).max)))
        return estimator.fit(X, codes)

    def _accepted(self, X_class, neighbor_index, column, group, generator):
        """Draw SMOTE candidates in batches; keep those in the probability interval."""
        low, high = float(self.threshold_low), float(self.threshold_high)
        kept, n_kept = [], 0
        while n_kept < group.n_new:
            missing = group.n_new - n_kept
            batch = min(max(_BATCH_FACTOR * missing, 100), _MAX_BATCH)
            seeds, ends, steps = draw_smote_pairs(neighbor_index, batch, generator)
            accept, complete = self._judge(X_class, seeds, ends, steps, column, low, high,
                                           missing)
            kept.append((seeds[accept], ends[accept], steps[accept]))
            n_kept += int(np.count_nonzero(accept))
            if complete and accept.mean() < _MIN_ACCEPTANCE and (low > 0.0 or high < 1.0):
                low, high = max(low - _WIDEN, 0.0), min(high + _WIDEN, 1.0)
                _warn_widened(group.label, low, high)
        self.thresholds_[group.label] = (low, high)
        seeds, ends, steps = (np.concatenate(part)[: group.n_new] for part in zip(*kept))
        return seeds, ends, steps

    def _judge(self, X_class, seeds, ends, steps, column, low, high, missing):
        """Which candidates of a batch are accepted, judged in order, in pieces.

        Judging stops once ``missing`` candidates are accepted and the accepted share
        of the whole batch is sure to be at least ``_MIN_ACCEPTANCE`` (so the interval
        would not have widened): the candidates left unjudged come after every one that
        is kept. Returns the acceptance mask (False where unjudged) and whether the
        whole batch was judged.
        """
        batch = seeds.shape[0]
        accept = np.zeros(batch, dtype=bool)
        start, n_accepted = 0, 0
        while start < batch:
            rate = n_accepted / start if n_accepted else 0.5
            size = max(_MIN_PIECE, int(1.1 * (missing - n_accepted) / rate))
            stop = min(batch, start + size)
            piece = slice(start, stop)
            candidates = _interpolate(X_class, seeds[piece], ends[piece], steps[piece])
            proba = self.estimator_.predict_proba(candidates)[:, column]
            accept[piece] = (proba >= low) & (proba <= high)
            n_accepted += int(np.count_nonzero(accept[piece]))
            start = stop
            if n_accepted >= missing and n_accepted / batch >= _MIN_ACCEPTANCE:
                break
        return accept, start == batch


def _interpolate(X, seeds, ends, steps):
    start = X[seeds]
    if sparse.issparse(X):
        return (start + sparse.diags(steps) @ (X[ends] - start)).tocsr()
    return start + steps[:, None] * (X[ends] - start)


def _warn_widened(label, low, high):
    warnings.warn(
        f"SupervisedSMOTE: the classifier accepted fewer than {_MIN_ACCEPTANCE:.0%} of the "
        f"candidates of class {label!r}, so the probability interval was widened to "
        f"[{low:.2f}, {high:.2f}]. The class overlaps others strongly for this "
        "classifier; widen threshold_low/threshold_high yourself or use SMOTE.",
        UserWarning,
        stacklevel=5,
    )
