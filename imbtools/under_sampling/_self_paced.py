"""Self-paced under-sampling (Liu et al., ICDE 2020).

The algorithm's steps (self-paced factor, hardness, equal-width hardness bins, bin
weights, per-bin counts, the draw) are the pure functions of
:mod:`imbtools.under_sampling.self_paced_steps`, listed there in order.

:class:`SelfPacedUnderSampler` applies these once, with hardness estimated by
cross-validated predicted probabilities of an estimator you give it;
:class:`imbtools.ensemble.SelfPacedEnsembleClassifier` applies them once per ensemble
member with hardness from the ensemble trained so far.

References
----------
Z. Liu, W. Cao, Z. Gao, J. Bian, H. Chen, Y. Chang and T.-Y. Liu, "Self-paced Ensemble for
Highly Imbalanced Massive Data Classification", ICDE 2020, pp. 841-852.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state

from ..base import BaseUnderSampler, Resampled
from ..utils._param_validation import HasMethods, Interval, StrOptions
from .self_paced_steps import (
    HARDNESS_FUNCTIONS,
    compute_hardness,
    resolve_hardness,
    self_paced_under_sample,
    set_random_states,
)

__all__ = ["SelfPacedUnderSampler"]


class SelfPacedUnderSampler(BaseUnderSampler):
    """Under-sample by hardness, as one step of the self-paced ensemble.

    Each targeted class is cut into ``k_bins`` equal-width bins of hardness; bin ``l``
    with mean hardness ``h_l`` gets weight ``1 / (h_l + alpha)`` and contributes that
    share of the kept samples (Liu et al., ICDE 2020). Hardness is computed from the
    out-of-fold predicted probability of each sample's own class, by ``estimator`` in a
    stratified ``cv``-fold cross-validation (out-of-fold so that a model that memorises
    its training set, such as a full tree, still yields informative hardness).

    Parameters
    ----------
    estimator : estimator with ``predict_proba``, default=None
        Model whose cross-validated probabilities define hardness. None means
        ``DecisionTreeClassifier(max_depth=5)``: a shallow tree gives graded
        probabilities, hence several non-empty bins.
    k_bins : int, default=10
        Number of hardness bins.
    alpha : float, default=1.0
        Self-paced factor (>= 0). Small values harmonise the total hardness of the bins
        (most samples come from the many easy ones); large values give every bin the same
        count, which over-represents hard samples. 1.0 is the middle of the paper's
        schedule ``tan(i * pi / (2 (n - 1)))`` (``i = (n - 1) / 2``).
    hardness : {"absolute_error", "squared_error", "cross_entropy"} or callable, \
default="absolute_error"
        Hardness of a sample whose own class has predicted probability ``p``:
        ``1 - p``, ``(1 - p) ** 2``, ``-log(p)``, or ``hardness(p) -> ndarray`` of the
        same shape with finite values >= 0.
    soft_resample : bool, default=False
        Draw with per-sample probabilities instead of exact per-bin counts; see
        :func:`self_paced_under_sample`.
    replacement : bool, default=False
        Draw with replacement.
    cv : int, default=5
        Number of stratified folds for the out-of-fold probabilities, reduced to the
        smallest class size when that is smaller; a class of one sample means the
        probabilities are computed in-sample instead.
    sampling_strategy : float, str, dict or callable, default="auto"
        Samples to keep per class, as in
        :class:`~imbtools.under_sampling.RandomUnderSampler`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator created once per ``fit_resample`` (drives the folds, the
        estimator's seed and the draw).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}`` for the under-sampled classes.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Input rows that make up the output, in increasing order.
    hardness_ : ndarray of shape (n_samples,)
        Hardness of every input sample (computed for all classes).

    See Also
    --------
    imbtools.ensemble.SelfPacedEnsembleClassifier : the ensemble that repeats this draw
        with a growing ``alpha`` and the ensemble's own hardness.

    References
    ----------
    .. [1] Z. Liu, W. Cao, Z. Gao, J. Bian, H. Chen, Y. Chang and T.-Y. Liu, "Self-paced
       Ensemble for Highly Imbalanced Massive Data Classification", ICDE 2020.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import SelfPacedUnderSampler
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = SelfPacedUnderSampler(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 102), (1, 102)]
    """

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "k_bins": [Interval(numbers.Integral, 1, None, closed="left")],
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "hardness": [StrOptions(set(HARDNESS_FUNCTIONS)), callable],
        "soft_resample": ["boolean"],
        "replacement": ["boolean"],
        "cv": [Interval(numbers.Integral, 2, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        estimator=None,
        k_bins=10,
        alpha=1.0,
        hardness="absolute_error",
        soft_resample=False,
        replacement=False,
        cv=5,
        sampling_strategy="auto",
        random_state=None,
    ):
        self.estimator = estimator
        self.k_bins = k_bins
        self.alpha = alpha
        self.hardness = hardness
        self.soft_resample = soft_resample
        self.replacement = replacement
        self.cv = cv
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, data, targets):
        random_state = check_random_state(self.random_state)
        proba_true = self._out_of_fold_proba_true(data, random_state)
        self.hardness_ = compute_hardness(resolve_hardness(self.hardness), proba_true)
        kept = []
        for code in range(data.target.classes.shape[0]):
            rows = data.class_rows(code)
            if code in targets:
                positions = self_paced_under_sample(
                    self.hardness_[rows], targets[code], k_bins=self.k_bins,
                    alpha=self.alpha, random_state=random_state,
                    soft_resample=self.soft_resample, replacement=self.replacement,
                )
                rows = rows[positions]
            kept.append(rows)
        return Resampled(np.sort(np.concatenate(kept)))

    def _out_of_fold_proba_true(self, data, random_state):
        """Cross-validated probability of each sample's own class."""
        codes, counts = data.target.codes, data.target.counts
        base = self.estimator if self.estimator is not None else DecisionTreeClassifier(
            max_depth=5
        )
        n_splits = int(min(self.cv, counts.min()))
        seed = random_state.randint(np.iinfo(np.int32).max)
        proba_true = np.empty(codes.shape[0])
        if n_splits < 2:
            folds = [(np.arange(codes.shape[0]),) * 2]
        else:
            folds = StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(
                np.zeros(codes.shape[0]), codes
            )
        for train, test in folds:
            model = set_random_states(clone(base), seed).fit(data.numeric[train], codes[train])
            proba = model.predict_proba(data.numeric[test])
            column = np.searchsorted(model.classes_, codes[test])
            present = column < model.classes_.shape[0]
            present[present] = model.classes_[column[present]] == codes[test][present]
            proba_true[test] = np.where(
                present, proba[np.arange(test.shape[0]), np.minimum(column, proba.shape[1] - 1)],
                0.0,
            )
        return proba_true
