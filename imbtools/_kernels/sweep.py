"""Numba kernel behind the exact decision-threshold sweep.

A threshold sweep visits samples in decreasing order of a key (a score, or a margin
between classes) and moves each one from the class it is currently predicted as to a
target class. After each group of tied keys the per-class confusion counts are recorded,
so every distinct key is a candidate threshold and the whole curve costs one sort plus
one O(n * n_classes) pass.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def cumulative_class_counts(
    sorted_keys, true_codes, from_codes, to_code, weights, tp_start, pred_start
):
    """Per-class confusion counts after moving every sample whose key is >= each key.

    Parameters
    ----------
    sorted_keys : float64 array of shape (n,)
        Keys in non-increasing order.
    true_codes, from_codes : intp arrays of shape (n,)
        True class of each sample, and the class it is predicted as before it moves.
    to_code : int
        Class every sample is predicted as after it moves.
    weights : float64 array of shape (n,)
    tp_start, pred_start : float64 arrays of shape (n_classes,)
        Weighted true positives and predictions per class before any sample moves.

    Returns
    -------
    distinct_keys : float64 array of shape (m,)
        The distinct keys, decreasing.
    tp, pred : float64 arrays of shape (m + 1, n_classes)
        Row 0 holds the starting counts; row ``j`` the counts once every sample with
        ``key >= distinct_keys[j - 1]`` has moved.
    group_end : intp array of shape (m + 1,)
        Number of samples moved in row ``j`` (0 for row 0).

    Counts that cancel to zero up to rounding (below ``1e-12`` times the total weight)
    are written as exactly 0, so that ratios such as precision see an empty class.
    """
    n = sorted_keys.shape[0]
    n_classes = tp_start.shape[0]
    tp = np.empty((n + 1, n_classes))
    pred = np.empty((n + 1, n_classes))
    distinct_keys = np.empty(n)
    group_end = np.zeros(n + 1, dtype=np.intp)
    tp_now = tp_start.copy()
    pred_now = pred_start.copy()
    for c in range(n_classes):
        tp[0, c] = tp_now[c]
        pred[0, c] = pred_now[c]
    snap = 1e-12 * pred_start.sum()
    n_groups = 0
    for i in range(n):
        w = weights[i]
        source = from_codes[i]
        truth = true_codes[i]
        pred_now[source] -= w
        pred_now[to_code] += w
        if truth == source:
            tp_now[source] -= w
        if truth == to_code:
            tp_now[to_code] += w
        if i == n - 1 or sorted_keys[i + 1] != sorted_keys[i]:
            distinct_keys[n_groups] = sorted_keys[i]
            n_groups += 1
            group_end[n_groups] = i + 1
            for c in range(n_classes):
                tp[n_groups, c] = tp_now[c] if abs(tp_now[c]) > snap else 0.0
                pred[n_groups, c] = pred_now[c] if abs(pred_now[c]) > snap else 0.0
    return (
        distinct_keys[:n_groups],
        tp[: n_groups + 1],
        pred[: n_groups + 1],
        group_end[: n_groups + 1],
    )
