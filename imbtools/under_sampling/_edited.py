"""Edited nearest neighbours and its repeated forms (RENN, All-kNN)."""

from __future__ import annotations

import numbers

import numpy as np

from ..base import BaseCleaningSampler, Resampled
from ..neighbors import NearestNeighbors, SegmentCover, check_neighbors, class_agreement
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval, StrOptions
from ..utils.sampling_strategy import resolve_sampling_strategy
from ..utils.validation import EncodedTarget

__all__ = ["AllKNN", "EditedNearestNeighbours", "RepeatedEditedNearestNeighbours"]

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
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def _searcher(self, n_samples):
        searcher, k = check_neighbors("n_neighbors", self.n_neighbors, n_jobs=self.n_jobs)
        _check_enough_samples(self.n_neighbors, k, n_samples, type(self).__name__)
        return searcher, k

    def _edit(self, data, current, cleaned, searcher, k, cover=None):
        """Rows of ``current`` that survive one editing pass with ``k`` neighbours."""
        _check_enough_samples(self.n_neighbors, k, current.shape[0], type(self).__name__)
        X = data.numeric if current.shape[0] == data.n_samples else data.numeric[current]
        codes = data.target.codes[current]
        asked = np.flatnonzero(np.isin(codes, cleaned))
        agrees = class_agreement(X, codes, asked, k, rule=self.kind_sel,
                                 searcher=None if isinstance(searcher, NearestNeighbors)
                                 else searcher,
                                 n_jobs=self.n_jobs, hint=cover)
        keep = np.ones(current.shape[0], dtype=bool)
        keep[asked[~agrees]] = False
        return current[keep]

    def _cleaned_now(self, data, current):
        codes = data.target.codes[current]
        n_classes = data.target.classes.shape[0]
        counts = np.bincount(codes, minlength=n_classes)
        target = EncodedTarget(codes=codes, classes=data.target.classes, counts=counts)
        return list(resolve_sampling_strategy(self.sampling_strategy, target, "clean-sampling"))


@fill_doc
class EditedNearestNeighbours(_EditingSampler):
    """Under-sample by removing samples whose neighbourhood disagrees with their class.

    Wilson's editing (Wilson, 1972): each sample of the classes being cleaned is compared
    with its ``n_neighbors`` nearest neighbours among all samples, and removed when they
    do not agree with it.

    Parameters
    ----------
    %(sampling_strategy_clean)s
    n_neighbors : int or estimator with ``kneighbors``, default=3
        Neighbours that vote. An object (e.g. :class:`sklearn.neighbors.NearestNeighbors`
        or an approximate index) is used instead of the exact imbtools search; as in
        imbalanced-learn, its ``n_neighbors`` counts the sample itself.
    kind_sel : {"all", "mode"}, default="all"
        ``"all"``: remove a sample unless all its neighbours share its class;
        ``"mode"``: remove it unless its class is the most frequent among them (the
        smaller label wins a tie).
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned, each mapped to the size of the smallest
        class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
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
    cleaned class most queries are avoided altogether: a sample's ``k`` nearest
    neighbours all share its class exactly when its ``k``-th nearest same-class neighbour
    is closer than its nearest other-class sample. The first distance is bounded from
    above by same-class candidates (random projection trees, then rounds of neighbours of
    neighbours over forward and reverse links, only for the samples still undecided);
    the second from below, exactly when the other classes are small (the majority
    class, by default), and in :class:`~imbtools.combine.SMOTEENN` through the segments
    between the parents of the synthetic samples and, for a synthetic sample, through
    its parents (triangle inequality). Samples whose bounds separate by more than any
    rounding of the exact search are kept; only the rest get an exact
    ``k``-nearest-neighbour search. The result is exact: the bounds decide only which
    samples need the full search. The certificate runs for classes of at least 20,000
    samples when its lower bounds cost at most a quarter of the search they can save.
    When the remaining search is large (queries x samples >= 2 x 10^9, e.g. 27,000
    queries after SMOTE at 10^5 rows) on fewer than 500,000 samples, it runs over blocks
    of 65,536 samples, each with the certified float32 first pass of
    :class:`~imbtools.neighbors.NearestNeighbors`, so its float32 copy is one block's
    rather than the whole data's;
    from 500,000 samples on the search has its own float32 copy of the whole data.

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

    def fit_resample(self, X, y, *, sample_weight=None, segments=None):
        """Resample the dataset.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples, returned for the kept ones as a third output.
        segments : tuple (start, end) of int arrays of shape (n_samples,), default=None
            A hint: row ``i`` lies on the segment between rows ``start[i]`` and
            ``end[i]`` (``start[i] == end[i] == i`` for a row on no segment), as SMOTE's
            synthetic rows lie between their parents. It lets the exact search skip
            large pure regions cheaply (see :func:`imbtools.neighbors.class_agreement`);
            the result never depends on it.

        Returns
        -------
        X_resampled, y_resampled[, sample_weight_resampled]
            The kept samples, as for every sampler.
        """
        return super().fit_resample(X, y, sample_weight=sample_weight, segments=segments)

    def _fit_resample(self, data, targets, segments=None):
        cover = None if segments is None else SegmentCover(data.numeric, *segments)
        searcher, k = self._searcher(data.n_samples)
        everything = np.arange(data.n_samples)
        return Resampled(self._edit(data, everything, list(targets), searcher, k, cover))


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


@fill_doc
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
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned (first pass), each mapped to the size of the
        smallest class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
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


@fill_doc
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
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned (first pass), each mapped to the size of the
        smallest class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
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
