"""Every default metric of a fold from one ``predict`` and one score call.

A fitted strategy predicts its test fold once (labels) and scores it once
(``predict_proba``, or ``decision_function`` when there is no ``predict_proba``); the
metrics are then plain functions of those arrays. The threshold metrics come from one
(weighted) confusion matrix; the ranking metrics call scikit-learn's functions once each.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

__all__ = ["DEFAULT_SCORING", "LOWER_IS_BETTER", "FoldPredictions", "fold_predictions",
           "metric_from_predictions"]

DEFAULT_SCORING = (
    "f1", "f2", "precision", "recall", "average_precision", "roc_auc", "brier",
    "balanced_accuracy", "mcc",
)
# Losses among DEFAULT_SCORING: reported as they are (positive), lower is better.
LOWER_IS_BETTER = frozenset({"brier"})
_THRESHOLD_METRICS = ("f1", "f2", "precision", "recall", "balanced_accuracy", "mcc")


class FoldPredictions(NamedTuple):
    """What a fitted model says about one test fold.

    ``labels``: ``predict`` (class codes). ``proba``: ``predict_proba`` of shape
    ``(n, n_classes)`` or None. ``decision``: ``decision_function`` when there is no
    ``predict_proba``, else None.
    """

    labels: np.ndarray
    proba: np.ndarray | None
    decision: np.ndarray | None


def fold_predictions(model, X_test, n_classes):
    """One ``predict`` and one ``predict_proba`` (or ``decision_function``) call.

    Probability columns are aligned on the class codes ``0 .. n_classes - 1``: a class
    the model never saw in training gets probability 0.
    """
    labels = np.asarray(model.predict(X_test))
    proba = decision = None
    if hasattr(model, "predict_proba"):
        proba = np.asarray(model.predict_proba(X_test), dtype=np.float64)
        seen = np.asarray(getattr(model, "classes_", np.arange(proba.shape[1])))
        if proba.shape[1] != n_classes:
            full = np.zeros((proba.shape[0], n_classes))
            full[:, seen.astype(np.intp)] = proba
            proba = full
    elif hasattr(model, "decision_function"):
        decision = np.asarray(model.decision_function(X_test), dtype=np.float64)
    return FoldPredictions(labels, proba, decision)


def _confusion(y_true, y_pred, n_classes, weight):
    """Weighted confusion matrix (rows: truth, columns: prediction) of class codes."""
    flat = y_true.astype(np.intp) * n_classes + y_pred.astype(np.intp)
    counts = np.bincount(flat, weights=weight, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def _ratio(numerator, denominator):
    """``numerator / denominator`` elementwise, 0 where the denominator is 0."""
    numerator, denominator = np.asarray(numerator, float), np.asarray(denominator, float)
    out = np.zeros_like(numerator)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _threshold_metric(metric, matrix, binary):
    """A threshold metric from the confusion matrix (precision and F count 0 for 0/0)."""
    tp = np.diag(matrix)
    predicted, actual = matrix.sum(axis=0), matrix.sum(axis=1)
    if metric == "mcc":  # Gorodkin's R_K; two classes: Matthews' coefficient
        n, correct = matrix.sum(), tp.sum()
        covariance = correct * n - actual @ predicted
        spread = (n * n - predicted @ predicted) * (n * n - actual @ actual)
        return float(covariance / np.sqrt(spread)) if spread > 0 else 0.0
    if metric == "balanced_accuracy":
        present = actual > 0
        return float(np.mean(tp[present] / actual[present]))
    beta = {"f1": 1.0, "f2": 2.0}.get(metric)
    if metric == "precision":
        per_class = _ratio(tp, predicted)
    elif metric == "recall":
        per_class = _ratio(tp, actual)
    else:
        b2 = beta * beta
        per_class = _ratio((1 + b2) * tp, (1 + b2) * tp + b2 * (actual - tp) + predicted - tp)
    if binary:
        return float(per_class[1])
    present = (actual > 0) | (predicted > 0)  # macro over the labels seen, as scikit-learn
    return float(per_class[present].mean())


def _ranking_metric(metric, y_true, predictions, n_classes, weight):
    """Average precision, ROC AUC or Brier from the scores; NaN without probabilities."""
    proba, decision = predictions.proba, predictions.decision
    if metric == "brier":
        if proba is None:
            return np.nan
        if n_classes == 2:
            squared = (proba[:, 1] - y_true) ** 2
        else:  # Brier's multi-class score
            truth = y_true[:, None] == np.arange(proba.shape[1])[None, :]
            squared = np.sum((proba - truth) ** 2, axis=1)
        return float(np.average(squared, weights=weight))
    if n_classes == 2:
        score = proba[:, 1] if proba is not None else decision
        if score is None:
            return np.nan
        function = average_precision_score if metric == "average_precision" else roc_auc_score
        return float(function(y_true, score, sample_weight=weight))
    if proba is None:
        return np.nan
    if metric == "average_precision":
        return float(average_precision_score(y_true, proba, average="macro",
                                             sample_weight=weight))
    return float(roc_auc_score(y_true, proba, multi_class="ovr", sample_weight=weight))


def metric_from_predictions(metric, y_true, predictions, n_classes, sample_weight=None):
    """One metric of :data:`DEFAULT_SCORING` from a fold's predictions.

    Parameters
    ----------
    metric : str
        A name in :data:`DEFAULT_SCORING`.
    y_true : ndarray of int
        True class codes (binary: 1 is the positive class).
    predictions : FoldPredictions
    n_classes : int
    sample_weight : ndarray or None
        Weights of the test samples.

    Returns
    -------
    score : float
        Greater is better, except for the losses in :data:`LOWER_IS_BETTER`.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.model_selection._scores import FoldPredictions, metric_from_predictions
    >>> predictions = FoldPredictions(np.array([0, 1, 1]), np.array([[.9, .1], [.4, .6],
    ...                               [.2, .8]]), None)
    >>> metric_from_predictions("precision", np.array([0, 0, 1]), predictions, 2)
    0.5
    """
    y_true = np.asarray(y_true)
    if metric in _THRESHOLD_METRICS:
        matrix = _confusion(y_true, predictions.labels, n_classes, sample_weight)
        return _threshold_metric(metric, matrix, binary=n_classes == 2)
    return _ranking_metric(metric, y_true, predictions, n_classes, sample_weight)
