"""KMeans-SMOTE: cluster first, then SMOTE inside the sparse minority clusters."""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics.pairwise import euclidean_distances

from ..base import BaseOverSampler
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval, StrOptions
from ..utils._random import check_generator
from .generation import (
    Interpolation,
    check_class_size,
    class_matrix,
    draw_smote_pairs,
    oversampled,
)

__all__ = ["KMeansSMOTE", "mean_pairwise_distance"]

_DISTANCE_BLOCK = 2048


def mean_pairwise_distance(X):
    """Mean Euclidean distance between distinct rows of ``X``, in row blocks.

    Memory ``O(block * n)`` instead of the ``n x n`` matrix; time ``O(n^2 d)``.
    """
    n = X.shape[0]
    if n < 2:
        return 0.0
    total = 0.0
    for start in range(0, n, _DISTANCE_BLOCK):
        total += euclidean_distances(X[start:start + _DISTANCE_BLOCK], X).sum()
    return total / (n * n - n)


def cluster_sparsity(X_cluster_class, density_exponent):
    """Sparsity of one cluster's class samples: ``mean_distance ** exponent / n``.

    ``density_exponent="auto"`` is ``0.16 * log_1.6(n) ** 1.8`` with ``n`` the number of
    class samples in the cluster, as in imbalanced-learn.
    """
    n = X_cluster_class.shape[0]
    exponent = (
        math.log(n, 1.6) ** 1.8 * 0.16 if density_exponent == "auto" else density_exponent
    )
    return mean_pairwise_distance(X_cluster_class) ** exponent / n


@fill_doc
class KMeansSMOTE(BaseOverSampler):
    """Cluster the data with k-means, then apply SMOTE inside minority-rich clusters.

    The whole dataset is clustered once. For each class to over-sample, clusters where
    the class makes up at least ``cluster_balance_threshold`` of the samples (and has more
    than ``k_neighbors`` samples) are kept; the samples to generate are shared among them
    in proportion to their sparsity (mean distance between the class samples raised to
    ``density_exponent``, divided by their number), so sparse clusters get more [1]_.
    Inside each cluster new samples are created by SMOTE between class samples of that
    cluster.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit); also passed to the default
        :class:`~sklearn.cluster.MiniBatchKMeans`.
    k_neighbors : int or object, default=2
        Same-class neighbours within a cluster, or a scikit-learn-like object with ``fit``
        and ``kneighbors`` (``n_neighbors`` counts the sample itself).
    %(n_jobs)s
    kmeans_estimator : int or object, default=None
        ``None``: ``MiniBatchKMeans(random_state=random_state)``; an int: the same with
        that many clusters; or a clustering estimator with ``fit_predict`` (or ``fit``
        and ``labels_``) and ``n_clusters``.
    cluster_balance_threshold : "auto" or float, default="auto"
        Smallest fraction of the class in a cluster for the cluster to be used.
        ``"auto"``: half the class's share of all samples to generate.
    density_exponent : "auto" or float, default="auto"
        Exponent of the mean distance in the sparsity (see :func:`cluster_sparsity`).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    kmeans_estimator_ : estimator
        The fitted clustering estimator.
    cluster_balance_threshold_ : float or "auto"
        The threshold used (``-inf`` with a single cluster).
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Without clustering.

    Notes
    -----
    *What needs querying.* The clustering does not depend on the class, so it is fitted
    once per call (imbalanced-learn refits it for every class). Neighbours are searched
    only among the class samples of each kept cluster, and the cluster sparsity uses a
    blocked mean distance with no ``n x n`` matrix.

    *Fallback.* When no cluster qualifies for a class, imbalanced-learn raises "No
    clusters found"; this sampler instead warns, says so, and generates that class's
    samples with plain SMOTE over all its samples (as a single cluster would).

    Each kept cluster generates ``ceil(n_new * weight)`` samples, as in imbalanced-learn,
    so a class may get a few more samples than requested (the same counts as
    imbalanced-learn for the same clustering).

    References
    ----------
    .. [1] G. Douzas, F. Bacao, F. Last, "Improving imbalanced learning through a
       heuristic oversampling method based on k-means and SMOTE", Information Sciences,
       465, 1-20, 2018 (arXiv:1711.00837, F. Last, G. Douzas, F. Bacao, 2017).

    Examples
    --------
    >>> from collections import Counter
    >>> import numpy as np
    >>> from sklearn.datasets import make_blobs
    >>> from imbtools.over_sampling import KMeansSMOTE
    >>> X, y = make_blobs(n_samples=[300, 60], centers=[[0, 0], [3, 3]], random_state=0)
    >>> sampler = KMeansSMOTE(kmeans_estimator=4, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> Counter(y_res.tolist())[1] >= 300
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": N_JOBS_CONSTRAINT,
        "kmeans_estimator": [
            HasMethods(["fit", "predict"]),
            Interval(numbers.Integral, 1, None, closed="left"),
            None,
        ],
        "cluster_balance_threshold": [StrOptions({"auto"}), numbers.Real],
        "density_exponent": [StrOptions({"auto"}), numbers.Real],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=2,
                 n_jobs=None, kmeans_estimator=None, cluster_balance_threshold="auto",
                 density_exponent="auto"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs
        self.kmeans_estimator = kmeans_estimator
        self.cluster_balance_threshold = cluster_balance_threshold
        self.density_exponent = density_exponent

    def _cluster(self, X):
        if self.kmeans_estimator is None:
            kmeans = MiniBatchKMeans(random_state=self.random_state)
        elif isinstance(self.kmeans_estimator, numbers.Integral):
            kmeans = MiniBatchKMeans(n_clusters=int(self.kmeans_estimator),
                                     random_state=self.random_state)
        else:
            kmeans = clone(self.kmeans_estimator)
        n_clusters = getattr(kmeans, "n_clusters", None)
        if isinstance(n_clusters, numbers.Integral) and n_clusters > X.shape[0]:
            raise ValueError(
                f"kmeans_estimator={self.kmeans_estimator!r} makes {n_clusters} clusters of "
                f"the {X.shape[0]} samples; pass kmeans_estimator=n_clusters with at most "
                f"{X.shape[0]} clusters."
            )
        labels = np.asarray(kmeans.fit_predict(X) if hasattr(kmeans, "fit_predict")
                            else kmeans.fit(X).labels_)
        self.kmeans_estimator_ = kmeans
        n_clusters = getattr(kmeans, "n_clusters", int(labels.max()) + 1)
        self.cluster_balance_threshold_ = (
            -np.inf if n_clusters == 1 else self.cluster_balance_threshold
        )
        return labels

    def _kept_clusters(self, cluster_labels, class_mask, threshold, k):
        """Clusters rich enough in the class: ``(class rows of each, its sparsity)``."""
        kept = []
        for cluster in np.unique(cluster_labels):
            members = cluster_labels == cluster
            class_members = np.flatnonzero(members & class_mask)
            if class_members.shape[0] / np.count_nonzero(members) < threshold:
                continue
            if class_members.shape[0] < k + 1:
                continue
            kept.append(class_members)
        return kept

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        X = data.numeric
        codes = data.target.codes
        labels = data.target.classes.tolist()
        total_new = sum(targets.values())
        if total_new == 0:
            return oversampled(data, [])
        cluster_labels = self._cluster(X)
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            rows = data.class_rows(code)
            check_class_size(rows.shape[0], k + 1, labels[code])
            threshold = self.cluster_balance_threshold_
            if threshold == "auto":
                threshold = n_new / total_new / 2
            kept = self._kept_clusters(cluster_labels, codes == code, threshold, k)
            if kept:
                sparsity = np.array([cluster_sparsity(X[members], self.density_exponent)
                                     for members in kept])
                weights = (sparsity / sparsity.sum() if sparsity.sum() > 0
                           else np.full(len(kept), 1 / len(kept)))
                shares = [int(math.ceil(n_new * w)) for w in weights]
            else:
                warnings.warn(
                    f"KMeansSMOTE found no cluster where class {labels[code]!r} makes up at "
                    f"least cluster_balance_threshold={threshold:.3g} of the samples with "
                    f"more than k_neighbors={k} of them; it generated the {n_new} samples of "
                    "this class with plain SMOTE over the whole class instead. Lower "
                    "cluster_balance_threshold or use more clusters to cluster it.",
                    UserWarning,
                    stacklevel=3,
                )
                kept, shares = [rows], [n_new]
            for members, n_cluster_new in zip(kept, shares):
                X_members = class_matrix(X, members)
                neighbor_index = neighbors_excluding_self(clone(searcher), X_members, k)
                seeds, neighbors, steps = draw_smote_pairs(
                    neighbor_index, n_cluster_new, generator)
                blocks.append(Interpolation(code, members, X_members, seeds, neighbors, steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
