"""Edited nearest neighbours and its repeated forms (RENN, All-kNN)."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse

from ..base import BaseCleaningSampler, Resampled
from ..neighbors import (
    NearestNeighbors,
    _blas_controller,
    blocked_neighbors_of_rows,
    check_neighbors,
    neighbors_of_rows,
    worth_blocked_search,
)
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval, StrOptions
from ..utils.sampling_strategy import resolve_sampling_strategy
from ..utils.validation import EncodedTarget

__all__ = [
    "AllKNN",
    "EditedNearestNeighbours",
    "RepeatedEditedNearestNeighbours",
    "ApproximateNeighbourhoods",
    "SegmentCover",
    "edited_keep_mask",
]

# Queries per call of the neighbour search (bounds the memory of the copied queries).
QUERY_CHUNK = 256
# ... in a large exact search of what the certificate left (fewer calls: 5-13% faster
# than 256 at 2.7e4 queries x 2e5 samples, float32 pass; 1.3 MB of copied queries).
_EDIT_CHUNK = 4096
# The pure-neighbourhood certificate is tried for a cleaned class with at least this many
# samples, when bounding its distances to the other classes costs at most this fraction
# of the exact search it can save (class size x all samples).
CERTIFY_MIN_CLASS = 20_000
CERTIFY_MAX_COST = 0.25
# Points per block of the search for distances to the other classes.
_POINT_BLOCK = 16_384
_LEAF_SIZE = 128
_N_TREES = 3
_N_REFINE = 0
_N_JOINED = 8
# No further tree once this fraction of the class is certified.
_ENOUGH_CERTIFIED = 0.97
# Refine only samples whose k-th distance bound is within this factor of their goal
# (measured on SMOTEENN's majority class: the k-th bound is within 1.2x of the true
# distance for 90% of the samples, so samples further off are mostly ones to remove).
_HOPEFUL_RATIO = 1.3
# Stop the refinement rounds once one certifies less than this fraction of its targets:
# a round costs about this fraction of an exact query against 200,000 samples
# (measured on SMOTEENN's 2 x 10^5 rows), and a query's cost grows with the data.
_MIN_ROUND_GAIN = 0.15
_ROUND_GAIN_SIZE = 200_000
_WIDTH = 10
# Relative rounding allowance on squared distances (x (|x|^2 + max |row|^2)): a bound
# decides only when it wins by more than any rounding of the exact search could.
_ROUNDING = 1e-10


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
    (``n_refine`` rounds, and more on demand for chosen samples with :meth:`refine`
    and :meth:`refine_joined`). Every candidate distance is exact, so a bound is never
    below the true k-th nearest-neighbour distance among ``X[rows]`` (infinite where
    fewer than ``k`` candidates were seen).
    """

    def __init__(self, X, rows, k, generator, *, leaf_size=_LEAF_SIZE, n_trees=_N_TREES,
                 n_refine=_N_REFINE, width=_WIDTH):
        self.X = X
        self.rows = np.asarray(rows, dtype=np.int64)
        self.k = k
        width = max(width, k)
        self.best_dist = np.full((self.rows.shape[0], width), np.inf)
        self.best_idx = np.full((self.rows.shape[0], width), -1, dtype=np.int32)
        self.leaf_size = max(leaf_size, width + 1)
        for _ in range(n_trees):
            self.add_tree(generator)
        everything = np.arange(self.rows.shape[0], dtype=np.int64)
        for _ in range(n_refine):
            self.refine(everything)

    def add_tree(self, generator):
        """Offer the samples sharing a leaf of one more random-projection tree."""
        from .._kernels.approx_neighbors import update_from_leaves

        order, leaf_bounds = _random_projection_leaves(self.X, self.rows, self.leaf_size,
                                                       generator)
        update_from_leaves(self.X, self.rows, order, leaf_bounds, self.best_dist,
                           self.best_idx)

    def refine(self, samples):
        """One round of neighbours-of-neighbours candidates for local ``samples``."""
        from .._kernels.approx_neighbors import update_from_neighbours_of_neighbours

        update_from_neighbours_of_neighbours(self.X, self.rows,
                                             np.asarray(samples, dtype=np.int64),
                                             self.best_idx.copy(), self.best_dist,
                                             self.best_idx)

    def refine_joined(self, samples, goal_sq):
        """One round over forward and reverse neighbour lists for local ``samples``;
        a sample stops once its k-th squared bound is below its ``goal_sq``."""
        from .._kernels.approx_neighbors import (
            joined_neighbour_lists,
            update_from_joined_lists,
        )

        # Reverse links capped at half the width: the lists' memory stays below the
        # neighbour lists' own.
        starts, members = joined_neighbour_lists(self.best_idx, self.best_idx.shape[1] // 2)
        update_from_joined_lists(self.X, self.rows, np.asarray(samples, dtype=np.int64),
                                 starts, members, self.k,
                                 np.ascontiguousarray(goal_sq, dtype=np.float64),
                                 self.best_dist, self.best_idx)

    def kth_distance(self, samples=None):
        """The current upper bounds (of local ``samples``, or of every sample)."""
        squared = self.best_dist[:, self.k - 1]
        return np.sqrt(squared if samples is None else squared[samples])


class SegmentCover:
    """Every sample lies on (or within ``slack`` of) a segment between two samples.

    ``start[r]`` and ``end[r]`` are the rows whose segment holds row ``r``; an original
    sample is its own segment (``start[r] == end[r] == r``). SMOTE's synthetic samples
    lie on the segment between their two parents, which lets the certificate bound
    distances to ~10^5 synthetic samples through ~10^4 segments, and a synthetic
    sample's distances through its parents'. ``slack`` is measured here, so a wrong
    cover only makes bounds looser, never wrong.
    """

    def __init__(self, X, start, end):
        self.start = np.asarray(start, dtype=np.int32 if len(start) < 2**31 else np.int64)
        self.end = np.asarray(end, dtype=self.start.dtype)
        self.slack = np.zeros(self.start.shape[0])
        itself = np.arange(self.start.shape[0])
        on_segment = np.flatnonzero((self.start != itself) | (self.end != itself))
        for first in range(0, on_segment.shape[0], 4096):  # small temporaries
            rows = on_segment[first : first + 4096]
            a, b = X[self.start[rows]], X[self.end[rows]]
            direction = b - a
            length_sq = np.einsum("ij,ij->i", direction, direction)
            points = X[rows]
            t = np.einsum("ij,ij->i", points - a, direction) / np.where(length_sq > 0,
                                                                        length_sq, 1.0)
            nearest = a + np.clip(t, 0.0, 1.0)[:, None] * direction
            self.slack[rows] = (np.linalg.norm(points - nearest, axis=1)
                                + 1e-12 * np.linalg.norm(points, axis=1))

    @classmethod
    def points(cls, n_samples):
        """The trivial cover: every sample is its own segment."""
        cover = cls.__new__(cls)
        cover.start = cover.end = np.arange(n_samples, dtype=np.int64)
        cover.slack = np.zeros(n_samples)
        return cover

    def segments_of(self, rows):
        """Distinct segments holding ``rows``: ``(start, end, slack)``."""
        pairs = np.column_stack([self.start[rows], self.end[rows]])
        pairs, inverse = np.unique(pairs, axis=0, return_inverse=True)
        slack = np.zeros(pairs.shape[0])
        np.maximum.at(slack, inverse.ravel(), self.slack[rows])
        return pairs[:, 0], pairs[:, 1], slack


def _row_distances(X, rows_a, rows_b, chunk=4096):
    """``||X[rows_a[i]] - X[rows_b[i]]||`` for each ``i``, with small temporaries."""
    out = np.empty(rows_a.shape[0])
    for first in range(0, rows_a.shape[0], chunk):
        difference = X[rows_a[first : first + chunk]] - X[rows_b[first : first + chunk]]
        out[first : first + chunk] = np.sqrt(np.einsum("ij,ij->i", difference, difference))
    return out


def _distance_lower_bounds(X, queries, segments):
    """Lower bound of the distance from each ``X[queries]`` to the nearest of ``segments``.

    Point segments (``start == end``) go through the exact search; the others through
    distances to their ends (:func:`~imbtools._kernels.approx_neighbors.nearest_segment_bounds`).
    Rounding of the inner-product distances is left to the callers (``_ROUNDING``).
    """
    from .._kernels.approx_neighbors import nearest_segment_bounds

    start, end, slack = segments
    out = np.full(queries.shape[0], np.inf)
    point = start == end
    if point.any():
        points = start[point]
        # Blocks of points: the search copies its references, keep the copy small.
        for block in range(0, points.shape[0], _POINT_BLOCK):
            search = NearestNeighbors(n_neighbors=1).fit(X[points[block : block + _POINT_BLOCK]])
            for first in range(0, queries.shape[0], QUERY_CHUNK):
                distance = search.kneighbors(X[queries[first : first + QUERY_CHUNK]])[0]
                np.minimum(out[first : first + QUERY_CHUNK], distance[:, 0],
                           out=out[first : first + QUERY_CHUNK])
            del search
        # (the nearest point need not give the smallest bound: take the largest slack)
        out -= slack[point].max()
    if point.all():
        return out
    start, end, slack = start[~point], end[~point], slack[~point]
    ends, columns = np.unique(np.concatenate([start, end]), return_inverse=True)
    seg_start = columns[: start.shape[0]].astype(np.int64)
    seg_end = columns[start.shape[0] :].astype(np.int64)
    length = _row_distances(X, start, end)
    end_rows = X[ends]
    end_sq = np.einsum("ij,ij->i", end_rows, end_rows)
    segment_bound = np.empty(queries.shape[0])
    step = max(16, min(16 * QUERY_CHUNK, 2**19 // ends.shape[0]))  # <= 4 MB per block
    # One BLAS thread: the small products alternate with the threaded kernel, which BLAS
    # threads left spinning would slow down (SMOTEENN at 1e5 rows, 2 cores: 2.1 CPU s
    # on one thread of each; 3.3 s wall on two of each, quiet; 9.8 CPU s under load).
    with _blas_controller().limit(limits=1, user_api="blas"):
        for first in range(0, queries.shape[0], step):
            chunk = X[queries[first : first + step]]
            end_dist = chunk @ end_rows.T
            end_dist *= -2.0
            end_dist += np.einsum("ij,ij->i", chunk, chunk)[:, None]
            end_dist += end_sq
            np.sqrt(np.maximum(end_dist, 0.0, out=end_dist), out=end_dist)
            nearest_segment_bounds(end_dist, seg_start, seg_end, length, slack,
                                   segment_bound[first : first + chunk.shape[0]])
    return np.minimum(out, segment_bound)


def _pure_neighbourhoods(X, codes, code, rows, k, generator, cover):
    """Certify samples of class ``code`` whose ``k`` nearest neighbours are all of it.

    A sample's k nearest neighbours all share its class exactly when its k-th nearest
    same-class neighbour is closer than its nearest sample of another class. The first
    distance is bounded from above (random-projection trees, then neighbours of
    neighbours), the second from below (exactly, or through segments and parents given
    by ``cover``); where the bounds separate by more than rounding, the certificate
    holds. Returns ``None`` when the lower bounds would cost too much, else the mask.
    """
    others = np.flatnonzero(codes != code)
    if others.shape[0] == 0:
        return np.ones(rows.shape[0], dtype=bool)
    other_segments = cover.segments_of(others)
    n_ends = np.unique(np.concatenate(other_segments[:2])).shape[0]
    # Rows of the class on their own segment get a direct bound; the others inherit one
    # from their segment's ends (triangle inequality), which get a direct bound too.
    own = (cover.start[rows] == rows) & (cover.end[rows] == rows)
    anchors = np.unique(np.concatenate([rows[own], cover.start[rows[~own]],
                                        cover.end[rows[~own]]]))
    if anchors.shape[0] * n_ends > CERTIFY_MAX_COST * rows.shape[0] * codes.shape[0]:
        return None
    largest_sq = max(float(np.einsum("ij,ij->i", X[first : first + 65536],
                                      X[first : first + 65536]).max())
                     for first in range(0, X.shape[0], 65536))

    def tolerance(samples):
        """Allowance for the rounding of squared distances from ``X[samples]``."""
        out = np.empty(samples.shape[0])
        for first in range(0, samples.shape[0], 4096):  # small temporaries
            chunk = X[samples[first : first + 4096]]
            out[first : first + 4096] = np.einsum("ij,ij->i", chunk, chunk)
        return _ROUNDING * (out + largest_sq)

    anchor_bound = _distance_lower_bounds(X, anchors, other_segments)
    anchor_bound = np.sqrt(np.maximum(np.square(np.maximum(anchor_bound, 0.0))
                                      - tolerance(anchors), 0.0))
    lower = np.zeros(rows.shape[0])
    lower[own] = anchor_bound[np.searchsorted(anchors, rows[own])]
    inherited = rows[~own]
    for parent in (cover.start[inherited], cover.end[inherited]):
        gap = _row_distances(X, inherited, parent) * (1.0 + 1e-12)
        candidate = anchor_bound[np.searchsorted(anchors, parent)] - gap
        lower[~own] = np.maximum(lower[~own], candidate)
    goal_sq = np.square(lower) - tolerance(rows)

    bounds = ApproximateNeighbourhoods(X, rows, k, generator, n_trees=1)
    certified = np.square(bounds.kth_distance()) < goal_sq
    for _ in range(_N_TREES - 1):
        if certified.mean() >= _ENOUGH_CERTIFIED:
            break
        bounds.add_tree(generator)
        certified = np.square(bounds.kth_distance()) < goal_sq
    min_gain = _MIN_ROUND_GAIN * min(1.0, _ROUND_GAIN_SIZE / codes.shape[0])
    for _ in range(_N_JOINED):
        # Samples whose bound is far above their goal are mostly ones to remove, which
        # no refinement can certify: they go straight to the exact search.
        hopeful = np.square(bounds.kth_distance()) < _HOPEFUL_RATIO**2 * goal_sq
        undecided = np.flatnonzero(~certified & hopeful & (goal_sq > 0))
        if undecided.shape[0] == 0:
            break
        bounds.refine_joined(undecided, goal_sq[undecided])
        certified[undecided] = np.square(bounds.kth_distance(undecided)) < goal_sq[undecided]
        if certified[undecided].mean() < min_gain:
            break
    # Inherited bounds too loose: a direct bound where it is affordable.
    retry = np.flatnonzero(~certified & ~own)
    if retry.shape[0] and retry.shape[0] * n_ends <= (
            CERTIFY_MAX_COST * rows.shape[0] * codes.shape[0]):
        direct = np.maximum(_distance_lower_bounds(X, rows[retry], other_segments), 0.0)
        goal_sq[retry] = np.square(direct) - tolerance(rows[retry])
        certified[retry] = np.square(bounds.kth_distance(retry)) < goal_sq[retry]
    return certified


def _neighbourhood_agrees(neighbour_codes, code, kind_sel):
    if kind_sel == "all":
        return np.all(neighbour_codes == code, axis=1)
    from .._kernels.votes import row_modes

    return row_modes(np.ascontiguousarray(neighbour_codes, dtype=np.int64)) == code


def edited_keep_mask(X, codes, cleaned, searcher, k, kind_sel, *, n_jobs=None,
                     generator=None, cover=None):
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
    cover : SegmentCover, default=None
        Segments holding the samples (e.g. SMOTE's parents of synthetic samples), which
        make the certificate cheaper; the result never depends on it.

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
        )
        if worth_certifying:
            X = np.ascontiguousarray(X, dtype=np.float64)
            generator = np.random.default_rng(0) if generator is None else generator
            certified = _pure_neighbourhoods(
                X, codes, code, rows, k, generator,
                SegmentCover.points(codes.shape[0]) if cover is None else cover)
            if certified is not None:
                undecided = rows[~certified]
        if undecided.shape[0] == 0:
            continue
        if (isinstance(searcher, NearestNeighbors) and not sparse.issparse(X)
                and worth_blocked_search(undecided.shape[0], *X.shape)):
            # large: blocks of references, each with a float32 first pass
            neighbours = blocked_neighbors_of_rows(X, undecided, k, n_jobs=searcher.n_jobs,
                                                   query_chunk=_EDIT_CHUNK)
        else:
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
        keep = edited_keep_mask(X, data.target.codes[current], cleaned, searcher, k,
                                self.kind_sel, n_jobs=self.n_jobs, cover=cover)
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
    :class:`~imbtools.neighbors.NearestNeighbors` (about 1.6x faster there), so its
    float32 copy is one block's (5 MB at 20 features) rather than the whole data's;
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

    def _fit_resample(self, data, targets, cover=None):
        # ``cover``: a SegmentCover of the samples, given by SMOTEENN (see its Notes).
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
