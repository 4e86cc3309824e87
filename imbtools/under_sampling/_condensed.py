"""Condensed nearest neighbour (Hart, 1968) and one-sided selection (Kubat & Matwin, 1997)."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.base import clone
from sklearn.utils import check_random_state

from ..base import BaseCleaningSampler, Resampled
from ..neighbors import NearestNeighbors
from ..utils._docstrings import fill_doc
from ..utils._parallel import NUMPY_MAX_WORK
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval
from ._tomek import tomek_link_mask

__all__ = ["CondensedNearestNeighbour", "OneSidedSelection"]


def _condense_in_order(X, own_code, best_dist, best_code, n_classes):
    """Hart's ordered pass: :func:`imbtools._kernels.condense.condense_in_order`.

    On small input (``X.size`` up to ``NUMPY_MAX_WORK``) the NumPy twin below gives the
    same result without starting Numba.
    """
    if X.size > NUMPY_MAX_WORK:
        from .._kernels.condense import condense_in_order

        return condense_in_order(X, own_code, best_dist, best_code, n_classes)
    return _condense_in_order_numpy(X, own_code, best_dist, best_code, n_classes)


def _condense_in_order_numpy(X, own_code, best_dist, best_code, n_classes):
    """The kernel's pass in NumPy, one absorption at a time (same arguments, same result).

    Candidates before the first misclassified one are settled (absorptions only add
    neighbours of their own class); the absorbed candidate's squared distances to every
    later candidate are summed feature by feature, as the kernel sums them, and enter a
    list when strictly below its last entry, after equal entries (a stable sort).
    """
    n, k = best_dist.shape
    absorbed = np.zeros(n, dtype=bool)
    i = 0
    while i < n:
        codes = best_code[i:]
        votes = np.stack([(codes == c).sum(axis=1) for c in range(n_classes)], axis=1)
        wrong = np.flatnonzero(votes.argmax(axis=1) != own_code)
        if not wrong.size:
            break
        i += int(wrong[0])
        absorbed[i] = True
        diff = X[i + 1 :] - X[i]
        d = np.zeros(diff.shape[0])
        for f in range(X.shape[1]):
            d += diff[:, f] * diff[:, f]
        rows = np.flatnonzero(d < best_dist[i + 1 :, k - 1])
        if rows.size:
            lists = i + 1 + rows
            cand_dist = np.concatenate([best_dist[lists], d[rows, None]], axis=1)
            cand_code = np.concatenate(
                [best_code[lists], np.full((rows.size, 1), own_code, dtype=best_code.dtype)],
                axis=1)
            order = np.argsort(cand_dist, axis=1, kind="stable")[:, :k]
            best_dist[lists] = np.take_along_axis(cand_dist, order, axis=1)
            best_code[lists] = np.take_along_axis(cand_code, order, axis=1)
        i += 1
    return absorbed


def _draw_seeds(random_state, targets, data, n_seeds):
    """Seed positions of each cleaned class, drawn as imbalanced-learn draws them."""
    generator = check_random_state(random_state)
    return {
        code: generator.randint(low=0, high=int(data.target.counts[code]), size=n_seeds)
        for code in sorted(targets)
    }


class _PrototypeSampler(BaseCleaningSampler):
    """Shared parameters of CNN and OSS."""

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        # as in imbalanced-learn: an int or a k-NN classifier (a NearestNeighbors has no
        # predict, so it cannot classify with the store)
        "n_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["fit", "kneighbors", "predict"]),
            None,
        ],
        "n_seeds_S": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
        "random_state": ["random_state"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=None,
                 n_seeds_S=1, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_seeds_S = n_seeds_S
        self.n_jobs = n_jobs

    def _k(self):
        if self.n_neighbors is None:
            return 1
        if isinstance(self.n_neighbors, numbers.Integral):
            return int(self.n_neighbors)
        return None  # a user's classifier

    def _predict(self, data, store, queries):
        """Class codes the k-NN rule on ``store`` predicts for ``queries`` (row indices)."""
        k = self._k()
        X, codes = data.numeric, data.target.codes
        if k is None:
            classifier = clone(self.n_neighbors).fit(X[store], codes[store])
            return np.asarray(classifier.predict(X[queries]))
        if k > store.shape[0]:
            raise ValueError(
                f"n_neighbors={self.n_neighbors!r} is larger than the {store.shape[0]} "
                f"samples of the initial store (minority samples plus n_seeds_S="
                f"{self.n_seeds_S} seeds); use at most {store.shape[0]}."
            )
        from ..utils._votes import row_modes

        searcher = NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs).fit(X[store])
        neighbours = searcher.kneighbors(X[queries], return_distance=False)
        return row_modes(np.ascontiguousarray(codes[store][neighbours], dtype=np.int64))


@fill_doc
class OneSidedSelection(_PrototypeSampler):
    """Under-sample with one-sided selection (Kubat & Matwin, 1997).

    For each cleaned class, a store holding the minority samples and ``n_seeds_S`` random
    samples of the class classifies the class's other samples with the k-nearest-
    neighbour rule; the samples it gets right are redundant and dropped. Tomek links of
    the cleaned classes are then removed from what is left.

    Parameters
    ----------
    %(sampling_strategy_clean)s
    random_state : int, RandomState instance or None, default=None
        Draws the seeds (the same draws as imbalanced-learn for the same seed).
    n_neighbors : int, classifier or None, default=None
        Neighbours of the k-NN rule; ``None`` is 1. A classifier (e.g.
        :class:`sklearn.neighbors.KNeighborsClassifier`) is cloned, fitted on the store
        and used to predict.
    n_seeds_S : int, default=1
        Random samples of the cleaned class in the initial store (drawn with replacement).
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned, each mapped to the size of the smallest
        class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    Notes
    -----
    What needs querying: the k-NN rule needs, for each sample of a cleaned class, its
    neighbours in the store only (minority plus seeds), which is small: the cost is
    (class size) x (store size), not all pairs. The Tomek step then runs on the reduced
    set, itself querying only outside its largest class (see :class:`TomekLinks`). The
    minority class is the smallest class, the smaller label among equal sizes.

    A seed drawn twice (``n_seeds_S > 1`` draws with replacement) is kept once;
    imbalanced-learn outputs it twice, and the duplicate row then also hides the seed's
    Tomek links, so the counts can differ from imbalanced-learn's in that case.

    References
    ----------
    .. [1] M. Kubat and S. Matwin, "Addressing the curse of imbalanced training sets:
       one-sided selection," ICML, 179-186, 1997.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import OneSidedSelection
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> X_res, y_res = OneSidedSelection(random_state=0).fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum()), len(y_res) < len(y)
    (True, True)
    """

    def _fit_resample(self, data, targets):
        codes, counts = data.target.codes, data.target.counts
        minority_rows = data.class_rows(int(np.argmin(counts)))
        seeds = _draw_seeds(self.random_state, targets, data, self.n_seeds_S)
        kept = np.ones(data.n_samples, dtype=bool)
        for code, positions in seeds.items():
            rows = data.class_rows(code)
            others = np.delete(rows, positions)
            store = np.concatenate([minority_rows, rows[positions]])
            if others.shape[0]:
                kept[others[self._predict(data, store, others) == code]] = False
        reduced = np.flatnonzero(kept)
        X_reduced = data.numeric[reduced]
        if reduced.shape[0] >= 2 and np.unique(codes[reduced]).shape[0] > 1:
            in_link, _ = tomek_link_mask(X_reduced, codes[reduced], n_jobs=self.n_jobs)
            cleaned = np.zeros(counts.shape[0], dtype=bool)
            cleaned[list(targets)] = True
            reduced = reduced[~(in_link & cleaned[codes[reduced]])]
        return Resampled(reduced)


@fill_doc
class CondensedNearestNeighbour(_PrototypeSampler):
    """Under-sample with Hart's condensed nearest neighbour rule (Hart, 1968).

    For each cleaned class, a store starts with the minority samples and ``n_seeds_S``
    random samples of the class; the class's samples are then visited in order and every
    sample the store's k-NN rule misclassifies is added to the store. The store's samples
    of the class are kept.

    Parameters
    ----------
    %(sampling_strategy_clean)s
    random_state : int, RandomState instance or None, default=None
        Draws the seeds (the same draws as imbalanced-learn for the same seed).
    n_neighbors : int, classifier or None, default=None
        Neighbours of the k-NN rule; ``None`` is 1. A k-NN classifier (e.g.
        :class:`sklearn.neighbors.KNeighborsClassifier`) is cloned, fitted on the store
        and refitted after each sample the store absorbs.
    n_seeds_S : int, default=1
        Random samples of the cleaned class in the initial store (drawn with replacement).
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned, each mapped to the size of the smallest
        class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    Notes
    -----
    What needs querying: every sample of a cleaned class is classified once against the
    initial store (a small reference set). Since only samples of the class itself join the
    store, a sample classified correctly stays so; a new store member can only change the
    neighbours of the samples still misclassified, so only their distances to it are
    computed (Numba kernel). imbalanced-learn instead refits and re-predicts the whole
    class after each addition. Its skip list also mixes row numbers with positions in the
    class, so it occasionally skips a misclassified sample; imbtools follows Hart's rule,
    and kept counts can differ slightly from imbalanced-learn's.

    References
    ----------
    .. [1] P. Hart, "The condensed nearest neighbor rule," IEEE Transactions on
       Information Theory, 14(3), 515-516, 1968.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import CondensedNearestNeighbour
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> X_res, y_res = CondensedNearestNeighbour(random_state=0).fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum()), len(y_res) < len(y)
    (True, True)
    """

    def _fit_resample(self, data, targets):
        codes, counts = data.target.codes, data.target.counts
        n_classes = counts.shape[0]
        k = self._k()
        minority_rows = data.class_rows(int(np.argmin(counts)))
        seeds = _draw_seeds(self.random_state, targets, data, self.n_seeds_S)
        X = data.numeric
        kept = np.ones(data.n_samples, dtype=bool)
        for code, positions in seeds.items():
            rows = data.class_rows(code)
            store = np.concatenate([minority_rows, rows[positions]])
            if k is None:  # a user's classifier
                candidates = np.delete(rows, positions)
                absorbed = self._absorbed_by_classifier(data, code, store, candidates)
                kept[rows] = False
                kept[rows[positions]] = True
                kept[candidates[absorbed]] = True
                continue
            if k > store.shape[0]:
                self._predict(data, store, rows[:0])  # raises the n_neighbors error
            searcher = NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs).fit(X[store])
            candidates = np.delete(rows, positions)
            X_candidates = X[candidates]
            if sparse.issparse(X_candidates):
                X_candidates = X_candidates.toarray()
            X_candidates = np.ascontiguousarray(X_candidates, dtype=np.float64)
            dist, ind = searcher.kneighbors(X_candidates)
            absorbed = _condense_in_order(X_candidates, code, np.ascontiguousarray(dist**2),
                                          np.ascontiguousarray(codes[store][ind]), n_classes)
            kept[rows] = False
            kept[rows[positions]] = True
            kept[candidates[absorbed]] = True
        return Resampled(np.flatnonzero(kept))

    def _absorbed_by_classifier(self, data, code, store, candidates):
        """Hart's pass in order with the user's classifier, refitted after each absorption.

        Only the store changes the predictions, and only an absorption changes the store:
        predict the remaining candidates at once, absorb the first misclassified one.
        """
        absorbed = np.zeros(candidates.shape[0], dtype=bool)
        start = 0
        while start < candidates.shape[0]:
            wrong = self._predict(data, store, candidates[start:]) != code
            if not wrong.any():
                break
            first = start + int(np.argmax(wrong))
            absorbed[first] = True
            store = np.append(store, candidates[first])
            start = first + 1
        return absorbed
