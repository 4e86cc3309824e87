"""MSYN: Margin-guided SYNthetic over-sampling."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._parallel import numba_thread_limit
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval
from .generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    oversampled,
)

__all__ = ["MSYN", "margin_changes"]

# Entries of one block of the (minority x samples) products (32 MB of float64).
_DISTANCE_CHUNK = 1 << 22
# Segments found near one sample before the search of that sample is repeated.
_HIT_CAPACITY = 256


def _dense(X):
    return X.toarray() if sparse.issparse(X) else np.asarray(X, dtype=np.float64)


def margin_changes(X_minority, seeds, ends, steps, hit, X_other, miss, *, n_jobs=None):
    """Change of the summed 1-NN hypothesis margins when one SMOTE candidate is added.

    The margin of a sample ``z`` is ``(d(z, nearest miss) - d(z, nearest hit)) / 2``.
    Adding a minority candidate ``x`` can only bring a minority sample's nearest hit
    closer (its margin grows by ``max(0, hit - d(z, x)) / 2``) and another class's
    sample's nearest miss closer (its margin shrinks by ``max(0, miss - d(z, x)) / 2``).

    Candidate ``i`` is ``X_minority[seeds[i]] + steps[i] * (X_minority[ends[i]] -
    X_minority[seeds[i]])``. Its sums are exact, but only pairs that can contribute are
    measured: a sample is compared with the candidates of a segment ``(seed, end)`` only
    where its distance to the segment is below its radius (``hit`` or ``miss``),
    and the distance to the segment follows from the distances to its two ends. The
    distances to the minority samples are products on BLAS, ``len(X_minority)`` columns
    for a block of samples at a time, so memory stays bounded.

    Parameters
    ----------
    X_minority : ndarray of shape (n_minority, n_features)
    seeds, ends : ndarray of shape (n_candidates,), int
        Rows of ``X_minority`` each candidate is drawn between.
    steps : ndarray of shape (n_candidates,)
    hit : ndarray of shape (n_minority,)
        Distance of each minority sample to its nearest other minority sample.
    X_other : ndarray of shape (n_other, n_features)
    miss : ndarray of shape (n_other,)
        Distance of each other sample to its nearest minority sample.
    n_jobs : int, default=None
        Threads (``None``: every core).

    Returns
    -------
    delta_minority : ndarray of shape (n_candidates,)
        Summed margin gain of the minority samples (>= 0).
    delta_other : ndarray of shape (n_candidates,)
        Summed margin change of the other samples (<= 0).
    """
    segments = _Segments(X_minority, seeds, ends, steps)
    work = float(len(seeds)) * (X_minority.shape[0] + X_other.shape[0])
    with numba_thread_limit(n_jobs, work=work):
        gain = segments.shrinkage(X_minority, hit)
        loss = segments.shrinkage(X_other, miss)
    return gain / 2.0, -loss / 2.0


class _Segments:
    """The candidates grouped by segment ``(seed, end)``, and the segments touching each sample."""

    def __init__(self, X_minority, seeds, ends, steps):
        seeds = np.asarray(seeds, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        n_minority = X_minority.shape[0]
        self.order = np.lexsort((ends, seeds))
        seeds, ends, steps = seeds[self.order], ends[self.order], steps[self.order]
        # the candidates in segment order (the kernels read each segment's at once)
        self.candidates = X_minority[seeds] + steps[:, None] * (X_minority[ends]
                                                                - X_minority[seeds])
        pair = seeds * n_minority + ends
        starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])[: len(pair)]
        self.seed, self.end = seeds[starts], ends[starts]
        self.segment_candidates = np.r_[starts, len(seeds)].astype(np.int64)
        length = X_minority[self.end] - X_minority[self.seed]
        self.sq_length = np.einsum("ij,ij->i", length, length)
        self._list_under_both_ends(n_minority)
        # products on data centred on the minority's mean: a common offset of the data
        # would otherwise swamp the distances in rounding
        self.center = X_minority.mean(axis=0)
        self.X_minority = X_minority - self.center
        self.m_sq = np.einsum("ij,ij->i", self.X_minority, self.X_minority)

    def _list_under_both_ends(self, n_minority):
        """Each segment under both of its ends (once if they are one sample), longest first."""
        segment = np.arange(len(self.seed))
        loop = self.seed == self.end
        touching = np.r_[self.seed, self.end[~loop]]
        other = np.r_[self.end, self.seed[~loop]]
        from_seed = np.r_[np.ones(len(segment), bool), np.zeros(int((~loop).sum()), bool)]
        sq_length = np.r_[self.sq_length, self.sq_length[~loop]]
        half = np.sqrt(sq_length) / 2.0
        by_end = np.lexsort((-half, touching))
        self.incident_start = np.searchsorted(touching[by_end], np.arange(n_minority + 1))
        self.incident = (np.r_[segment, segment[~loop]][by_end], other[by_end],
                         from_seed[by_end], sq_length[by_end], half[by_end])
        self.longest_half = np.zeros(n_minority)
        has = self.incident_start[1:] > self.incident_start[:-1]
        self.longest_half[has] = half[by_end][self.incident_start[:-1][has]]

    def shrinkage(self, Z, radius):
        """``sum_j max(0, radius[j] - ||Z[j] - candidate||)`` for every candidate."""
        in_segment_order = np.zeros(self.candidates.shape[0])
        step = max(1, _DISTANCE_CHUNK // max(self.X_minority.shape[0], 1))
        for start in range(0, Z.shape[0], step):
            block = np.ascontiguousarray(Z[start : start + step], dtype=np.float64)
            self._add_block(block, radius[start : start + step], in_segment_order)
        out = np.empty_like(in_segment_order)
        out[self.order] = in_segment_order
        return out

    def _add_block(self, block, radius, out):
        from .._kernels.margins import add_near_shrinkage, near_segments

        centred = block - self.center
        z_sq = np.einsum("ij,ij->i", centred, centred)
        gram = centred @ self.X_minority.T
        # bound on the rounding of a squared distance from products (and of their
        # combination along a segment), relative to the squared norms involved
        unit = 16.0 * (block.shape[1] + 8) * np.finfo(np.float64).eps
        slack = unit * (z_sq + self.m_sq.max()) + np.finfo(np.float64).tiny
        hits = np.empty((block.shape[0], _HIT_CAPACITY), dtype=np.int64)
        n_hits = np.empty(block.shape[0], dtype=np.int64)
        near_segments(gram, z_sq, self.m_sq, radius, slack, self.incident_start,
                      *self.incident, self.longest_half, hits, n_hits)
        over = np.flatnonzero(n_hits > _HIT_CAPACITY)
        if over.shape[0]:  # rows near more segments than there was room for: again
            more = np.empty((over.shape[0], int(n_hits[over].max())), dtype=np.int64)
            n_more = np.empty(over.shape[0], dtype=np.int64)
            near_segments(gram[over], z_sq[over], self.m_sq, radius[over], slack[over],
                          self.incident_start, *self.incident, self.longest_half, more,
                          n_more)
            n_hits[over] = 0
        add_near_shrinkage(block, radius, self.candidates, self.segment_candidates, hits,
                           n_hits, out)
        if over.shape[0]:
            add_near_shrinkage(block[over], radius[over], self.candidates,
                               self.segment_candidates, more, n_more, out)


def _nearest_distance(X_query, X_reference, *, exclude_self=False, n_jobs=None):
    if exclude_self:
        index = neighbors_excluding_self(NearestNeighbors(n_jobs=n_jobs), X_reference, 1)
        return np.linalg.norm(X_query - X_reference[index[:, 0]], axis=1)
    search = NearestNeighbors(n_neighbors=1, n_jobs=n_jobs).fit(X_reference)
    return search.kneighbors(X_query)[0][:, 0]


@fill_doc
class MSYN(BaseOverSampler):
    """Margin-guided synthetic over-sampling (MSYN).

    MSYN [1]_ draws more SMOTE candidates than needed (``pressure`` times as many) and
    keeps those that harm the large-margin principle least. The margin of a sample is
    its 1-nearest-neighbour hypothesis margin, half the difference between its distances
    to its nearest sample of another class (nearest miss) and of its own class (nearest
    hit). A new minority sample raises the margins of the minority samples it comes
    closer to than their nearest hit (``delta_minority >= 0``) and lowers those of the
    other samples it comes closer to than their nearest miss (``delta_other <= 0``).
    Candidates are ranked by ``-delta_other / delta_minority`` and the best ones kept.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    pressure : float, default=1.5
        Candidates drawn per sample to create (at least 1).
    k_neighbors : int, default=5
        Neighbours of the SMOTE step that draws the candidates.
    n_jobs : int, default=None
        Threads for the neighbour searches and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : The candidates' generator.

    Notes
    -----
    Multi-class: the minority is the class being over-sampled, the "other" samples
    every sample of another class. Choices where the paper leaves room: the default
    ``pressure`` of 1.5 (the paper tunes it); the ratio is computed as
    ``-delta_other / (delta_minority + eps)`` with ``eps`` = 1e-9 times the mean
    nearest-hit distance of the class, so a candidate that changes no margin scores 0
    and ties are broken by drawing order.

    *Cost.* The margin changes are exact, but only the pairs (sample, candidate) that
    can change a margin are measured: a sample's margin moves only if a candidate comes
    within its radius (nearest hit or miss), and all candidates lie on the short
    segments between a seed and its neighbours, so each sample is compared with the
    segments whose nearer end is within reach and then with the candidates of the
    segments that come within its radius. The distances to the minority samples are
    products on BLAS, a block of samples at a time, so memory stays bounded.

    References
    ----------
    .. [1] M. Fan, K. Tang, T. Weise, "Margin-Based Over-Sampling Method for Learning
       from Imbalanced Datasets", Advances in Knowledge Discovery and Data Mining
       (PAKDD), LNCS 6635, 309-320, 2011.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import MSYN
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = MSYN(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "pressure": [Interval(numbers.Real, 1, None, closed="left")],
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, pressure=1.5,
                 k_neighbors=5, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.pressure = pressure
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        X = data.numeric
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=self.k_neighbors + 1):
            X_class = class_matrix(X, group.rows)
            X_minority = _dense(X_class)
            neighbor_index = neighbors_excluding_self(
                NearestNeighbors(n_jobs=self.n_jobs), X_minority, self.k_neighbors)
            n_candidates = int(np.ceil(self.pressure * group.n_new))
            seeds, ends, steps = draw_smote_pairs(neighbor_index, n_candidates, generator)
            keep = self._best_candidates(data, X, group, X_minority, seeds, ends, steps)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds[keep],
                                        ends[keep], steps[keep]))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    def _best_candidates(self, data, X, group, X_minority, seeds, ends, steps):
        """Positions of the ``group.n_new`` candidates with the lowest margin ratio."""
        X_other = _dense(X[np.flatnonzero(data.target.codes != group.code)])
        hit = _nearest_distance(X_minority, X_minority, exclude_self=True, n_jobs=self.n_jobs)
        miss = _nearest_distance(X_other, X_minority, n_jobs=self.n_jobs)
        gain, loss = margin_changes(X_minority, seeds, ends, steps, hit, X_other, miss,
                                    n_jobs=self.n_jobs)
        eps = 1e-9 * max(float(hit.mean()), np.finfo(float).tiny)
        ratio = -loss / (gain + eps)
        return np.sort(np.argsort(ratio, kind="stable")[: group.n_new])
