"""Tomek links: remove samples that form a cross-class mutual-nearest-neighbour pair."""

from __future__ import annotations

import numpy as np

from ..base import BaseCleaningSampler, Resampled
from ..neighbors import NearestNeighbors, neighbors_of_rows
from ..utils._param_validation import N_JOBS_CONSTRAINT

__all__ = ["TomekLinks", "tomek_link_mask"]

# Fewer queries than this run on one thread when n_jobs is None.
# Queries per call of the neighbour search (bounds the memory of the copied queries).
_QUERY_CHUNK = 256
_SMALL_QUERY_SET = 8192


def tomek_link_mask(X, codes, n_jobs=None):
    """Which samples belong to a Tomek link, querying only what a link can involve.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    codes : ndarray of shape (n_samples,)
        Class code of each sample.
    n_jobs : int, default=None
        Threads of the neighbour search; ``None`` uses every core for large query sets
        and one thread below ``_SMALL_QUERY_SET`` queries (thread start-up and per-thread
        BLAS buffers would cost more than they save).

    Returns
    -------
    in_link : ndarray of bool, shape (n_samples,)
    queried : ndarray of int64
        The samples whose nearest neighbour was searched, increasing.
    """
    n_samples = X.shape[0]
    majority = int(np.argmax(np.bincount(codes)))
    # Every link joins two classes, so one end is outside the largest class.
    first = np.flatnonzero(codes != majority)
    if n_jobs is None and 2 * first.shape[0] < _SMALL_QUERY_SET:
        n_jobs = 1
    searcher = NearestNeighbors(n_neighbors=1, n_jobs=n_jobs).fit(X)
    in_link = np.zeros(n_samples, dtype=bool)
    if first.shape[0] == 0:
        return in_link, first
    first_nearest = neighbors_of_rows(searcher, X, first, 1, chunk_size=_QUERY_CHUNK)[:, 0]
    # Partners from the largest class still need their own nearest neighbour.
    second = np.unique(first_nearest[codes[first_nearest] == majority])
    second_nearest = neighbors_of_rows(searcher, X, second, 1, chunk_size=_QUERY_CHUNK)[:, 0]
    queried = np.concatenate([first, second])
    nearest = np.concatenate([first_nearest, second_nearest])
    order = np.argsort(queried)
    queried, nearest = queried[order], nearest[order]
    crossing = codes[nearest] != codes[queried]
    # The partner's own nearest neighbour, where the partner was queried.
    position = np.minimum(np.searchsorted(queried, nearest), queried.shape[0] - 1)
    mutual = (queried[position] == nearest) & (nearest[position] == queried)
    in_link[queried[crossing & mutual]] = True
    return in_link, queried


class TomekLinks(BaseCleaningSampler):
    """Under-sample by removing the samples that form Tomek links.

    Two samples of different classes form a Tomek link when each is the other's nearest
    neighbour (Tomek, 1976). Such pairs sit on the class boundary or are noise; the
    sampler removes the member(s) that belong to the classes being cleaned.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        Classes whose members of links are removed: ``"auto"`` (= ``"not minority"``),
        ``"majority"``, ``"not minority"``, ``"not majority"``, ``"all"``, a list of
        class labels, or ``f(y) -> dict`` whose keys are the classes to clean.
    n_jobs : int, default=None
        Threads of the neighbour search (``None``: every core, or one thread when fewer
        than 8,192 queries are needed).

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned, each mapped to the size of the smallest
        class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    See Also
    --------
    EditedNearestNeighbours : removes samples whose neighbourhood disagrees with them.

    Notes
    -----
    What needs querying: every link joins two different classes, so at least one of its
    samples lies outside the largest class. The sampler therefore asks for the nearest
    neighbour of the samples outside the largest class only, then for the nearest
    neighbour of those of their partners that belong to the largest class (a link needs
    both directions). With 1% minority that is about 2% of the queries of an all-pairs
    search. The nearest neighbour is searched among all samples with the sample itself
    excluded exactly; between duplicated rows, imbalanced-learn may instead report the
    sample as its own nearest neighbour, so results can differ on data with duplicates
    (also among exact distance ties the smaller index is taken as the nearest).

    References
    ----------
    .. [1] I. Tomek, "Two modifications of CNN," IEEE Transactions on Systems, Man, and
       Cybernetics, 6(11), 769-772, 1976.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.under_sampling import TomekLinks
    >>> X = np.array([[0.0], [0.9], [1.0], [3.0], [4.0], [6.0]])
    >>> y = np.array([0, 0, 1, 0, 0, 1])
    >>> sampler = TomekLinks()
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.sample_indices_  # row 1 and row 2 are mutual nearest neighbours
    array([0, 2, 3, 4, 5])
    """

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        codes = data.target.codes
        if codes.shape[0] < 2:
            raise ValueError(
                f"TomekLinks needs at least 2 samples to find nearest neighbours; got "
                f"{codes.shape[0]}."
            )
        in_link, _ = tomek_link_mask(data.numeric, codes, n_jobs=self.n_jobs)
        cleaned = np.zeros(data.target.classes.shape[0], dtype=bool)
        cleaned[list(targets)] = True
        return Resampled(np.flatnonzero(~(in_link & cleaned[codes])))
