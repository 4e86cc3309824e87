"""The questions samplers ask the engine: neighbours of rows, within a set, of every row."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.base import clone

from ..utils._param_validation import HasMethods, Interval
from . import _float32
from ._exact import NearestNeighbors
from ._validation import _as_float_array, _check_other_samples, _drop_self, query_itself_mask

#: Parameter constraint of every ``k_neighbors``-style parameter: a positive int, or an
#: object with ``fit`` and ``kneighbors`` (see :func:`check_neighbors`).
NEIGHBORS_CONSTRAINT = [
    Interval(numbers.Integral, 1, None, closed="left"),
    HasMethods(["kneighbors", "fit"]),
]


def fit_searcher(searcher, X):
    """Fit a neighbour-search object on ``X`` (densified for a user's object if needed)."""
    if sparse.issparse(X) and not isinstance(searcher, NearestNeighbors):
        try:
            return searcher.fit(X)
        except (TypeError, ValueError):
            return searcher.fit(X.toarray())
    return searcher.fit(X)


def neighbors_of_rows(searcher, X, rows, k, *, chunk_size=None):
    """The ``k`` nearest neighbours of the rows ``X[rows]`` among all rows of ``X``.

    ``searcher`` must already be fitted on ``X``. Only the requested rows are queried
    (the search costs ``len(rows) * len(X)``, not ``len(X) ** 2``); each query's own row
    is left out (see :func:`query_itself_mask`).

    Parameters
    ----------
    searcher : fitted object with ``kneighbors``
    X : ndarray or sparse matrix of shape (n_samples, n_features)
        The data ``searcher`` was fitted on.
    rows : ndarray of shape (n_queries,), int
        Rows of ``X`` to query.
    k : int
        Neighbours per query, the query itself not counted.
    chunk_size : int, default=None
        Query this many rows per call (bounds the memory of the copied queries);
        ``None`` queries all rows at once.

    Returns
    -------
    ndarray of shape (n_queries, k), int64
        Row indices into ``X``, nearest first.
    """
    n_samples = X.shape[0]
    _check_other_samples(k, n_samples)
    rows = np.asarray(rows, dtype=np.int64)
    step = rows.shape[0] if chunk_size is None else chunk_size
    out = np.empty((rows.shape[0], k), dtype=np.int64)
    for start in range(0, rows.shape[0], max(step, 1)):
        chunk = rows[start : start + step]
        candidates = np.asarray(
            searcher.kneighbors(X[chunk], n_neighbors=k + 1, return_distance=False),
            dtype=np.int64,
        )
        keep = ~query_itself_mask(candidates, chunk)
        out[start : start + chunk.shape[0]] = candidates[keep].reshape(chunk.shape[0], k)
    return out


def worth_blocked_search(n_queries, n_samples, n_features):
    """Whether :func:`blocked_neighbors_of_rows` pays for a search of this size.

    Only where the float32 pass applies (``_FLOAT32_MIN_FEATURES`` features; with fewer,
    ``NearestNeighbors`` uses a k-d tree on large data), and not from
    ``_FLOAT32_MIN_SAMPLES`` samples on: there a fitted ``NearestNeighbors`` has its
    whole float32 copy, which was 25% faster than blocks of 65,536 (2 x 10^4 queries x
    10^6 samples: 10.7 s against 13.3 s; each block restarts every query's candidate
    list).
    """
    return (float(n_queries) * n_samples >= _float32._FLOAT32_MIN_WORK
            and n_features >= _float32._FLOAT32_MIN_FEATURES
            and n_samples < _float32._FLOAT32_MIN_SAMPLES)


def blocked_neighbors_of_rows(X, rows, k, *, n_jobs=None, query_chunk=4096):
    """:func:`neighbors_of_rows` with our exact search, for a large search on a dense ``X``.

    The references are searched in blocks of ``_FLOAT32_REF_BLOCK`` rows, each with its
    own float32 first pass (see :class:`_Float32Index`) where the whole search is worth
    it (``len(rows) * len(X) >= _float32._FLOAT32_MIN_WORK`` and at least
    ``_FLOAT32_MIN_FEATURES`` features): the float32 copy held at any time is one
    block's, not the whole ``X``'s. Each block gives every query its ``k + 1`` nearest
    references with their float64 direct-difference distances; the blocks' lists are
    merged by distance, ties to the smaller row, and the query's own row is dropped as
    in :func:`neighbors_of_rows`.

    Returns
    -------
    ndarray of shape (len(rows), k), int64
    """
    X = _as_float_array(X)
    _check_other_samples(k, X.shape[0])
    rows = np.asarray(rows, dtype=np.int64)
    candidates = _blocked_search(X, lambda part: X[rows[part]], rows.shape[0], k + 1,
                                 n_jobs, query_chunk)
    keep = ~query_itself_mask(candidates, rows)
    return candidates[keep].reshape(rows.shape[0], k)


def blocked_neighbors_of_points(X, points, k, *, n_jobs=None, query_chunk=4096):
    """The ``k`` nearest rows of ``X`` of each of ``points`` (not rows of ``X``).

    The search of :func:`blocked_neighbors_of_rows` (float32 first pass where the search
    is large, exact): nearest first, ties to the smaller row.

    Returns
    -------
    ndarray of shape (len(points), k), int64
    """
    X = _as_float_array(X)
    _check_other_samples(k - 1, X.shape[0])
    points = _as_float_array(points)
    return _blocked_search(X, lambda part: points[part], points.shape[0], k, n_jobs,
                           query_chunk)


def _blocked_search(X, queries_of, n_queries, width, n_jobs, query_chunk):
    """``width`` nearest rows of the queries ``queries_of(slice)``, block by block."""
    n_samples, n_features = X.shape
    float32 = (n_features >= _float32._FLOAT32_MIN_FEATURES
               and float(n_queries) * n_samples >= _float32._FLOAT32_MIN_WORK)
    n_blocks = -(-n_samples // _float32._FLOAT32_REF_BLOCK)
    cand_dist = np.full((n_queries, n_blocks * width), np.inf)
    cand_idx = np.full((n_queries, n_blocks * width), n_samples, dtype=np.int64)
    for b, first in enumerate(range(0, n_samples, _float32._FLOAT32_REF_BLOCK)):
        block = X[first : first + _float32._FLOAT32_REF_BLOCK]
        search = NearestNeighbors(n_neighbors=min(width, block.shape[0]), algorithm="brute",
                                  n_jobs=n_jobs).fit(block)
        if float32:
            search._float32_index = _float32._Float32Index.build(block)
        for start in range(0, n_queries, query_chunk):
            stop = min(start + query_chunk, n_queries)
            dist, ind = search.kneighbors(queries_of(slice(start, stop)))
            columns = slice(b * width, b * width + ind.shape[1])
            cand_dist[start:stop, columns] = dist
            cand_idx[start:stop, columns] = ind + first
        del search
    order = np.lexsort((cand_idx, cand_dist), axis=1)[:, :width]
    return np.take_along_axis(cand_idx, order, axis=1)


def check_neighbors(param_name, value, *, n_jobs=None):
    """Resolve a ``k_neighbors``-style parameter into ``(search object, k)``.

    Parameters
    ----------
    param_name : str
        Name of the parameter, used in error messages.
    value : int or estimator with ``kneighbors``
        An int ``k`` builds an imbtools :class:`NearestNeighbors`. An object (for
        instance :class:`sklearn.neighbors.NearestNeighbors` or an approximate index) is
        cloned and used as is; as in imbalanced-learn, its ``n_neighbors`` counts the
        query sample itself, so ``k = n_neighbors - 1``.
    n_jobs : int, default=None
        Threads for the imbtools search object.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if value < 1:
            raise ValueError(f"{param_name} must be a positive integer; got {value}.")
        return NearestNeighbors(n_neighbors=int(value), n_jobs=n_jobs), int(value)
    if hasattr(value, "kneighbors") and hasattr(value, "fit"):
        n_neighbors = getattr(value, "n_neighbors", None)
        if not isinstance(n_neighbors, numbers.Integral) or n_neighbors < 2:
            raise ValueError(
                f"{param_name} is a neighbours object with n_neighbors={n_neighbors!r}; it "
                "must be an integer >= 2 (it counts the query sample itself)."
            )
        try:
            searcher = clone(value)
        except TypeError:
            searcher = value
        return searcher, int(n_neighbors) - 1
    raise TypeError(
        f"{param_name} must be a positive int or an object with fit and kneighbors "
        f"methods (like sklearn.neighbors.NearestNeighbors); got {type(value).__name__}."
    )


def neighbors_excluding_self(searcher, X, k):
    """Indices (n_samples, k) of each row's ``k`` nearest other rows of ``X``.

    Our own engine excludes the query exactly; for a user's object ``k + 1`` neighbours
    are asked for and the query itself (or, among duplicates, the last one) is dropped.
    """
    n_samples = X.shape[0]
    _check_other_samples(k, n_samples, " of its class")
    searcher.fit(X)
    if isinstance(searcher, NearestNeighbors):
        return searcher.kneighbors(None, n_neighbors=k, return_distance=False)
    dist, ind = searcher.kneighbors(X, n_neighbors=k + 1, return_distance=True)
    return _drop_self(np.asarray(dist), np.asarray(ind))[1].astype(np.int64, copy=False)
