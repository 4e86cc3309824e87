"""NearMiss under-sampling, versions 1, 2 and 3 (Mani & Zhang, 2003)."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy import sparse

from ..base import BaseUnderSampler, Resampled
from ..neighbors import check_neighbors
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval

__all__ = ["NearMiss", "farthest_distance_sum", "nearest_distance_sum"]

_BLOCK_ROWS = 4096


def _dense(X):
    X = X.toarray() if sparse.issparse(X) else X
    return np.ascontiguousarray(X, dtype=np.float64)


def nearest_distance_sum(searcher, X_queries, k):
    """NearMiss-1's score: the sum of each query's distances to its ``k`` nearest references.

    ``searcher`` is a neighbour-search object fitted on the references (the minority).
    Returns an ndarray of shape (n_queries,).
    """
    distances = np.asarray(searcher.kneighbors(X_queries, n_neighbors=k)[0])
    return distances.sum(axis=1)


def farthest_distance_sum(X_queries, X_refs, k):
    """NearMiss-2's score: the sum of each query's distances to its ``k`` farthest references.

    Dense float64 ``X_queries`` and ``X_refs``; computed by blocks of queries. Returns an
    ndarray of shape (n_queries,).
    """
    ref_norms = np.einsum("ij,ij->i", X_refs, X_refs)
    out = np.empty(X_queries.shape[0])
    for start in range(0, X_queries.shape[0], _BLOCK_ROWS):
        block = X_queries[start : start + _BLOCK_ROWS]
        squared = np.einsum("ij,ij->i", block, block)[:, None] + ref_norms - 2 * block @ X_refs.T
        farthest = np.partition(squared, X_refs.shape[0] - k, axis=1)[:, -k:]
        out[start : start + block.shape[0]] = np.sqrt(np.maximum(farthest, 0)).sum(axis=1)
    return out


@fill_doc
class NearMiss(BaseUnderSampler):
    """Under-sample by keeping the samples chosen by their distances to the minority.

    - Version 1 keeps the samples whose ``n_neighbors`` nearest minority samples are
      closest on average.
    - Version 2 keeps those whose ``n_neighbors`` farthest minority samples are closest
      on average.
    - Version 3 first short-lists, for each minority sample, its ``n_neighbors_ver3``
      nearest samples of the class, then keeps the short-listed samples whose
      ``n_neighbors`` nearest minority samples are farthest on average.

    Parameters
    ----------
    %(sampling_strategy_under)s
    version : {1, 2, 3}, default=1
    n_neighbors : int or estimator with ``kneighbors``, default=3
        Minority neighbours averaged over (an object's ``n_neighbors`` is used as is).
    n_neighbors_ver3 : int or estimator with ``kneighbors``, default=3
        Short-list size per minority sample, version 3 only.
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}`` for the under-sampled classes.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    Notes
    -----
    What needs querying: every version compares samples with the minority class only, so
    the references are the minority samples and the cost is (class size) x (minority
    size), never all pairs. Version 2 needs the *farthest* minority samples: it is
    computed by blocks of queries (inner products, then a partial sort), so its memory is
    a block times the minority size instead of the full class-by-minority matrix that
    imbalanced-learn builds. Version 3 queries each minority sample's
    ``n_neighbors_ver3`` nearest samples of the class, then only the short-listed samples.
    Equal scores keep input order; version 3 can keep fewer samples than asked when the
    short list is shorter (a warning says so), as in imbalanced-learn.

    References
    ----------
    .. [1] I. Mani and I. Zhang, "kNN approach to unbalanced data distributions: a case
       study involving information extraction," ICML Workshop on Learning from
       Imbalanced Datasets, 2003.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import NearMiss
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = NearMiss(version=2).fit_resample(X, y)
    >>> Counter(y_res.tolist())
    Counter({0: 102, 1: 102})
    """

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "version": [Interval(numbers.Integral, 1, 3, closed="both")],
        "n_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors"]),
        ],
        "n_neighbors_ver3": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors"]),
        ],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", version=1, n_neighbors=3,
                 n_neighbors_ver3=3, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.n_jobs = n_jobs

    def _resolve(self, name, value, n_available, what):
        """A searcher and its neighbour count (an object's ``n_neighbors`` as is)."""
        searcher, k = check_neighbors(name, value, n_jobs=self.n_jobs)
        if not isinstance(value, numbers.Integral):
            k = int(value.n_neighbors)
        if k > n_available:
            raise ValueError(
                f"{name}={value!r} asks for {k} neighbours among the {n_available} "
                f"{what}; {name} must be at most {n_available}."
            )
        return searcher, k

    def _fit_resample(self, data, targets):
        counts = data.target.counts
        minority_rows = data.class_rows(int(np.argmin(counts)))
        X = data.numeric
        X_minority = _dense(X[minority_rows])
        searcher, k = self._resolve("n_neighbors", self.n_neighbors, X_minority.shape[0],
                                    "minority samples")
        searcher.fit(X_minority)
        kept = []
        for code in range(counts.shape[0]):
            rows = data.class_rows(code)
            if code in targets:
                rows = self._select(rows, targets[code], X, X_minority, searcher, k)
            kept.append(rows)
        return Resampled(np.sort(np.concatenate(kept)))

    def _select(self, rows, n_keep, X, X_minority, searcher, k):
        """The ``n_keep`` rows of one class the chosen version keeps."""
        X_class = _dense(X[rows])
        if self.version == 1:
            score = nearest_distance_sum(searcher, X_class, k)
            return rows[np.argsort(score, kind="stable")[:n_keep]]
        if self.version == 2:
            score = farthest_distance_sum(X_class, X_minority, k)
            return rows[np.argsort(score, kind="stable")[:n_keep]]
        shortlist_searcher, k3 = self._resolve("n_neighbors_ver3", self.n_neighbors_ver3,
                                               X_class.shape[0], "samples of the class")
        shortlist_searcher.fit(X_class)
        shortlist = np.unique(np.asarray(
            shortlist_searcher.kneighbors(X_minority, n_neighbors=k3, return_distance=False)))
        if shortlist.shape[0] < n_keep:
            warnings.warn(
                f"NearMiss-3 short-listed {shortlist.shape[0]} samples of a class but "
                f"sampling_strategy asks to keep {n_keep}; all {shortlist.shape[0]} are "
                "kept. Raise n_neighbors_ver3 to short-list more.",
                UserWarning, stacklevel=4,
            )
        score = nearest_distance_sum(searcher, X_class[shortlist], k)
        return rows[shortlist[np.argsort(-score, kind="stable")[:n_keep]]]
