"""Tomek links on dask collections: two broadcast nearest-neighbour passes.

Every Tomek link joins two classes, so one end lies outside the largest class: those
rows (the "first" queries, gathered and broadcast) get their nearest neighbour over all
partitions (per-partition top-1, tree-merged). The partners from the largest class get
theirs in a second pass. A pair is a link when each is the other's nearest neighbour
and their classes differ, as in :func:`imbtools.under_sampling.tomek_link_mask`.
"""

from __future__ import annotations

import numbers

import numpy as np
from dask import delayed

from ..neighbors import nearest_among
from ..under_sampling import TomekLinks as _InMemoryTomekLinks
from ..utils._param_validation import Interval
from ._base import DaskSampler
from ._input import (
    checked_length,
    class_codes,
    compute,
    lazy_output,
    partition_values,
    share,
    take_rows,
)
from ._smote import DEFAULT_MAX_MINORITY_BYTES, check_gather_size

__all__ = ["TomekLinks"]


def _rows_outside(x_part, y_part, index, classes, majority, offset):
    checked_length(x_part, y_part, index)
    codes = class_codes(y_part, classes)
    rows = np.flatnonzero(codes != majority)
    X = np.asarray(partition_values(x_part), dtype=np.float64)
    return X[rows], offset + rows, codes[rows]


def _nearest_in_partition(x_part, y_part, index, classes, offset, queries):
    """Each query's nearest row of the partition: (distance, row, features, code)."""
    X_queries, query_rows = queries
    checked_length(x_part, y_part, index)
    X = np.asarray(partition_values(x_part), dtype=np.float64)
    codes = class_codes(y_part, classes)
    distance, row = nearest_among(X_queries, X, 1, query_rows=query_rows, row_offset=offset,
                                  n_jobs=1)
    distance, row = distance[:, 0], row[:, 0]
    found = row >= 0
    features = np.zeros(X_queries.shape)
    features[found] = X[row[found] - offset]
    code = np.full(row.shape[0], -1, dtype=np.intp)
    code[found] = codes[row[found] - offset]
    return distance, row, features, code


def _closer(first, second):
    """Per query, the nearer of two candidates (ties: smaller row; -1 means none)."""
    d1, r1, f1, c1 = first
    d2, r2, f2, c2 = second
    take = (r2 >= 0) & ((r1 < 0) | (d2 < d1) | ((d2 == d1) & (r2 < r1)))
    return (np.where(take, d2, d1), np.where(take, r2, r1),
            np.where(take[:, None], f2, f1), np.where(take, c2, c1))


def tree_reduce(parts, combine):
    """Pairwise ``combine`` of delayed ``parts`` (a tree of depth log2(len(parts)))."""
    while len(parts) > 1:
        paired = [delayed(combine)(a, b) for a, b in zip(parts[::2], parts[1::2])]
        parts = paired + ([parts[-1]] if len(parts) % 2 else [])
    return parts[0]


def _drop_rows(x_part, y_part, index, dropped):
    checked_length(x_part, y_part, index)
    kept = np.setdiff1d(np.arange(len(x_part)), dropped)
    return take_rows(x_part, kept), take_rows(y_part, kept)


class TomekLinks(DaskSampler, _InMemoryTomekLinks):
    """Tomek links on dask collections, exact, with the minority broadcast.

    Same parameters as :class:`imbtools.under_sampling.TomekLinks` (in-memory input goes
    there). On dask input: a counting pass; the rows outside the largest class are
    gathered (checked against ``max_minority_bytes``) and broadcast; one pass finds
    their nearest neighbour in every partition, merged by a tree reduction; a second
    pass does the same for their partners from the largest class. Each partition's
    search is the exact engine's (:func:`imbtools.neighbors.nearest_among`: blocked
    products on BLAS, float64 direct-difference distances, ties to the smaller global
    row); the result equals the in-memory sampler's wherever nearest neighbours are not
    tied within float64 rounding. The output is lazy.

    Parameters
    ----------
    sampling_strategy : str or list, default="auto"
        Classes to clean (see the in-memory class).
    n_jobs : int, default=None
        In-memory input only.
    max_minority_bytes : int, default=1073741824
        Largest size, in bytes, of the rows outside the largest class gathered on the
        client.

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray
        Global rows removed (dask input: the links' rows of the cleaned classes).

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbtools.dask import TomekLinks
    >>> X_np = np.array([[0.0], [1.0], [1.2], [3.0], [5.0], [5.1]])
    >>> y_np = np.array([0, 0, 1, 0, 0, 0])
    >>> X, y = da.from_array(X_np, chunks=(3, 1)), da.from_array(y_np, chunks=3)
    >>> X_res, y_res = TomekLinks().fit_resample(X, y)
    >>> X_res.compute().ravel().tolist()
    [0.0, 1.2, 3.0, 5.0, 5.1]
    """

    _parameter_constraints: dict = {
        **_InMemoryTomekLinks._parameter_constraints,
        "max_minority_bytes": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", n_jobs=None,
                 max_minority_bytes=DEFAULT_MAX_MINORITY_BYTES):
        super().__init__(sampling_strategy=sampling_strategy, n_jobs=n_jobs)
        self.max_minority_bytes = max_minority_bytes

    def _fit_resample_dask(self, X, data, targets):
        majority = int(np.argmax(data.class_totals))
        n_outside = int(data.class_totals.sum() - data.class_totals[majority])
        check_gather_size(n_outside, data.n_features, np.float64, self.max_minority_bytes,
                          "Gathering the rows outside the largest class")
        outside = compute(*[
            delayed(_rows_outside)(xp, yp, p, data.classes, majority, offset)
            for p, (xp, yp, offset) in enumerate(zip(data.x_parts, data.y_parts,
                                                     data.offsets))])
        X_first = np.concatenate([o[0] for o in outside])
        first = np.concatenate([o[1] for o in outside])
        first_codes = np.concatenate([o[2] for o in outside])
        _, first_nearest, near_features, near_codes = self._nearest(data, X_first, first)
        partner = near_codes == majority
        second, position = np.unique(first_nearest[partner], return_index=True)
        X_second = near_features[partner][position]
        second_nearest = self._nearest(data, X_second, second)[1] if second.size else second
        in_link = _links(first, first_nearest, first_codes, second, second_nearest, majority)
        link_codes = np.full(in_link.shape[0], majority)
        from_first = np.isin(in_link, first)
        link_codes[from_first] = first_codes[np.searchsorted(first, in_link[from_first])]
        removed = np.sort(in_link[np.isin(link_codes, list(targets))])
        self.sample_indices_ = removed
        return self._output(data, removed)

    @staticmethod
    def _nearest(data, X_queries, query_rows):
        queries = share((X_queries, query_rows))
        parts = [delayed(_nearest_in_partition)(xp, yp, p, data.classes, offset, queries)
                 for p, (xp, yp, offset) in enumerate(zip(data.x_parts, data.y_parts,
                                                          data.offsets))]
        return compute(tree_reduce(parts, _closer))[0]

    @staticmethod
    def _output(data, removed):
        bounds = np.searchsorted(removed, np.r_[data.offsets, data.partition_sizes.sum()])
        pairs, n_rows = [], []
        for p, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts)):
            local = removed[bounds[p]:bounds[p + 1]] - data.offsets[p]
            pairs.append(delayed(_drop_rows, nout=2)(xp, yp, p, local))
            n_rows.append(int(data.partition_sizes[p] - local.shape[0]))
        return (lazy_output([pair[0] for pair in pairs], n_rows, data.X),
                lazy_output([pair[1] for pair in pairs], n_rows, data.y))


def _links(first, first_nearest, first_codes, second, second_nearest, majority):
    """Global rows in a Tomek link (the in-memory mutual-nearest rule)."""
    queried = np.concatenate([first, second])
    nearest = np.concatenate([first_nearest, second_nearest])
    codes_q = np.concatenate([first_codes, np.full(second.shape[0], majority)])
    order = np.argsort(queried)
    queried, nearest = queried[order], nearest[order]
    codes_q = codes_q[order]
    position = np.minimum(np.searchsorted(queried, nearest), queried.shape[0] - 1)
    mutual = (queried[position] == nearest) & (nearest[position] == queried)
    # both ends of a mutual pair were queried, so the partner's class is at ``position``
    crossing = codes_q != codes_q[position]
    return queried[mutual & crossing]
