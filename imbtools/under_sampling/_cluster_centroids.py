"""Cluster-centroid under-sampling (Yen & Lee, 2009)."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.cluster import KMeans

from ..base import BaseUnderSampler, Resampled, SyntheticRows
from ..neighbors import NearestNeighbors
from ..utils._docstrings import fill_doc
from ..utils._param_validation import HasMethods, StrOptions

__all__ = ["ClusterCentroids"]


@fill_doc
class ClusterCentroids(BaseUnderSampler):
    """Under-sample by replacing a class with the centroids of its clusters.

    Each under-sampled class is clustered into as many clusters as samples to keep
    (k-means by default); the class is then represented by the cluster centroids
    (``voting="soft"``) or by the sample nearest to each centroid (``voting="hard"``).

    Parameters
    ----------
    %(sampling_strategy_under)s
    random_state : int, RandomState instance or None, default=None
        Seed of the default :class:`~sklearn.cluster.KMeans`.
    estimator : clusterer with ``n_clusters`` and ``cluster_centers_``, default=None
        ``None`` is ``KMeans(random_state=random_state)``.
    voting : {"auto", "hard", "soft"}, default="auto"
        ``"soft"``: output the centroids; ``"hard"``: output the nearest original sample
        of each centroid; ``"auto"``: hard for sparse input, soft otherwise.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}`` for the under-sampled classes.
    estimator_ : estimator
        The clusterer (fitted on the last under-sampled class).
    voting_ : str
        The voting actually used.

    Notes
    -----
    What needs computing: one clustering per under-sampled class and, for hard voting,
    the nearest sample of the class to each centroid (a query per centroid against the
    class only). Centroids are new rows: in a DataFrame they are computed in floating
    point (integer columns become float). A centroid's ``sample_weight`` is the weight of
    the class sample nearest to it; a hard-voted row keeps its own weight.

    References
    ----------
    .. [1] S.-J. Yen and Y.-S. Lee, "Cluster-based under-sampling approaches for
       imbalanced data distributions," Expert Systems with Applications, 36(3),
       5718-5727, 2009.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import ClusterCentroids
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> X_res, y_res = ClusterCentroids(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 50), (1, 50)]
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict"]), None],
        "voting": [StrOptions({"auto", "hard", "soft"})],
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, estimator=None,
                 voting="auto"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.estimator = estimator
        self.voting = voting

    def _make_estimator(self):
        if self.estimator is None:
            return KMeans(random_state=self.random_state)
        estimator = clone(self.estimator)
        if "n_clusters" not in estimator.get_params():
            raise ValueError(
                f"estimator={self.estimator!r} has no n_clusters parameter; pass a "
                "clustering estimator with n_clusters and a fitted cluster_centers_ "
                "(such as sklearn.cluster.KMeans)."
            )
        return estimator

    def _centroids(self, X_class, n_clusters):
        self.estimator_.set_params(n_clusters=n_clusters)
        self.estimator_.fit(X_class)
        if not hasattr(self.estimator_, "cluster_centers_"):
            raise ValueError(
                f"estimator={self.estimator!r} has no cluster_centers_ after fit; pass a "
                "clustering estimator that exposes it (such as sklearn.cluster.KMeans)."
            )
        centers = self.estimator_.cluster_centers_
        return centers.toarray() if sparse.issparse(centers) else np.asarray(centers)

    def _check_no_empty_class(self):
        empty = [label for label, n in self.sampling_strategy_.items() if n == 0]
        if empty:
            raise ValueError(
                f"sampling_strategy={self.sampling_strategy!r} asks to keep 0 samples of "
                f"class {empty[0]!r}; ClusterCentroids represents each under-sampled class "
                "by its cluster centroids, so it needs at least 1 sample (one cluster) per "
                "class it under-samples."
            )

    def _fit_resample(self, data, targets):
        self._check_no_empty_class()
        self.estimator_ = self._make_estimator()
        X = data.numeric
        self.voting_ = self.voting
        if self.voting == "auto":
            self.voting_ = "hard" if sparse.issparse(X) else "soft"
        kept, centroid_blocks, parents, centroid_codes = [], [], [], []
        for code in range(data.target.classes.shape[0]):
            rows = data.class_rows(code)
            if code not in targets:
                kept.append(rows)
                continue
            centers = self._centroids(X[rows], targets[code])
            nearest = NearestNeighbors(n_neighbors=1).fit(X[rows]).kneighbors(
                centers, return_distance=False)[:, 0]
            if self.voting_ == "hard":
                kept.append(rows[nearest])
            else:
                centroid_blocks.append(centers)
                parents.append(rows[nearest])
                centroid_codes.append(np.full(centers.shape[0], code))
        synthetic = None
        if centroid_blocks:
            parent = np.concatenate(parents)
            centers = np.vstack(centroid_blocks)
            synthetic = SyntheticRows(
                codes=np.concatenate(centroid_codes), parent_a=parent, parent_b=parent,
                step=np.zeros(parent.shape[0]),
                rows=sparse.csr_matrix(centers) if sparse.issparse(X) else centers,
            )
        # every class may be replaced by its centroids: then no original row is kept
        kept = np.sort(np.concatenate(kept)) if kept else np.empty(0, dtype=np.intp)
        return Resampled(kept, synthetic)
