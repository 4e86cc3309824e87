"""MWMOTE: Majority Weighted Minority Over-sampling TEchnique."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from threadpoolctl import threadpool_limits

from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors, fit_searcher, neighbors_of_rows
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval, StrOptions
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["MWMOTE", "average_linkage_clusters", "closeness_factor", "partners_in_cluster",
           "selection_weights"]

# Exact average linkage on at most this many rows at once (a 2,048-row condensed
# distance matrix is 16 MB); larger sets are first cut into pieces of this size.
_EXACT_LINKAGE_ROWS = 2048
# Entries of one chunk of the (border majority x minority) distances (8 MB of float64:
# the kernel reads them while they are still in cache).
_DISTANCE_CHUNK = 1 << 20
# The neighbour list of each minority sample is k1 + _BORDER_MARGIN * k2 long, so that it
# usually holds the sample's k2 nearest majority samples too (one search for both).
_BORDER_MARGIN = 4
# Partial sums of the selection weights (one per run of border rows, summed at the end).
_SLOTS = 8


def _dense(X):
    return X.toarray() if sparse.issparse(X) else np.asarray(X, dtype=np.float64)


def closeness_factor(distances, n_features, cf_th, cmax):
    """The paper's closeness factor ``Cf`` of a majority and a minority sample.

    ``Cf = min(1 / dn, cf_th) / cf_th * cmax`` with ``dn = distance / n_features`` the
    normalised Euclidean distance (Eq. 6 and 7 of the paper); a distance of 0 gives the
    cut-off value, so ``Cf`` lies in ``(0, cmax]``.
    """
    normalised = np.asarray(distances, dtype=np.float64) / n_features
    with np.errstate(divide="ignore"):
        inverse = 1.0 / normalised
    return np.minimum(inverse, cf_th) / cf_th * cmax


def _grid_center(X):
    """The column means, each rounded to a multiple of the largest power of two not above
    the column's range.

    Products of data centred on it lose no distance to a common offset, and data on a
    binary grid (integers, say) stays on it, so equal distances stay exactly equal.
    """
    span = X.max(axis=0) - X.min(axis=0)
    step = np.ones_like(span)
    varied = span > 0
    step[varied] = np.ldexp(1.0, np.frexp(span[varied])[1] - 1)
    return np.round(X.mean(axis=0) / step) * step


def selection_weights(X_border, X_minority, k3, cf_th, cmax):
    """Selection weight ``Sw`` of every minority sample (steps 5 to 8 of the paper).

    For each border majority sample ``y`` its ``k3`` nearest minority samples
    ``Nmin(y)`` are found (among samples at the same distance, the smaller index
    first); each ``x`` of them receives the information weight
    ``Iw(y, x) = Cf(y, x) * Df(y, x) = Cf(y, x) ** 2 / sum(Cf(y, q) for q in Nmin(y))``,
    and ``Sw(x)`` sums ``Iw`` over every ``y``. The distances are computed for chunks
    of border samples at a time, so memory stays ``O(chunk * n_minority)``.

    Parameters
    ----------
    X_border : ndarray of shape (n_border, n_features)
    X_minority : ndarray of shape (n_minority, n_features)
    k3 : int
        At most ``n_minority``.
    cf_th, cmax : float

    Returns
    -------
    ndarray of shape (n_minority,)
        ``Sw``; zero exactly for the samples outside the informative set (those in no
        ``Nmin(y)``).
    """
    from .._kernels.mwmote import add_selection_weights

    n_minority, n_features = X_minority.shape
    center = _grid_center(X_minority)
    X_border = np.ascontiguousarray(X_border - center)
    X_minority = np.ascontiguousarray(X_minority - center)
    minority_sq_norms = np.einsum("ij,ij->i", X_minority, X_minority)
    border_sq_norms = np.einsum("ij,ij->i", X_border, X_border)
    step = max(_SLOTS, _DISTANCE_CHUNK // max(n_minority, 1))
    # a fixed number of partial sums, whatever the thread count: same result everywhere
    partial = np.zeros((_SLOTS, n_minority))
    inner = np.empty(min(step, X_border.shape[0]) * n_minority)
    # one BLAS thread: the kernel is the threaded part, and BLAS threads left spinning
    # between the small products would compete with it
    with threadpool_limits(limits=1, user_api="blas"):
        for start in range(0, X_border.shape[0], step):
            block = X_border[start : start + step]
            products = inner[: block.shape[0] * n_minority].reshape(block.shape[0], -1)
            np.matmul(block, X_minority.T, out=products)
            add_selection_weights(products, border_sq_norms[start : start + step],
                                  minority_sq_norms, int(min(k3, n_minority)), n_features,
                                  float(cf_th), float(cmax),
                                  partial[: min(_SLOTS, block.shape[0])])
    return partial.sum(axis=0)


def _pieces(X, max_rows):
    """Row sets of at most ``max_rows`` rows: recursive median cuts on the widest feature."""
    pending, done = [np.arange(X.shape[0])], []
    while pending:
        rows = pending.pop()
        if rows.shape[0] <= max_rows:
            done.append(rows)
            continue
        values = X[rows]
        feature = int(np.argmax(values.max(axis=0) - values.min(axis=0)))
        order = np.argsort(values[:, feature], kind="stable")
        half = rows.shape[0] // 2
        pending.extend([rows[order[:half]], rows[order[half:]]])
    return done


def average_linkage_clusters(X, threshold, *, max_exact_rows=_EXACT_LINKAGE_ROWS):
    """Cluster labels from average-linkage agglomeration stopped at ``threshold``.

    Clusters are merged, closest average distance first, while that distance is at
    most ``threshold`` (step 10 of the paper). Up to ``max_exact_rows`` rows this is
    exact; a larger set is first cut into pieces of at most that many rows by
    recursive median cuts along the feature of largest range, and each piece is
    clustered exactly (a cluster never spans two pieces).

    Returns
    -------
    ndarray of shape (n_samples,), int64
        Labels ``0 .. n_clusters - 1``.
    """
    labels = np.empty(X.shape[0], dtype=np.int64)
    n_clusters = 0
    for rows in _pieces(X, max_exact_rows):
        if rows.shape[0] == 1:
            piece_labels = np.zeros(1, dtype=np.int64)
        else:
            tree = linkage(pdist(X[rows]), method="average")
            piece_labels = fcluster(tree, t=threshold, criterion="distance") - 1
        labels[rows] = piece_labels + n_clusters
        n_clusters += int(piece_labels.max()) + 1
    return labels


def partners_in_cluster(seeds, labels, generator):
    """For each seed, another member of its cluster drawn uniformly (itself if alone)."""
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    position = np.empty_like(order)
    position[order] = np.arange(order.shape[0])
    seed_labels = labels[seeds]
    others = sizes[seed_labels] - 1
    draw = np.floor(generator.random(seeds.shape[0]) * np.maximum(others, 1)).astype(np.int64)
    offset = position[seeds] - starts[seed_labels]
    draw += (draw >= offset) & (others > 0)  # skip the seed itself
    return order[starts[seed_labels] + draw]


@fill_doc
class MWMOTE(BaseOverSampler):
    """Majority Weighted Minority Over-sampling TEchnique (MWMOTE).

    MWMOTE [1]_ first drops the minority samples whose ``k1`` nearest neighbours all
    belong to other classes (noise), takes the ``k2`` nearest majority samples of each
    remaining one as the *border majority* set, and the ``k3`` nearest minority samples
    of each border majority sample as the *informative minority* set. Each informative
    sample is weighted by how close it is to the border majority samples, relative to
    the other minority samples near them. The minority class is clustered by average
    linkage, stopping at ``cp`` times the mean nearest-neighbour distance of the
    non-noisy minority samples; each new sample lies between an informative sample,
    drawn by weight, and another member of its cluster.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k1 : int, default=5
        Neighbours (whole dataset) deciding whether a minority sample is noise.
    k2 : int, default=3
        Nearest majority samples of each non-noisy minority sample (the border set).
    k3 : int or "auto", default="auto"
        Nearest minority samples of each border majority sample; ``"auto"`` is the
        paper's ``|Smin| / 2`` (half the class, rounded up).
    cp : float, default=3
        Clustering threshold: ``cp`` times the mean nearest-neighbour distance.
    cf_th : float, default=5
        Cut-off of the closeness factor.
    cmax : float, default=2
        Largest closeness factor.
    n_jobs : int, default=None
        Threads for the neighbour searches and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    selection_weights_ : dict
        ``{label: ndarray}``: the selection weight ``Sw`` of every sample of the class
        (in the order of its rows in ``X``; 0 outside the informative set).
    cluster_labels_ : dict
        ``{label: ndarray}``: the cluster of every sample of the class.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    ADASYN : More samples from minority samples with more foreign neighbours.
    BorderlineSMOTE : Seeds only from minority samples in danger.

    Notes
    -----
    Multi-class: each class to over-sample is the minority against every other sample.
    Defaults are the paper's (k1=5, k2=3, k3=|Smin|/2, Cp=3, Cf(th)=5, CMAX=2); the
    normalised distance of Eq. 6 is the Euclidean distance divided by the number of
    features. The partner of a seed is another member of its cluster, drawn uniformly
    ("another sample"); a seed alone in its cluster is copied.

    Among minority samples at the same distance from a border sample, ``Nmin`` takes
    the smaller row index first.

    *Scaling.* One neighbour search of the class's samples among all samples gives
    both the noise filter's ``k1`` neighbours and, for most samples, their ``k2``
    nearest majority samples (the others are searched among the majority). The paper's
    ``k3 = |Smin| / 2`` makes step 5 cost ``n_border * n_minority`` distances; they are
    computed in chunks, so memory stays ``O(n_samples * k)``. Average linkage is exact
    for classes of up to 2,048 samples; a larger class is first cut into pieces of at
    most 2,048 samples (recursive median cuts along the feature of largest range), each
    clustered exactly, so no cluster spans two pieces. No dense ``n x n`` matrix is built.

    *No informative sample.* When every minority sample of a class is noise, the noise
    filter is skipped for that class (all its samples are used) and a ``UserWarning``
    says so.

    References
    ----------
    .. [1] S. Barua, M. M. Islam, X. Yao, K. Murase, "MWMOTE--Majority Weighted Minority
       Oversampling Technique for Imbalanced Data Set Learning", IEEE Transactions on
       Knowledge and Data Engineering, 26(2), 405-425, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import MWMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 898), (1, 102)]
    >>> X_res, y_res = MWMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k1": [Interval(numbers.Integral, 1, None, closed="left")],
        "k2": [Interval(numbers.Integral, 1, None, closed="left")],
        "k3": [Interval(numbers.Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "cp": [Interval(numbers.Real, 0, None, closed="neither")],
        "cf_th": [Interval(numbers.Real, 0, None, closed="neither")],
        "cmax": [Interval(numbers.Real, 0, None, closed="neither")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k1=5, k2=3, k3="auto",
                 cp=3.0, cf_th=5.0, cmax=2.0, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k1 = k1
        self.k2 = k2
        self.k3 = k3
        self.cp = cp
        self.cf_th = cf_th
        self.cmax = cmax
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        X = data.numeric
        groups = classes_to_oversample(data, targets)
        for group in groups:
            _check_two_samples(group)
        self.selection_weights_, self.cluster_labels_ = {}, {}
        neighbors = self._nearest_of_classes(X, groups) if groups else None
        blocks, start = [], 0
        for group in groups:
            near = neighbors[start : start + group.rows.shape[0]]
            start += group.rows.shape[0]
            k1 = min(self.k1, data.n_samples - 1)
            filtered = np.flatnonzero((data.target.codes[near[:, :k1]] == group.code).any(axis=1))
            if filtered.shape[0] == 0:
                _warn_all_noise(group.label, self.k1)
                filtered = np.arange(group.rows.shape[0])
            weights, labels = self._weights_and_clusters(data, X, group, filtered, near)
            self.selection_weights_[group.label] = weights
            self.cluster_labels_[group.label] = labels
            informative = np.flatnonzero(weights)
            seeds = generator.choice(informative, size=group.n_new,
                                     p=weights[informative] / weights[informative].sum())
            partners = partners_in_cluster(seeds, labels, generator)
            steps = generator.random(group.n_new)
            X_class = class_matrix(X, group.rows)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, partners, steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    def _nearest_of_classes(self, X, groups):
        """Nearest samples (whole data) of every sample of the classes, in one search.

        The first ``k1`` columns are the noise filter's neighbours (step 1); the list is
        longer (``k1 + 4 k2``) so that most samples find their ``k2`` nearest majority
        samples in it (step 3) without a search of their own.
        """
        n_samples = X.shape[0]
        width = min(self.k1 + _BORDER_MARGIN * self.k2, n_samples - 1)
        search = fit_searcher(NearestNeighbors(n_jobs=self.n_jobs), X)
        rows = np.concatenate([group.rows for group in groups])
        return neighbors_of_rows(search, X, rows, width)

    def _border(self, data, X, group, filtered, near):
        """Rows of ``X`` of the border majority set: the ``k2`` nearest other-class
        samples of each filtered sample, in increasing order.

        They are the first ``k2`` other-class samples of its list in ``near`` when the
        list holds that many (the list is sorted by distance, ties by index, like a
        search among the other classes alone); the other samples are searched among the
        other classes.
        """
        codes = data.target.codes
        other_rows = np.flatnonzero(codes != group.code)
        k2 = min(self.k2, other_rows.shape[0])
        near = near[filtered]
        is_other = codes[near] != group.code
        rank = np.cumsum(is_other, axis=1)
        found = rank[:, -1] >= k2
        border = [near[found][(is_other & (rank <= k2))[found]]]
        missing = filtered[~found]
        if missing.shape[0]:
            search = NearestNeighbors(n_neighbors=k2, n_jobs=self.n_jobs).fit(
                _dense(X[other_rows]))
            border.append(other_rows[search.kneighbors(_dense(X[group.rows[missing]]),
                                                       return_distance=False).ravel()])
        return np.unique(np.concatenate(border))

    def _weights_and_clusters(self, data, X, group, filtered, near):
        """Selection weights (steps 3 to 8) and clusters (step 10) of one class."""
        X_minority = _dense(X[group.rows])
        border = self._border(data, X, group, filtered, near)
        n_minority = group.rows.shape[0]
        k3 = -(-n_minority // 2) if self.k3 == "auto" else min(self.k3, n_minority)
        weights = selection_weights(_dense(X[border]), X_minority, k3, self.cf_th, self.cmax)
        position = np.full(X.shape[0], -1, dtype=np.int64)
        position[group.rows[filtered]] = np.arange(filtered.shape[0])
        labels = average_linkage_clusters(
            X_minority, self.cp * _mean_nearest_distance(X_minority[filtered],
                                                         position[near[filtered]],
                                                         self.n_jobs))
        return weights, labels


def _mean_nearest_distance(X, near_positions, n_jobs):
    """Mean distance of each sample to its nearest other sample (0 for a single one).

    ``near_positions[i]`` lists, nearest first, the positions in ``X`` of sample ``i``'s
    nearest samples in the whole data (-1 for samples not in ``X``): the first
    non-negative one is its nearest sample of ``X``; samples without one are searched.
    """
    if X.shape[0] < 2:
        return 0.0
    is_member = near_positions >= 0
    found = is_member.any(axis=1)
    nearest = near_positions[np.arange(X.shape[0]), is_member.argmax(axis=1)]
    missing = np.flatnonzero(~found)
    if missing.shape[0]:
        search = fit_searcher(NearestNeighbors(n_jobs=n_jobs), X)
        nearest[missing] = neighbors_of_rows(search, X, missing, 1)[:, 0]
    return float(np.linalg.norm(X - X[nearest], axis=1).mean())


def _check_two_samples(group):
    if group.rows.shape[0] < 2:
        raise ValueError(
            f"MWMOTE needs at least 2 samples in each class to over-sample (it interpolates "
            f"between two of them), but class {group.label!r} has {group.rows.shape[0]}. "
            "Leave it out of sampling_strategy, or use RandomOverSampler for this class."
        )


def _warn_all_noise(label, k1):
    warnings.warn(
        f"MWMOTE found every sample of class {label!r} to be noise (none has a sample of "
        f"its class among its k1={k1} nearest neighbours), so it used all of them instead "
        "of the filtered set. Raise k1, or check the class's labels.",
        UserWarning,
        stacklevel=4,
    )
