"""Cross-validate imbalance strategies on shared folds and compare them to a baseline."""

from __future__ import annotations

import sys
import time
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy.sparse import issparse
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import has_fit_parameter

from ..utils.validation import check_sample_weight, check_target
from ._comparison import StrategyComparison
from ._scores import DEFAULT_SCORING, LOWER_IS_BETTER, fold_predictions, metric_from_predictions
from ._strategies import (
    default_strategies,
    is_threshold_strategy,
    oversampler_strategies,
    strategy_family,
    strategy_from,
)

__all__ = ["StrategyComparison", "compare_strategies"]

_SMALL_DATA_CELLS = 2_000_000  # below this many cells of X, the fits use one BLAS thread


def _named_scorer(metric):
    """The scikit-learn scorer of a name outside :data:`DEFAULT_SCORING`."""
    from sklearn.metrics import get_scorer

    try:
        return get_scorer(metric)
    except ValueError:
        raise ValueError(
            f"scoring contains {metric!r}, which is neither one of {list(DEFAULT_SCORING)} "
            "nor a scikit-learn scorer name."
        ) from None


def _check_scoring(scoring):
    """``{metric name: scorer}``; a name of :data:`DEFAULT_SCORING` maps to None.

    Those metrics are computed from the fold's predictions (one ``predict``, one
    ``predict_proba``); other names are scikit-learn scorers, and a dict gives callables.
    """
    if isinstance(scoring, str):
        scoring = (scoring,)
    if isinstance(scoring, dict):
        scorers = dict(scoring)
    else:
        scorers = {metric: None if metric in DEFAULT_SCORING else _named_scorer(metric)
                   for metric in scoring}
    if not scorers:
        raise ValueError("scoring must name at least one metric; got an empty collection.")
    return scorers


def _check_strategies(strategies, estimator, random_state, preprocessor):
    named = {"default": default_strategies, "oversamplers": oversampler_strategies}
    if isinstance(strategies, str):
        if strategies not in named:
            raise ValueError(
                f"strategies must be 'default', 'oversamplers' or a dict {{name: estimator "
                f"or sampler}}; got {strategies!r}."
            )
        return named[strategies](estimator, random_state, preprocessor=preprocessor)
    if not isinstance(strategies, dict) or not strategies:
        raise ValueError(
            "strategies must be 'default', 'oversamplers' or a non-empty dict {name: "
            f"estimator or sampler}}; got {strategies!r}."
        )
    return {
        str(name): strategy_from(name, value, estimator, preprocessor)
        for name, value in strategies.items()
    }


class _EncodedTarget(NamedTuple):
    """The target as the strategies see it.

    ``codes``: class index of each sample; binary targets are 0/1 with 1 the positive
    class, multi-class targets ``0 .. k - 1`` in sorted label order. ``labels[code]``:
    the original label of a code. ``classes``: the labels sorted (scikit-learn's
    ``classes_``), and ``class_codes[j]``: the code of ``classes[j]``.
    """

    codes: np.ndarray
    labels: np.ndarray
    classes: np.ndarray
    class_codes: np.ndarray

    @property
    def positive_label(self):
        """The positive class of a binary target; None for multi-class targets."""
        return _plain(self.labels[1]) if self.labels.shape[0] == 2 else None


def _plain(value):
    """A numpy scalar as the Python value it holds (so messages read ``1``, not ``np.int64(1)``)."""
    return value.item() if isinstance(value, np.generic) else value


def _check_not_continuous(y):
    """Refuse a regression target (scikit-learn's ``type_of_target``) with a clear message."""
    try:
        kind = type_of_target(y)
    except (ValueError, TypeError):
        return  # check_target explains what is wrong with y
    if kind.startswith("continuous"):
        values = np.asarray(y, dtype=float).ravel()
        example = next((float(v) for v in values if v != np.round(v)), float(values[0]))
        raise ValueError(
            f"y is continuous (scikit-learn's type_of_target: {kind!r}; e.g. the value "
            f"{example!r}): comparing imbalance strategies needs class labels. For a "
            "regression target, bin it into classes first (e.g. y > threshold)."
        )


def _encode_target(y, pos_label, n_samples=None):
    """Encode ``y``; the binary positive class (default: the minority) becomes code 1."""
    _check_not_continuous(y)
    target = check_target(y, n_samples=n_samples, min_classes=1)
    labels = target.classes.tolist()
    if len(labels) < 2:
        raise ValueError(
            f"y has 1 class ({labels[0]!r}); comparing strategies needs at least 2 "
            "classes."
        )
    if len(labels) > 2:
        if pos_label is not None:
            raise ValueError(
                f"pos_label={_plain(pos_label)!r} is only for binary targets; y has {len(labels)} "
                f"classes {labels!r}, whose metrics are averaged over every class. Leave "
                "pos_label=None, or make y one-vs-rest first."
            )
        order = np.arange(len(labels))
        return _EncodedTarget(target.codes, target.classes, target.classes, order)
    if pos_label is None:
        positive = int(np.argmin(target.counts))
    elif pos_label in labels:
        positive = labels.index(pos_label)
    else:
        raise ValueError(
            f"pos_label={_plain(pos_label)!r} is not a class of y; the classes are {labels!r}."
        )
    codes = (target.codes == positive).astype(np.int64)
    class_codes = np.array([0, 1]) if positive == 1 else np.array([1, 0])
    return _EncodedTarget(codes, target.classes[[1 - positive, positive]], target.classes,
                          class_codes)


def _check_folds(cv, target, random_state):
    """The splitter of ``cv``; stratified folds need every class to fill every fold."""
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, bool):
        splitter = StratifiedKFold(cv, shuffle=True, random_state=random_state)
    else:
        splitter = check_cv(cv, classifier=True)
    if isinstance(splitter, StratifiedKFold):
        counts = np.bincount(target.codes)
        smallest = int(counts.min())
        if smallest < splitter.n_splits:
            label = target.labels.tolist()[int(counts.argmin())]
            advice = (f"use cv <= {smallest}" if smallest >= 2 else
                      "every class needs at least 2 samples")
            raise ValueError(
                f"cv={splitter.n_splits} folds, but the smallest class has only {smallest} "
                f"samples (class {label!r}); stratified folds need at least cv samples of "
                f"every class: {advice}."
            )
    return splitter


def _fit_strategy(model, X, y, sample_weight=None):
    """``model.fit(X, y)``, passing ``sample_weight`` when given."""
    if sample_weight is None:
        return model.fit(X, y)
    if not has_fit_parameter(model, "sample_weight"):
        raise TypeError(
            f"{type(model).__name__}.fit does not accept sample_weight, which was given."
        )
    return model.fit(X, y, sample_weight=sample_weight)


def _score_fold(model, X_test, y_test, scorers, n_classes, weight):
    """``({metric: score}, error)`` of a fitted model on its test fold.

    The metrics of :data:`DEFAULT_SCORING` (scorer None) all come from one ``predict``
    and one ``predict_proba`` (or ``decision_function``); other scorers are called.
    """
    scores, error = dict.fromkeys(scorers, np.nan), None
    try:
        predictions = (fold_predictions(model, X_test, n_classes)
                       if any(scorer is None for scorer in scorers.values()) else None)
    except Exception as exc:
        return scores, f"predict failed: {type(exc).__name__}: {exc}"
    for metric, scorer in scorers.items():
        try:
            if scorer is None:
                scores[metric] = metric_from_predictions(metric, y_test, predictions,
                                                         n_classes, weight)
            elif weight is None:
                scores[metric] = float(scorer(model, X_test, y_test))
            else:
                scores[metric] = float(scorer(model, X_test, y_test, sample_weight=weight))
        except Exception as exc:
            error = error or f"scoring {metric!r} failed: {type(exc).__name__}: {exc}"
    return scores, error


def _fit_and_score(name, estimator, X, y, fold, train, test, scorers, n_classes=2,
                   sample_weight=None):
    """Fit one strategy on one training fold; one row per metric (NaN on failure)."""
    take = (lambda rows: X.iloc[rows]) if hasattr(X, "iloc") else (lambda rows: X[rows])
    weight = (lambda rows: None) if sample_weight is None else (lambda rows: sample_weight[rows])
    start = time.perf_counter()
    try:
        model = _fit_strategy(clone(estimator), take(train), y[train], weight(train))
    except Exception as exc:  # a failing strategy must not stop the comparison
        model, error = None, f"fit failed: {type(exc).__name__}: {exc}"
    fit_time = time.perf_counter() - start
    if model is None:
        scores = dict.fromkeys(scorers, np.nan)
    else:
        scores, error = _score_fold(model, take(test), y[test], scorers, n_classes,
                                    weight(test))
    rows = [{"strategy": name, "fold": fold, "metric": metric, "score": score,
             "fit_time": fit_time} for metric, score in scores.items()]
    return rows, error


def compare_strategies(
    estimator, X, y, strategies="default", *, cv=5, scoring=DEFAULT_SCORING,
    preprocessor=None, pos_label=None, sample_weight=None, n_jobs=None, random_state=None,
    verbose=1,
):
    """Cross-validate imbalance strategies on the same folds and compare them.

    Every strategy is fitted and scored on exactly the same stratified folds, so
    per-fold scores are paired: each strategy is then compared with the baseline (the
    first strategy) fold by fold. Binary and multi-class targets are supported.

    Parameters
    ----------
    estimator : classifier
        The model the strategies are built around (see :func:`default_strategies`).
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (two or more classes, any labels).
    strategies : {'default', 'oversamplers'} or dict, default='default'
        ``'default'``: :func:`default_strategies`; ``'oversamplers'``: every numeric
        over-sampler of the library (:func:`oversampler_strategies`). A dict ``{name: estimator or
        sampler}``: an estimator is used as it is, a sampler (``fit_resample``) is put in
        front of a clone of ``estimator``. The first entry is the baseline of the paired
        comparison.
    cv : int, cross-validation splitter or iterable, default=5
        An int gives ``StratifiedKFold(cv, shuffle=True, random_state=random_state)``;
        every class then needs at least ``cv`` samples. The splits are computed once
        and shared by every strategy.
    scoring : str, sequence of str or dict, default=DEFAULT_SCORING
        Metric names (see Notes), other scikit-learn scorer names, or a dict
        ``{name: scorer(estimator, X, y)}``. Every score is greater-is-better except
        ``brier``, a loss. The first metric ranks the strategies. The metrics of
        ``DEFAULT_SCORING`` all come from one ``predict`` and one ``predict_proba`` (or
        ``decision_function``) per fitted model; other scorers are called as they are.
    preprocessor : transformer or None, default=None
        Placed first in every strategy, before any sampler (e.g.
        :func:`make_preprocessor` for tables with categorical columns or missing values).
    pos_label : label or None, default=None
        Binary targets only: the positive class; None means the minority class.
        Scores are computed with it encoded as 1. Must be None for multi-class targets.
    sample_weight : array-like of shape (n_samples,) or None, default=None
        Passed to the ``fit`` of every strategy (through samplers, which resample it, to
        the final estimator) and used to weight every metric on the test folds. A
        strategy whose ``fit`` does not accept it fails (NaN scores and a warning).
    n_jobs : int or None, default=None
        Parallel (strategy, fold) fits with joblib; None means 1.
    random_state : int or None, default=None
        Seeds the fold shuffling and the default strategies.
    verbose : int, default=1
        ``> 0`` prints one progress line per strategy on stderr (also when stdout is
        redirected).

    Returns
    -------
    comparison : StrategyComparison

    Notes
    -----
    The strategies are trained on encoded labels: binary targets as 0/1 (1 the
    positive class), multi-class targets as ``0 .. k - 1`` in sorted label order
    (``comparison.classes`` maps codes back to labels). The metric names mean:

    - ``f1``, ``f2``: binary, the F-beta score (beta 1, 2) of the positive class;
      multi-class, the macro average of the per-class F-beta scores.
    - ``precision``, ``recall``: of the positive class; multi-class, macro averages.
    - ``average_precision``: binary, of the positive-class probability (decision values
      when the model has no ``predict_proba``); multi-class, one-vs-rest per class on
      ``predict_proba``, macro average.
    - ``roc_auc``: binary, ROC AUC of the positive-class score; multi-class, one-vs-rest
      ROC AUC on ``predict_proba``, macro average (scikit-learn's ``'roc_auc_ovr'``).
    - ``brier``: the Brier score of ``predict_proba``, a loss (lower is better).
      Binary, scikit-learn's ``mean((p_positive - y) ** 2)``; multi-class, Brier's original
      ``mean(sum_k (p_k - [y == k]) ** 2)``, the mean squared distance between the
      probability vector and the one-hot truth (range 0 to 2).
    - ``balanced_accuracy``: the mean per-class recall (two or ``k`` classes).
    - ``mcc``: the Matthews correlation coefficient; multi-class, its generalisation
      (Gorodkin's R_K), as in :func:`sklearn.metrics.matthews_corrcoef`.

    Precision and F-scores count 0 for a class that is never predicted. The two Brier
    scores differ by a factor 2 on two classes (the binary one squares the positive
    column only), so binary results keep scikit-learn's convention.

    A strategy that fails on a fold (for instance SMOTE with fewer minority samples
    than neighbours) gets NaN scores there and a ``UserWarning`` naming it, instead of
    stopping the comparison. When every strategy fails on every fold, a ``ValueError``
    gives the first failure and what to do about it. A continuous ``y`` (scikit-learn's
    ``type_of_target``) is refused with a ``ValueError``.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.datasets import load_imbalanced_breast_cancer
    >>> from imbtools.model_selection import compare_strategies
    >>> from imbtools.under_sampling import RandomUnderSampler
    >>> X, y = load_imbalanced_breast_cancer()
    >>> result = compare_strategies(
    ...     LogisticRegression(max_iter=5000), X, y,
    ...     strategies={"baseline": LogisticRegression(max_iter=5000),
    ...                 "under": RandomUnderSampler(random_state=0)},
    ...     cv=3, scoring=("recall", "precision"), random_state=0, verbose=0)
    >>> list(result.summary.index), list(result.summary.columns)
    (['baseline', 'under'], ['recall_mean', 'recall_std', 'precision_mean', 'precision_std'])
    >>> int(result.paired.loc[("under", "recall"), ["wins", "ties", "losses"]].sum())
    3

    A multi-class target: the same call, macro-averaged metrics.

    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(n_samples=300, n_classes=3, n_informative=3,
    ...                            weights=[0.7, 0.2, 0.1], random_state=0)
    >>> result = compare_strategies(
    ...     LogisticRegression(), X, y,
    ...     strategies={"baseline": LogisticRegression(),
    ...                 "under": RandomUnderSampler(random_state=0)},
    ...     cv=3, scoring=("f1", "roc_auc"), random_state=0, verbose=0)
    >>> result.positive_label is None, result.classes.tolist()
    (True, [0, 1, 2])
    >>> list(result.summary.index), result.summary.shape
    (['baseline', 'under'], (2, 4))
    """
    target = _encode_target(y, pos_label)
    n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
    if n_rows != target.codes.shape[0]:
        raise ValueError(
            f"X has {n_rows} rows but y has {target.codes.shape[0]}; they must match."
        )
    return _compare_encoded(
        estimator, X, target, strategies, cv=cv, scoring=scoring, preprocessor=preprocessor,
        n_jobs=n_jobs, random_state=random_state, verbose=verbose, sample_weight=sample_weight,
    )


def _strategy_notes(models, estimator):
    """Display labels and notes: threshold strategies, strategies of another model family."""
    labels, notes = {}, {}
    for name, model in models.items():
        if is_threshold_strategy(model):
            notes[name] = "threshold"
        family = strategy_family(model, estimator)
        if family is not None:
            labels[name] = f"{name} ({family})"
            notes[name] = (
                f"built on {family}, not on your estimator ({type(estimator).__name__}): "
                "its difference from the baseline mixes the model family with the "
                "imbalance strategy."
            )
    return labels, notes


def _remedy(message):
    """What the user can do about the first failure of every strategy."""
    if "could not convert" in message or "string" in message.lower():
        return ("X has non-numeric columns: pass preprocessor=make_preprocessor(X), which "
                "one-hot encodes them (and imputes missing values).")
    if "infinity" in message or "too large" in message:
        return ("X holds infinite (or too large) values: replace them (for instance by "
                "missing values, which preprocessor=make_preprocessor(X) imputes).")
    if "NaN" in message:
        return ("X has missing values: pass preprocessor=make_preprocessor(X) to impute "
                "them, or use an estimator that accepts NaN.")
    return "Fit the baseline alone (estimator.fit(X, y)) to see the full traceback."


def _raise_if_all_failed(errors, names, results):
    """Raise when no strategy has a single score: the first failure and the remedy."""
    if results["score"].notna().any() or not errors:
        return
    name = next(n for n in names if n in errors)
    raise ValueError(
        f"every strategy failed on every fold; the first failure, strategy {name!r}: "
        f"{' '.join(errors[name].split())} Remedy: {_remedy(errors[name])}"
    )


def _blas_threads(X):
    """One BLAS thread for the fits on small data (restored afterwards).

    Each fit of a comparison is small; several BLAS threads on a small problem cost
    more in synchronisation than they gain, and on a busy machine a thread waiting for
    a core made a 3 ms logistic regression take 120 ms. Larger data keeps its threads.
    """
    from contextlib import nullcontext

    from threadpoolctl import threadpool_limits

    n_cells = np.prod(X.shape) if hasattr(X, "shape") else len(X)
    if n_cells > _SMALL_DATA_CELLS:
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _progress(verbose, message):
    """One line on stderr (visible even when stdout is piped)."""
    if verbose:
        print(message, file=sys.stderr, flush=True)


def _collect(outputs, names, n_folds, verbose):
    """Rows and first error per strategy; a progress line as each strategy finishes."""
    rows, errors, done, elapsed = [], {}, {}, time.perf_counter()
    for fold_rows, error in outputs:
        rows.extend(fold_rows)
        name = fold_rows[0]["strategy"]
        if error is not None:
            errors.setdefault(name, error)
        done[name] = done.get(name, 0) + 1
        if done[name] == n_folds:
            status = "failed on some folds" if name in errors else "done"
            now = time.perf_counter()
            _progress(verbose, f"[{len([d for d in done.values() if d == n_folds])}/"
                               f"{len(names)}] {name}: {n_folds} folds {status} "
                               f"({now - elapsed:.1f} s)")
            elapsed = now
    return rows, errors


def _data_summary(X, target, preprocessor, sample_weight):
    """Rows, features, classes, imbalance ratio and preprocessing, for the reports."""
    from ._strategies import describe_preprocessor

    counts = np.bincount(target.codes, minlength=target.labels.shape[0])
    values = X.data if issparse(X) else X
    missing = int(pd.isna(values).to_numpy().sum() if hasattr(values, "isna")
                  else pd.isna(np.asarray(values)).sum())
    return {
        "n_rows": int(target.codes.shape[0]),
        "n_features": int(X.shape[1]) if len(getattr(X, "shape", ())) > 1 else 0,
        "class_counts": {_plain(label): int(n) for label, n in zip(target.labels, counts)},
        "imbalance_ratio": float(counts.max() / counts.min()),
        "missing_cells": missing,
        "preprocessing": describe_preprocessor(preprocessor),
        "sample_weight": sample_weight is not None,
    }


def _compare_encoded(estimator, X, target, strategies, *, cv, scoring, preprocessor, n_jobs,
                     random_state, verbose, sample_weight=None):
    """:func:`compare_strategies` on a target already encoded by :func:`_encode_target`."""
    from joblib import Parallel, delayed

    y_encoded = target.codes
    n_classes = target.labels.shape[0]
    sample_weight = check_sample_weight(sample_weight, y_encoded.shape[0])
    scorers = _check_scoring(scoring)
    models = _check_strategies(strategies, estimator, random_state, preprocessor)
    splitter = _check_folds(cv, target, random_state)
    splits = list(splitter.split(np.zeros((len(y_encoded), 1)), y_encoded))
    tasks = [
        delayed(_fit_and_score)(name, model, X, y_encoded, fold, train, test, scorers,
                                n_classes, sample_weight)
        for name, model in models.items()
        for fold, (train, test) in enumerate(splits)
    ]
    _progress(verbose, f"comparing {len(models)} strategies x {len(splits)} folds on "
                       f"{len(y_encoded)} rows ...")
    with _blas_threads(X):
        outputs = Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
        rows, errors = _collect(outputs, list(models), len(splits), verbose)
    results = pd.DataFrame(rows, columns=["strategy", "fold", "metric", "score", "fit_time"])
    _raise_if_all_failed(errors, list(models), results)
    for name, error in errors.items():
        warnings.warn(f"strategy {name!r}: {error} (its scores there are NaN).", UserWarning,
                      stacklevel=3)
    labels, notes = _strategy_notes(models, estimator)
    return StrategyComparison(
        results, list(models), list(scorers), target.positive_label, models,
        classes=target.labels,
        lower_is_better=[m for m, s in scorers.items() if s is None and m in LOWER_IS_BETTER],
        labels=labels, notes=notes,
        data_summary=_data_summary(X, target, preprocessor, sample_weight),
    )
