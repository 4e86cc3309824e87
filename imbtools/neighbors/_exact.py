"""Exact Euclidean k-nearest neighbours: blocked brute force (float32 pass) and k-d tree."""

from __future__ import annotations

import numbers

import numpy as np
from scipy.spatial import cKDTree
from sklearn.base import BaseEstimator

from ..utils._parallel import NUMPY_MAX_WORK, SEARCH_MIN_WORK, n_threads
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval, StrOptions
from ..utils._scaling import extreme_unit
from . import _float32
from ._blocked import _blocked_topk, _centred_sq_norms, search_center
from ._float32 import _Float32Index, _use_float32
from ._validation import _as_float_array, _drop_self, query_itself_mask


def _choose_algorithm(n_samples, n_features):
    """'kd_tree' where it beats blocked brute force in our measurements, else 'brute'.

    See ``benchmarks/neighbors_crossover.py``: with few features a k-d tree wins once the
    reference set is large; beyond ~12 features BLAS brute force wins at every size we
    measured up to 10^6 references.
    """
    if n_features <= 8 and n_samples >= 5_000:
        return "kd_tree"
    return "brute"


def _exact_distances(queries, refs, neighbor_idx):
    """:func:`~imbtools._kernels.neighbors.exact_distances`, in NumPy on small input.

    Up to ``NUMPY_MAX_WORK`` differences, the squares are added feature by feature, in
    the kernel's order (a NumPy sum along the features would add them pairwise), so
    the distances are the kernel's bits; a small call then never imports Numba.
    """
    if neighbor_idx.size * queries.shape[1] > NUMPY_MAX_WORK:
        from .._kernels.neighbors import exact_distances

        return exact_distances(queries, refs, neighbor_idx)
    total = np.zeros(neighbor_idx.shape)
    for feature in range(queries.shape[1]):
        diff = queries[:, feature, None] - refs[neighbor_idx, feature]
        total += diff * diff
    return np.sqrt(total)


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

    With at least 500,000 samples and 8 features the brute-force path first searches in
    float32 (about twice the GEMM throughput of float64), keeps ``k + max(k, 8)``
    candidates per query, re-ranks them by float64 distance and certifies each query with
    a rigorous bound on the float32 rounding error; queries it cannot certify are searched
    again in float64, so the result stays exact. Certified queries get the ``k`` nearest
    references by the float64 distance of the returned ``distances`` (ties by index); the
    float64 path ranks by ``||r||^2 - 2 q.r`` in float64, which can order differently
    only references whose distances agree to within float64 rounding. The float32 copy
    of the (centred) samples costs ``n_samples * n_features * 4`` bytes, half of ``X``,
    for the life of the fitted object; it is not built for smaller data, for the k-d tree,
    or where float32 would overflow.

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
        "n_jobs": N_JOBS_CONSTRAINT,
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
        # data whose squared distances would overflow or underflow is searched rescaled
        # by a power of two (exact); distances are returned in the caller's units
        self._unit = extreme_unit(X)
        if self._unit != 1.0:
            X = X * (1.0 / self._unit)
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
            # products are taken on data centred on the references' mean: the rounding of
            # ||r||^2 - 2 q.r then scales with the data's spread, not with its offset
            self._center = search_center(X)
            self._sq_norms = _centred_sq_norms(X, self._center)
        self._float32_index = (
            _Float32Index.build(X) if algorithm == "brute" and _use_float32(*X.shape) else None
        )
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
        unit = getattr(self, "_unit", 1.0)
        if unit != 1.0 and not skip_self:
            queries = queries * (1.0 / unit)
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
        if return_distance and unit != 1.0:
            dist = dist * unit
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
        index = getattr(self, "_float32_index", None)
        if index is not None:
            query_norms = index.query_norms(queries)
            if query_norms is not None:
                return self._query_float32(queries, query_norms, k, skip_self,
                                           return_distance)
        best_idx = self._search_float64(queries, k, skip_self)
        if not return_distance:
            return None, best_idx
        return _exact_distances(queries, self._fit_X, best_idx), best_idx

    def _search_float64(self, queries, k, skip_self):
        """Indices of each query's ``k`` smallest ``||r||^2 - 2 q.r``, computed in float64."""
        best_dist = np.full((queries.shape[0], k), np.inf)
        best_idx = np.full((queries.shape[0], k), -1, dtype=np.int64)
        center = self._center
        # data whose mean is small against its spread has a zero centre: no subtraction
        centred = bool(center.any())

        def prepare(q_block):
            return q_block - center

        _blocked_topk(queries, self._fit_X, self._sq_norms, skip_self, best_dist, best_idx,
                      n_threads(self.n_jobs, work=queries.size * self.n_samples_fit_,
                                  min_work=SEARCH_MIN_WORK),
                      prepare=prepare if centred else None,
                      ref_center=center if centred else None)
        return best_idx

    def _search_float64_rows(self, queries, rows, k, skip_self):
        """:meth:`_search_float64` for the queries ``queries[rows]`` only.

        With ``skip_self`` (the queries are the references) ``k + 1`` neighbours are found
        and each row's own index dropped, or the last one when ties of smaller index
        outrank it: the same selection as the float64 search with ``skip_self``.
        """
        if not skip_self:
            return self._search_float64(queries[rows], k, False)
        candidates = self._search_float64(queries[rows], k + 1, False)
        keep = ~query_itself_mask(candidates, rows)
        return candidates[keep].reshape(rows.shape[0], k)

    def _query_float32(self, queries, query_norms, k, skip_self, return_distance):
        """Certified float32 pass (see :class:`_Float32Index`); the rest in float64.

        The first ``_float32._FLOAT32_PROBE`` queries are searched first: when more than
        ``_float32._FLOAT32_MAX_FAILURE`` of them fail the certificate (neighbour gaps below float32
        resolution), the others go straight to the float64 search.
        """
        from .._kernels.neighbors import exact_distances

        n_queries = queries.shape[0]
        idx = np.empty((n_queries, k), dtype=np.int64)
        sq_dist = np.empty((n_queries, k))
        certified = np.zeros(n_queries, dtype=bool)
        n_available = self.n_samples_fit_ - (1 if skip_self else 0)
        n_workers = n_threads(self.n_jobs, work=queries.size * self.n_samples_fit_,
                                  min_work=SEARCH_MIN_WORK)
        n_probe = min(n_queries, _float32._FLOAT32_PROBE)
        chunks = [(0, n_probe)] + [
            (start, min(start + _float32._FLOAT32_QUERY_CHUNK, n_queries))
            for start in range(n_probe, n_queries, _float32._FLOAT32_QUERY_CHUNK)
        ]
        for start, stop in chunks:
            if start > 0 and 1.0 - certified[:n_probe].mean() > _float32._FLOAT32_MAX_FAILURE:
                break
            self._float32_index.search(
                queries, query_norms, start, stop, k, n_available, skip_self, n_workers,
                idx, sq_dist, certified,
            )
        redo = np.flatnonzero(~certified)
        if redo.size:
            idx[redo] = self._search_float64_rows(queries, redo, k, skip_self)
        if not return_distance:
            return None, idx
        dist = np.sqrt(sq_dist)
        if redo.size:
            dist[redo] = exact_distances(queries[redo], self._fit_X, idx[redo])
        return dist, idx


