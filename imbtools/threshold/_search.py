"""Threshold and offset search over out-of-fold scores (pure functions, no estimators).

Combining folds
---------------
Each fold gives an objective curve: a step function of the threshold. The search returns
the threshold that maximises the **mean of the per-fold curves**, evaluated exactly on
the union of every fold's candidate thresholds (the mean is a step function whose steps
are all in that union, so nothing between candidates is missed). Among equally good
thresholds it takes the middle of the best plateau. A constraint must hold on **every**
fold at the chosen threshold.

Why this rule: the mean curve is smoother than any single fold's curve, so its maximum
is less driven by a few samples than the per-fold optima (whose median or mean can land
where no fold is good); it is the rule scikit-learn's ``TunedThresholdClassifierCV``
approximates on a grid of 100 thresholds, computed exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..metrics._curve import plateau_threshold, sweep_counts, values_at

__all__ = ["Fold", "SearchResult", "best_threshold", "fold_curves", "tune_offsets"]

#: candidate thresholds per line search when the objective is not count-based
N_GRID_CANDIDATES = 101


@dataclass
class Fold:
    """Out-of-fold data of one split: scores (1-D keys or 2-D per-class), codes, weights."""

    scores: np.ndarray
    true_codes: np.ndarray
    weights: np.ndarray


@dataclass
class SearchResult:
    threshold: float
    score: float
    fold_scores: np.ndarray
    fold_constraint_values: np.ndarray | None
    union_keys: np.ndarray
    mean_values: np.ndarray


def _grid(keys_per_fold):
    pooled = np.concatenate(keys_per_fold)
    levels = np.quantile(pooled, np.linspace(0.0, 1.0, N_GRID_CANDIDATES))
    return np.unique(levels)[::-1]


def fold_curves(keys, fold, from_codes, to_code, objective, constraint, grid=None):
    """Objective (and constraint) curves ``(keys, values)`` of one fold's sweep."""
    n_classes = objective.classes.shape[0]
    from_codes = np.broadcast_to(from_codes, keys.shape)
    counts = None
    if objective.exact or constraint is not None:
        counts = sweep_counts(keys, fold.true_codes, from_codes, to_code, n_classes,
                              fold.weights)
    if objective.exact:
        values = objective.sweep_values(counts, fold.true_codes, from_codes, to_code,
                                        fold.weights)
        objective_curve = (counts.keys, values)
    else:
        rows = [from_codes] + [np.where(keys >= g, to_code, from_codes) for g in grid]
        values = np.array([objective.score(fold.true_codes, pred, fold.weights)
                           for pred in rows])
        objective_curve = (grid, values)
    constraint_curve = None if constraint is None else (counts.keys,
                                                        constraint.sweep_values(counts))
    return objective_curve, constraint_curve


def best_threshold(curves, constraint=None, exact=True):
    """Maximise the mean of per-fold curves (see the module docstring).

    Parameters
    ----------
    curves : list of (objective_curve, constraint_curve) pairs, one per fold
    constraint : Constraint, default=None
    exact : bool, default=True
        Whether the objective curves are exact step functions (else grid samples, see
        :func:`~imbtools.metrics._curve.plateau_threshold`).

    Returns
    -------
    SearchResult
        ``threshold`` is NaN when no threshold satisfies the constraint on every fold.
    """
    union = np.unique(np.concatenate([c[0][0] for c in curves]))[::-1]
    rows = np.concatenate([[np.inf], union])
    mean_values = np.mean([values_at(*objective, rows) for objective, _ in curves], axis=0)
    feasible = None
    if constraint is not None:
        fold_values = [values_at(*limit, rows) for _, limit in curves]
        feasible = np.logical_and.reduce([constraint.holds(v) for v in fold_values])
    threshold, _, score = plateau_threshold(union, mean_values, feasible, midpoint=exact)
    fold_scores = np.array([values_at(*objective, [threshold])[0] for objective, _ in curves])
    constraint_values = None
    if constraint is not None and np.isfinite(threshold):
        constraint_values = np.array([values_at(*limit, [threshold])[0] for _, limit in curves])
    return SearchResult(threshold, score, fold_scores, constraint_values, union, mean_values)


def best_achievable(curves, constraint):
    """Best worst-fold constraint value over all thresholds (for error messages)."""
    union = np.unique(np.concatenate([c[1][0] for c in curves]))[::-1]
    rows = np.concatenate([[np.inf], union])
    fold_values = np.array([values_at(*limit, rows) for _, limit in curves])
    if constraint.upper_bound:
        return float(fold_values.max(axis=0).min())
    return float(fold_values.min(axis=0).max())


def search_binary(folds, objective, constraint):
    """Threshold on 1-D scores: samples move from class 0 to class 1 as it falls."""
    grid = None if objective.exact else _grid([f.scores for f in folds])
    curves = [fold_curves(f.scores, f, 0, 1, objective, constraint, grid) for f in folds]
    return curves, best_threshold(curves, constraint, objective.exact)


def _offset_keys(scores, offsets, k):
    """Key of each sample for class ``k``'s line search, and its class if not ``k``.

    A sample is predicted ``k`` iff ``scores[:, k] + offsets[k] >= max_{j != k}
    (scores[:, j] + offsets[j])``, i.e. iff ``key >= -offsets[k]``.
    """
    shifted = scores + offsets
    shifted[:, k] = -np.inf
    other = np.argmax(shifted, axis=1)
    best_other = shifted[np.arange(scores.shape[0]), other]
    return scores[:, k] - best_other, other


def mean_score_at(folds, objective, offsets):
    """Per-fold objective of ``argmax(scores + offsets)``."""
    return np.array([
        objective.score(f.true_codes, np.argmax(f.scores + offsets, axis=1), f.weights)
        for f in folds
    ])


def tune_offsets(folds, objective, start, *, max_rounds=20, tol=1e-10):
    """Coordinate ascent on additive per-class offsets (logit adjustment).

    Each step maximises the mean per-fold objective over one class's offset exactly: the
    decisions change only where a sample's margin to its best other class is crossed,
    so the line search is the same sweep as a binary threshold (over all those margins,
    or over quantiles of them for objectives that are not count-based). A step is taken
    only when it improves the objective by more than ``tol``, so the ascent terminates.

    Returns
    -------
    offsets : ndarray of shape (n_classes,)
        Centred to sum to zero (decisions depend on differences only).
    score : float
    n_rounds : int
    """
    offsets = np.array(start, dtype=np.float64)
    score = float(mean_score_at(folds, objective, offsets).mean())
    n_classes = offsets.shape[0]
    n_rounds = 0
    for n_rounds in range(1, max_rounds + 1):  # noqa: B007 - reported to the caller
        improved = False
        for k in range(n_classes):
            keyed = [_offset_keys(f.scores, offsets, k) for f in folds]
            grid = None if objective.exact else _grid([keys for keys, _ in keyed])
            curves = [
                fold_curves(keys, f, other, k, objective, None, grid)
                for (keys, other), f in zip(keyed, folds)
            ]
            result = best_threshold(curves, exact=objective.exact)
            if not result.score > score + tol:
                continue
            # confirm with the real decisions: argmax ties and float rounding between
            # keys closer than a few ulps can make the sweep's count differ slightly
            trial = offsets.copy()
            trial[k] = -result.threshold
            trial_score = float(mean_score_at(folds, objective, trial).mean())
            if trial_score > score + tol:
                offsets, score, improved = trial, trial_score, True
        if not improved:
            break
    return offsets - offsets.mean(), score, n_rounds
