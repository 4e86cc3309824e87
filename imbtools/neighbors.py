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
import queue
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree
from sklearn.base import BaseEstimator, clone

from .utils._parallel import n_threads
from .utils._param_validation import HasMethods, Interval, StrOptions
from .utils._scaling import extreme_unit
from .utils.validation import check_feature_matrix

__all__ = [
    "NEIGHBORS_CONSTRAINT",
    "ApproximateNearestNeighbors",  # noqa: F822 (lazy, see __getattr__)
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

# The certified float32 first pass (see ``_Float32Index``) is used from this many
# references and features on. ``benchmarks/neighbors_precision.py``, minority queries
# (1.5%) against all rows: CPU time 1.8x lower at 1e6 x 20; 1.4x at 1e5 rows for 8 to
# 12 features, 1.6x for 20 to 50; 1.0-1.1x at 2e4 rows. But inside SMOTEENN at 1e5 rows
# (ENN fitted on 1.8e5 rows) the job's CPU time fell only 4-10% while its peak memory
# rose from 95 MB to 110-122 MB, above imbalanced-learn's 96 MB: below 5e5 references
# the float32 copy is not worth its memory ...
_FLOAT32_MIN_SAMPLES = 500_000
_FLOAT32_MIN_FEATURES = 8
# ... on the first ``_FLOAT32_PROBE`` queries of a call, and on the others unless more
# than this fraction of the probe failed its certificate.
_FLOAT32_PROBE = 1024
_FLOAT32_MAX_FAILURE = 0.25
# Queries per float32 pass (bounds the memory of its candidate lists and temporaries).
_FLOAT32_QUERY_CHUNK = 8192


# :func:`blocked_neighbors_of_rows` uses the float32 pass on smaller data when the search
# is this large (queries x references): at 2.7e4 queries x 2e5 references x 20 features
# it took 4.9 s against 8.1 s (load 4) ...
_FLOAT32_MIN_WORK = 2e9
# ... one block of this many references at a time, so its float32 copy stays small.
_FLOAT32_REF_BLOCK = 65_536


def _use_float32(n_samples, n_features):
    """Whether fitting builds the float32 copy for the certified first pass."""
    return n_samples >= _FLOAT32_MIN_SAMPLES and n_features >= _FLOAT32_MIN_FEATURES


def _float32_extra(k):
    """Candidates kept beyond ``k`` by the float32 pass, the margin of the certificate."""
    return max(k, 8)


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
        from ._kernels.neighbors import exact_distances

        index = getattr(self, "_float32_index", None)
        if index is not None:
            query_norms = index.query_norms(queries)
            if query_norms is not None:
                return self._query_float32(queries, query_norms, k, skip_self,
                                           return_distance)
        best_idx = self._search_float64(queries, k, skip_self)
        if not return_distance:
            return None, best_idx
        return exact_distances(queries, self._fit_X, best_idx), best_idx

    def _search_float64(self, queries, k, skip_self):
        """Indices of each query's ``k`` smallest ``||r||^2 - 2 q.r``, computed in float64."""
        best_dist = np.full((queries.shape[0], k), np.inf)
        best_idx = np.full((queries.shape[0], k), -1, dtype=np.int64)
        center = self._center

        def prepare(q_block):
            return q_block - center

        _blocked_topk(queries, self._fit_X, self._sq_norms, skip_self, best_dist, best_idx,
                      n_threads(self.n_jobs, work=queries.size * self.n_samples_fit_),
                      prepare=prepare, ref_center=center)
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

        The first ``_FLOAT32_PROBE`` queries are searched first: when more than
        ``_FLOAT32_MAX_FAILURE`` of them fail the certificate (neighbour gaps below float32
        resolution), the others go straight to the float64 search.
        """
        from ._kernels.neighbors import exact_distances

        n_queries = queries.shape[0]
        idx = np.empty((n_queries, k), dtype=np.int64)
        sq_dist = np.empty((n_queries, k))
        certified = np.zeros(n_queries, dtype=bool)
        n_available = self.n_samples_fit_ - (1 if skip_self else 0)
        n_workers = n_threads(self.n_jobs, work=queries.size * self.n_samples_fit_)
        n_probe = min(n_queries, _FLOAT32_PROBE)
        chunks = [(0, n_probe)] + [
            (start, min(start + _FLOAT32_QUERY_CHUNK, n_queries))
            for start in range(n_probe, n_queries, _FLOAT32_QUERY_CHUNK)
        ]
        for start, stop in chunks:
            if start > 0 and 1.0 - certified[:n_probe].mean() > _FLOAT32_MAX_FAILURE:
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


def search_center(X):
    """A centre for the products of the brute-force search: near the mean, on a coarse grid.

    Column ``j`` gets its mean rounded to a multiple of ``q_j``, the largest power of two
    not above the column's range (a constant column gets its value). Products of
    centred data then err in proportion to the data's spread, not its offset, and since
    the centre lies on a grid no finer than the data's, centring is exact for data on a
    binary grid (integers, fixed binary fractions): their distances stay exact, so exact
    ties stay ties, broken by index, and results do not change under a common offset.
    """
    if not X.shape[0]:
        return np.zeros(X.shape[1])
    lowest, highest = X.min(axis=0), X.max(axis=0)
    span = highest - lowest
    center = lowest.copy()  # constant columns
    varied = span > 0
    with np.errstate(over="ignore"):
        step = np.ldexp(1.0, np.frexp(span[varied])[1] - 1)  # largest 2**a <= span
        mean = X.mean(axis=0)[varied]
        center[varied] = np.round(mean / step) * step
    # a mean that overflows leaves the column uncentred (only near the float64 limit)
    center[~np.isfinite(center)] = 0.0
    return center


def _centred_sq_norms(X, center, chunk_rows=8192):
    """``||x - center||^2`` of every row, without a centred copy of ``X``."""
    out = np.empty(X.shape[0])
    for r0 in range(0, X.shape[0], chunk_rows):
        centred = X[r0 : r0 + chunk_rows] - center
        out[r0 : r0 + chunk_rows] = np.einsum("ij,ij->i", centred, centred)
    return out


def _blocked_topk(queries, refs, ref_norms, skip_self, best_dist, best_idx, n_workers,
                  start=0, stop=None, prepare=None, index_shift=0, ref_center=None):
    """Merge every reference into the top lists of the queries ``start:stop``, in blocks.

    ``best_dist`` / ``best_idx`` (rows indexed like ``queries``) hold the lists and are
    updated in place; their dtype is the arithmetic's (``refs``, ``ref_norms`` and
    ``prepare(query_block)`` share it). Query blocks run on ``n_workers`` threads.
    ``index_shift``: with ``skip_self``, query row ``i`` is reference ``i + index_shift``;
    the indices stored are then the references' minus ``index_shift`` (the caller adds it).
    ``ref_center``: subtract it from each block of references before the product (into a
    buffer of the worker's; ``ref_norms`` are then those of the centred references).
    """
    from ._kernels.neighbors import merge_block_topk

    stop = queries.shape[0] if stop is None else stop
    n_refs = refs.shape[0]
    block = max(1, min(_QUERY_BLOCK, -(-(stop - start) // n_workers)))
    starts = range(start, stop, block)
    # The inner-product blocks are written into buffers allocated here, one per worker:
    # blocks allocated inside the worker threads would stay in per-thread malloc arenas
    # after the search (measured: +1.5 MB of peak memory for TomekLinks at 10^5 rows).
    buffers = queue.SimpleQueue()
    ref_rows = min(_REF_CHUNK, n_refs)
    for _ in range(min(n_workers, len(starts))):
        buffers.put((np.empty(block * ref_rows, dtype=refs.dtype),
                     None if ref_center is None else np.empty((ref_rows, refs.shape[1]),
                                                                dtype=refs.dtype)))

    def search_block(q0):
        q_block = queries[q0 : min(q0 + block, stop)]
        if prepare is not None:
            q_block = prepare(q_block)
        buffer, centred = buffers.get()
        for r0 in range(0, n_refs, _REF_CHUNK):
            chunk = refs[r0 : r0 + _REF_CHUNK]
            if centred is not None:
                chunk = np.subtract(chunk, ref_center, out=centred[: chunk.shape[0]])
            inner = buffer[: q_block.shape[0] * chunk.shape[0]].reshape(q_block.shape[0], -1)
            np.matmul(q_block, chunk.T, out=inner)
            merge_block_topk(
                inner, ref_norms[r0 : r0 + _REF_CHUNK], r0 - index_shift, q0, skip_self,
                best_dist, best_idx,
            )
        buffers.put((buffer, centred))

    # One BLAS thread per worker: BLAS threads left spinning after a multi-threaded
    # GEMM would compete with the other workers' merge kernels.
    with _blas_controller().limit(limits=1, user_api="blas"):
        if n_workers == 1 or len(starts) == 1:
            for q0 in starts:
                search_block(q0)
        else:
            list(_search_pool(n_workers, os.getpid()).map(search_block, starts))


class _Float32Index:
    """Centred float32 copy of the references for a first pass with a certified result.

    **Search.** Queries and references are centred on the references' mean (distances do
    not change) and rounded to float32; blocks of ``a(r) = ||r||^2 - 2 q.r`` are computed
    with float32 GEMM and each query keeps its ``m = k + extra`` smallest (the
    float32 instance of ``merge_block_topk``). The ``m`` candidates are re-ranked by
    float64 squared distance from direct differences, as ``exact_distances`` computes it,
    ties to the smaller index.

    **Error bound.** Let ``u = 2**-24`` (float32 unit roundoff), ``v = 2**-53``, ``d`` the
    feature count, ``q``, ``r`` the exactly centred vectors, ``rho >= max_r ||r||``.
    Centring in float64 then rounding to float32 perturbs each coordinate by a relative
    ``u1 = u + v + u v`` at most. A float32 inner product of length ``d``, in any order
    of summation with or without FMA, errs by at most ``gamma_d ||q|| ||r||`` with
    ``gamma_d = d u / (1 - d u)`` (Higham, *Accuracy and Stability of Numerical
    Algorithms*, 2nd ed., sec. 3.1; Cauchy-Schwarz bounds ``|q|.|r|``), so with the
    rounded inputs ``|g - q.r| <= c_g ||q|| ||r||``, ``c_g = gamma_d (1 + u1)**2 + 2 u1 +
    u1**2``. The norm ``||r||^2``, summed in float64 and rounded to float32, errs by
    ``c_n ||r||^2``, ``c_n = (u + (d + 4) v)(1 + u)``. The final float32 subtraction adds
    ``u |n - 2 g|``. Hence, for every reference,

        ``|a_32(r) - a(r)| <= err_q = (c_n + u (1 + c_n)) rho**2
        + 2 (c_g + u (1 + c_g)) ||q|| rho + 2**-118 (d + 1)(1 + ||q|| + rho)``,

    the last term covering underflow (subnormals flushed to zero included). The whole is
    inflated by ``2**-20`` relative for its own float64 evaluation.

    **Certificate.** The merge leaves out only references whose ``a_32`` is at least the
    last kept value ``a_m``, so each of them lies at true squared distance at least
    ``L_q = ||q||^2 + a_m - err_q``. If the ``k``-th re-ranked squared distance ``D_k``
    satisfies ``D_k < L_q - slack`` (``slack`` absorbs the float64 rounding of ``D``,
    ``||q||^2`` and ``L_q``: ``8 (d + 8) v`` times their magnitudes), every left-out
    reference is strictly farther, also in float64, so the re-ranked list is exactly the
    ``k`` nearest references by float64 direct-difference distance, ties by index. A
    query whose list holds every available reference is certified trivially. The others
    are redone by the float64 search.

    **Cost.** ``n_samples * n_features * 4`` bytes (half of ``X``) plus ``4 n_samples``
    for the norms, kept for the life of the fitted estimator; built at ``fit`` only where
    the pass pays (see :func:`_use_float32`) and is safe: the float32 range holds the
    data comfortably (``1e-10 <= rho <= 1e15`` and, per query set,
    ``rho**2 + 2 rho max ||q|| <= 1e37``, so no value overflows). A call adds ``12 m``
    bytes per query for the candidate lists of at most ``_FLOAT32_QUERY_CHUNK`` queries
    at a time, and ``16`` per query for their norms.
    """

    def __init__(self, X, center, refs, sq_norms, radius):
        self.fit_X = X  # the float64 references (not a copy), for the re-rank
        self.center = center
        self.refs = refs
        self.sq_norms = sq_norms
        self.radius = radius
        self.n_features = X.shape[1]
        d = self.n_features
        u, v = 2.0**-24, 2.0**-53
        u1 = u + v + u * v
        gamma_d = d * u / (1.0 - d * u)
        c_g = gamma_d * (1.0 + u1) ** 2 + 2.0 * u1 + u1 * u1
        c_n = (u + (d + 4) * v) * (1.0 + u)
        inflate = 1.0 + 2.0**-20
        self._coef_rr = (c_n + u * (1.0 + c_n)) * inflate
        self._coef_qr = 2.0 * (c_g + u * (1.0 + c_g)) * inflate
        self._coef_abs = 2.0**-118 * (d + 1) * inflate
        self._coef_slack = 8.0 * (d + 8) * v

    @classmethod
    def build(cls, X, chunk_rows=8192):
        """The index of ``X``, or ``None`` where float32 is unsafe or the bound useless."""
        d = X.shape[1]
        if d * 2.0**-24 >= 0.01:
            return None
        center = X.mean(axis=0)
        refs = np.empty(X.shape, dtype=np.float32)
        sq_norms64 = np.empty(X.shape[0])
        for r0 in range(0, X.shape[0], chunk_rows):  # no float64 copy of X at once
            centred = X[r0 : r0 + chunk_rows] - center
            sq_norms64[r0 : r0 + chunk_rows] = np.einsum("ij,ij->i", centred, centred)
            refs[r0 : r0 + chunk_rows] = centred
        # 1 + 1e-6 covers the float64 rounding of the norms (relative (d + 2) 2**-53)
        radius = float(np.sqrt(sq_norms64.max())) * (1.0 + 1e-6)
        if not 1e-10 <= radius <= 1e15:
            return None
        return cls(X, center, refs, sq_norms64.astype(np.float32), radius)

    def query_norms(self, queries):
        """``(||q_c||^2, ||q_c|| inflated)`` per query, or ``None`` if float32 could overflow."""
        centred_sq = np.empty(queries.shape[0])
        for q0 in range(0, queries.shape[0], 8192):
            centred = queries[q0 : q0 + 8192] - self.center
            centred_sq[q0 : q0 + 8192] = np.einsum("ij,ij->i", centred, centred)
        norms = np.sqrt(centred_sq) * (1.0 + 1e-6)
        if queries.shape[0] and self.radius * (self.radius + 2.0 * norms.max()) > 1e37:
            return None
        return centred_sq, norms

    def search(self, queries, query_norms, start, stop, k, n_available, skip_self,
               n_workers, idx, sq_dist, certified):
        """Certified float32 search of the queries ``start:stop``; fills the output rows."""
        from ._kernels.neighbors import rerank_candidates

        n_candidates = min(k + _float32_extra(k), n_available)
        cand_dist = np.full((stop - start, n_candidates), np.inf, dtype=np.float32)
        cand_idx = np.full((stop - start, n_candidates), -1, dtype=np.int64)
        center = self.center

        def prepare(q_block):
            return (q_block - center).astype(np.float32)

        # candidate rows are local to start:stop; with skip_self, local query i is
        # reference start + i (see _blocked_topk's index_shift)
        shift = start if skip_self else 0
        _blocked_topk(queries[start:stop], self.refs, self.sq_norms, skip_self, cand_dist,
                      cand_idx, n_workers, prepare=prepare, index_shift=shift)
        if shift:
            cand_idx += shift
        rows = slice(start, stop)
        rerank_candidates(queries[rows], self.fit_X, cand_idx, idx[rows], sq_dist[rows])
        if n_candidates == n_available:  # nothing was left out
            certified[rows] = True
            return
        centred_sq, norms = query_norms[0][rows], query_norms[1][rows]
        last_kept = cand_dist[:, -1].astype(np.float64)
        err = (self._coef_rr * self.radius**2 + self._coef_qr * norms * self.radius
               + self._coef_abs * (1.0 + norms + self.radius))
        kth = sq_dist[rows, -1]
        slack = self._coef_slack * (centred_sq + np.abs(last_kept) + err + kth)
        certified[rows] = kth < centred_sq + last_kept - err - slack


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


def _check_other_samples(k, n_samples, of=""):
    """Each sample needs ``k`` other samples (``of``: e.g. " of its class")."""
    if k + 1 > n_samples:
        raise ValueError(
            f"{k} neighbours per sample were requested, but only {n_samples} samples are "
            f"available (each sample needs k other samples{of})."
        )


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
    return (float(n_queries) * n_samples >= _FLOAT32_MIN_WORK
            and n_features >= _FLOAT32_MIN_FEATURES and n_samples < _FLOAT32_MIN_SAMPLES)


def blocked_neighbors_of_rows(X, rows, k, *, n_jobs=None, query_chunk=4096):
    """:func:`neighbors_of_rows` with our exact search, for a large search on a dense ``X``.

    The references are searched in blocks of ``_FLOAT32_REF_BLOCK`` rows, each with its
    own float32 first pass (see :class:`_Float32Index`) where the whole search is worth
    it (``len(rows) * len(X) >= _FLOAT32_MIN_WORK`` and at least
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
    n_samples, n_features = X.shape
    _check_other_samples(k, n_samples)
    rows = np.asarray(rows, dtype=np.int64)
    float32 = (n_features >= _FLOAT32_MIN_FEATURES
               and float(rows.shape[0]) * n_samples >= _FLOAT32_MIN_WORK)
    n_blocks = -(-n_samples // _FLOAT32_REF_BLOCK)
    width = k + 1
    cand_dist = np.full((rows.shape[0], n_blocks * width), np.inf)
    cand_idx = np.full((rows.shape[0], n_blocks * width), n_samples, dtype=np.int64)
    for b, first in enumerate(range(0, n_samples, _FLOAT32_REF_BLOCK)):
        block = X[first : first + _FLOAT32_REF_BLOCK]
        search = NearestNeighbors(n_neighbors=min(width, block.shape[0]), algorithm="brute",
                                  n_jobs=n_jobs).fit(block)
        if float32:
            search._float32_index = _Float32Index.build(block)
        for start in range(0, rows.shape[0], query_chunk):
            stop = min(start + query_chunk, rows.shape[0])
            dist, ind = search.kneighbors(X[rows[start:stop]])
            columns = slice(b * width, b * width + ind.shape[1])
            cand_dist[start:stop, columns] = dist
            cand_idx[start:stop, columns] = ind + first
        del search
    order = np.lexsort((cand_idx, cand_dist), axis=1)[:, :width]
    candidates = np.take_along_axis(cand_idx, order, axis=1)
    keep = ~query_itself_mask(candidates, rows)
    return candidates[keep].reshape(rows.shape[0], k)


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


def __getattr__(name):
    # The approximate index lives in its own module; it is exported from here, lazily.
    if name == "ApproximateNearestNeighbors":
        from ._approximate_neighbors import ApproximateNearestNeighbors

        return ApproximateNearestNeighbors
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
