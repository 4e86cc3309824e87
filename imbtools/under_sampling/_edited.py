"""Edited nearest neighbours and its repeated forms (RENN, All-kNN)."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse

from ..base import BaseCleaningSampler, Resampled
from ..neighbors import NearestNeighbors, check_neighbors, neighbors_of_rows
from ..utils._param_validation import HasMethods, Interval, StrOptions
from ..utils.sampling_strategy import resolve_sampling_strategy
from ..utils.validation import EncodedTarget

__all__ = [
    "AllKNN",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "ApproximateNeighbourhoods",
    "edited_keep_mask",
]

# Queries per call of the neighbour search (bounds the memory of the copied queries).
QUERY_CHUNK = 256
# The pure-neighbourhood certificate is tried for a cleaned class with at least this many
# samples when the other classes hold at most this fraction of the data.
CERTIFY_MIN_CLASS = 20_000
CERTIFY_MAX_OTHERS = 0.25
_LEAF_SIZE = 128
_N_TREES = 3
_N_REFINE = 0
_N_TARGETED = 3
_WIDTH = 6


def _random_projection_leaves(X, rows, leaf_size, generator):
    """Group the samples ``X[rows]`` into leaves of at most ``leaf_size`` by random
    median splits; returns local sample numbers grouped by leaf and the leaf bounds."""
    from .._kernels.approx_neighbors import project_segments, sort_segments

    n_samples, n_features = rows.shape[0], X.shape[1]
    order = np.arange(n_samples, dtype=np.int64)
    sizes = np.array([n_samples], dtype=np.int64)
    while sizes.max() > leaf_size:
        segment = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
        directions = generator.standard_normal((sizes.shape[0], n_features))
        projection = project_segments(X, rows, order, segment, directions)
        del segment
        bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        sort_segments(order, projection, bounds)
        del projection
        lower = sizes // 2
        sizes = np.column_stack([lower, sizes - lower]).ravel()
    return order, np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)


class ApproximateNeighbourhoods:
    """Upper bounds of each sample's distance to its ``k``-th nearest other sample.

    The samples are ``X[rows]`` (not copied). Candidates are the samples sharing a
    random-projection leaf (``n_trees`` trees) and then neighbours of neighbours
    (``n_refine`` rounds, and more on demand for chosen samples with :meth:`refine`).
    Every candidate distance is exact, so a bound is never below the true k-th
    nearest-neighbour distance among ``X[rows]`` (infinite where fewer than ``k``
    candidates were seen).
    """

    def __init__(self, X, rows, k, generator, *, leaf_size=_LEAF_SIZE, n_trees=_N_TREES,
                 n_refine=_N_REFINE, width=_WIDTH):
        from .._kernels.approx_neighbors import update_from_leaves

        self.X = X
        self.rows = np.asarray(rows, dtype=np.int64)
        self.k = k
        width = max(width, k)
        self.best_dist = np.full((self.rows.shape[0], width), np.inf)
        self.best_idx = np.full((self.rows.shape[0], width), -1, dtype=np.int32)
        for _ in range(n_trees):
            order, bounds = _random_projection_leaves(X, self.rows, max(leaf_size, width + 1),
                                                      generator)
            update_from_leaves(X, self.rows, order, bounds, self.best_dist, self.best_idx)
            del order, bounds
        everything = np.arange(self.rows.shape[0], dtype=np.int64)
        for _ in range(n_refine):
            self.refine(everything)

    def refine(self, samples):
        """One round of neighbours-of-neighbours candidates for local ``samples``."""
        from .._kernels.approx_neighbors import update_from_neighbours_of_neighbours

        update_from_neighbours_of_neighbours(self.X, self.rows,
                                             np.asarray(samples, dtype=np.int64),
                                             self.best_idx.copy(), self.best_dist,
                                             self.best_idx)

    def kth_distance(self, samples=None):
        """The current upper bounds (of local ``samples``, or of every sample)."""
        squared = self.best_dist[:, self.k - 1]
        return np.sqrt(squared if samples is None else squared[samples])


def _nearest_distance(searcher, X, rows):
    """Distance from each ``X[rows]`` to its nearest fitted reference, by chunks."""
    out = np.empty(rows.shape[0])
    for start in range(0, rows.shape[0], QUERY_CHUNK):
        chunk = rows[start : start + QUERY_CHUNK]
        out[start : start + chunk.shape[0]] = searcher.kneighbors(X[chunk])[0][:, 0]
    return out


def _pure_neighbourhoods(X, codes, code, rows, k, generator, n_jobs):
    """Certify samples of class ``code`` whose ``k`` nearest neighbours are all of it.

    A sample's k nearest neighbours all share its class exactly when its k-th nearest
    same-class neighbour is closer than its nearest sample of another class. The second
    distance is computed exactly, the first is bounded from above cheaply; where the bound
    is below, the certificate holds. Uncertified samples need an exact search.
    """
    others = np.flatnonzero(codes != code)
    if others.shape[0] == 0:
        return np.ones(rows.shape[0], dtype=bool)
    X = np.ascontiguousarray(X, dtype=np.float64)
    other_search = NearestNeighbors(n_neighbors=1, n_jobs=n_jobs).fit(X[others])
    nearest_other = _nearest_distance(other_search, X, rows)
    del other_search
    # A margin keeps rounding differences from deciding near-ties.
    nearest_other *= 1.0 - 1e-9
    bounds = ApproximateNeighbourhoods(X, rows, k, generator)
    certified = bounds.kth_distance() < nearest_other
    for _ in range(_N_TARGETED):
        # Extra rounds only where the certificate still fails.
        undecided = np.flatnonzero(~certified)
        if undecided.shape[0] == 0:
            break
        bounds.refine(undecided)
        certified[undecided] = bounds.kth_distance(undecided) < nearest_other[undecided]
    return certified


def _neighbourhood_agrees(neighbour_codes, code, kind_sel):
    if kind_sel == "all":
        return np.all(neighbour_codes == code, axis=1)
    from .._kernels.votes import row_modes

    return row_modes(np.ascontiguousarray(neighbour_codes, dtype=np.int64)) == code


def edited_keep_mask(X, codes, cleaned, searcher, k, kind_sel, *, n_jobs=None,
                     generator=None):
    """One pass of Wilson's editing: which samples to keep.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    codes : ndarray of shape (n_samples,)
        Class code of each sample.
    cleaned : iterable of int
        Class codes that may lose samples.
    searcher : estimator with ``fit`` and ``kneighbors``
        Neighbour search (fitted here on ``X``).
    k : int
        Neighbours that vote, the sample itself excluded.
    kind_sel : {"all", "mode"}
        Keep a sample when all its neighbours share its class, or when the most frequent
        class among them is its own (the smaller class code wins a tie).
    n_jobs : int, default=None
    generator : numpy Generator, default=None
        Drives the random trees of the certificate (the result never depends on it).

    Returns
    -------
    keep : ndarray of bool, shape (n_samples,)
    """
    keep = np.ones(codes.shape[0], dtype=bool)
    fitted = False
    for code in cleaned:
        rows = np.flatnonzero(codes == code)
        if rows.shape[0] == 0:
            continue
        undecided = rows
        worth_certifying = (
            isinstance(searcher, NearestNeighbors)
            and not sparse.issparse(X)
            and rows.shape[0] >= CERTIFY_MIN_CLASS
            and codes.shape[0] - rows.shape[0] <= CERTIFY_MAX_OTHERS * codes.shape[0]
        )
        if worth_certifying:
            generator = np.random.default_rng(0) if generator is None else generator
            undecided = rows[~_pure_neighbourhoods(X, codes, code, rows, k, generator, n_jobs)]
        if undecided.shape[0] == 0:
            continue
        if not fitted:
            searcher.fit(X)
            fitted = True
        neighbours = neighbors_of_rows(searcher, X, undecided, k, chunk_size=QUERY_CHUNK)
        neighbour_codes = codes[neighbours]
        keep[undecided[~_neighbourhood_agrees(neighbour_codes, code, kind_sel)]] = False
    return keep


def _check_enough_samples(n_neighbors, k, n_samples, sampler):
    if k + 1 > n_samples:
        raise ValueError(
            f"n_neighbors={n_neighbors!r} asks {sampler} for {k} neighbours of each sample, "
            f"but only {n_samples} samples are available; n_neighbors must be at most "
            f"{n_samples - 1}."
        )


class _EditingSampler(BaseCleaningSampler):
    """Shared parameters and plumbing of the editing samplers."""

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors"]),
        ],
        "kind_sel": [StrOptions({"all", "mode"})],
        "n_jobs": [numbers.Integral, None],
    }

    def _searcher(self, n_samples):
        searcher, k = check_neighbors("n_neighbors", self.n_neighbors, n_jobs=self.n_jobs)
        _check_enough_samples(self.n_neighbors, k, n_samples, type(self).__name__)
        return searcher, k

    def _edit(self, data, current, cleaned, searcher, k):
        """Rows of ``current`` that survive one editing pass with ``k`` neighbours."""
        _check_enough_samples(self.n_neighbors, k, current.shape[0], type(self).__name__)
        X = data.numeric if current.shape[0] == data.n_samples else data.numeric[current]
        keep = edited_keep_mask(X, data.target.codes[current], cleaned, searcher, k,
                                self.kind_sel, n_jobs=self.n_jobs)
        return current[keep]

    def _cleaned_now(self, data, current):
        codes = data.target.codes[current]
        n_classes = data.target.classes.shape[0]
        counts = np.bincount(codes, minlength=n_classes)
        target = EncodedTarget(codes=codes, classes=data.target.classes, counts=counts)
        return list(resolve_sampling_strategy(self.sampling_strategy, target, "clean-sampling"))


class EditedNearestNeighbours(_EditingSampler):
    """Under-sample by removing samples whose neighbourhood disagrees with their class.

    Wilson's editing (Wilson, 1972): each sample of the classes being cleaned is compared
    with its ``n_neighbors`` nearest neighbours among all samples, and removed when they
    do not agree with it.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes that may lose samples: ``"auto"`` (= ``"not minority"``), ``"majority"``,
        ``"not minority"``, ``"not majority"``, ``"all"``, a list of labels, or
        ``f(y) -> dict`` whose keys are the classes to clean.
    n_neighbors : int or estimator with ``kneighbors``, default=3
        Neighbours that vote. An object (e.g. :class:`sklearn.neighbors.NearestNeighbors`
        or an approximate index) is used instead of the exact imbtools search; as in
        imbalanced-learn, its ``n_neighbors`` counts the sample itself.
    kind_sel : {"all", "mode"}, default="all"
        ``"all"``: remove a sample unless all its neighbours share its class;
        ``"mode"``: remove it unless its class is the most frequent among them (the
        smaller label wins a tie).
    n_jobs : int, default=None
        Threads of the neighbour search (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples}`` of the classes that may be cleaned.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    See Also
    --------
    RepeatedEditedNearestNeighbours : editing repeated until nothing changes.
    AllKNN : editing with a growing neighbourhood.

    Notes
    -----
    What needs querying: only samples of the cleaned classes can be removed, so only they
    are queried, against all samples (imbalanced-learn searches the same). For a large
    cleaned class facing few samples of other classes (the majority class, by default),
    most queries are avoided altogether: a sample's ``k`` nearest neighbours all share its
    class exactly when its ``k``-th nearest same-class neighbour is closer than its
    nearest other-class sample. The latter distance is exact and cheap (the other classes
    are small); the former is bounded from above by same-class candidates from random
    projection trees. Samples whose bound proves the case are kept; only the rest get an
    exact ``k``-nearest-neighbour search. The result is exact: the approximation decides
    only which samples need the full search.

    The sample itself is excluded from its neighbours exactly; imbalanced-learn drops the
    first neighbour returned, which among duplicated rows can be a duplicate rather than
    the sample, so the two can differ on data with duplicated rows. Among neighbours at
    exactly equal distance, the imbtools search prefers the smaller row index.

    References
    ----------
    .. [1] D. L. Wilson, "Asymptotic properties of nearest neighbor rules using edited
       data," IEEE Transactions on Systems, Man, and Cybernetics, 2(3), 408-421, 1972.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import EditedNearestNeighbours
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> _, y_res = EditedNearestNeighbours().fit_resample(X, y)
    >>> Counter(y_res)[1] == Counter(y)[1], Counter(y_res)[0] < Counter(y)[0]
    (True, True)
    """

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all",
                 n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        searcher, k = self._searcher(data.n_samples)
        everything = np.arange(data.n_samples)
        return Resampled(self._edit(data, everything, list(targets), searcher, k))


def _stop_early(counts_now, counts_before, allow_minority=False):
    """imbalanced-learn's stopping rule for repeated editing.

    Stop once a class has vanished or, unless ``allow_minority``, once another class has
    fallen below the original size of the minority class.
    """
    if np.any(counts_now == 0):
        return True
    if allow_minority:
        return False
    minority = int(np.argmin(counts_before))
    others = np.delete(counts_now, minority)
    return bool(np.any(others < counts_before[minority]))


class RepeatedEditedNearestNeighbours(_EditingSampler):
    """Under-sample by repeating Wilson's editing until it converges.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes that may lose samples (re-resolved on the remaining samples before each
        pass, as imbalanced-learn does): ``"auto"`` (= ``"not minority"``),
        ``"majority"``, ``"not minority"``, ``"not majority"``, ``"all"``, a list of
        labels, or ``f(y) -> dict`` whose keys are the classes to clean.
    n_neighbors : int or estimator with ``kneighbors``, default=3
        Neighbours that vote (an object's ``n_neighbors`` counts the sample itself).
    max_iter : int, default=100
        Largest number of editing passes.
    kind_sel : {"all", "mode"}, default="all"
        ``"all"``: remove a sample unless all its neighbours share its class;
        ``"mode"``: remove it unless its class is the most frequent among them.
    n_jobs : int, default=None
        Threads of the neighbour search (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples}`` of the classes that may be cleaned (first pass).
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.
    n_iter_ : int
        Number of editing passes run.

    Notes
    -----
    Passes stop when one removes nothing, after ``max_iter`` passes, when a class has
    vanished, or when a class other than the (original) minority has fallen below the
    minority's original size; the pass that triggers a stop is kept. Each pass is an
    :class:`EditedNearestNeighbours` pass on the remaining samples, so each queries only
    the remaining samples of the cleaned classes and certifies most of a large class
    without a search (see its Notes). The minority class is the smallest class, the
    smaller label among equal sizes.

    References
    ----------
    .. [1] I. Tomek, "An experiment with the edited nearest-neighbor rule," IEEE
       Transactions on Systems, Man, and Cybernetics, 6(6), 448-452, 1976.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import RepeatedEditedNearestNeighbours
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> sampler = RepeatedEditedNearestNeighbours()
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.n_iter_ >= 1 and len(y_res) < len(y)
    True
    """

    _parameter_constraints: dict = {
        **_EditingSampler._parameter_constraints,
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, max_iter=100,
                 kind_sel="all", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.max_iter = max_iter
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        searcher, k = self._searcher(data.n_samples)
        counts_before = data.target.counts
        n_classes = counts_before.shape[0]
        current = np.arange(data.n_samples)
        for n_iter in range(1, self.max_iter + 1):
            cleaned = list(targets) if n_iter == 1 else self._cleaned_now(data, current)
            edited = self._edit(data, current, cleaned, searcher, k)
            converged = edited.shape[0] == current.shape[0]
            current = edited
            counts_now = np.bincount(data.target.codes[current], minlength=n_classes)
            if converged or _stop_early(counts_now, counts_before):
                break
        self.n_iter_ = n_iter
        return Resampled(current)


class AllKNN(_EditingSampler):
    """Under-sample by editing with neighbourhoods of size 1, 2, ..., ``n_neighbors``.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes that may lose samples (re-resolved on the remaining samples before each
        pass, as imbalanced-learn does): ``"auto"`` (= ``"not minority"``),
        ``"majority"``, ``"not minority"``, ``"not majority"``, ``"all"``, a list of
        labels, or ``f(y) -> dict`` whose keys are the classes to clean.
    n_neighbors : int or estimator with ``kneighbors``, default=3
        Largest neighbourhood (an object's ``n_neighbors`` counts the sample itself).
    kind_sel : {"all", "mode"}, default="all"
        ``"all"``: remove a sample unless all its neighbours share its class;
        ``"mode"``: remove it unless its class is the most frequent among them.
    allow_minority : bool, default=False
        Keep editing even when a class falls below the original size of the minority.
    n_jobs : int, default=None
        Threads of the neighbour search (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples}`` of the classes that may be cleaned (first pass).
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    Notes
    -----
    Pass ``i`` is an :class:`EditedNearestNeighbours` pass with ``i`` neighbours on the
    samples that survived the previous passes (see its Notes for what is queried). Passes
    stop early when a class has vanished or, unless ``allow_minority``, when a class other
    than the minority has fallen below the minority's original size; the pass that
    triggers the stop is kept.

    References
    ----------
    .. [1] I. Tomek, "An experiment with the edited nearest-neighbor rule," IEEE
       Transactions on Systems, Man, and Cybernetics, 6(6), 448-452, 1976.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import AllKNN
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = AllKNN().fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum())
    True
    """

    _parameter_constraints: dict = {
        **_EditingSampler._parameter_constraints,
        "allow_minority": ["boolean"],
    }

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all",
                 allow_minority=False, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.allow_minority = allow_minority
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        searcher, k_max = self._searcher(data.n_samples)
        counts_before = data.target.counts
        n_classes = counts_before.shape[0]
        current = np.arange(data.n_samples)
        for k in range(1, k_max + 1):
            cleaned = list(targets) if k == 1 else self._cleaned_now(data, current)
            current = self._edit(data, current, cleaned, searcher, k)
            counts_now = np.bincount(data.target.codes[current], minlength=n_classes)
            if _stop_early(counts_now, counts_before, self.allow_minority):
                break
        return Resampled(current)
