"""The one neighbour-search engine every imbtools sampler uses.

:class:`NearestNeighbors` answers exact Euclidean k-nearest-neighbour queries with the
scikit-learn ``fit`` / ``kneighbors`` API, so samplers can equally be handed a user's own
scikit-learn-like object (an approximate or GPU index, say). Samplers go through
:func:`check_neighbors` and :func:`neighbors_excluding_self`, which treat both alike.
"""

from __future__ import annotations

import functools
import numbers
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree
from sklearn.base import BaseEstimator, clone

from .utils._parallel import n_threads
from .utils._param_validation import HasMethods, Interval, StrOptions
from .utils.validation import check_feature_matrix

__all__ = [
    "NEIGHBORS_CONSTRAINT",
    "NearestNeighbors",
    "check_neighbors",
    "fit_searcher",
    "neighbors_excluding_self",
    "neighbors_of_rows",
    "query_itself_mask",
]

#: Parameter constraint of every ``k_neighbors``-style parameter: a positive int, or an
#: object with ``fit`` and ``kneighbors`` (see :func:`check_neighbors`).
NEIGHBORS_CONSTRAINT = [
    Interval(numbers.Integral, 1, None, closed="left"),
    HasMethods(["kneighbors", "fit"]),
]

# Block shape of the brute-force search: (queries, references) per inner-product block.
# 256 x 512 float64 (1 MB) stays in cache between the GEMM that writes it and the merge
# that reads it; measured 20-25% faster than 1024 x 1024 at 10^4 x 10^4 x 20.
_QUERY_BLOCK = 256
_REF_CHUNK = 512


@functools.cache
def _search_pool(n_workers, pid):
    """A thread pool kept for the life of the process, one per worker count.

    Starting threads on every search costs time and memory. ``pid`` is part of the cache
    key so that a forked child never uses its parent's (dead) threads.
    """
    return ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="imbtools-knn")


@functools.cache
def _blas_controller():
    """One threadpoolctl controller per process: building it scans the loaded libraries."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _choose_algorithm(n_samples, n_features):
    """'kd_tree' where it beats blocked brute force in our measurements, else 'brute'.

    See ``benchmarks/neighbors_crossover.py``: with few features a k-d tree wins once the
    reference set is large; beyond ~12 features BLAS brute force wins at every size we
    measured up to 10^6 references.
    """
    if n_features <= 8 and n_samples >= 5_000:
        return "kd_tree"
    return "brute"


class NearestNeighbors(BaseEstimator):
    """Exact Euclidean k-nearest neighbours on Numba kernels.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours returned by :meth:`kneighbors`.
    algorithm : {"auto", "brute", "kd_tree"}, default="auto"
        ``"brute"``: blocked inner products on BLAS, with a Numba kernel that keeps each
        query's k best candidates. ``"kd_tree"``: :class:`scipy.spatial.cKDTree`.
        ``"auto"`` picks by shape from measurements (k-d tree for at most 8 features and
        at least 5,000 samples, brute force otherwise).
    n_jobs : int, default=None
        Threads for the search. ``None`` and ``-1`` use every core (the search is
        multi-threaded like BLAS, not a joblib job); ``n`` uses at most ``n``.

    Attributes
    ----------
    n_samples_fit_ : int
        Number of reference samples.
    algorithm_ : str
        The algorithm actually used.

    Notes
    -----
    Both algorithms are exact. Among references at equal distance the brute-force path
    returns the smaller index first; the k-d tree path does not promise an order among ties.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.neighbors import NearestNeighbors
    >>> X = np.array([[0.0], [1.0], [3.0], [6.0]])
    >>> nn = NearestNeighbors(n_neighbors=2).fit(X)
    >>> dist, ind = nn.kneighbors()  # each sample's neighbours, itself excluded
    >>> ind
    array([[1, 2],
           [0, 2],
           [1, 0],
           [2, 1]])
    """

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "algorithm": [StrOptions({"auto", "brute", "kd_tree"})],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, n_neighbors=5, *, algorithm="auto", n_jobs=None):
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.n_jobs = n_jobs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y=None):
        """Store the reference samples ``X`` (dense, float) and build the index."""
        self._validate_params()
        X = _as_float_array(X)
        self._fit_X = X
        self.n_samples_fit_ = X.shape[0]
        self.n_features_in_ = X.shape[1]
        algorithm = self.algorithm
        if algorithm == "auto":
            algorithm = _choose_algorithm(*X.shape)
        self.algorithm_ = algorithm
        if algorithm == "kd_tree":
            self._tree = cKDTree(X)
        else:
            self._sq_norms = np.einsum("ij,ij->i", X, X)
        return self

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Find the ``n_neighbors`` nearest references of each query.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            Queries. ``None`` queries the references themselves and never returns a
            sample as its own neighbour (duplicates of it still count).
        n_neighbors : int, default=None
            Defaults to the constructor's value.
        return_distance : bool, default=True

        Returns
        -------
        distances : ndarray of shape (n_queries, n_neighbors), only if return_distance
        indices : ndarray of shape (n_queries, n_neighbors), int64, nearest first
        """
        k = self.n_neighbors if n_neighbors is None else int(n_neighbors)
        skip_self = X is None
        queries = self._fit_X if skip_self else _as_float_array(X)
        n_available = self.n_samples_fit_ - (1 if skip_self else 0)
        if k > n_available:
            besides = " besides the query itself" if skip_self else ""
            raise ValueError(
                f"n_neighbors={k} neighbours were requested but only {n_available} "
                f"reference sample(s) are available{besides}."
            )
        if queries.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {queries.shape[1]} features, but NearestNeighbors was fitted with "
                f"{self.n_features_in_}."
            )
        if self.algorithm_ == "kd_tree":
            dist, ind = self._query_tree(queries, k, skip_self)
        else:
            dist, ind = self._query_brute(queries, k, skip_self, return_distance)
        return (dist, ind) if return_distance else ind

    def _query_tree(self, queries, k, skip_self):
        workers = -1 if self.n_jobs is None else self.n_jobs
        extra = 1 if skip_self else 0
        dist, ind = self._tree.query(queries, k=k + extra, workers=workers)
        dist, ind = dist.reshape(len(queries), -1), ind.reshape(len(queries), -1)
        if skip_self:
            dist, ind = _drop_self(dist, ind)
        return dist, ind.astype(np.int64, copy=False)

    def _query_brute(self, queries, k, skip_self, return_distance):
        from ._kernels.neighbors import exact_distances, merge_block_topk

        refs, ref_norms = self._fit_X, self._sq_norms
        n_queries, n_refs = queries.shape[0], refs.shape[0]
        best_dist = np.full((n_queries, k), np.inf)
        best_idx = np.full((n_queries, k), -1, dtype=np.int64)
        n_workers = n_threads(self.n_jobs)
        block = max(1, min(_QUERY_BLOCK, -(-n_queries // n_workers)))

        def search_block(q0):
            q_block = queries[q0 : q0 + block]
            for r0 in range(0, n_refs, _REF_CHUNK):
                inner = q_block @ refs[r0 : r0 + _REF_CHUNK].T
                merge_block_topk(
                    inner, ref_norms[r0 : r0 + _REF_CHUNK], r0, q0, skip_self, best_dist, best_idx
                )

        starts = range(0, n_queries, block)
        # One BLAS thread per worker: BLAS threads left spinning after a multi-threaded
        # GEMM would compete with the other workers' merge kernels.
        with _blas_controller().limit(limits=1, user_api="blas"):
            if n_workers == 1 or len(starts) == 1:
                for q0 in starts:
                    search_block(q0)
            else:
                list(_search_pool(n_workers, os.getpid()).map(search_block, starts))
        if not return_distance:
            return None, best_idx
        return exact_distances(queries, refs, best_idx), best_idx


def _as_float_array(X):
    X = check_feature_matrix(X, accept_sparse=True)
    if sparse.issparse(X):
        X = X.toarray()
    return np.ascontiguousarray(X, dtype=np.float64)


def query_itself_mask(candidates, query_rows):
    """Which entry of each row of ``k + 1`` candidates to drop so ``k`` others remain.

    The query's own index (its first occurrence); where it is absent (exact duplicates
    outranked it), the last-ranked candidate.
    """
    own = candidates == np.asarray(query_rows, dtype=np.int64)[:, None]
    own &= np.cumsum(own, axis=1) == 1
    own[~own.any(axis=1), candidates.shape[1] - 1] = True
    return own


def _drop_self(dist, ind):
    """Remove each row's own index from k+1 results (or its last entry if absent)."""
    n, width = ind.shape
    keep = ~query_itself_mask(ind, np.arange(n))
    return dist[keep].reshape(n, width - 1), ind[keep].reshape(n, width - 1)


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
    if k + 1 > n_samples:
        raise ValueError(
            f"{k} neighbours per sample were requested, but only {n_samples} samples are "
            "available (each sample needs k other samples)."
        )
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
    if k + 1 > n_samples:
        raise ValueError(
            f"{k} neighbours per sample were requested, but only {n_samples} samples are "
            "available (each sample needs k other samples of its class)."
        )
    searcher.fit(X)
    if isinstance(searcher, NearestNeighbors):
        return searcher.kneighbors(None, n_neighbors=k, return_distance=False)
    dist, ind = searcher.kneighbors(X, n_neighbors=k + 1, return_distance=True)
    return _drop_self(np.asarray(dist), np.asarray(ind))[1].astype(np.int64, copy=False)
