"""Exact threshold calibration of a prefit classifier on dask collections.

The in-memory search evaluates a count-based objective at every distinct score. Here:

1. one pass scores every partition (the scores and class codes are persisted: 9 bytes
   a row) and a reduction gives the score range;
2. a histogram pass counts each class in ``n_bins`` equal-width score bins and keeps each
   bin's smallest and largest score;
3. on the client, a sweep over the bins gives the objective exactly at every bin edge
   and an upper bound inside every bin (all of the bin's positives moved, none of its
   negatives -- a bound for any objective that does not decrease when a positive sample
   is predicted positive nor when a negative one stays negative, as every count score
   and every cost matrix with costlier errors does);
4. the scores of the bins whose bound reaches the best edge value (with their nearest
   non-empty neighbours and the two extreme bins) are gathered; every other bin enters
   the in-memory sweep as its class counts placed at its smallest score, where the
   objective is exact.

The in-memory search then runs on that compressed fold: its best threshold and score
are the in-memory ones, since every row that can be on the best plateau, and both
scores around the plateau, are present exactly.
"""

from __future__ import annotations

import numbers

import dask
import numpy as np
from dask import delayed
from sklearn.utils.validation import check_is_fitted

from ..metrics import values_at
from ..threshold import Fold, fold_curves, resolve_objective
from ..threshold import ThresholdCalibratedClassifier as _InMemoryCalibrated
from ..utils._param_validation import Interval
from ._base import is_dask_input
from ._input import check_dask_input, checked_length, class_codes, compute, share

__all__ = ["ThresholdCalibratedClassifier"]

#: relative slack when comparing a bin's bound with the best edge value
_BOUND_SLACK = 1e-9


def _partition_scores(x_part, y_part, index, classes, estimator, response):
    checked_length(x_part, y_part, index)
    return response(estimator, x_part), class_codes(y_part, classes).astype(np.int8)


def _score_range(scored):
    scores = scored[0]
    return (scores.min(), scores.max()) if scores.size else (np.inf, -np.inf)


def bin_of_scores(scores, low, high, n_bins):
    """Equal-width bin of each score in ``[low, high]`` (the largest in the last bin)."""
    scale = n_bins / (high - low) if high > low else 0.0
    bins = ((scores - low) * scale).astype(np.intp)
    return np.clip(bins, 0, n_bins - 1)


def _histogram(scored, low, high, n_bins):
    scores, codes = scored
    bins = bin_of_scores(scores, low, high, n_bins)
    counts = np.zeros((n_bins, 2), dtype=np.int64)
    np.add.at(counts, (bins, codes), 1)
    lowest, highest = np.full(n_bins, np.inf), np.full(n_bins, -np.inf)
    np.minimum.at(lowest, bins, scores)
    np.maximum.at(highest, bins, scores)
    return counts, lowest, highest


def _scores_in_bins(scored, low, high, n_bins, wanted):
    scores, codes = scored
    keep = wanted[bin_of_scores(scores, low, high, n_bins)]
    return scores[keep], codes[keep]


def candidate_bins(counts, objective):
    """Bins that may hold a row of the best plateau (see the module docstring)."""
    n_bins = counts.shape[0]
    keys = np.repeat(np.arange(n_bins) * 2.0, 2) + np.tile([0.0, 1.0], n_bins)
    codes = np.tile([0, 1], n_bins)
    weights = counts.ravel().astype(np.float64)
    present = weights > 0
    fold = Fold(keys[present], codes[present], weights[present])
    (curve_keys, curve_values), _ = fold_curves(fold.scores, fold, 0, 1, objective, None)
    edges = values_at(curve_keys, curve_values, np.r_[np.inf, np.arange(n_bins) * 2.0])
    bounds = values_at(curve_keys, curve_values, np.arange(n_bins) * 2.0 + 1.0)
    best = np.nanmax(edges)
    limit = best - _BOUND_SLACK * max(1.0, abs(best))
    non_empty = counts.sum(axis=1) > 0
    wanted = non_empty & ((bounds >= limit) | (edges[1:] >= limit))
    filled = np.flatnonzero(non_empty)
    wanted[filled[[0, -1]]] = True  # the extreme scores bound the outer plateaus
    for b in np.flatnonzero(wanted.copy()):  # nearest non-empty neighbours, both sides
        position = np.searchsorted(filled, b)
        for neighbour in (position - 1, position + 1):
            if 0 <= neighbour < filled.shape[0]:
                wanted[filled[neighbour]] = True
    return wanted


class ThresholdCalibratedClassifier(_InMemoryCalibrated):
    """Exact decision-threshold calibration on dask data for a prefit binary classifier.

    Same parameters and search as :class:`imbtools.threshold.ThresholdCalibratedClassifier`,
    which handles in-memory input. On dask input only ``cv='prefit'`` is possible (the
    fitting happens elsewhere: for instance
    :class:`imbtools.dask.SelfPacedEnsembleClassifier`); ``X``, ``y`` are the held-out
    data of the search. The threshold and score equal those of the in-memory search on
    the same scores, for count-based ``scoring`` or a ``cost_matrix`` (binary targets,
    no ``constraint``): see the module :mod:`imbtools.dask._threshold` for the
    histogram pass and the exact pass inside the best bins.

    Parameters
    ----------
    estimator : object
        A fitted classifier (``cv='prefit'``).
    scoring, cost_matrix, constraint, offsets, cv, refit, random_state, n_jobs
        As in :class:`imbtools.threshold.ThresholdCalibratedClassifier`.
    n_bins : int, default=4096
        Bins of the histogram pass (dask input only). More bins: fewer scores gathered
        in the exact pass, a larger histogram per partition.

    Attributes
    ----------
    best_threshold_, best_score_ : float
    cv_results_ : dict
        As in memory, except that ``thresholds`` and ``scores`` list only the scores
        evaluated exactly (those of the gathered bins and the smallest score of every
        other bin).
    n_exact_scores_ : int
        Scores gathered in the exact pass (dask input only).

    Examples
    --------
    >>> import dask.array as da
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.dask import ThresholdCalibratedClassifier
    >>> X_np, y_np = make_classification(n_samples=4000, weights=[0.9], random_state=0)
    >>> model = LogisticRegression().fit(X_np[:2000], y_np[:2000])
    >>> X = da.from_array(X_np[2000:], chunks=(500, 20))
    >>> y = da.from_array(y_np[2000:], chunks=500)
    >>> tuned = ThresholdCalibratedClassifier(model, cv="prefit").fit(X, y)
    >>> exact = ThresholdCalibratedClassifier(model, cv="prefit").fit(
    ...     X_np[2000:], y_np[2000:])
    >>> tuned.best_threshold_ == exact.best_threshold_
    True
    """

    _parameter_constraints: dict = {
        **_InMemoryCalibrated._parameter_constraints,
        "n_bins": [Interval(numbers.Integral, 2, None, closed="left")],
    }

    def __init__(self, estimator, *, scoring="f1", cost_matrix=None, constraint=None,
                 offsets="tune", cv=5, refit=True, random_state=None, n_jobs=None,
                 n_bins=4096):
        super().__init__(estimator, scoring=scoring, cost_matrix=cost_matrix,
                         constraint=constraint, offsets=offsets, cv=cv, refit=refit,
                         random_state=random_state, n_jobs=n_jobs)
        self.n_bins = n_bins

    def fit(self, X, y, sample_weight=None, **fit_params):
        """Choose the threshold (on dask or in-memory data).

        Parameters
        ----------
        X : dask.array.Array, dask.dataframe.DataFrame or in-memory array-like
        y : 1-D dask.array.Array or dask.dataframe.Series (or in-memory labels)
        sample_weight : None
            Only for in-memory input.
        **fit_params : dict
            Only for in-memory input.

        Returns
        -------
        self : object
        """
        if not is_dask_input(X, y):
            return super().fit(X, y, sample_weight=sample_weight, **fit_params)
        self._validate_params()
        self._refuse_unsupported(sample_weight, fit_params)
        check_is_fitted(self.estimator)
        data = check_dask_input(X, y, type(self).__name__)
        self.classes_ = data.classes
        if self.classes_.shape[0] != 2:
            raise ValueError(
                f"y has {self.classes_.shape[0]} classes; on dask data only binary "
                "thresholds are calibrated. Tune multi-class offsets in memory on a sample."
            )
        objective = resolve_objective(self.scoring, self.cost_matrix, self.classes_)
        if not objective.exact:
            raise ValueError(
                f"scoring={self.scoring!r} is not computed from the confusion matrix, so "
                "its sweep cannot be reduced from counts; on dask data use a count score "
                "(e.g. 'f1', 'balanced_accuracy') or a cost_matrix."
            )
        response = self._response(objective)
        self.response_method_ = response.method
        self.estimator_ = self.estimator
        self.best_threshold_ = self.offsets_ = self.best_score_ = self.cv_results_ = None
        fold = self._compressed_fold(data, response, objective)
        self._search_threshold([fold], objective, None)
        return self

    def _refuse_unsupported(self, sample_weight, fit_params):
        problems = {
            "cv": (self.cv != "prefit", "cv='prefit' with an estimator fitted beforehand "
                   "(e.g. imbtools.dask.SelfPacedEnsembleClassifier)"),
            "offsets": (self.offsets != "tune", "offsets='tune'"),
            "constraint": (self.constraint is not None, "constraint=None"),
            "sample_weight": (sample_weight is not None, "sample_weight=None"),
            "fit_params": (bool(fit_params), "no fit parameters (nothing is fitted)"),
        }
        for name, (bad, remedy) in problems.items():
            if bad:
                value = getattr(self, name, None) if name in ("cv", "offsets", "constraint") \
                    else "given"
                raise ValueError(
                    f"{name}={value!r} is not supported on dask data by "
                    f"{type(self).__name__}; use {remedy}, or calibrate in memory."
                )

    def _compressed_fold(self, data, response, objective):
        estimator = share(self.estimator)
        scored = dask.persist(*[
            delayed(_partition_scores)(xp, yp, p, data.classes, estimator, response)
            for p, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts))
        ])
        ranges = compute(*[delayed(_score_range)(s) for s in scored])
        low = min(r[0] for r in ranges)
        high = max(r[1] for r in ranges)
        if not (np.isfinite(low) and np.isfinite(high)):
            raise ValueError(
                f"{self.response_method_} of the estimator gave non-finite scores; the "
                "threshold search needs finite scores."
            )
        parts = compute(*[delayed(_histogram)(s, low, high, self.n_bins) for s in scored])
        counts = sum(p[0] for p in parts)
        lowest = np.minimum.reduce([p[1] for p in parts])
        wanted = candidate_bins(counts, objective)
        exact = compute(*[
            delayed(_scores_in_bins)(s, low, high, self.n_bins, wanted) for s in scored])
        keys = [np.concatenate([e[0] for e in exact])]
        codes = [np.concatenate([e[1] for e in exact]).astype(np.intp)]
        weights = [np.ones(keys[0].shape[0])]
        self.n_exact_scores_ = int(keys[0].shape[0])
        for code in (0, 1):
            summarised = ~wanted & (counts[:, code] > 0)
            keys.append(lowest[summarised])
            codes.append(np.full(int(summarised.sum()), code, dtype=np.intp))
            weights.append(counts[summarised, code].astype(np.float64))
        return Fold(np.concatenate(keys), np.concatenate(codes), np.concatenate(weights))

    def decision_function(self, X):
        """Calibrated decision values; a lazy dask array for dask input.

        Parameters
        ----------
        X : dask.array.Array, dask.dataframe.DataFrame or in-memory array-like

        Returns
        -------
        decision : ndarray or dask.array.Array of shape (n_samples,)
        """
        if not is_dask_input(X):
            return super().decision_function(X)
        return _map_rows(X, _decision_block, self)

    def predict(self, X):
        """Labels with the calibrated threshold; a lazy dask array for dask input.

        Parameters
        ----------
        X : dask.array.Array, dask.dataframe.DataFrame or in-memory array-like

        Returns
        -------
        y_pred : ndarray or dask.array.Array of shape (n_samples,)
        """
        if not is_dask_input(X):
            return super().predict(X)
        return _map_rows(X, _predict_block, self)


def _decision_block(block, model):
    return _InMemoryCalibrated.decision_function(model, block)


def _predict_block(block, model):
    return _InMemoryCalibrated.predict(model, block)


def _map_rows(X, function, model):
    """A 1-D lazy dask array: ``function(partition, model)`` for each partition of ``X``."""
    import dask.array as da

    dtype = np.float64 if function is _decision_block else model.classes_.dtype
    if isinstance(X, da.Array):
        if len(X.chunks[1]) > 1:
            X = X.rechunk({1: -1})
        return X.map_blocks(function, model=model, drop_axis=1, dtype=dtype)
    blocks = [da.from_delayed(delayed(function)(part, model), shape=(np.nan,), dtype=dtype)
              for part in X.to_delayed()]
    return da.concatenate(blocks)
