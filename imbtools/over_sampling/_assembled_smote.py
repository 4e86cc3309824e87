"""Assembled-SMOTE: SMOTE within clusters of border samples that share a direction."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import (
    check_neighbors,
    fit_searcher,
    neighbors_excluding_self,
    neighbors_of_rows,
)
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["AssembledSMOTE", "cluster_border_samples"]


class _Clusters:
    """Union-find over samples, with each cluster's scatter kept once it is needed."""

    def __init__(self, X, pop):
        # moments of data centred on its mean: raw moments of data far from the origin
        # lose the covariance to cancellation (a common offset must not change anything)
        self.X = X - X.mean(axis=0) if X.shape[0] else X
        self.pop = pop
        self.parent = np.arange(X.shape[0])
        self.members = {i: [i] for i in range(X.shape[0])}
        self.moments = {}  # root -> (count, sum, sum of outer products)
        self.directions = {}  # root -> unit first principal direction
        self.blocked = {}  # root -> roots it was refused with (until either grows)

    def root(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _moments(self, r):
        if r not in self.moments:
            rows = self.X[self.members[r]]
            self.moments[r] = (rows.shape[0], rows.sum(0), rows.T @ rows)
        return self.moments[r]

    def direction(self, r):
        """Unit first principal direction of cluster ``r`` (cached until it grows)."""
        if r not in self.directions:
            count, total, scatter = self._moments(r)
            mean = total / count
            covariance = scatter / count - np.outer(mean, mean)
            self.directions[r] = np.linalg.eigh(covariance)[1][:, -1]
        return self.directions[r]

    def try_merge(self, a, b, threshold):
        """Merge clusters ``a`` and ``b`` (roots) if the rule allows; return whether."""
        if b in self.blocked.get(a, ()):
            return False
        small = min(len(self.members[a]), len(self.members[b])) < self.pop
        if not small and abs(self.direction(a) @ self.direction(b)) <= threshold:
            self.blocked.setdefault(a, set()).add(b)
            self.blocked.setdefault(b, set()).add(a)
            return False
        for r in (a, b):  # the merged cluster is new: its refusals no longer hold
            self.directions.pop(r, None)
            for other in self.blocked.pop(r, ()):
                self.blocked[other].discard(r)
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        if a in self.moments or b in self.moments:
            count_a, sum_a, scatter_a = self._moments(a)
            count_b, sum_b, scatter_b = self._moments(b)
            self.moments[a] = (count_a + count_b, sum_a + sum_b, scatter_a + scatter_b)
            self.moments.pop(b, None)
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        return True


def cluster_border_samples(X, neighbor_index, neighbor_distance, *, pop, threshold):
    """Single-linkage clustering of samples with Assembled-SMOTE's merge rule.

    Candidate merges are the edges of the ``k``-nearest-neighbour graph, in increasing
    length (ties in row order). Two clusters merge when one has fewer than ``pop``
    samples, or when the absolute cosine between their first principal directions
    exceeds ``threshold``; a refused pair is tried again only once either cluster grows.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    neighbor_index, neighbor_distance : ndarray of shape (n_samples, k)
        Each sample's nearest other samples and their distances.
    pop : int
    threshold : float

    Returns
    -------
    labels : ndarray of shape (n_samples,), int64
        Cluster of each sample, numbered ``0, 1, ...`` in order of first appearance.
    """
    n, k = neighbor_index.shape
    clusters = _Clusters(np.asarray(X, dtype=np.float64), pop)
    sources = np.repeat(np.arange(n), k)
    targets = neighbor_index.ravel()
    for edge in np.argsort(neighbor_distance.ravel(), kind="stable"):
        a, b = clusters.root(sources[edge]), clusters.root(targets[edge])
        if a != b:
            clusters.try_merge(a, b, threshold)
    roots = np.array([clusters.root(i) for i in range(n)], dtype=np.int64)
    return np.unique(roots, return_inverse=True)[1].astype(np.int64)


@fill_doc
class AssembledSMOTE(BaseOverSampler):
    """SMOTE within groups: clusters of border samples, and the non-border samples.

    A sample of the class is a *border* sample when at least one of its ``k_neighbors``
    nearest neighbours in the whole dataset belongs to another class [1]_. Border samples
    are clustered by single linkage, where two clusters merge when either is smaller than
    ``pop`` or when their first principal directions are nearly parallel (absolute cosine
    above ``threshold``), so each cluster follows one stretch of the class boundary. The
    non-border samples form one more group. Each synthetic sample draws a seed uniformly
    from the class (so groups receive samples in proportion to their size) and
    interpolates, as in SMOTE, towards one of the seed's ``k_neighbors`` nearest
    neighbours within its group.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int, default=5
        Neighbours that decide the border (in the whole dataset), link the border samples
        for clustering, and are interpolated towards (within each group).
    pop : int, default=2
        Clusters smaller than this always merge with their nearest cluster.
    threshold : float, default=0.3
        Clusters of at least ``pop`` samples merge when the absolute cosine of the angle
        between their first principal directions exceeds it.
    n_jobs : int, default=None
        Threads for the neighbour searches and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    groups_ : dict
        ``{label: group of each sample of the class}``: ``-1`` for the non-border
        samples, ``0, 1, ...`` for the clusters of border samples (in the order of the
        class's rows in ``X``).
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : One group for the whole class.
    BorderlineSMOTE : Seeds restricted to the border.

    Notes
    -----
    *Scalability.* Exact single linkage considers every pair of border samples (a dense
    ``n_border x n_border`` matrix in smote_variants). Here the candidate merges are the
    edges of the border samples' ``k_neighbors``-nearest-neighbour graph, in increasing
    length: every merge exact single linkage makes at a distance no larger than each
    sample's ``k``-th neighbour distance is among them, and memory stays ``O(n k)``.
    Clusters keep their first and second moments once a direction is needed, so each
    principal direction costs one ``d x d`` eigendecomposition. A pair of clusters whose
    directions differ is tried again only once either has grown.

    *Groups too small.* Within a group of ``m`` samples a seed interpolates towards its
    ``min(k_neighbors, m - 1)`` nearest group members; a group of one sample (possible
    only when the class has one border sample) duplicates it. When the class has no
    border sample the non-border group is the whole class and the result is SMOTE's.
    Multi-class targets: each class is treated against all other samples. Sparse input
    is densified one class at a time for the clustering.

    References
    ----------
    .. [1] B. Zhou, C. Yang, H. Guo, J. Hu, "A quasi-linear SVM combined with assembled
       SMOTE for imbalanced data classification", International Joint Conference on
       Neural Networks (IJCNN), 1-7, 2013.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import AssembledSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = AssembledSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "pop": [Interval(numbers.Integral, 1, None, closed="left")],
        "threshold": [Interval(numbers.Real, 0, 1, closed="both")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 pop=2, threshold=0.3, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.pop = pop
        self.threshold = threshold
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        k = self.k_neighbors
        X = data.numeric
        codes = data.target.codes
        groups = classes_to_oversample(data, targets, min_samples=k + 1)
        searcher, _ = check_neighbors("k_neighbors", k, n_jobs=self.n_jobs)
        if groups:
            fit_searcher(searcher, X)
        self.groups_ = {}
        blocks = []
        for group in groups:
            border = np.any(codes[neighbors_of_rows(searcher, X, group.rows, k)] != group.code,
                            axis=1)
            X_class = class_matrix(X, group.rows)
            dense = X_class.toarray() if sparse.issparse(X_class) else X_class
            membership = self._groups(dense, border)
            self.groups_[group.label] = membership
            table, counts = _group_neighbors(dense, membership, k, self.n_jobs)
            seeds = generator.integers(0, dense.shape[0], size=group.n_new)
            picks = np.floor(generator.random(group.n_new) * counts[seeds]).astype(np.int64)
            neighbors = table[seeds, picks]
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, neighbors,
                                        generator.random(group.n_new)))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    def _groups(self, X_class, border):
        membership = np.full(X_class.shape[0], -1, dtype=np.int64)
        border_rows = np.flatnonzero(border)
        if border_rows.shape[0] == 0:
            return membership
        if border_rows.shape[0] == 1:
            membership[border_rows] = 0
            return membership
        X_border = np.ascontiguousarray(X_class[border_rows], dtype=np.float64)
        k = min(self.k_neighbors, border_rows.shape[0] - 1)
        searcher, _ = check_neighbors("k_neighbors", k, n_jobs=self.n_jobs)
        index = neighbors_excluding_self(searcher, X_border, k)
        distance = np.linalg.norm(X_border[index] - X_border[:, None, :], axis=2)
        membership[border_rows] = cluster_border_samples(
            X_border, index, distance, pop=self.pop, threshold=self.threshold)
        return membership


def _group_neighbors(X_class, membership, k, n_jobs):
    """Each sample's nearest neighbours within its group, padded: (table, counts).

    ``table[i, :counts[i]]`` are row positions in ``X_class``; a sample alone in its group
    has itself as its only "neighbour" (it is duplicated).
    """
    n = X_class.shape[0]
    table = np.repeat(np.arange(n)[:, None], k, axis=1)
    counts = np.ones(n, dtype=np.int64)
    for label in np.unique(membership):
        rows = np.flatnonzero(membership == label)
        k_group = min(k, rows.shape[0] - 1)
        if k_group == 0:
            continue
        if rows.shape[0] <= k + 1:  # every other member is a neighbour
            others = np.array([[r for r in rows if r != i] for i in rows])
            table[rows, :k_group] = others
        else:
            searcher, _ = check_neighbors("k_neighbors", k_group, n_jobs=n_jobs)
            local = neighbors_excluding_self(searcher, np.ascontiguousarray(X_class[rows]),
                                             k_group)
            table[rows, :k_group] = rows[local]
        counts[rows] = k_group
    return table, counts
