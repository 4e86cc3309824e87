"""Approximate k-nearest neighbours for data too large for an exact search.

:class:`ApproximateNearestNeighbors` has the scikit-learn ``fit`` / ``kneighbors`` API,
so it can be handed to any imbtools or imbalanced-learn sampler as its ``n_neighbors`` /
``k_neighbors`` object. The heavy loops live in :mod:`imbtools._kernels.ann`.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ..utils._parallel import numba_thread_limit
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval
from ._validation import _as_float_array, _drop_self

__all__ = ["ApproximateNearestNeighbors"]

# Width of the neighbour graph when fewer neighbours are asked for: NN-descent finds a
# list's true members through the lists of its members, and lists of 3 or 4 entries
# connect the data too sparsely (see benchmarks/approximate_neighbors.py).
_MIN_GRAPH_DEGREE = 10
# NN-descent stops once a round changes fewer than this fraction of the graph's entries.
_CONVERGED_FRACTION = 0.001


class ApproximateNearestNeighbors(BaseEstimator):
    """Approximate Euclidean k-nearest neighbours: random-projection trees + NN-descent.

    ``fit`` builds a graph of each fitted sample's nearest other samples: samples that
    share a leaf of a random-projection tree are the first candidates, then rounds of
    NN-descent [1]_ offer each sample the neighbours of its neighbours (forward and
    reverse) until the graph stops changing. Queries that equal a fitted row are answered
    from the graph; other queries collect the samples of their leaf in every tree and
    walk the graph greedily from them.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours returned by :meth:`kneighbors`. As in imbalanced-learn, a
        sampler given this object as ``n_neighbors`` / ``k_neighbors`` counts the query
        sample itself among them.
    n_trees : int, default=8
        Random-projection trees. More trees: better first candidates and new queries,
        slower ``fit``.
    leaf_size : int, default=32
        Largest number of samples in a tree leaf (raised to ``2 * graph width + 2`` so
        each leaf gives every sample a full list). All samples share one leaf when
        ``leaf_size >= n_samples``: the result is then exact.
    n_iter : int, default=10
        Largest number of NN-descent rounds (fewer once a round changes under 0.1% of
        the graph).
    n_jobs : int, default=None
        Numba threads (``None``: Numba's default, every core).
    random_state : int, RandomState instance or None, default=None
        Draws the tree directions. An int gives the same neighbours on every run, on any
        number of threads.

    Attributes
    ----------
    n_samples_fit_ : int
        Number of fitted samples.
    n_features_in_ : int
        Number of features.
    n_iter_ : int
        NN-descent rounds run.

    See Also
    --------
    imbtools.neighbors.NearestNeighbors : exact search.

    Notes
    -----
    The graph keeps ``max(n_neighbors, 10)`` neighbours per sample (at most
    ``n_samples - 1``). Queries for at most that many neighbours plus one (the sampler
    pattern ``kneighbors(X[rows], n_neighbors=k + 1)``) that equal a fitted row are
    answered by a fingerprint look-up and the graph, without a search: a sampler
    querying its own rows pays for ``fit`` only. Such a query gets the matching row
    first, then its graph neighbours.

    It returns most, not all, of the true neighbours (its recall is measured on the
    documentation's neighbour-engine page), so it is for data too large for the exact
    :class:`imbtools.neighbors.NearestNeighbors`, which is faster below a few 10^5 rows:
    the exact search grows quadratically, ``fit`` here like ``n log n``. Among
    neighbours at equal distance the order is not specified.

    References
    ----------
    .. [1] W. Dong, M. Charikar and K. Li, "Efficient k-nearest neighbor graph
       construction for generic similarity measures," Proceedings of WWW 2011,
       577-586.
    .. [2] S. Dasgupta and Y. Freund, "Random projection trees and low dimensional
       manifolds," Proceedings of STOC 2008, 537-546.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.neighbors import ApproximateNearestNeighbors
    >>> X = np.array([[0.0], [1.0], [3.0], [6.0]])
    >>> ann = ApproximateNearestNeighbors(n_neighbors=2, random_state=0).fit(X)
    >>> dist, ind = ann.kneighbors()  # each sample's neighbours, itself excluded
    >>> ind
    array([[1, 2],
           [0, 2],
           [1, 0],
           [2, 1]])
    """

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_trees": [Interval(numbers.Integral, 1, None, closed="left")],
        "leaf_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_iter": [Interval(numbers.Integral, 0, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
        "random_state": ["random_state"],
    }

    def __init__(self, n_neighbors=5, *, n_trees=8, leaf_size=32, n_iter=10, n_jobs=None,
                 random_state=None):
        self.n_neighbors = n_neighbors
        self.n_trees = n_trees
        self.leaf_size = leaf_size
        self.n_iter = n_iter
        self.n_jobs = n_jobs
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True  # densified at fit, like NearestNeighbors
        return tags

    def fit(self, X, y=None):
        """Build the trees and the neighbour graph of ``X``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Reference samples (sparse input is densified).
        y : ignored

        Returns
        -------
        self
        """
        self._validate_params()
        X = _as_float_array(X)
        n_samples = X.shape[0]
        generator = check_random_state(self.random_state)
        degree = min(max(self.n_neighbors, _MIN_GRAPH_DEGREE), n_samples - 1)
        leaf_size = max(self.leaf_size, 2 * degree + 2)
        depth = 0
        while n_samples > leaf_size * 2**depth:
            depth += 1
        with numba_thread_limit(self.n_jobs):
            X = self._build_trees(X, depth, generator)
            self._build_graph(X, degree)
            self._build_fingerprints(X, generator)
        self._fit_X = X
        self.n_samples_fit_ = n_samples
        self.n_features_in_ = X.shape[1]
        return self

    def _build_trees(self, X, depth, generator):
        """Grow the trees; returns ``X`` with its rows in the first tree's leaf order.

        Samples of a leaf, and of nearby leaves, then sit next to each other in memory,
        so the graph's distance computations mostly read cached rows. ``_position[r]``
        is the position of input row ``r``; ``_input_row[p]`` the input row at position
        ``p``.
        """
        from .._kernels.ann import build_tree

        n_internal = 2**depth - 1
        self._tree_directions = generator.standard_normal(
            (self.n_trees, n_internal, X.shape[1])
        )
        self._tree_thresholds = np.empty((self.n_trees, n_internal))
        self._tree_orders = np.empty((self.n_trees, X.shape[0]), dtype=np.int64)
        self._tree_leaf_starts = np.empty((self.n_trees, 2**depth + 1), dtype=np.int64)
        for t in range(self.n_trees):
            order, starts, thresholds = build_tree(X, None, self._tree_directions[t], depth)
            if t == 0:
                self._input_row = order
                self._position = np.empty_like(order)
                self._position[order] = np.arange(order.shape[0])
                X = X[order]
                order = np.arange(order.shape[0])
            self._tree_orders[t], self._tree_leaf_starts[t] = order, starts
            self._tree_thresholds[t] = thresholds
        self._depth = depth
        return X

    def _build_graph(self, X, degree):
        from .._kernels.ann import descent_round, join_leaves, reverse_lists

        n_samples = X.shape[0]
        best_dist = np.full((n_samples, degree), np.inf)
        best_idx = np.full((n_samples, degree), -1, dtype=np.int32)
        is_new = np.zeros((n_samples, degree), dtype=np.bool_)
        self.n_iter_ = 0
        if degree > 0:
            every_sample = np.arange(n_samples)
            for order, starts in zip(self._tree_orders, self._tree_leaf_starts):
                join_leaves(X, None, order, starts, best_dist, best_idx, is_new)
            never = np.full(n_samples, -np.inf)  # no sample stops early
            for _ in range(self.n_iter):
                snap_idx, snap_new = best_idx.copy(), is_new.copy()
                rev_idx, rev_new = reverse_lists(snap_idx, snap_new, degree)
                changed = descent_round(X, None, every_sample, snap_idx, snap_new, rev_idx,
                                        rev_new, 1, never, best_dist, best_idx, is_new)
                self.n_iter_ += 1
                if changed <= _CONVERGED_FRACTION * n_samples * degree:
                    break
        self._graph_dist, self._graph_idx = best_dist, best_idx

    def _build_fingerprints(self, X, generator):
        from .._kernels.ann import fingerprints

        self._fp_direction = generator.standard_normal(X.shape[1])
        fp = fingerprints(X, self._fp_direction)
        self._fp_order = np.argsort(fp, kind="stable")
        self._fp_sorted = fp[self._fp_order]

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Approximate ``n_neighbors`` nearest fitted samples of each query.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            Queries. ``None`` queries the fitted samples themselves and never returns a
            sample as its own neighbour (duplicates of it still count).
        n_neighbors : int, default=None
            Defaults to the constructor's value.
        return_distance : bool, default=True

        Returns
        -------
        distances : ndarray of shape (n_queries, n_neighbors), only if return_distance
        indices : ndarray of shape (n_queries, n_neighbors), int64, nearest first
        """
        check_is_fitted(self, "n_samples_fit_")
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if not isinstance(k, numbers.Integral) or isinstance(k, bool) or k < 1:
            raise ValueError(f"n_neighbors must be a positive integer; got {k!r}.")
        k = int(k)
        skip_self = X is None
        n_available = self.n_samples_fit_ - (1 if skip_self else 0)
        if k > n_available:
            besides = " besides the query itself" if skip_self else ""
            raise ValueError(
                f"n_neighbors={k} neighbours were requested but only {n_available} "
                f"fitted sample(s) are available{besides}."
            )
        if skip_self and k <= self._graph_idx.shape[1]:
            dist = np.sqrt(self._graph_dist[self._position, :k])
            ind = self._input_row[self._graph_idx[self._position, :k]]
        elif skip_self:
            dist, ind = self._search(self._fit_X[self._position], k + 1,
                                     use_graph_rows=False)
            dist, ind = _drop_self(dist, ind)
        else:
            queries = _as_float_array(X)
            if queries.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {queries.shape[1]} features, but ApproximateNearestNeighbors "
                    f"was fitted with {self.n_features_in_}."
                )
            dist, ind = self._search(queries, k, use_graph_rows=True)
        return (dist, ind) if return_distance else ind

    def _search(self, queries, k, *, use_graph_rows):
        from .._kernels.ann import search

        with numba_thread_limit(self.n_jobs):
            squared, ind = search(
                self._fit_X, queries, k, self._graph_dist, self._graph_idx,
                self._fp_direction, self._fp_sorted, self._fp_order, self._tree_orders,
                self._tree_leaf_starts, self._tree_directions, self._tree_thresholds,
                self._depth, use_graph_rows,
            )
        return np.sqrt(squared), self._input_row[ind]

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """Sparse (n_queries, n_samples_fit) graph of :meth:`kneighbors`.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
        n_neighbors : int, default=None
        mode : {"connectivity", "distance"}, default="connectivity"
            Entries are 1, or the distances.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_queries, n_samples_fit)
        """
        if mode not in ("connectivity", "distance"):
            raise ValueError(
                f"mode must be 'connectivity' or 'distance'; got {mode!r}."
            )
        dist, ind = self.kneighbors(X, n_neighbors, return_distance=True)
        n_queries, k = ind.shape
        data = np.ones(ind.size) if mode == "connectivity" else dist.ravel()
        indptr = np.arange(0, n_queries * k + 1, k)
        return sparse.csr_matrix((data, ind.ravel(), indptr),
                                 shape=(n_queries, self.n_samples_fit_))
