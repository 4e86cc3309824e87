"""Lee's SMOTE with rejection: discard synthetic samples that land among other classes."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import (
    NEIGHBORS_CONSTRAINT,
    NearestNeighbors,
    blocked_neighbors_of_points,
    check_neighbors,
    fit_searcher,
    neighbors_excluding_self,
    worth_blocked_search,
)
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

__all__ = ["LeeSMOTE", "foreign_share"]

# candidates searched per neighbour query (bounds the memory of the copied rows)
_QUERY_CHUNK = 8192
# the same for the blocked search (its candidate lists take 16 (k + 1) bytes per query
# and block of 65,536 references)
_BLOCKED_QUERY_CHUNK = 65_536


def foreign_share(neighbor_codes, code):
    """Share of each row's neighbours that belong to a class other than ``code``."""
    return np.count_nonzero(neighbor_codes != code, axis=1) / neighbor_codes.shape[1]


@fill_doc
class LeeSMOTE(BaseOverSampler):
    """SMOTE that rejects synthetic samples whose neighbourhood is dominated by other classes.

    Candidates are made as in SMOTE (a seed of the class, one of its ``k_neighbors``
    nearest same-class neighbours, a uniform step); each candidate's ``k_neighbors``
    nearest neighbours among the original samples are then found, and the candidate is
    rejected when the share of them belonging to other classes exceeds
    ``rejection_level`` [1]_. Rejected candidates are replaced by new ones until the class
    has its requested number of samples, for at most ``max_rounds`` rounds.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Neighbours interpolated towards (in the class) and neighbours that judge each
        candidate (in the whole dataset), or a scikit-learn-like object with ``fit`` and
        ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    rejection_level : float, default=0.5
        A candidate is rejected when more than this share of its neighbours belongs to
        other classes (0.5: the other classes are the majority of its neighbourhood).
    max_rounds : int, default=10
        Rounds of generation per class. Each round draws as many candidates as are still
        missing (at least 64).
    n_jobs : int, default=None
        Threads for the neighbour searches and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    n_rejected_ : dict
        ``{label: number of candidates rejected}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : The same candidates, none rejected.
    SafeLevelSMOTE : Moves samples towards safe regions instead of rejecting them.

    Notes
    -----
    *Bounded retries.* Where nearly every candidate lands among other classes, rejection
    alone may never produce enough samples. After ``max_rounds`` rounds the missing
    samples are the last round's rejected candidates with the smallest share of foreign
    neighbours (that is, the least dominated ones), and a ``UserWarning`` gives the
    number; raise ``max_rounds`` or ``rejection_level`` to avoid it.

    *Choices.* "Dominated" is read as a share strictly above ``rejection_level``; the same
    ``k_neighbors`` serves for interpolation and for judging, as in the paper's single
    ``k``. Candidates are judged against the original samples only. Multi-class targets:
    each class is judged against all other samples.

    References
    ----------
    .. [1] J. Lee, N.-R. Kim, J.-H. Lee, "An over-sampling technique with rejection for
       imbalanced class learning", Proceedings of the 9th International Conference on
       Ubiquitous Information Management and Communication (IMCOM), article 102, 2015.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import LeeSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = LeeSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "rejection_level": [Interval(numbers.Real, 0, 1, closed="left")],
        "max_rounds": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 rejection_level=0.5, max_rounds=10, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.rejection_level = rejection_level
        self.max_rounds = max_rounds
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        judge, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        class_searcher, _ = check_neighbors("k_neighbors", self.k_neighbors,
                                            n_jobs=self.n_jobs)
        X = data.numeric
        groups = classes_to_oversample(data, targets, min_samples=k + 1)
        if groups:
            fit_searcher(judge, X)
        self.n_rejected_ = {}
        blocks = []
        for group in groups:
            X_class = class_matrix(X, group.rows)
            class_index = neighbors_excluding_self(class_searcher, X_class, k)
            seeds, neighbors, steps, n_rejected = self._accepted_pairs(
                group, X, X_class, class_index, judge, k, data.target.codes, generator)
            self.n_rejected_[group.label] = n_rejected
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, neighbors,
                                        steps))
        return oversampled(data, blocks, n_jobs=self.n_jobs)

    def _accepted_pairs(self, group, X, X_class, class_index, judge, k, codes, generator):
        """Rounds of SMOTE candidates, judged by their neighbours; then the fallback."""
        kept = []
        n_missing = group.n_new
        n_rejected = 0
        for _ in range(self.max_rounds):
            pairs = draw_smote_pairs(class_index, max(n_missing, 64), generator)
            share = _candidate_foreign_share(X, X_class, *pairs, judge, k, codes, group.code,
                                             self.n_jobs)
            accepted = np.flatnonzero(share <= self.rejection_level)[:n_missing]
            n_rejected += int(np.count_nonzero(share > self.rejection_level))
            kept.append(tuple(part[accepted] for part in pairs))
            n_missing -= accepted.shape[0]
            if n_missing == 0:
                break
        if n_missing:
            least_dominated = np.argsort(share, kind="stable")
            fill = least_dominated[share[least_dominated] > self.rejection_level][:n_missing]
            kept.append(tuple(part[fill] for part in pairs))
            warnings.warn(
                f"LeeSMOTE: after max_rounds={self.max_rounds} rounds, {n_missing} of the "
                f"{group.n_new} samples of class {group.label!r} were still missing (more "
                f"than rejection_level={self.rejection_level} of their neighbours belong to "
                "other classes); they are the least dominated rejected candidates of the "
                "last round. Raise max_rounds or rejection_level.",
                UserWarning,
                stacklevel=4,
            )
        seeds, neighbors, steps = (np.concatenate(parts) for parts in zip(*kept))
        return seeds, neighbors, steps, n_rejected


def _candidate_foreign_share(X, X_class, seeds, neighbors, steps, judge, k, codes, code,
                             n_jobs):
    """Foreign share of the ``k`` nearest original samples of each candidate.

    With our exact search on dense data and a large round, the candidates go to the
    engine in large chunks (:func:`blocked_neighbors_of_points`: reference blocks with
    a certified float32 first pass); otherwise they are queries of ``judge``, in
    chunks.
    """
    blocked = (isinstance(judge, NearestNeighbors) and not sparse.issparse(X)
               and worth_blocked_search(seeds.shape[0], *X.shape))
    chunk = _BLOCKED_QUERY_CHUNK if blocked else _QUERY_CHUNK
    share = np.empty(seeds.shape[0])
    for start in range(0, seeds.shape[0], chunk):
        part = slice(start, start + chunk)
        a, b = X_class[seeds[part]], X_class[neighbors[part]]
        t = steps[part]
        if sparse.issparse(X_class):
            candidates = a + sparse.diags(t) @ (b - a)
        else:
            candidates = a + t[:, None] * (b - a)
        if blocked:
            index = blocked_neighbors_of_points(X, candidates, k, n_jobs=n_jobs)
        else:
            index = np.asarray(judge.kneighbors(candidates, n_neighbors=k,
                                                return_distance=False))
        share[part] = foreign_share(codes[index], code)
    return share
