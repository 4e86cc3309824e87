"""Classification scores computed from (weighted) confusion counts.

Every score here is a function of three per-class count arrays, all of shape
``(..., n_classes)``: ``tp`` (correct predictions of each class), ``pred`` (predictions
of each class, a column sum of the confusion matrix) and ``true`` (samples of each class,
a row sum). Leading axes are broadcast, so one call scores a whole threshold sweep
(``(n_candidates, n_classes)`` arrays) as cheaply as one confusion matrix.

Divisions by zero give 0 (scikit-learn's ``zero_division=0``) and never warn.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "COUNT_SCORE_NAMES",
    "CountScorer",
    "count_scorer",
    "fbeta_from_counts",
    "jaccard_from_counts",
    "matthews_from_counts",
    "precision_from_counts",
    "recall_from_counts",
    "specificity_from_counts",
]


def _divide(numerator, denominator):
    numerator, denominator = np.broadcast_arrays(
        np.asarray(numerator, dtype=np.float64), np.asarray(denominator, dtype=np.float64)
    )
    out = np.zeros(numerator.shape)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def precision_from_counts(tp, fp):
    """Precision ``tp / (tp + fp)`` elementwise; 0 where nothing is predicted."""
    return _divide(tp, np.add(tp, fp))


def recall_from_counts(tp, fn):
    """Recall (sensitivity, TPR) ``tp / (tp + fn)`` elementwise; 0 for an empty class."""
    return _divide(tp, np.add(tp, fn))


def specificity_from_counts(tn, fp):
    """Specificity (TNR, ``1 - FPR``) ``tn / (tn + fp)`` elementwise; 0 with no negatives."""
    return _divide(tn, np.add(tn, fp))


def fbeta_from_counts(tp, fp, fn, beta=1.0):
    """F-beta ``(1 + b^2) tp / ((1 + b^2) tp + b^2 fn + fp)`` elementwise; 0 when undefined.

    Examples
    --------
    >>> from imbtools.metrics import fbeta_from_counts
    >>> float(fbeta_from_counts(tp=8, fp=2, fn=4))  # precision 0.8, recall 2/3
    0.727...
    """
    beta2 = beta * beta
    weighted_tp = (1.0 + beta2) * np.asarray(tp, dtype=np.float64)
    return _divide(weighted_tp, weighted_tp + beta2 * np.asarray(fn) + np.asarray(fp))


def jaccard_from_counts(tp, fp, fn):
    """Jaccard index (intersection over union) ``tp / (tp + fp + fn)`` elementwise."""
    return _divide(tp, np.add(np.add(tp, fp), fn))


def matthews_from_counts(tp, pred, true):
    """Matthews correlation coefficient (multi-class R_K statistic) from per-class counts.

    ``tp``, ``pred`` and ``true`` have shape ``(..., n_classes)``; the result has the
    leading shape. With two classes this is the usual binary MCC. 0 when undefined.
    """
    n_total = true.sum(axis=-1)
    covariance = n_total * tp.sum(axis=-1) - (pred * true).sum(axis=-1)
    spread_pred = n_total * n_total - (pred * pred).sum(axis=-1)
    spread_true = n_total * n_total - (true * true).sum(axis=-1)
    # a spread that is zero up to rounding means one class takes every prediction (or
    # every sample): MCC is then undefined and reported as 0, like scikit-learn
    rounding = 1e-10 * n_total * n_total
    spread_pred = np.where(spread_pred > rounding, spread_pred, 0.0)
    spread_true = np.where(spread_true > rounding, spread_true, 0.0)
    return _divide(covariance, np.sqrt(spread_pred * spread_true))


# Per-class scores (name -> formula) are combined by an average; global scores are not.
_PER_CLASS = {
    "f1": "fbeta",
    "fbeta": "fbeta",
    "precision": "precision",
    "recall": "recall",
    "sensitivity": "recall",
    "specificity": "specificity",
    "jaccard": "jaccard",
}
_GLOBAL = (
    "accuracy",
    "balanced_accuracy",
    "geometric_mean",
    "matthews_corrcoef",
    "worst_class_recall",
)
_AVERAGES = ("binary", "macro", "weighted", "micro")

#: Every ``scoring`` name computed from confusion counts (scikit-learn's names plus ours).
COUNT_SCORE_NAMES = tuple(
    sorted(
        [name for name in _PER_CLASS if name != "fbeta"]
        + [f"{name}_{avg}" for name in ("f1", "precision", "recall", "jaccard")
           for avg in ("macro", "weighted", "micro")]
        + list(_GLOBAL)
    )
)


class CountScorer:
    """A classification score that is a function of the confusion matrix.

    Callable as ``scorer(y_true, y_pred, sample_weight=None)`` like a metric function, and
    vectorised over a whole threshold sweep through :meth:`from_counts`, which is what
    makes the exact sweep of :class:`~imbtools.threshold.ThresholdCalibratedClassifier`
    possible. Greater is better for every score.

    Parameters
    ----------
    name : str
        ``'fbeta'``, ``'f1'``, ``'precision'``, ``'recall'`` (alias ``'sensitivity'``),
        ``'specificity'``, ``'jaccard'`` (per-class scores, combined by ``average``) or
        ``'accuracy'``, ``'balanced_accuracy'``, ``'geometric_mean'`` (of the per-class
        recalls), ``'matthews_corrcoef'``, ``'worst_class_recall'``.
    beta : float, default=1.0
        Weight of recall in ``'fbeta'``.
    average : {'binary', 'macro', 'weighted', 'micro'} or None, default=None
        How per-class scores combine: the positive (last) class only, the unweighted
        mean over classes that occur in the truth or the predictions, the mean weighted
        by support, or the score of the summed counts. None means ``'binary'`` for two
        classes and ``'macro'`` otherwise.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.metrics import CountScorer
    >>> f2 = CountScorer("fbeta", beta=2.0)
    >>> round(f2([0, 0, 1, 1], [0, 1, 1, 1]), 4)
    0.9091
    >>> tp = np.array([[2.0, 0.0], [1.0, 2.0]])    # two candidate decisions
    >>> pred = np.array([[4.0, 0.0], [2.0, 2.0]])
    >>> true = np.array([2.0, 2.0])
    >>> f2.from_counts(tp, pred, true)
    array([0., 1.])
    """

    def __init__(self, name, *, beta=1.0, average=None):
        if name not in _PER_CLASS and name not in _GLOBAL:
            raise ValueError(
                f"Unknown count score name={name!r}; accepted are "
                f"{sorted(set(_PER_CLASS) | set(_GLOBAL))}."
            )
        if average is not None and average not in _AVERAGES:
            raise ValueError(f"average must be one of {_AVERAGES} or None; got {average!r}.")
        if not beta > 0:
            raise ValueError(f"beta must be a positive number; got {beta!r}.")
        self.name = name
        self.beta = float(beta)
        self.average = average

    def __repr__(self):
        extra = f", beta={self.beta}" if self.name == "fbeta" else ""
        extra += f", average={self.average!r}" if self.average is not None else ""
        return f"CountScorer({self.name!r}{extra})"

    def resolved_average(self, n_classes):
        if self.average is not None:
            if self.average == "binary" and n_classes != 2:
                raise ValueError(
                    f"average='binary' needs two classes; this problem has {n_classes}. "
                    "Use 'macro', 'weighted' or 'micro'."
                )
            return self.average
        return "binary" if n_classes == 2 else "macro"

    def from_counts(self, tp, pred, true):
        """Score of each leading index of the per-class counts ``(..., n_classes)``."""
        tp = np.asarray(tp, dtype=np.float64)
        pred = np.asarray(pred, dtype=np.float64)
        true = np.broadcast_to(np.asarray(true, dtype=np.float64), tp.shape)
        if self.name in _GLOBAL:
            return _global_score(self.name, tp, pred, true)
        average = self.resolved_average(tp.shape[-1])
        fp = pred - tp
        fn = true - tp
        tn = true.sum(axis=-1, keepdims=True) - tp - fp - fn
        if average == "micro":
            return self._per_class(*(a.sum(axis=-1) for a in (tp, fp, fn, tn)))
        per_class = self._per_class(tp, fp, fn, tn)
        if average == "binary":
            return per_class[..., -1]
        if average == "weighted":
            return _divide((per_class * true).sum(axis=-1), true.sum(axis=-1))
        present = (true > 0) | (pred > 0)
        return _divide((per_class * present).sum(axis=-1), present.sum(axis=-1))

    def _per_class(self, tp, fp, fn, tn):
        kind = _PER_CLASS[self.name]
        if kind == "fbeta":
            return fbeta_from_counts(tp, fp, fn, self.beta if self.name == "fbeta" else 1.0)
        if kind == "precision":
            return precision_from_counts(tp, fp)
        if kind == "recall":
            return recall_from_counts(tp, fn)
        if kind == "jaccard":
            return jaccard_from_counts(tp, fp, fn)
        return specificity_from_counts(tn, fp)

    def __call__(self, y_true, y_pred, *, sample_weight=None):
        from ._classification import _class_counts

        tp, pred, true = _class_counts(y_true, y_pred, sample_weight=sample_weight)
        return float(self.from_counts(tp, pred, true))


def _global_score(name, tp, pred, true):
    n_total = true.sum(axis=-1)
    if name == "accuracy":
        return _divide(tp.sum(axis=-1), n_total)
    if name == "matthews_corrcoef":
        return matthews_from_counts(tp, pred, true)
    recall = _divide(tp, true)
    if name == "balanced_accuracy":
        has_samples = true > 0
        return _divide((recall * has_samples).sum(axis=-1), has_samples.sum(axis=-1))
    if name == "worst_class_recall":
        return np.where(true > 0, recall, np.inf).min(axis=-1)
    # geometric_mean: over classes present in the truth or the predictions (imblearn)
    present = (true > 0) | (pred > 0)
    with np.errstate(divide="ignore"):
        log_recall = np.where(present, np.log(recall), 0.0)
    return np.exp(_divide(log_recall.sum(axis=-1), present.sum(axis=-1)))


def count_scorer(scoring):
    """Return the :class:`CountScorer` for a ``scoring`` name, or None if it has none.

    Accepts the names in :data:`COUNT_SCORE_NAMES` (scikit-learn's scorer names that are
    functions of the confusion matrix, such as ``'f1_macro'``, plus ``'specificity'``,
    ``'geometric_mean'``, ``'worst_class_recall'``) and :class:`CountScorer` instances.
    """
    if isinstance(scoring, CountScorer):
        return scoring
    if not isinstance(scoring, str) or scoring not in COUNT_SCORE_NAMES:
        return None
    for average in ("macro", "weighted", "micro"):
        if scoring.endswith("_" + average):
            return CountScorer(scoring[: -len(average) - 1], average=average)
    return CountScorer(scoring)
