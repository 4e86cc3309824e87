"""Decision-threshold calibration: choose how scores become labels, by cross-validation.

Binary problems get an exact threshold search: every distinct out-of-fold score is a
candidate and a count-based objective is evaluated at all of them with one sort and
one Numba pass (:mod:`imbtools.metrics._curve`). Multi-class problems get per-class
additive offsets on the log-probabilities (logit adjustment), tuned by exact coordinate
ascent. How the folds are combined is explained in :mod:`imbtools.threshold._search`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from joblib import Parallel, delayed
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils import _safe_indexing, get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, has_fit_parameter

from ..utils._param_validation import HasMethods, Interval, StrOptions
from ..utils.validation import check_feature_matrix, check_sample_weight, check_target
from ._objective import resolve_constraint, resolve_objective
from ._search import (
    Fold,
    best_achievable,
    best_threshold,
    mean_score_at,
    search_binary,
    tune_offsets,
)

__all__ = ["ThresholdCalibratedClassifier"]

#: log-probabilities are clipped here so that a zero probability stays finite
_LOG_TINY = float(np.log(np.finfo(np.float64).tiny))


@dataclass(frozen=True)
class _Response:
    """How a fitted estimator's output becomes decision keys.

    Binary: 1-D scores, positive class ``classes[1]`` (probability or decision value).
    Multi-class: ``(n, n_classes)`` keys, predicted class ``argmax(keys + offsets)``:
    clipped log-probabilities, ``-proba @ cost_matrix`` (minus the expected cost of each
    decision) or decision values.
    """

    method: str
    classes: np.ndarray
    cost_matrix: np.ndarray | None = None

    def __call__(self, estimator, X):
        raw = np.asarray(getattr(estimator, self.method)(X), dtype=np.float64)
        n_classes = self.classes.shape[0]
        if n_classes == 2 and raw.ndim == 1:
            return raw
        columns = np.searchsorted(self.classes, estimator.classes_)
        fill = 0.0 if self.method == "predict_proba" else raw.min() - 1.0
        aligned = np.full((raw.shape[0], n_classes), fill)
        aligned[:, columns] = raw
        if n_classes == 2:
            return aligned[:, 1]
        if self.method == "decision_function":
            return aligned
        if self.cost_matrix is not None:
            return -(aligned @ self.cost_matrix)
        return np.log(np.clip(aligned, np.exp(_LOG_TINY), None))


def _fit_params_subset(fit_params, n_samples, indices):
    return {
        key: _safe_indexing(value, indices)
        if hasattr(value, "__len__") and not isinstance(value, str) and len(value) == n_samples
        else value
        for key, value in fit_params.items()
    }


def _fit_and_respond(estimator, X, y, train, test, fit_params, response, keep_model):
    """Fit a clone on ``train`` and return its keys on ``test`` (and the model if asked)."""
    n_samples = X.shape[0]
    model = clone(estimator).fit(
        _safe_indexing(X, train), _safe_indexing(y, train),
        **_fit_params_subset(fit_params, n_samples, train),
    )
    keys = None if test is None else response(model, _safe_indexing(X, test))
    return keys, model if keep_model else None


class ThresholdCalibratedClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Tune the decision rule of a classifier for an imbalance-aware objective.

    **Binary targets**: learns the threshold on the positive-class score
    (``predict_proba[:, 1]``, or ``decision_function``) that maximises ``scoring``,
    minimises the expected cost of ``cost_matrix``, subject to ``constraint``. Every
    distinct out-of-fold score is a candidate threshold; for count-based objectives
    the whole curve costs one sort and one pass of a Numba kernel (O(n log n), no grid).

    **Multi-class targets**: predicts ``argmax_k(log p_k(x) + offsets_[k])`` (logit
    adjustment, Menon et al. [1]_). ``offsets='prior'`` uses ``-log(prior_k)``, the
    zero-fit prior compensation; ``'tune'`` maximises the objective by coordinate
    ascent, each step an exact sweep over one class's offset. With a ``cost_matrix``
    the keys are ``-(p @ cost_matrix)`` instead: zero offsets give the Bayes decision
    ``argmin_k (p @ C)_k`` (optimal for calibrated probabilities), and ``'tune'``
    corrects it to minimise the empirical out-of-fold cost.

    Parameters
    ----------
    estimator : estimator instance
        Classifier with ``fit`` and ``predict_proba`` or ``decision_function`` (used in
        that order of preference). Cloned for each fit unless ``cv='prefit'``.
    scoring : str, CountScorer or callable, default='f1'
        Objective to maximise (ignored when ``cost_matrix`` is given):

        - a name in :data:`imbtools.metrics.COUNT_SCORE_NAMES` (``'f1'``,
          ``'balanced_accuracy'``, ``'matthews_corrcoef'``, ``'geometric_mean'``,
          ``'f1_macro'``, ``'specificity'``, ...) or a :class:`~imbtools.metrics.CountScorer`
          (e.g. ``CountScorer('fbeta', beta=2)``): computed from confusion counts, so
          optimised exactly over every candidate. On multi-class targets, binary
          averages (``'f1'``, ``'precision'``, ...) become macro averages.
        - another scikit-learn scorer name, or a scorer from ``make_scorer``, that scores
          predicted labels, or a callable ``score(y_true, y_pred)`` (greater is better;
          it receives ``sample_weight=`` when it accepts it and weights were given).
          These are evaluated one candidate at a time, so candidates are restricted to
          101 quantiles of the out-of-fold scores (an approximate optimum).
    cost_matrix : array-like of shape (n_classes, n_classes), default=None
        ``cost_matrix[i, j]`` is the cost of predicting ``classes_[j]`` for a sample of
        ``classes_[i]``. When given, the objective is minus the mean cost.
    constraint : tuple (name, target), default=None
        Binary only. Maximise the objective among thresholds where the constraint holds
        on **every** cross-validation fold: ``('recall', r)`` (recall >= r),
        ``('precision', p)``, ``('specificity', s)`` or ``('fpr', alpha)`` (false
        positive rate <= alpha: Neyman-Pearson classification [2]_). ``fit`` raises a
        ``ValueError`` naming the best reachable value when no threshold satisfies it.
    offsets : {'tune', 'prior'} or None, default='tune'
        ``'tune'``: search by cross-validation. ``'prior'``: the threshold (binary:
        positive-class probability >= its training prior) or offsets ``-log(prior)``
        that compensate the class priors, with no search. None: the plain decision rule
        (binary: probability 0.5, decision value 0, or the Bayes threshold of
        ``cost_matrix``; multi-class: zero offsets). The fixed rules fit the estimator
        once and need ``predict_proba`` (except None without a cost matrix).
    cv : int, cross-validation generator, iterable or 'prefit', default=5
        Integer: :class:`~sklearn.model_selection.StratifiedKFold` with shuffling
        (seeded by ``random_state``). ``'prefit'``: ``estimator`` is already fitted and
        the data passed to :meth:`fit` is a held-out set used only for the search.
    refit : bool, default=True
        Refit ``estimator`` on all of ``X`` after the search. False is only possible
        with a single train/validation split; its model is then kept.
    random_state : int, RandomState instance or None, default=None
        Seeds the fold shuffling when ``cv`` is an integer.
    n_jobs : int, default=None
        Number of jobs for the fold fits and the final refit (run together).

    Attributes
    ----------
    estimator_ : estimator instance
        The fitted estimator used by :meth:`predict`.
    classes_ : ndarray of shape (n_classes,)
        Class labels, sorted. The positive class of a binary problem is ``classes_[1]``.
    best_threshold_ : float or None
        Binary: a sample is predicted ``classes_[1]`` when its score is
        ``>= best_threshold_``. None for multi-class problems.
    offsets_ : ndarray of shape (n_classes,) or None
        Multi-class: per-class offsets added to the keys (centred). None for binary.
    best_score_ : float or None
        Mean over folds of the objective at the chosen decision rule (minus the mean
        cost with ``cost_matrix``). None for the fixed rules, which do not search.
    cv_results_ : dict or None
        Binary: ``thresholds`` (every candidate, increasing) and ``scores`` (mean
        objective over folds there), ``split_thresholds`` and ``split_best_scores``
        (each fold's own optimum), ``split_scores`` (each fold's objective at
        ``best_threshold_``) and, with a constraint, ``split_constraint_values``.
        Multi-class: ``split_scores`` at ``offsets_``, ``split_default_scores`` at
        zero offsets, and ``n_rounds`` of coordinate ascent. None for fixed rules.
    response_method_ : str
        ``'predict_proba'`` or ``'decision_function'``.
    n_features_in_ : int
        Number of features seen by ``estimator_`` (when it records it).

    See Also
    --------
    sklearn.model_selection.TunedThresholdClassifierCV : Binary threshold on a grid.
    imbtools.threshold.PriorCorrectedClassifier : Undo the prior shift of resampling.
    imbtools.plotting.ThresholdDisplay : Plot the objective against the threshold.

    Notes
    -----
    Folds are combined by maximising the mean of the per-fold objective curves, exactly,
    on the union of all folds' candidates, and taking the middle of the best plateau;
    see :mod:`imbtools.threshold._search` for why. ``sample_weight`` weights the
    confusion counts of the search and is passed to ``estimator.fit`` when it accepts
    it. :meth:`predict_proba` returns the estimator's probabilities unchanged; the
    calibrated rule is in :meth:`predict` and :meth:`decision_function`.

    References
    ----------
    .. [1] A. K. Menon, S. Jayasumana, A. S. Rawat, H. Jain, A. Veit and S. Kumar,
       "Long-tail learning via logit adjustment", ICLR 2021.
    .. [2] X. Tong, Y. Feng and J. J. Li, "Neyman-Pearson classification algorithms and
       NP receiver operating characteristics", Science Advances 4(2), 2018.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.threshold import ThresholdCalibratedClassifier
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> clf = ThresholdCalibratedClassifier(LogisticRegression(), random_state=0)
    >>> clf = clf.fit(X, y)
    >>> bool(0 < clf.best_threshold_ < 0.5)
    True
    >>> recall_first = ThresholdCalibratedClassifier(
    ...     LogisticRegression(), constraint=("recall", 0.9), random_state=0).fit(X, y)
    >>> bool(min(recall_first.cv_results_["split_constraint_values"]) >= 0.9)
    True
    """

    _parameter_constraints: dict = {
        "estimator": [
            HasMethods(["fit", "predict_proba"]),
            HasMethods(["fit", "decision_function"]),
        ],
        "scoring": [str, callable],
        "cost_matrix": ["array-like", None],
        "constraint": [tuple, list, None],
        "offsets": [StrOptions({"tune", "prior"}), None],
        "cv": ["cv_object", StrOptions({"prefit"})],
        "refit": ["boolean"],
        "random_state": ["random_state"],
        "n_jobs": [Interval(numbers.Integral, None, None, closed="neither"), None],
    }

    def __init__(
        self,
        estimator,
        *,
        scoring="f1",
        cost_matrix=None,
        constraint=None,
        offsets="tune",
        cv=5,
        refit=True,
        random_state=None,
        n_jobs=None,
    ):
        self.estimator = estimator
        self.scoring = scoring
        self.cost_matrix = cost_matrix
        self.constraint = constraint
        self.offsets = offsets
        self.cv = cv
        self.refit = refit
        self.random_state = random_state
        self.n_jobs = n_jobs

    # -- fitting ------------------------------------------------------------------------
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator and choose the decision rule.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Training data, passed to ``estimator`` as given (with ``cv='prefit'``: the
            held-out data of the search).
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the confusion counts; also passed to ``estimator.fit`` when its
            signature accepts ``sample_weight``.
        **fit_params : dict
            Passed to ``estimator.fit`` (per-sample arrays are split with the folds).

        Returns
        -------
        self : object
        """
        self._validate_params()
        X = check_feature_matrix(X, allow_nan=True, numeric=False)
        target = check_target(y, n_samples=X.shape[0])
        y = y if hasattr(y, "iloc") else np.asarray(y)  # the estimator gets y as given
        weights = check_sample_weight(sample_weight, X.shape[0])
        if weights is not None and has_fit_parameter(self.estimator, "sample_weight"):
            fit_params = {**fit_params, "sample_weight": weights}
        weights = np.ones(X.shape[0]) if weights is None else weights
        self.classes_ = target.classes
        n_classes = self.classes_.shape[0]
        objective = resolve_objective(self.scoring, self.cost_matrix, self.classes_)
        constraint = resolve_constraint(self.constraint, n_classes)
        response = self._response(objective)
        self.response_method_ = response.method
        self.best_threshold_ = self.offsets_ = self.best_score_ = self.cv_results_ = None
        if self.offsets != "tune":
            if constraint is not None:
                raise ValueError(
                    f"constraint={self.constraint!r} needs offsets='tune' (a search); got "
                    f"offsets={self.offsets!r}."
                )
            self.estimator_ = self._fit_whole(X, y, fit_params)
            self._set_fixed_rule(target, weights, objective)
            return self
        folds = self._fit_folds(X, y, target, weights, fit_params, response)
        if n_classes == 2:
            self._search_threshold(folds, objective, constraint)
        else:
            self._search_offsets(folds, objective, target, weights)
        return self

    def _response(self, objective):
        has_proba = hasattr(self.estimator, "predict_proba")
        multiclass = self.classes_.shape[0] > 2
        cost = objective.cost_matrix
        if self.offsets == "prior":
            needs_proba = "offsets='prior'"
        elif cost is not None and multiclass:
            needs_proba = "a cost_matrix on a multi-class target (expected costs p @ C)"
        elif cost is not None and self.offsets is None:
            needs_proba = "offsets=None with a cost_matrix (the Bayes threshold)"
        else:
            needs_proba = ""
        if needs_proba and not has_proba:
            raise ValueError(
                f"{type(self.estimator).__name__} has no predict_proba, which "
                f"{needs_proba} needs. Calibrate it first (e.g. "
                "sklearn.calibration.CalibratedClassifierCV) or use offsets='tune'."
            )
        method = "predict_proba" if has_proba else "decision_function"
        return _Response(method, self.classes_, cost if multiclass else None)

    def _fit_whole(self, X, y, fit_params):
        if self.cv == "prefit":
            check_is_fitted(self.estimator)
            return self.estimator
        return _fit_and_respond(self.estimator, X, y, np.arange(X.shape[0]), None,
                                fit_params, None, True)[1]

    def _fit_folds(self, X, y, target, weights, fit_params, response):
        """Fit the fold models (and the final one, in the same parallel batch)."""
        if self.cv == "prefit":
            check_is_fitted(self.estimator)
            self.estimator_ = self.estimator
            return [Fold(response(self.estimator, X), target.codes, weights)]
        if isinstance(self.cv, numbers.Integral):
            splitter = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
        else:
            splitter = check_cv(self.cv, target.codes, classifier=True)
        splits = list(splitter.split(np.zeros((X.shape[0], 1)), target.codes))
        if not self.refit and len(splits) != 1:
            raise ValueError(
                f"refit=False needs a single train/validation split, whose model is kept; "
                f"cv={self.cv!r} gives {len(splits)} splits. Use refit=True, or a splitter "
                "with one split (e.g. ShuffleSplit(n_splits=1))."
            )
        jobs = [(train, test, not self.refit) for train, test in splits]
        if self.refit:
            jobs.append((np.arange(X.shape[0]), None, True))
        results = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_and_respond)(self.estimator, X, y, train, test, fit_params,
                                      response, keep)
            for train, test, keep in jobs
        )
        self.estimator_ = results[-1][1]
        return [
            Fold(keys, target.codes[test], weights[test])
            for (keys, _), (_, test) in zip(results, splits)
        ]

    def _search_threshold(self, folds, objective, constraint):
        curves, result = search_binary(folds, objective, constraint)
        if constraint is not None and not np.isfinite(result.threshold):
            reachable = best_achievable(curves, constraint)
            raise ValueError(
                f"constraint={self.constraint!r} cannot be met on every one of the "
                f"{len(folds)} validation folds with a single threshold: the best "
                f"{constraint.name} reachable on all folds is {reachable:.4g}. Relax the "
                "target, use fewer folds (larger validation sets), or more data."
            )
        own = [best_threshold([curve], constraint) for curve in curves]
        self.best_threshold_ = result.threshold
        self.best_score_ = result.score
        self.cv_results_ = {
            "thresholds": result.union_keys[::-1].copy(),
            "scores": result.mean_values[1:][::-1].copy(),
            "split_thresholds": np.array([r.threshold for r in own]),
            "split_best_scores": np.array([r.score for r in own]),
            "split_scores": result.fold_scores,
        }
        if constraint is not None:
            self.cv_results_["split_constraint_values"] = result.fold_constraint_values

    def _search_offsets(self, folds, objective, target, weights):
        n_classes = self.classes_.shape[0]
        starts = [np.zeros(n_classes)]
        if objective.cost_matrix is None:
            starts.append(-np.log(self._class_priors(target, weights)))
        start = max(starts, key=lambda s: mean_score_at(folds, objective, s).mean())
        offsets, score, n_rounds = tune_offsets(folds, objective, start)
        self.offsets_ = offsets
        self.best_score_ = score
        self.cv_results_ = {
            "split_scores": mean_score_at(folds, objective, offsets),
            "split_default_scores": mean_score_at(folds, objective, np.zeros(n_classes)),
            "n_rounds": n_rounds,
        }

    def _class_priors(self, target, weights):
        counts = np.bincount(target.codes, weights=weights, minlength=self.classes_.size)
        return np.clip(counts / counts.sum(), np.finfo(np.float64).tiny, None)

    def _set_fixed_rule(self, target, weights, objective):
        if self.offsets == "prior" and objective.cost_matrix is not None:
            raise ValueError(
                "offsets='prior' compensates class priors and cannot be combined with "
                "cost_matrix; use offsets=None (Bayes decision) or 'tune'."
            )
        priors = self._class_priors(target, weights)
        if self.classes_.shape[0] > 2:
            use_prior = self.offsets == "prior"
            self.offsets_ = -np.log(priors) if use_prior else np.zeros(priors.shape[0])
            self.offsets_ -= self.offsets_.mean()
            return
        if self.offsets == "prior":
            self.best_threshold_ = float(priors[1])
        elif objective.cost_matrix is not None:
            cost = objective.cost_matrix
            gain_negative, gain_positive = cost[0, 1] - cost[0, 0], cost[1, 0] - cost[1, 1]
            if gain_negative + gain_positive <= 0:
                raise ValueError(
                    f"cost_matrix={cost.tolist()} makes errors no costlier than correct "
                    "decisions, so the Bayes threshold is undefined; use offsets='tune'."
                )
            self.best_threshold_ = float(gain_negative / (gain_negative + gain_positive))
        else:
            self.best_threshold_ = 0.5 if self.response_method_ == "predict_proba" else 0.0

    # -- prediction -----------------------------------------------------------------------
    def decision_function(self, X):
        """Calibrated decision values.

        Binary: ``score - best_threshold_`` (positive means ``classes_[1]``). Multi-class:
        the adjusted keys ``(n_samples, n_classes)``, whose argmax is the prediction.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        decision : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        check_is_fitted(self, "classes_")
        cost = self.cost_matrix if self.classes_.shape[0] > 2 else None
        cost = None if cost is None else np.asarray(cost, dtype=np.float64)
        keys = _Response(self.response_method_, self.classes_, cost)(self.estimator_, X)
        if self.classes_.shape[0] == 2:
            return keys - self.best_threshold_
        return keys + self.offsets_

    def predict(self, X):
        """Predict class labels with the calibrated rule.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        decision = self.decision_function(X)
        if decision.ndim == 1:
            return self.classes_[(decision >= 0).astype(np.intp)]
        return self.classes_[np.argmax(decision, axis=1)]

    def _estimator_has_proba(self):
        return hasattr(self.estimator_ if hasattr(self, "estimator_") else self.estimator,
                       "predict_proba")

    @available_if(_estimator_has_proba)
    def predict_proba(self, X):
        """The estimator's class probabilities, unchanged (columns in ``classes_`` order)."""
        check_is_fitted(self, "classes_")
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has_proba)
    def predict_log_proba(self, X):
        """The estimator's log-probabilities, unchanged."""
        check_is_fitted(self, "classes_")
        return np.log(self.predict_proba(X))

    @property
    def n_features_in_(self):
        """Number of features seen by ``estimator_`` during fit."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.n_features_in_

    @property
    def feature_names_in_(self):
        """Feature names seen by ``estimator_`` during fit (when it records them)."""
        check_is_fitted(self, "estimator_")
        return self.estimator_.feature_names_in_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        tags.classifier_tags.multi_class = True
        return tags
