"""Imbalance-aware classification metrics on label arrays.

All of them reduce ``(y_true, y_pred, sample_weight)`` to weighted per-class counts once
and then reuse the count formulas of :mod:`imbtools.metrics._counts`, so the metric a
user reports and the objective the threshold sweep optimises are the same code.
Their signatures follow imbalanced-learn's (``labels``, ``pos_label``, ``average``,
``sample_weight``); divisions by zero give 0 without a warning.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils.multiclass import unique_labels

from ._counts import CountScorer, recall_from_counts, specificity_from_counts

__all__ = [
    "classification_report_imbalanced",
    "expected_cost",
    "geometric_mean_score",
    "sensitivity_score",
    "specificity_score",
    "worst_class_recall",
]


def _confusion(y_true, y_pred, labels=None, sample_weight=None):
    """Weighted confusion matrix (rows true, columns predicted) and its labels."""
    y_true = np.asarray(y_true).ravel()
    y_pred = np.asarray(y_pred).ravel()
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred have different lengths: {y_true.shape[0]} and "
            f"{y_pred.shape[0]}."
        )
    labels = unique_labels(y_true, y_pred) if labels is None else np.asarray(labels)
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    true_pos = np.searchsorted(sorted_labels, y_true)
    pred_pos = np.searchsorted(sorted_labels, y_pred)
    true_pos = np.minimum(true_pos, labels.size - 1)
    pred_pos = np.minimum(pred_pos, labels.size - 1)
    known = (sorted_labels[true_pos] == y_true) & (sorted_labels[pred_pos] == y_pred)
    weights = np.ones(y_true.shape[0]) if sample_weight is None else np.asarray(
        sample_weight, dtype=np.float64
    )
    if weights.shape != y_true.shape:
        raise ValueError(
            f"sample_weight must have one weight per sample ({y_true.shape[0]}); got "
            f"shape {weights.shape}."
        )
    n_labels = labels.size
    flat = order[true_pos[known]] * n_labels + order[pred_pos[known]]
    matrix = np.bincount(flat, weights=weights[known], minlength=n_labels * n_labels)
    return matrix.reshape(n_labels, n_labels), labels


def _class_counts(y_true, y_pred, labels=None, sample_weight=None):
    """Per-class ``(tp, pred, true)`` weighted counts in the order of ``labels``."""
    matrix, _ = _confusion(y_true, y_pred, labels, sample_weight)
    return np.diag(matrix).copy(), matrix.sum(axis=0), matrix.sum(axis=1)


def _binary_counts(y_true, y_pred, labels, pos_label, sample_weight):
    """Counts reordered as ``[negatives, positive]`` for ``average='binary'``."""
    present = unique_labels(y_true, y_pred)
    if present.size > 2:
        raise ValueError(
            f"average='binary' needs a binary target, but {present.size} labels occur "
            f"({present.tolist()[:10]}); choose average='macro', 'weighted', 'micro' or None."
        )
    if pos_label not in present.tolist() and present.size == 2:
        raise ValueError(f"pos_label={pos_label!r} is not a valid label: {present.tolist()}.")
    negative = [label for label in present.tolist() if label != pos_label]
    order = negative[:1] + [pos_label]
    if labels is not None and pos_label not in np.asarray(labels).tolist():
        raise ValueError(f"pos_label={pos_label!r} is not in labels={list(labels)}.")
    matrix, _ = _confusion(y_true, y_pred, np.asarray(order, dtype=present.dtype), sample_weight)
    if len(order) == 1:  # only the positive label occurs
        matrix = np.pad(matrix, ((1, 0), (1, 0)))
    return np.diag(matrix).copy(), matrix.sum(axis=0), matrix.sum(axis=1)


def _averaged(name, y_true, y_pred, labels, pos_label, average, sample_weight):
    if average == "binary":
        tp, pred, true = _binary_counts(y_true, y_pred, labels, pos_label, sample_weight)
        return float(CountScorer(name, average="binary").from_counts(tp, pred, true))
    tp, pred, true = _class_counts(y_true, y_pred, labels, sample_weight)
    if average is None:
        fp, fn = pred - tp, true - tp
        if name == "recall":
            return recall_from_counts(tp, fn)
        return specificity_from_counts(true.sum() - tp - fp - fn, fp)
    return float(CountScorer(name, average=average).from_counts(tp, pred, true))


def _check_average(average, accepted):
    if average not in accepted:
        raise ValueError(f"average must be one of {accepted}; got {average!r}.")


def sensitivity_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """Sensitivity (recall, true positive rate) ``tp / (tp + fn)``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like, default=None
        Labels to score, in this order; default: every label in ``y_true`` or ``y_pred``.
    pos_label : label, default=1
        The positive class when ``average='binary'``.
    average : {'binary', 'macro', 'weighted', 'micro'} or None, default='binary'
        None returns the per-class scores in the order of ``labels``.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    score : float or ndarray of shape (n_labels,)

    Examples
    --------
    >>> from imbtools.metrics import sensitivity_score
    >>> sensitivity_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    0.666...
    >>> sensitivity_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], average=None)
    array([0.5       , 0.66666667])
    """
    _check_average(average, ("binary", "macro", "weighted", "micro", None))
    return _averaged("recall", y_true, y_pred, labels, pos_label, average, sample_weight)


def specificity_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """Specificity (true negative rate, ``1 - FPR``) ``tn / (tn + fp)``.

    Parameters are those of :func:`sensitivity_score`; for a class ``c`` the negatives
    are all samples of the other classes.

    Examples
    --------
    >>> from imbtools.metrics import specificity_score
    >>> specificity_score([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    0.5
    """
    _check_average(average, ("binary", "macro", "weighted", "micro", None))
    return _averaged("specificity", y_true, y_pred, labels, pos_label, average, sample_weight)


def geometric_mean_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="multiclass",
    sample_weight=None,
    correction=0.0,
):
    """Geometric mean of recalls, the G-mean of Kubat & Matwin (ICML 1997).

    With ``average='multiclass'`` (default) it is the geometric mean of the per-class
    recalls over the classes in ``labels`` (for two classes, ``sqrt(TPR * TNR)``); a
    class with zero recall makes it 0 unless ``correction`` replaces those recalls.
    Other ``average`` values give ``sqrt(sensitivity * specificity)`` with both averaged
    the same way, as in imbalanced-learn.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like, default=None
    pos_label : label, default=1
    average : {'multiclass', 'binary', 'macro', 'weighted', 'micro'} or None, \
default='multiclass'
    sample_weight : array-like of shape (n_samples,), default=None
    correction : float, default=0.0
        Value substituted for zero recalls in the ``'multiclass'`` average.

    Returns
    -------
    score : float or ndarray of shape (n_labels,)

    Examples
    --------
    >>> from imbtools.metrics import geometric_mean_score
    >>> round(geometric_mean_score([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2]), 4)
    0.7937
    """
    _check_average(average, ("multiclass", "binary", "macro", "weighted", "micro", None))
    if average != "multiclass":
        sensitivity = _averaged("recall", y_true, y_pred, labels, pos_label, average,
                                sample_weight)
        specificity = _averaged("specificity", y_true, y_pred, labels, pos_label, average,
                                sample_weight)
        return np.sqrt(sensitivity * specificity)
    tp, pred, true = _class_counts(y_true, y_pred, labels, sample_weight)
    recall = recall_from_counts(tp, true - tp)
    recall[recall == 0] = correction
    if np.any(recall == 0):
        return 0.0
    return float(np.exp(np.mean(np.log(recall))))


def worst_class_recall(y_true, y_pred, *, labels=None, sample_weight=None):
    """Smallest per-class recall over the classes present in ``y_true``.

    A max-min criterion: a classifier is as good as it is on its worst class. The
    ``average`` of the other metrics has no meaning here (it is a minimum over classes).

    Examples
    --------
    >>> from imbtools.metrics import worst_class_recall
    >>> worst_class_recall([0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 2, 2])
    0.5
    """
    tp, pred, true = _class_counts(y_true, y_pred, labels, sample_weight)
    return float(CountScorer("worst_class_recall").from_counts(tp, pred, true))


def expected_cost(y_true, y_pred, cost_matrix, *, labels=None, sample_weight=None,
                  normalize=True):
    """Mean (or total) misclassification cost.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    cost_matrix : array-like of shape (n_labels, n_labels)
        ``cost_matrix[i, j]`` is the cost of predicting ``labels[j]`` for a sample of
        ``labels[i]`` (rows true class, columns predicted class).
    labels : array-like, default=None
        Order of the rows and columns of ``cost_matrix``; default the sorted labels of
        ``y_true`` and ``y_pred``.
    sample_weight : array-like of shape (n_samples,), default=None
    normalize : bool, default=True
        Divide the total cost by the total weight. There is no ``average`` parameter:
        the cost is already a sum over all classes.

    Returns
    -------
    cost : float

    Examples
    --------
    >>> from imbtools.metrics import expected_cost
    >>> expected_cost([0, 0, 1, 1], [0, 1, 1, 0], [[0, 1], [10, 0]])
    2.75
    """
    matrix, labels = _confusion(y_true, y_pred, labels, sample_weight)
    cost_matrix = np.asarray(cost_matrix, dtype=np.float64)
    if cost_matrix.shape != matrix.shape:
        raise ValueError(
            f"cost_matrix must have shape {matrix.shape} for the {labels.size} labels "
            f"{labels.tolist()[:10]}; got shape {cost_matrix.shape}."
        )
    total = float((matrix * cost_matrix).sum())
    return float(total / matrix.sum()) if normalize else float(total)


def classification_report_imbalanced(
    y_true,
    y_pred,
    *,
    labels=None,
    target_names=None,
    sample_weight=None,
    digits=2,
    alpha=0.1,
    output_dict=False,
):
    """Per-class precision, recall, specificity, F1, G-mean, IBA and support.

    The same table as imbalanced-learn's function of the same name: the index balanced
    accuracy is ``(1 + alpha * (recall - specificity)) * G-mean**2`` (García, Mollineda
    & Sánchez, IbPRIA 2009) and the last row averages each column weighted by support.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
    labels : array-like, default=None
    target_names : list of str, default=None
        Row names, one per label.
    sample_weight : array-like of shape (n_samples,), default=None
    digits : int, default=2
    alpha : float, default=0.1
        Weight of the dominance ``recall - specificity`` in the IBA.
    output_dict : bool, default=False
        Return ``{name: {'pre', 'rec', 'spe', 'f1', 'geo', 'iba', 'sup'}, 'avg_pre', ...,
        'total_support'}`` instead of text.

    Returns
    -------
    report : str or dict

    Examples
    --------
    >>> from imbtools.metrics import classification_report_imbalanced
    >>> print(classification_report_imbalanced([0, 0, 0, 1], [0, 0, 1, 1]))
                      pre       rec       spe        f1       geo       iba       sup
    <BLANKLINE>
              0      1.00      0.67      1.00      0.80      0.82      0.64         3
              1      0.50      1.00      0.67      0.67      0.82      0.69         1
    <BLANKLINE>
    avg / total      0.88      0.75      0.92      0.77      0.82      0.66         4
    """
    matrix, labels = _confusion(y_true, y_pred, labels, sample_weight)
    tp, pred, true = np.diag(matrix), matrix.sum(axis=0), matrix.sum(axis=1)
    fp, fn = pred - tp, true - tp
    tn = matrix.sum() - tp - fp - fn
    columns = {
        "pre": CountScorer("precision")._per_class(tp, fp, fn, tn),
        "rec": recall_from_counts(tp, fn),
        "spe": specificity_from_counts(tn, fp),
        "f1": CountScorer("f1")._per_class(tp, fp, fn, tn),
    }
    columns["geo"] = np.sqrt(columns["rec"] * columns["spe"])
    columns["iba"] = (1 + alpha * (columns["rec"] - columns["spe"])) * columns["geo"] ** 2
    support = true if sample_weight is not None else true.astype(np.int64)
    names = [str(label) for label in labels] if target_names is None else list(target_names)
    if len(names) != labels.size:
        raise ValueError(
            f"target_names has {len(names)} names but there are {labels.size} labels."
        )
    report = {}
    for i, name in enumerate(names):
        report[name] = {key: float(values[i]) for key, values in columns.items()}
        report[name]["sup"] = support[i]
    total = support.sum()
    for key, values in columns.items():
        report[f"avg_{key}"] = float(np.average(values, weights=true)) if total else 0.0
    report["total_support"] = total
    if output_dict:
        return report
    heading = "avg / total"
    width = max(len(heading), *(len(name) for name in names))
    header = " " * width + "".join(f"{key:>10}" for key in [*columns, "sup"])
    lines = [header, ""]
    for name in names:
        cells = "".join(f"{report[name][key]:>10.{digits}f}" for key in columns)
        lines.append(f"{name:>{width}}{cells}{report[name]['sup']:>10}")
    cells = "".join(f"{report['avg_' + key]:>10.{digits}f}" for key in columns)
    lines += ["", f"{heading:>{width}}{cells}{total:>10}"]
    return "\n".join(lines)
