"""MSYN: Margin-guided SYNthetic over-sampling."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
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

# Entries of one chunk of the (candidates x samples) distances (32 MB of float64).
_DISTANCE_CHUNK = 1 << 22


def _dense(X):
    return X.toarray() if sparse.issparse(X) else np.asarray(X, dtype=np.float64)


def margin_changes(candidates, X_minority, hit, X_other, miss):
    """Change of the summed 1-NN hypothesis margins when one candidate is added.

    The margin of a sample ``z`` is ``(d(z, nearest miss) - d(z, nearest hit)) / 2``.
    Adding a minority candidate ``x`` can only bring a minority sample's nearest hit
    closer (its margin grows by ``max(0, hit - d(z, x)) / 2``) and another class's
    sample's nearest miss closer (its margin shrinks by ``max(0, miss - d(z, x)) / 2``).

    Parameters
    ----------
    candidates : ndarray of shape (n_candidates, n_features)
    X_minority : ndarray of shape (n_minority, n_features)
    hit : ndarray of shape (n_minority,)
        Distance of each minority sample to its nearest other minority sample.
    X_other : ndarray of shape (n_other, n_features)
    miss : ndarray of shape (n_other,)
        Distance of each other sample to its nearest minority sample.

    Returns
    -------
    delta_minority : ndarray of shape (n_candidates,)
        Summed margin gain of the minority samples (>= 0).
    delta_other : ndarray of shape (n_candidates,)
        Summed margin change of the other samples (<= 0).
    """
    gains, losses = [], []
    step = max(1, _DISTANCE_CHUNK // max(X_minority.shape[0] + X_other.shape[0], 1))
    for start in range(0, candidates.shape[0], step):
        chunk = candidates[start : start + step]
        gains.append(_shrinkage(chunk, X_minority, hit).sum(axis=1) / 2.0)
        losses.append(-_shrinkage(chunk, X_other, miss).sum(axis=1) / 2.0)
    return np.concatenate(gains), np.concatenate(losses)


def _shrinkage(chunk, X, radius):
    """``max(0, radius[j] - d(chunk[i], X[j]))`` for every pair."""
    # products of data centred on the references' mean: a common offset of the data
    # would otherwise cancel the distances away
    center = X.mean(axis=0)
    chunk, X = chunk - center, X - center
    d2 = (np.einsum("ij,ij->i", chunk, chunk)[:, None] - 2.0 * (chunk @ X.T)
          + np.einsum("ij,ij->i", X, X)[None, :])
    distance = np.sqrt(np.maximum(d2, 0.0, out=d2), out=d2)
    return np.maximum(radius[None, :] - distance, 0.0, out=distance)


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

    *Cost.* The margin changes are exact: every candidate is compared with every sample
    (``pressure * n_new * n_samples`` distances), in chunks so that memory stays
    bounded. The time grows as the product, so this method is meant for data up to a
    few tens of thousands of rows.

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
        candidates = X_minority[seeds] + steps[:, None] * (X_minority[ends] - X_minority[seeds])
        gain, loss = margin_changes(candidates, X_minority, hit, X_other, miss)
        eps = 1e-9 * max(float(hit.mean()), np.finfo(float).tiny)
        ratio = -loss / (gain + eps)
        return np.sort(np.argsort(ratio, kind="stable")[: group.n_new])
