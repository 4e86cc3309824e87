"""Numba kernels of TRIM's region search (:mod:`imbtools.over_sampling._trim_smote`)."""

from numba import njit


@njit(cache=True, nogil=True)
def best_split_sorted(X_columns, is_minority, sorted_rows, border_only):
    """The split of a region with the highest TRIM value of its better child.

    ``X_columns`` is ``X.T`` (C-contiguous: one feature's values are adjacent, which
    keeps the scan of a column in cache); ``sorted_rows[:, f]`` holds the region's rows
    of ``X`` sorted by feature ``f``. A
    split after position ``j`` of feature ``f`` puts the first ``j + 1`` rows left; it
    is allowed where the next value is larger (and, with ``border_only``, where the two
    rows are of different classes). Its score is ``max(m_l**2 / n_l, m_r**2 / n_r)``.
    Ties go to the smaller position, then the smaller feature.

    Returns
    -------
    score : float
        -1.0 when no split is allowed.
    feature, position : int
    """
    n_samples, n_features = sorted_rows.shape
    n_minority = 0
    for j in range(n_samples):
        if is_minority[sorted_rows[j, 0]]:
            n_minority += 1
    best, best_feature, best_position = -1.0, -1, -1
    for f in range(n_features):
        left = 0
        for j in range(n_samples - 1):
            row, following = sorted_rows[j, f], sorted_rows[j + 1, f]
            if is_minority[row]:
                left += 1
            if X_columns[f, following] <= X_columns[f, row]:
                continue
            if border_only and is_minority[row] == is_minority[following]:
                continue
            right = n_minority - left
            score = max(left * left / (j + 1.0), right * right / (n_samples - j - 1.0))
            if score > best or (score == best and (j < best_position or (
                    j == best_position and f < best_feature))):
                best, best_feature, best_position = score, f, j
    return best, best_feature, best_position


@njit(cache=True, nogil=True)
def split_sorted(X_columns, sorted_rows, feature, threshold):
    """Both children's sorted rows: left ``X[:, feature] <= threshold``, right the rest.

    ``X_columns`` is ``X.T``, C-contiguous.
    """
    values = X_columns[feature]
    n_samples, n_features = sorted_rows.shape
    n_left = 0
    for j in range(n_samples):
        if values[sorted_rows[j, 0]] <= threshold:
            n_left += 1
    left = sorted_rows[:n_left].copy()
    right = sorted_rows[n_left:].copy()
    for f in range(n_features):
        i_left, i_right = 0, 0
        for j in range(n_samples):
            row = sorted_rows[j, f]
            if values[row] <= threshold:
                left[i_left, f] = row
                i_left += 1
            else:
                right[i_right, f] = row
                i_right += 1
    return left, right
