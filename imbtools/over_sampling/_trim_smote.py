"""TRIM-SMOTE: SMOTE inside the precise minority regions found by TRIM."""

from __future__ import annotations

import numbers
import warnings

import numpy as np

from .._kernels.trim import (
    best_split_sorted,
    best_split_sorted_parallel,
    split_sorted,
    split_sorted_parallel,
)
from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._param_validation import Interval
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["TRIMSMOTE", "best_trim_split", "trim_regions", "trim_value"]

# Regions of at least this many entries (samples x features) are scanned and split with
# the features in parallel; smaller ones on the calling thread (waking threads for every
# small region costs more than it saves on a busy machine).
_PARALLEL_ENTRIES = 1 << 21
# Seed sets up to this size get their neighbours from a direct distance matrix.
_SMALL_SET = 256


def trim_value(n_minority, n_samples):
    """TRIM criterion of a region: ``n_minority ** 2 / n_samples`` (precision x coverage)."""
    return n_minority * n_minority / n_samples


def best_trim_split(X, is_minority, *, border_only, sorted_rows=None):
    """The axis-parallel split of a region that maximises the better child's TRIM value.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The region's samples (or, with ``sorted_rows``, the whole data).
    is_minority : ndarray of shape (n_samples,), bool
    border_only : bool
        Only split between two consecutive samples (along the feature) of different
        classes (the paper's first loop); otherwise anywhere between distinct values.
    sorted_rows : ndarray of shape (n_region, n_features), int, default=None
        The region's rows of ``X`` sorted by each feature (column ``f`` by feature
        ``f``); ``None``: every row of ``X``, sorted here.

    Returns
    -------
    (feature, threshold) or None
        Left child ``X[:, feature] <= threshold``. ``None`` when no split makes a child
        with a higher TRIM value than the region's.
    """
    if sorted_rows is None:
        sorted_rows = np.argsort(X, axis=0, kind="stable")
    n_samples = sorted_rows.shape[0]
    minority = is_minority[sorted_rows]
    n_minority = int(np.count_nonzero(minority[:, 0])) if n_samples else 0
    if n_samples < 2 or n_minority == 0:
        return None
    values = X[sorted_rows, np.arange(X.shape[1])]
    left_minority = np.cumsum(minority, axis=0)[:-1]
    left_size = np.arange(1, n_samples, dtype=np.float64)[:, None]
    right_minority = n_minority - left_minority
    score = np.maximum(left_minority**2 / left_size,
                       right_minority**2 / (n_samples - left_size))
    allowed = values[1:] > values[:-1]
    if border_only:
        allowed &= minority[1:] != minority[:-1]
    score[~allowed] = -1.0
    position, feature = np.unravel_index(np.argmax(score), score.shape)
    if score[position, feature] <= trim_value(n_minority, n_samples):
        return None
    return int(feature), float(values[position, feature])


def _root_region(X, is_minority):
    """The whole data as a region: rows, values and flags sorted by each feature."""
    X_columns = np.ascontiguousarray(np.asarray(X, dtype=np.float64).T)
    # int32 row numbers where they fit: less memory to copy at every split
    index_type = np.int32 if X_columns.shape[1] < np.iinfo(np.int32).max else np.int64
    rows = np.ascontiguousarray(np.argsort(X_columns, axis=1, kind="stable"),
                                dtype=index_type)
    values = np.take_along_axis(X_columns, rows, axis=1)
    flags = np.ascontiguousarray(np.asarray(is_minority, dtype=np.bool_)[rows])
    return rows, values, flags


def _best_split(region, border_only):
    """:func:`best_trim_split` of a region (see :mod:`imbtools._kernels.trim`).

    Returns ``(feature, threshold, n_left)`` or ``None``.
    """
    rows, values, flags = region
    n_samples = rows.shape[1]
    n_minority = int(np.count_nonzero(flags[0])) if n_samples else 0
    if n_samples < 2 or n_minority == 0:
        return None
    kernel = best_split_sorted_parallel if rows.size >= _PARALLEL_ENTRIES else best_split_sorted
    score, feature, position = kernel(values, flags, n_minority, border_only)
    if score <= trim_value(n_minority, n_samples):
        return None
    return int(feature), float(values[feature, position]), int(position) + 1


def trim_regions(X, is_minority):
    """The paper's TRIM search: row sets of the precise minority regions (seed regions).

    Leaf regions are split at class borders while that raises the TRIM value of a
    child; a leaf that cannot be becomes a candidate, which is split anywhere if that
    raises it, its children becoming leaves again; a candidate that cannot be split is a
    seed region. Children without minority samples are dropped (the majority samples
    trimmed away). Each region keeps its rows sorted by every feature, so a split
    filters its parent's order instead of sorting again.

    Returns
    -------
    list of ndarray
        Rows of ``X`` of each seed region, increasing (each holds a minority sample).
    """
    goes_left = np.zeros(X.shape[0], dtype=np.bool_)
    leaves, seeds = [_root_region(X, is_minority)], []
    while leaves:
        candidates, next_leaves = [], []
        for region in leaves:
            children = _split(region, goes_left, border_only=True)
            (next_leaves.extend if children else candidates.append)(children or region)
        for region in candidates:
            children = _split(region, goes_left, border_only=False)
            if children:
                next_leaves.extend(children)
            else:
                seeds.append(np.sort(region[0][0]).astype(np.int64))
        leaves = next_leaves
    return seeds


def _split(region, goes_left, *, border_only):
    """The children (with minority samples) of the region's best split, or []."""
    split = _best_split(region, border_only)
    if split is None:
        return []
    rows, values, flags = region
    feature, _, n_left = split
    kernel = split_sorted_parallel if rows.size >= _PARALLEL_ENTRIES else split_sorted
    children = []
    for want, kept in ((True, flags[feature, :n_left]), (False, flags[feature, n_left:])):
        if kept.any():
            children.append(kernel(rows, values, flags, feature, n_left, want, goes_left))
    return children


def _set_neighbors(X_set, k):
    """Each row's ``k`` nearest other rows of a seed set (local indices)."""
    if X_set.shape[0] <= _SMALL_SET:
        d2 = ((X_set[:, None, :] - X_set[None, :, :]) ** 2).sum(axis=2)
        np.fill_diagonal(d2, np.inf)
        return np.argsort(d2, axis=1, kind="stable")[:, :k]
    return neighbors_excluding_self(NearestNeighbors(), X_set, k)


@fill_doc
class TRIMSMOTE(BaseOverSampler):
    """SMOTE within the precise and general minority regions found by TRIM (TRIM-SMOTE).

    TRIM [1]_ searches the data for regions (axis-parallel boxes, as a decision tree
    builds them) that are precise, with few samples of other classes, and still general,
    with many minority samples. Its criterion is ``TRIM = n_minority ** 2 / n_samples``:
    a region is split as long as one child has a higher value, and the majority-only
    children are trimmed away. Each final region's minority samples form a seed set, and
    SMOTE interpolates between a seed and one of its ``k_neighbors`` nearest neighbours
    *within the same set*, so new samples stay inside the precise regions.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int, default=5
        Neighbours within a seed set (fewer in a set with at most ``k_neighbors``
        samples: all its other samples).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    seed_sets_ : dict
        ``{label: list of ndarray}``: the rows of ``X`` of each seed set.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Interpolation over the whole class.

    Notes
    -----
    The search follows the paper's two loops (splits at class borders first, then
    anywhere). Choices where the paper leaves room: the threshold of a split is the
    lower of the two values it separates; ties between equally good splits go to the
    first feature and position. The paper applies SMOTE "to each seed set" without
    saying how many samples each gets: here each new sample draws its seed uniformly
    among the minority samples of the sets, so a set gets new samples in proportion to
    its size. A set of a single sample has nothing to interpolate with and is not used;
    if every set is a single sample, the whole class is used as one set and a
    ``UserWarning`` says so.

    Dense input only (the region search sorts feature columns).

    References
    ----------
    .. [1] K. Puntumapon, K. Waiyamai, "A Pruning-Based Approach for Searching Precise
       and Generalized Region for Synthetic Minority Over-Sampling", Advances in
       Knowledge Discovery and Data Mining (PAKDD), LNCS 7302, 371-382, 2012.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import TRIMSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = TRIMSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _accept_sparse = False
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        X = np.asarray(data.numeric, dtype=np.float64)
        self.seed_sets_ = {}
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=2,
                                           param="k_neighbors"):
            is_minority = data.target.codes == group.code
            regions = trim_regions(X, is_minority)
            sets = [rows[is_minority[rows]] for rows in regions]
            self.seed_sets_[group.label] = sets
            usable = [rows for rows in sets if rows.shape[0] >= 2]
            if not usable:
                _warn_no_seed_set(group.label)
                usable = [group.rows]
            blocks.append(self._smote_in_sets(X, group, usable, generator))
        return oversampled(data, blocks)

    def _smote_in_sets(self, X, group, sets, generator):
        """SMOTE whose seeds and neighbours both come from the same seed set."""
        position = np.full(X.shape[0], -1, dtype=np.int64)
        position[group.rows] = np.arange(group.rows.shape[0])
        pool = np.concatenate(sets)
        table = np.zeros((pool.shape[0], self.k_neighbors), dtype=np.int64)
        counts = np.empty(pool.shape[0], dtype=np.int64)
        start = 0
        for rows in sets:
            k = min(self.k_neighbors, rows.shape[0] - 1)
            local = _set_neighbors(np.ascontiguousarray(X[rows]), k)
            table[start : start + rows.shape[0], :k] = position[rows[local]]
            counts[start : start + rows.shape[0]] = k
            start += rows.shape[0]
        picks = generator.integers(0, pool.shape[0], size=group.n_new)
        columns = np.floor(generator.random(group.n_new) * counts[picks]).astype(np.int64)
        steps = generator.random(group.n_new)
        X_class = class_matrix(X, group.rows)
        return Interpolation(group.code, group.rows, X_class, position[pool[picks]],
                             table[picks, columns], steps)


def _warn_no_seed_set(label):
    warnings.warn(
        f"TRIMSMOTE found no seed region with two or more samples of class {label!r} "
        "(every precise region holds a single one), so it used the whole class as one "
        "seed set (plain SMOTE). The class is probably scattered among other classes; "
        "check its labels, or use SMOTE.",
        UserWarning,
        stacklevel=4,
    )
