"""The class-agreement question and its certificate.

"Do the ``k`` nearest neighbours of these rows agree with their label?" is the question
of Wilson's editing (ENN, RENN, All-kNN, NCR). :func:`class_agreement` answers it exactly.
On large classes it first certifies, without any search, the rows whose whole
neighbourhood is their own class: an upper bound of the ``k``-th same-class neighbour
distance (random-projection trees, then neighbours of neighbours) below a lower bound of
the distance to the nearest row of another class (exact, or through the segments of a
:class:`SegmentCover`) proves agreement. Only the rows left undecided are searched.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from scipy import sparse

from ..utils._parallel import numba_thread_limit
from ._blocked import _blas_controller
from ._exact import NearestNeighbors
from ._questions import blocked_neighbors_of_rows, neighbors_of_rows, worth_blocked_search

__all__ = ["ApproximateNeighbourhoods", "SegmentCover", "class_agreement"]

# Queries per call of the neighbour search (bounds the memory of the copied queries).
QUERY_CHUNK = 256
# ... in a search by the engine (fewer calls: 5-13% faster than 256 at 2.7e4 queries x
# 2e5 samples, float32 pass; 1.3 MB of copied queries; and a chunk large enough for the
# search's threads, which each chunk decides from its own work).
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
    from .._kernels.ann import build_tree

    depth = 0
    while rows.shape[0] > leaf_size * 2**depth:
        depth += 1
    directions = generator.standard_normal((2**depth - 1, X.shape[1]))
    order, leaf_bounds, _ = build_tree(X, rows, directions, depth)
    return order, leaf_bounds


class ApproximateNeighbourhoods:
    """Upper bounds of each sample's distance to its ``k``-th nearest other sample.

    The samples are ``X[rows]`` (not copied). Candidates are the samples sharing a
    random-projection leaf (``n_trees`` trees) and then neighbours of neighbours (on
    demand for chosen samples, with :meth:`refine_joined`). Every candidate distance is
    exact, so a bound is never below the true k-th nearest-neighbour distance among
    ``X[rows]`` (infinite where fewer than ``k`` candidates were seen).
    """

    def __init__(self, X, rows, k, generator, *, leaf_size=_LEAF_SIZE, n_trees=_N_TREES,
                 width=_WIDTH):
        self.X = X
        self.rows = np.asarray(rows, dtype=np.int64)
        self.k = k
        width = max(width, k)
        self.best_dist = np.full((self.rows.shape[0], width), np.inf)
        self.best_idx = np.full((self.rows.shape[0], width), -1, dtype=np.int32)
        self.leaf_size = max(leaf_size, width + 1)
        for _ in range(n_trees):
            self.add_tree(generator)

    def add_tree(self, generator):
        """Offer the samples sharing a leaf of one more random-projection tree."""
        from .._kernels.ann import join_leaves

        order, leaf_bounds = _random_projection_leaves(self.X, self.rows, self.leaf_size,
                                                       generator)
        join_leaves(self.X, self.rows, order, leaf_bounds, self.best_dist, self.best_idx,
                    None)  # no new-flags: refine_joined treats every link as new

    def refine_joined(self, samples, goal_sq):
        """One round over forward and reverse neighbour lists for local ``samples``;
        a sample stops once its k-th squared bound is below its ``goal_sq``."""
        from .._kernels.ann import descent_round, reverse_lists

        # No new/old flags: every link counts as new (every pair is tried), since a
        # sample that stopped at its goal, or was not refined, has not tried the pairs
        # of its old links. Reverse links capped at half the width: their memory stays
        # below the lists' own.
        rev_idx, _ = reverse_lists(self.best_idx, None, self.best_idx.shape[1] // 2)
        descent_round(self.X, self.rows, np.asarray(samples, dtype=np.int64),
                      self.best_idx.copy(), None, rev_idx, None, self.k,
                      np.ascontiguousarray(goal_sq, dtype=np.float64), self.best_dist,
                      self.best_idx, None)

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
    sample's distances through its parents'. ``slack`` is measured (on first use), so
    a wrong cover only makes bounds looser, never wrong.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The rows (not copied).
    start, end : ndarray of shape (n_samples,), int
        The two ends of the segment holding each row.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.neighbors import SegmentCover
    >>> X = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    >>> cover = SegmentCover(X, start=[0, 1, 0, 0], end=[0, 1, 1, 1])
    >>> cover.slack.round(6).tolist()  # row 2 on the segment 0-1, row 3 one unit off it
    [0.0, 0.0, 0.0, 1.0]
    """

    def __init__(self, X, start, end):
        self.X = X
        self.start = np.asarray(start, dtype=np.int32 if len(start) < 2**31 else np.int64)
        self.end = np.asarray(end, dtype=self.start.dtype)

    @cached_property
    def slack(self):
        """How far each row lies from its segment (0 for a row that is its own segment)."""
        X = self.X
        slack = np.zeros(self.start.shape[0])
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
            slack[rows] = (np.linalg.norm(points - nearest, axis=1)
                           + 1e-12 * np.linalg.norm(points, axis=1))
        return slack

    @classmethod
    def points(cls, n_samples):
        """The trivial cover: every sample is its own segment."""
        cover = cls(None, np.arange(n_samples), np.arange(n_samples))
        cover.__dict__["slack"] = np.zeros(n_samples)
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
    distances to their ends (:func:`~imbtools._kernels.segments.nearest_segment_bounds`).
    Rounding of the inner-product distances is left to the callers (``_ROUNDING``).
    """
    from .._kernels.segments import nearest_segment_bounds

    start, end, slack = segments
    out = np.full(queries.shape[0], np.inf)
    point = start == end
    if point.any():
        points = start[point]
        # Blocks of points: the search copies its references, keep the copy small.
        for block in range(0, points.shape[0], _POINT_BLOCK):
            search = NearestNeighbors(n_neighbors=1).fit(X[points[block : block + _POINT_BLOCK]])
            # chunks large enough for the search's threads (each call decides its
            # thread count from its own work): 256 queries kept this on one thread
            for first in range(0, queries.shape[0], _EDIT_CHUNK):
                distance = search.kneighbors(X[queries[first : first + _EDIT_CHUNK]])[0]
                np.minimum(out[first : first + _EDIT_CHUNK], distance[:, 0],
                           out=out[first : first + _EDIT_CHUNK])
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


def _neighbourhood_agrees(neighbour_codes, code, rule):
    if rule == "all":
        return np.all(neighbour_codes == code, axis=1)
    from ..utils._votes import row_modes

    return row_modes(np.ascontiguousarray(neighbour_codes, dtype=np.int64)) == code


def class_agreement(X, codes, rows, k, *, rule="all", searcher=None, n_jobs=None,
                    hint=None, random_state=0):
    """Whether the ``k`` nearest neighbours of each of ``rows`` agree with its class.

    The question of Wilson's editing, answered exactly: each row's neighbours are the
    ``k`` nearest other rows of ``X`` (all classes), ties to the smaller row.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    codes : ndarray of shape (n_samples,), int
        Class code of every row of ``X``.
    rows : ndarray of shape (n_rows,), int
        The rows asked about.
    k : int
        Neighbours that vote, the row itself excluded.
    rule : {"all", "mode"}, default="all"
        A row agrees when all its neighbours share its class (``"all"``), or when the
        most frequent class among them is its own, the smaller code winning a tie
        (``"mode"``).
    searcher : object with ``fit`` and ``kneighbors``, default=None
        A user's neighbour search, fitted here on ``X`` and asked for ``k + 1``
        neighbours (the row itself dropped). ``None``: the exact engine, which also
        certifies large classes without searching them (see the module's docstring).
    n_jobs : int, default=None
        Threads for the engine (``None``: every core).
    hint : SegmentCover, default=None
        Segments that hold the rows (SMOTE's synthetic rows lie between their parents):
        makes the certificate cheaper; the answer never depends on it.
    random_state : int, default=0
        Seed of the certificate's random trees; the answer never depends on it.

    Returns
    -------
    agrees : ndarray of bool, shape (n_rows,)

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.neighbors import class_agreement
    >>> X = np.array([[0.0], [0.1], [0.2], [0.3], [5.0], [5.1], [5.2]])
    >>> codes = np.array([0, 0, 0, 1, 1, 1, 1])
    >>> class_agreement(X, codes, np.arange(7), 2).tolist()
    [True, True, False, False, True, True, True]
    """
    rows = np.asarray(rows, dtype=np.int64)
    agrees = np.ones(rows.shape[0], dtype=bool)
    engine = searcher is None
    searcher = NearestNeighbors(n_jobs=n_jobs) if engine else searcher
    fitted = False
    generator = np.random.default_rng(random_state)
    dense = not sparse.issparse(X)
    if engine and dense:
        X = np.ascontiguousarray(X, dtype=np.float64)
    for code in np.unique(codes[rows]):
        positions = np.flatnonzero(codes[rows] == code)
        undecided = positions
        if engine and dense and positions.shape[0] >= CERTIFY_MIN_CLASS:
            with numba_thread_limit(n_jobs):
                certified = _pure_neighbourhoods(
                    X, codes, code, rows[positions], k, generator,
                    SegmentCover.points(codes.shape[0]) if hint is None else hint)
            if certified is not None:
                undecided = positions[~certified]
        if undecided.shape[0] == 0:
            continue
        queries = rows[undecided]
        if engine and dense and worth_blocked_search(queries.shape[0], *X.shape):
            # large: blocks of references, each with a float32 first pass
            neighbours = blocked_neighbors_of_rows(X, queries, k, n_jobs=n_jobs,
                                                   query_chunk=_EDIT_CHUNK)
        else:
            if not fitted:
                searcher.fit(X)
                fitted = True
            # the engine in large chunks: one chunk's work decides its thread count, and
            # 256-query chunks kept ENN at 10^4 rows on one thread
            neighbours = neighbors_of_rows(searcher, X, queries, k,
                                           chunk_size=_EDIT_CHUNK if engine else QUERY_CHUNK)
        agrees[undecided] = _neighbourhood_agrees(codes[neighbours], code, rule)
    return agrees
