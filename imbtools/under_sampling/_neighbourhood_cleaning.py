"""Neighbourhood cleaning rule: edited nearest neighbours plus cleaning around the minority."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import clone

from ..base import BaseCleaningSampler, Resampled
from ..neighbors import NearestNeighbors, check_neighbors, class_agreement, neighbors_of_rows
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval
from ._edited import _check_enough_samples

__all__ = ["NeighbourhoodCleaningRule"]


def _row_modes(labels):
    from ..utils._votes import row_modes

    return row_modes(np.ascontiguousarray(labels, dtype=np.int64))


@fill_doc
class NeighbourhoodCleaningRule(BaseCleaningSampler):
    """Under-sample with the neighbourhood cleaning rule (Laurikkala, 2001).

    Two groups of samples are removed: those that :class:`EditedNearestNeighbours`
    (``kind_sel="mode"``) removes, and the neighbours of minority samples that their own
    neighbourhood misclassifies, when these neighbours belong to a cleaned class that is
    large enough (more than ``threshold_cleaning`` times the minority's size).

    Parameters
    ----------
    %(sampling_strategy_clean)s
    edited_nearest_neighbours : sampler with ``fit_resample`` and ``sample_indices_``, \
default=None
        Sampler choosing the first group; ``None`` edits with ``n_neighbors`` and the mode
        rule on the classes of ``sampling_strategy``.
    n_neighbors : int or estimator with ``kneighbors``, default=3
        Size of the neighbourhoods (an object's ``n_neighbors`` counts the sample itself).
    threshold_cleaning : float, default=0.5
        A class is cleaned around the minority only when it holds more than
        ``threshold_cleaning`` times as many samples as the minority.
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes that may be cleaned, each mapped to the size of the smallest
        class, as in imbalanced-learn: ``{label: n_samples of the minority}``.
    classes_to_clean_ : list
        Labels cleaned around the misclassified minority samples.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    Notes
    -----
    What needs querying: the editing step queries only the cleaned classes and
    certifies most of a large class without a search (see
    :class:`EditedNearestNeighbours`); the second step queries the minority samples only,
    once, with ``n_neighbors`` other samples each. As in imbalanced-learn, a minority
    sample is "misclassified" when the most frequent class among itself and its
    ``n_neighbors - 1`` nearest other samples is not its own (the k-nearest-neighbour
    classifier fitted on all samples, which sees the sample itself); the smaller label
    wins a tie. The minority class is the smallest class, the smaller label among equal
    sizes.

    References
    ----------
    .. [1] J. Laurikkala, "Improving identification of difficult small classes by
       balancing class distribution," Artificial Intelligence in Medicine (AIME), LNCS
       2101, 63-66, 2001.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import NeighbourhoodCleaningRule
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = NeighbourhoodCleaningRule().fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum()), len(y_res) < len(y)
    (True, True)
    """

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "edited_nearest_neighbours": [HasMethods(["fit_resample"]), None],
        "n_neighbors": [
            Interval(numbers.Integral, 1, None, closed="left"),
            HasMethods(["kneighbors"]),
        ],
        "threshold_cleaning": [Interval(numbers.Real, 0, None, closed="neither")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", edited_nearest_neighbours=None,
                 n_neighbors=3, threshold_cleaning=0.5, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.edited_nearest_neighbours = edited_nearest_neighbours
        self.n_neighbors = n_neighbors
        self.threshold_cleaning = threshold_cleaning
        self.n_jobs = n_jobs

    def _edited_out(self, data, targets, searcher, k):
        """Mask of the samples the editing step removes."""
        if self.edited_nearest_neighbours is None:
            codes = data.target.codes
            asked = np.flatnonzero(np.isin(codes, list(targets)))
            removed = np.zeros(data.n_samples, dtype=bool)
            removed[asked] = ~class_agreement(
                data.numeric, codes, asked, k, rule="mode", n_jobs=self.n_jobs,
                searcher=None if isinstance(searcher, NearestNeighbors) else searcher)
            return removed
        editor = clone(self.edited_nearest_neighbours)
        editor.fit_resample(data.X, data.target.classes[data.target.codes])
        removed = np.ones(data.n_samples, dtype=bool)
        removed[editor.sample_indices_] = False
        return removed

    def _fit_resample(self, data, targets):
        searcher, k = check_neighbors("n_neighbors", self.n_neighbors, n_jobs=self.n_jobs)
        _check_enough_samples(self.n_neighbors, k, data.n_samples, type(self).__name__)
        codes, counts = data.target.codes, data.target.counts
        removed = self._edited_out(data, targets, searcher, k)

        minority = int(np.argmin(counts))
        to_clean = [c for c in targets if counts[c] > self.threshold_cleaning * counts[minority]]
        self.classes_to_clean_ = data.target.classes[to_clean].tolist()
        minority_rows = data.class_rows(minority)
        if to_clean and minority_rows.shape[0]:
            searcher.fit(data.numeric)
            neighbours = neighbors_of_rows(
                searcher, data.numeric, minority_rows, k, chunk_size=256
            )
            # The k-NN classifier votes with the sample itself plus its k - 1 nearest others.
            voters = np.column_stack([codes[minority_rows], codes[neighbours[:, : k - 1]]])
            misclassified = _row_modes(voters) != minority
            around = np.unique(neighbours[misclassified])
            cleanable = np.zeros(counts.shape[0], dtype=bool)
            cleanable[to_clean] = True
            removed[around[cleanable[codes[around]]]] = True
        return Resampled(np.flatnonzero(~removed))
