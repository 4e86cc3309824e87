"""SMOTE-Cosine: SMOTE-Out with same-class neighbours voted by distance and cosine."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import clone

from ..neighbors import NearestNeighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from . import SMOTEOut

__all__ = ["SMOTECosine", "composite_neighbors"]


def unit_rows(X):
    """Rows of ``X`` scaled to unit Euclidean norm (all-zero rows stay zero)."""
    if sparse.issparse(X):
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        return sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ X
    norms = np.linalg.norm(X, axis=1)
    return X / np.where(norms > 0, norms, 1.0)[:, None]


def _positions(candidates, ranking):
    """1-based position of each candidate in its row of ``ranking``; ``k + 1`` if absent."""
    k = ranking.shape[1]
    match = candidates[:, :, None] == ranking[:, None, :]
    found = match.any(axis=2)
    return np.where(found, match.argmax(axis=2) + 1, k + 1), found


def composite_neighbors(euclidean, cosine):
    """The ``k`` neighbours elected by two ranked lists of ``k`` (a Borda-style vote).

    Each candidate of either list scores its position in the Euclidean list plus its
    position in the cosine list (``k + 1`` where absent); the ``k`` lowest scores win,
    ties going to the better Euclidean position.

    Parameters
    ----------
    euclidean, cosine : ndarray of shape (n_samples, k), int
        Each sample's ``k`` nearest neighbours by each measure, nearest first.

    Returns
    -------
    ndarray of shape (n_samples, k), int64
    """
    k = euclidean.shape[1]
    candidates = np.hstack([euclidean, cosine]).astype(np.int64)
    euclid_pos, in_euclid = _positions(candidates, euclidean)
    cosine_pos, _ = _positions(candidates, cosine)
    score = (euclid_pos + cosine_pos).astype(np.float64)
    score[:, k:][in_euclid[:, k:]] = np.inf  # already a candidate from the Euclidean list
    order = np.lexsort((euclid_pos, score), axis=1)[:, :k]
    return np.take_along_axis(candidates, order, axis=1)


@fill_doc
class SMOTECosine(SMOTEOut):
    """SMOTE-Out whose same-class neighbours are voted by Euclidean distance and cosine.

    As :class:`SMOTEOut`, each new sample pushes a seed ``u`` away from one of its
    nearest samples of the other classes ``v`` (``uu = u + r1 * (u - v)``,
    ``r1`` in ``[0, 0.3)``) and lands between one of its same-class neighbours ``x`` and
    ``uu`` (``x + r2 * (uu - x)``, ``r2`` in ``[0, 0.5)``) [1]_. The same-class
    neighbours are elected by two measures at once: the ``k_neighbors`` nearest by
    Euclidean distance and the ``k_neighbors`` most similar by cosine similarity vote,
    so a neighbour must be both close and in a similar direction.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Number of same-class neighbours elected (and listed by each measure), or a
        scikit-learn-like object with ``fit`` and ``kneighbors`` whose ``n_neighbors``
        counts the sample itself (used for both lists).
    majority_neighbors : int, default=5
        Nearest samples of the other classes (Euclidean) to draw ``v`` from.
    n_jobs : int, default=None
        Threads for the neighbour searches and the generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTEOut : The same generation with Euclidean same-class neighbours.

    Notes
    -----
    The paper combines the two measures "by voting" without fixing the rule. Here each
    measure ranks its ``k_neighbors`` best, a candidate scores the sum of its two
    positions (``k_neighbors + 1`` in a list it is absent from) and the ``k_neighbors``
    lowest scores win (ties: better Euclidean position). Only the two short lists are
    computed, so memory stays ``O(n_class * k_neighbors)``; smote_variants instead
    ranks every pair of class samples (``n_class ** 2`` memory) and sums the full ranks,
    which can elect a sample absent from both short lists.

    Cosine similarity is searched as the Euclidean distance between rows scaled to unit
    norm (the two orderings agree); an all-zero row has no direction and is equally
    dissimilar to every other row. Other choices as in :class:`SMOTEOut`.

    References
    ----------
    .. [1] F. Koto, "SMOTE-Out, SMOTE-Cosine, and Selected-SMOTE: An enhancement
       strategy to handle imbalance in data level", International Conference on
       Advanced Computer Science and Information Systems (ICACSIS), 280-284, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SMOTECosine
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = SMOTECosine(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    def _same_class_neighbors(self, searcher, X_class, k):
        euclidean = neighbors_excluding_self(searcher, X_class, k)
        cosine_searcher = (NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs)
                           if isinstance(searcher, NearestNeighbors) else clone(searcher))
        cosine = neighbors_excluding_self(cosine_searcher, unit_rows(X_class), k)
        return composite_neighbors(euclidean, cosine)
