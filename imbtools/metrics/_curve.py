"""Exact threshold sweeps: a score as a function of the decision threshold.

The driver here sorts once and hands the O(n) pass to the Numba kernel
:func:`imbtools._kernels.sweep.cumulative_class_counts`; count-based scores then
evaluate the whole curve at once. The same machinery serves binary thresholds (samples
move from the negative to the positive class as the threshold falls) and the per-class
offsets of multi-class decisions (samples move from their current class to class ``k``
as ``k``'s offset rises).

Curves are step functions. A curve is stored as ``(keys, values)``: ``keys`` are the
candidate thresholds in decreasing order and ``values[j]`` is the score when every
sample with ``key >= keys[j - 1]`` has moved (``values[0]``: none has moved).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._kernels.sweep import cumulative_class_counts
from ._counts import CountScorer, count_scorer

__all__ = ["SweepCounts", "sweep_counts", "threshold_curve"]


@dataclass
class SweepCounts:
    """Per-class counts along a sweep (see the module docstring for the layout).

    Attributes
    ----------
    keys : ndarray of shape (m,)
        Distinct keys, decreasing.
    tp, pred : ndarray of shape (m + 1, n_classes)
    true : ndarray of shape (n_classes,)
    order : ndarray of shape (n,)
        Sample indices in sweep order.
    group_end : ndarray of shape (m + 1,)
        ``order[:group_end[j]]`` are the samples moved in row ``j``.
    """

    keys: np.ndarray
    tp: np.ndarray
    pred: np.ndarray
    true: np.ndarray
    order: np.ndarray
    group_end: np.ndarray

    def cumulative(self, per_sample):
        """Row-wise cumulative sum of a per-sample quantity over the moved samples."""
        running = np.concatenate([[0.0], np.cumsum(per_sample[self.order])])
        return running[self.group_end]


def sweep_counts(keys, true_codes, from_codes, to_code, n_classes, sample_weight=None):
    """Sweep samples by decreasing ``keys``, moving each from ``from_codes`` to ``to_code``.

    Parameters
    ----------
    keys : ndarray of shape (n,)
        Finite sort keys (scores, or margins between classes).
    true_codes, from_codes : ndarray of shape (n,)
        Class indices ``0 .. n_classes - 1``: true class and class predicted before moving.
    to_code : int
    n_classes : int
    sample_weight : ndarray of shape (n,), default=None

    Returns
    -------
    SweepCounts
    """
    keys = np.ascontiguousarray(keys, dtype=np.float64)
    true_codes = np.ascontiguousarray(true_codes, dtype=np.intp)
    from_codes = np.ascontiguousarray(np.broadcast_to(from_codes, keys.shape), dtype=np.intp)
    weights = (
        np.ones(keys.shape[0]) if sample_weight is None
        else np.ascontiguousarray(sample_weight, dtype=np.float64)
    )
    order = np.argsort(-keys, kind="stable")
    true = np.bincount(true_codes, weights=weights, minlength=n_classes)
    pred_start = np.bincount(from_codes, weights=weights, minlength=n_classes)
    hits = true_codes == from_codes
    tp_start = np.bincount(true_codes[hits], weights=weights[hits], minlength=n_classes)
    distinct, tp, pred, group_end = cumulative_class_counts(
        keys[order], true_codes[order], from_codes[order], int(to_code), weights[order],
        tp_start, pred_start,
    )
    return SweepCounts(distinct, tp, pred, true, order, group_end)


def values_at(curve_keys, curve_values, thresholds):
    """Evaluate a step curve at arbitrary thresholds (``key >= t`` moves a sample).

    Parameters
    ----------
    curve_keys : ndarray of shape (n_steps,)
        The curve's thresholds, decreasing.
    curve_values : ndarray of shape (n_steps + 1,)
        ``curve_values[i]``: the value once the samples of the first ``i`` keys moved.
    thresholds : array-like
        Where to evaluate; ``+inf`` moves nothing.

    Returns
    -------
    ndarray
        One value per threshold.
    """
    moved_rows = np.searchsorted(-curve_keys, -np.asarray(thresholds), side="right")
    return curve_values[moved_rows]


def plateau_threshold(keys, values, feasible=None, *, midpoint=True, rtol=1e-12):
    """Threshold in the middle of the best plateau of a step curve.

    ``values`` has ``len(keys) + 1`` entries laid out as in the module docstring. Among
    the rows where ``feasible`` holds, the first best row and the contiguous best rows
    after it form an interval of thresholds with the same decisions; the midpoint of that
    interval (clipped to the range of the keys) is returned: it is as far as possible
    from the scores where decisions change, so it is robust to small score shifts.

    With ``midpoint=False`` (curves sampled on a grid, which are not constant between
    grid points) the threshold reproduces the best row exactly instead: just below its
    key, so that samples whose key equals it are moved without a tie.

    Returns
    -------
    threshold : float
    best_row : int
    best_value : float
        NaN, with ``best_row = -1``, when no row is feasible.
    """
    values = np.asarray(values, dtype=np.float64)
    candidate = values if feasible is None else np.where(feasible, values, -np.inf)
    best_row = int(np.argmax(candidate))
    best_value = candidate[best_row]
    if not np.isfinite(best_value) and feasible is not None and not feasible[best_row]:
        return np.nan, -1, np.nan
    is_best = candidate >= best_value - rtol * max(1.0, abs(best_value))
    last_row = best_row
    while last_row + 1 < values.shape[0] and is_best[last_row + 1]:
        last_row += 1
    n_keys = keys.shape[0]
    upper = keys[best_row - 1] if best_row > 0 else np.nextafter(keys[0], np.inf)
    if not midpoint:
        threshold = np.nextafter(upper, -np.inf) if best_row > 0 else upper
        return float(threshold), best_row, float(values[best_row])
    if last_row < n_keys:
        lower = keys[last_row]
        middle = 0.5 * (lower + upper)
        threshold = middle if middle > lower else upper
    else:
        threshold = 0.5 * (keys[n_keys - 1] + upper)
    return float(threshold), best_row, float(values[best_row])


def threshold_curve(y_true, y_score, *, scoring="f1", pos_label=None, sample_weight=None):
    """Exact score of ``y_score >= t`` for every distinct threshold ``t``.

    One sort and one linear pass: O(n log n) whatever the number of distinct scores.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Binary labels.
    y_score : array-like of shape (n_samples,)
        Scores; a sample is predicted positive when its score is at least the threshold.
    scoring : str or CountScorer, default='f1'
        A score computed from the confusion matrix (see
        :data:`imbtools.metrics.COUNT_SCORE_NAMES`).
    pos_label : label, default=None
        The positive class; default the greater of the two labels.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    thresholds : ndarray of shape (n_distinct,)
        Distinct scores, increasing.
    scores : ndarray of shape (n_distinct,)
        Score at each threshold.

    Examples
    --------
    >>> from imbtools.metrics import threshold_curve
    >>> thresholds, scores = threshold_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> thresholds
    array([0.1 , 0.35, 0.4 , 0.8 ])
    >>> scores.round(3)
    array([0.667, 0.8  , 0.5  , 0.667])
    """
    scorer = count_scorer(scoring)
    if scorer is None:
        raise ValueError(
            f"scoring={scoring!r} is not a score computed from the confusion matrix; "
            "pass a CountScorer or one of imbtools.metrics.COUNT_SCORE_NAMES."
        )
    y_true = np.asarray(y_true).ravel()
    labels = np.unique(y_true)
    if labels.size > 2:
        raise ValueError(f"y_true must be binary; got {labels.size} labels.")
    pos_label = labels[-1] if pos_label is None else pos_label
    positive = (y_true == pos_label).astype(np.intp)
    counts = sweep_counts(np.asarray(y_score, dtype=np.float64).ravel(), positive, 0, 1, 2,
                          sample_weight)
    scores = CountScorer.from_counts(scorer, counts.tp, counts.pred, counts.true)
    return counts.keys[::-1].copy(), scores[1:][::-1].copy()
