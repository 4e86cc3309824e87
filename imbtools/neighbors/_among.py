"""The question of a search split over disjoint blocks of rows: the k nearest among these.

A search over data held in pieces (the partitions of a Dask collection, blocks of a file)
asks each piece for its queries' ``k`` nearest rows, keyed by (squared distance, global
row), then merges the pieces' lists. Both steps live here so that the key is the same.
"""

from __future__ import annotations

import numpy as np

from . import _float32
from ._exact import NearestNeighbors
from ._validation import _as_float_array


def _empty_lists(n_queries, k):
    return np.full((n_queries, k), np.inf), np.full((n_queries, k), -1, dtype=np.int64)


def nearest_among(queries, references, k, *, query_rows=None, row_offset=0, n_jobs=1):
    """The ``k`` nearest of ``references`` to each query, keyed by (distance, global row).

    Reference ``j`` is global row ``row_offset + j``. The search is the exact engine's
    (:class:`NearestNeighbors` by blocked brute force, with its certified float32 pass
    where the search is large); its candidates are re-ranked by float64 squared
    distance from direct differences, ties to the smaller global row. A query whose own
    global row (``query_rows``) is among the references never gets itself; duplicates of
    it still count. Lists from disjoint blocks of rows combine with
    :func:`merge_nearest` into the lists of the whole data.

    Parameters
    ----------
    queries : array-like of shape (n_queries, n_features)
    references : array-like of shape (n_references, n_features)
    k : int
        Neighbours per query.
    query_rows : array-like of shape (n_queries,), int, default=None
        The queries' global rows (``-1``: not a row of the data); ``None``: no query is
        a row of the data.
    row_offset : int, default=0
        Global row of ``references[0]``.
    n_jobs : int, default=1
        Threads of the search (``1`` inside a task of a multi-worker scheduler).

    Returns
    -------
    sq_distances : ndarray of shape (n_queries, k), float64
        Squared distances, ascending; ``inf`` where fewer than ``k`` references are
        available.
    rows : ndarray of shape (n_queries, k), int64
        Global rows of the neighbours; ``-1`` where fewer than ``k`` are available.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.neighbors import merge_nearest, nearest_among
    >>> X = np.array([[0.0], [1.0], [1.0], [3.0]])
    >>> rows = np.array([0, 3])
    >>> first = nearest_among(X[rows], X[:2], 2, query_rows=rows)
    >>> second = nearest_among(X[rows], X[2:], 2, query_rows=rows, row_offset=2)
    >>> sq_distances, neighbours = merge_nearest(first, second)
    >>> neighbours  # ties go to the smaller row; row 3 is not its own neighbour
    array([[1, 2],
           [1, 2]])
    >>> sq_distances
    array([[1., 1.],
           [4., 4.]])
    """
    from .._kernels.neighbors import rerank_candidates

    n_queries, n_refs = np.shape(queries)[0], np.shape(references)[0]
    if n_queries:
        queries = _as_float_array(queries)
    if n_refs:  # an empty block (an empty partition) has nothing to add
        references = _as_float_array(references)
    query_rows = (np.full(n_queries, -1, dtype=np.int64) if query_rows is None
                  else np.asarray(query_rows, dtype=np.int64))
    own = query_rows - row_offset
    asks_itself = bool(((own >= 0) & (own < n_refs)).any())
    width = min(k + 1 if asks_itself else k, n_refs)
    sq_distances, rows = _empty_lists(n_queries, k)
    if width == 0 or n_queries == 0:
        return sq_distances, rows
    candidates = _engine(references, width, n_queries, n_jobs).kneighbors(
        queries, return_distance=False)
    ranked_idx = np.empty((n_queries, width), dtype=np.int64)
    ranked_sq = np.empty((n_queries, width))
    rerank_candidates(queries, references, candidates, ranked_idx, ranked_sq)
    keep = ranked_idx != own[:, None]
    keep &= np.cumsum(keep, axis=1) <= k
    position = np.cumsum(keep, axis=1) - 1
    query = np.nonzero(keep)[0]
    sq_distances[query, position[keep]] = ranked_sq[keep]
    rows[query, position[keep]] = ranked_idx[keep] + row_offset
    return sq_distances, rows


def _engine(references, width, n_queries, n_jobs):
    """The brute-force engine on ``references``, with the float32 pass where it pays."""
    search = NearestNeighbors(n_neighbors=width, algorithm="brute", n_jobs=n_jobs)
    search.fit(references)
    n_refs, n_features = references.shape
    if (search._float32_index is None and n_features >= _float32._FLOAT32_MIN_FEATURES
            and float(n_queries) * n_refs >= _float32._FLOAT32_MIN_WORK
            and getattr(search, "_unit", 1.0) == 1.0):
        search._float32_index = _float32._Float32Index.build(references)
    return search


def merge_nearest(first, second):
    """Merge two ``(sq_distances, rows)`` lists of the same queries from disjoint rows.

    Keeps each query's ``k`` smallest by (squared distance, global row): the lists of
    :func:`nearest_among` on the union of the two blocks of rows.

    Parameters
    ----------
    first, second : tuple of (ndarray of shape (n_queries, k), ndarray of shape (n_queries, k))
        As returned by :func:`nearest_among` (``-1`` rows are padding).

    Returns
    -------
    sq_distances, rows : ndarrays of shape (n_queries, k)

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.neighbors import merge_nearest
    >>> first = (np.array([[1.0, 4.0]]), np.array([[7, 2]]))
    >>> second = (np.array([[1.0, np.inf]]), np.array([[3, -1]]))
    >>> merge_nearest(first, second)[1]  # ties at 1.0 go to the smaller row
    array([[3, 7]])
    """
    k = first[0].shape[1]
    sq_distances = np.concatenate([first[0], second[0]], axis=1)
    rows = np.concatenate([first[1], second[1]], axis=1)
    key_rows = np.where(rows < 0, np.iinfo(np.int64).max, rows)
    order = np.lexsort((key_rows, sq_distances), axis=1)[:, :k]
    return (np.take_along_axis(sq_distances, order, axis=1),
            np.take_along_axis(rows, order, axis=1))
