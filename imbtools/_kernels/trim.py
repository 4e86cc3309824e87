"""Numba kernels of TRIM's region search (:mod:`imbtools.over_sampling._trim_smote`).

A region is three ``(n_features, n_region)`` C-contiguous arrays: ``rows[f]`` holds its
rows of ``X`` sorted by feature ``f``, ``values[f]`` their values of feature ``f`` and
``flags[f]`` whether they are minority samples. Every scan then reads memory in order
(no gathers), and a split filters each feature's order instead of sorting again.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def _best_in_feature(values, flags, n_minority, border_only):
    """Best split of one feature's order: (score, position), ties to the smaller position.

    A split after position ``j`` puts the first ``j + 1`` samples left; it is allowed
    where the next value is larger (and, with ``border_only``, where the two samples
    are of different classes). Its score is ``max(m_l**2 / n_l, m_r**2 / n_r)``.
    """
    n_samples = values.shape[0]
    best, best_position = -1.0, -1
    left = 0
    for j in range(n_samples - 1):
        if flags[j]:
            left += 1
        if values[j + 1] <= values[j]:
            continue
        if border_only and flags[j] == flags[j + 1]:
            continue
        right = n_minority - left
        score = max(left * left / (j + 1.0), right * right / (n_samples - j - 1.0))
        if score > best:
            best, best_position = score, j
    return best, best_position


@njit(cache=True, nogil=True)
def _pick(scores, positions):
    """The best (score, feature, position): ties to the smaller position, then feature."""
    best, best_feature, best_position = -1.0, -1, -1
    for f in range(scores.shape[0]):
        score, j = scores[f], positions[f]
        if j < 0:
            continue
        if score > best or (score == best and j < best_position):
            best, best_feature, best_position = score, f, j
    return best, best_feature, best_position


@njit(cache=True, nogil=True)
def best_split_sorted(values, flags, n_minority, border_only):
    """The split of a region with the highest TRIM value of its better child.

    Returns
    -------
    score : float
        -1.0 when no split is allowed.
    feature, position : int
        The left child is the first ``position + 1`` samples of ``values[feature]``.
    """
    n_features = values.shape[0]
    scores = np.empty(n_features)
    positions = np.empty(n_features, dtype=np.int64)
    for f in range(n_features):
        scores[f], positions[f] = _best_in_feature(values[f], flags[f], n_minority,
                                                   border_only)
    return _pick(scores, positions)


@njit(parallel=True, cache=True, nogil=True)
def best_split_sorted_parallel(values, flags, n_minority, border_only):
    """:func:`best_split_sorted` with the features scanned in parallel (same result)."""
    n_features = values.shape[0]
    scores = np.empty(n_features)
    positions = np.empty(n_features, dtype=np.int64)
    for f in prange(n_features):
        scores[f], positions[f] = _best_in_feature(values[f], flags[f], n_minority,
                                                   border_only)
    return _pick(scores, positions)


@njit(cache=True, nogil=True)
def _filter_feature(rows, values, flags, goes_left, want, out_rows, out_values, out_flags):
    """Copy, in order, the entries whose ``goes_left[row]`` equals ``want``."""
    m = 0
    for j in range(rows.shape[0]):
        if goes_left[rows[j]] == want:
            out_rows[m] = rows[j]
            out_values[m] = values[j]
            out_flags[m] = flags[j]
            m += 1


@njit(cache=True, nogil=True)
def _mark(rows, n_left, goes_left, value):
    for j in range(n_left):
        goes_left[rows[j]] = value


@njit(cache=True, nogil=True)
def _child_arrays(rows, values, flags, feature, n_left, want, goes_left):
    """Mark the child's samples in ``goes_left`` and allocate its sorted arrays."""
    n_features, n_samples = rows.shape
    _mark(rows[feature], n_left, goes_left, True)
    size = n_left if want else n_samples - n_left
    return (np.empty((n_features, size), dtype=rows.dtype),
            np.empty((n_features, size), dtype=values.dtype),
            np.empty((n_features, size), dtype=flags.dtype))


@njit(cache=True, nogil=True)
def split_sorted(rows, values, flags, feature, n_left, want, goes_left):
    """One child of a region: the first ``n_left`` samples of ``rows[feature]`` (``want``
    True) or the others (``want`` False), with every feature's order kept.

    ``goes_left`` is a boolean work array over all rows of ``X``, False on entry; it is
    False again on return.
    """
    out_rows, out_values, out_flags = _child_arrays(rows, values, flags, feature, n_left,
                                                    want, goes_left)
    for f in range(rows.shape[0]):
        _filter_feature(rows[f], values[f], flags[f], goes_left, want, out_rows[f],
                        out_values[f], out_flags[f])
    _mark(rows[feature], n_left, goes_left, False)
    return out_rows, out_values, out_flags


@njit(parallel=True, cache=True, nogil=True)
def split_sorted_parallel(rows, values, flags, feature, n_left, want, goes_left):
    """:func:`split_sorted` with the features filtered in parallel (same result)."""
    out_rows, out_values, out_flags = _child_arrays(rows, values, flags, feature, n_left,
                                                    want, goes_left)
    for f in prange(rows.shape[0]):
        _filter_feature(rows[f], values[f], flags[f], goes_left, want, out_rows[f],
                        out_values[f], out_flags[f])
    _mark(rows[feature], n_left, goes_left, False)
    return out_rows, out_values, out_flags
