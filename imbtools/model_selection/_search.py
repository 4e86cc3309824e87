"""StrategySearchCV: pick the best imbalance strategy by cross-validation, then refit it."""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.exceptions import DataConversionWarning
from sklearn.utils import get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._param_validation import HasMethods, StrOptions
from ..utils.validation import check_feature_matrix, check_sample_weight
from ._compare import _compare_encoded, _encode_target, _fit_strategy

__all__ = ["StrategySearchCV"]


def _best_has(method):
    def check(search):
        if hasattr(search, "best_estimator_"):
            return hasattr(search.best_estimator_, method)
        return True

    return check


def _as_label_vector(y):
    """``y`` unchanged, or a column vector raveled with scikit-learn's usual warning."""
    if y is None or sparse.issparse(y):
        return y
    values = y if isinstance(y, pd.DataFrame) else np.asarray(y)
    if values.ndim == 2 and values.shape[1] == 1:
        warnings.warn(
            "A column-vector y was passed when a 1d array was expected. Please change the "
            "shape of y to (n_samples,), for example using ravel().",
            DataConversionWarning, stacklevel=3,
        )
        return values.iloc[:, 0] if isinstance(values, pd.DataFrame) else values[:, 0]
    return y


def _check_two_dimensional(X):
    """Reject a 1-D ``X`` with the fix for both readings (one feature, one sample)."""
    if sparse.issparse(X) or hasattr(X, "iloc"):
        return
    n_dims = np.asarray(X).ndim
    if n_dims != 2:
        raise ValueError(
            f"X must be a 2-D array of shape (n_samples, n_features); got {n_dims} "
            "dimension(s). Reshape your data: X.reshape(-1, 1) for a single feature, "
            "X.reshape(1, -1) for a single sample."
        )


class StrategySearchCV(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Choose an imbalance strategy by cross-validation and refit it on all the data.

    ``fit`` runs the comparison of :func:`compare_strategies` (every strategy on the
    same folds), keeps the strategy with the best mean of the first metric of
    ``scoring`` and refits it on the whole training set, so that cross-validating a
    ``StrategySearchCV`` (e.g. ``cross_val_score``) is an honest nested estimate of
    "pick the best strategy". Binary and multi-class targets are supported; the
    metrics mean what they mean in :func:`compare_strategies` (binary: of the positive
    class, by default the minority; multi-class: macro averages). Predictions are
    returned in the original labels.

    Parameters
    ----------
    estimator : classifier
        The model the strategies are built around.
    strategies : 'default' or dict, default='default'
        As in :func:`compare_strategies`: :func:`default_strategies`, or
        ``{name: estimator or sampler}``.
    scoring : str, sequence of str or dict, default='f1'
        Metric(s) as in :func:`compare_strategies`; the first one selects the strategy.
    cv : int, cross-validation splitter or iterable, default=5
        Inner folds of the comparison. An int gives a shuffled ``StratifiedKFold``
        (seeded by ``random_state``): every class of ``y`` needs at least ``cv``
        samples, otherwise ``fit`` raises a ``ValueError`` naming the class.
    preprocessor : transformer or None, default=None
        Placed first in every strategy (e.g. :func:`make_preprocessor`). Without it,
        ``X`` must be numeric, finite unless ``estimator`` accepts NaN, and sparse only
        if ``estimator`` accepts sparse input. With it, ``X`` is handed to the
        preprocessor as given (only its shape is checked here), so it may hold
        categorical columns and missing values.
    pos_label : label or None, default=None
        Binary targets only: the class scored as positive; None means the minority
        class. Must be None for multi-class targets.
    n_jobs : int or None, default=None
        Parallel (strategy, fold) fits with joblib; None means 1.
    random_state : int, RandomState instance or None, default=None
        Seeds the fold shuffling and the default strategies.
    verbose : int, default=0
        ``> 0`` prints one progress line per strategy on stderr.

    Attributes
    ----------
    comparison_ : StrategyComparison
        The full cross-validated comparison.
    best_strategy_ : str
        Name of the chosen strategy.
    best_score_ : float
        Its mean cross-validated score of the first metric.
    best_estimator_ : estimator
        The chosen strategy refitted on all of ``X``, trained on encoded labels: binary
        ``y`` as 0/1 (1 for the positive class), multi-class ``y`` as ``0 .. k - 1`` in
        the order of ``classes_``.
    classes_ : ndarray of shape (n_classes,)
        The labels, sorted (scikit-learn's convention): the columns of
        ``predict_proba`` and, for more than two classes, of ``decision_function``; a
        binary ``decision_function`` is positive for ``classes_[1]``.
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names of ``X``, when it was a DataFrame with string column names.

    See Also
    --------
    compare_strategies : The comparison ``fit`` runs, as a report.
    sklearn.model_selection.GridSearchCV : The same idea over hyper-parameters.

    Notes
    -----
    The outputs are those of the refitted strategy. When it tunes a decision rule
    (the threshold strategies), :meth:`predict` applies the tuned rule while
    :meth:`predict_proba` keeps the wrapped model's probabilities, so the most
    probable class may differ from the prediction. A strategy that fails on a fold gets
    NaN scores there (with a ``UserWarning``) and is ranked by its mean over the other
    folds; when every strategy fails everywhere, ``fit`` raises a ``ValueError``
    with the first failure and the remedy.

    References
    ----------
    .. [1] M. Abdelhamid and A. Desai, "Balancing the Scales: A Comprehensive Study on
       Tackling Class Imbalance in Binary Classification", arXiv:2409.19751, 2024
       (the best strategy varies from dataset to dataset, hence the search).
    .. [2] G. C. Cawley and N. L. C. Talbot, "On Over-fitting in Model Selection and
       Subsequent Selection Bias in Performance Evaluation", JMLR 11:2079-2107, 2010 (why the
       selection must be cross-validated as a whole: nested cross-validation).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import cross_val_score
    >>> from sklearn.preprocessing import StandardScaler
    >>> from imbtools.datasets import load_imbalanced_breast_cancer
    >>> from imbtools.model_selection import StrategySearchCV
    >>> from imbtools.under_sampling import RandomUnderSampler
    >>> X, y = load_imbalanced_breast_cancer()
    >>> search = StrategySearchCV(
    ...     LogisticRegression(),
    ...     strategies={"baseline": LogisticRegression(),
    ...                 "under": RandomUnderSampler(random_state=0)},
    ...     scoring="recall", cv=3, preprocessor=StandardScaler(), random_state=0)
    >>> search.fit(X, y).best_strategy_ in ("baseline", "under")
    True
    >>> search.predict(X[:3]).shape, search.predict_proba(X[:3]).shape
    ((3,), (3, 2))

    Cross-validating the search is a nested estimate of "pick the best strategy":

    >>> cross_val_score(search, X, y, cv=3, scoring="f1").shape
    (3,)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"])],
        "strategies": [StrOptions({"default"}), dict],
        "scoring": [str, list, tuple, dict],
        "cv": ["cv_object"],
        "preprocessor": [HasMethods(["fit", "transform"]), None],
        "pos_label": "no_validation",
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(self, estimator, strategies="default", *, scoring="f1", cv=5,
                 preprocessor=None, pos_label=None, n_jobs=None, random_state=None,
                 verbose=0):
        self.estimator = estimator
        self.strategies = strategies
        self.scoring = scoring
        self.cv = cv
        self.preprocessor = preprocessor
        self.pos_label = pos_label
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        if self.preprocessor is None:
            first = get_tags(self.estimator).input_tags
            tags.input_tags.allow_nan = first.allow_nan
            tags.input_tags.sparse = first.sparse
        else:  # X goes to the preprocessor unchecked (make_preprocessor imputes)
            tags.input_tags.allow_nan = True
            tags.input_tags.sparse = get_tags(self.preprocessor).input_tags.sparse
        return tags

    def _check_features(self, X, *, reset):
        """``X`` as the strategies receive it; records or checks the feature count and names.

        DataFrames are passed on as they are (after the checks), so that column names
        reach the preprocessor and the estimator.
        """
        input_tags = self.__sklearn_tags__().input_tags
        _check_two_dimensional(X)
        if self.preprocessor is None:
            try:
                checked = check_feature_matrix(
                    X, allow_nan=input_tags.allow_nan, accept_sparse=input_tags.sparse
                )
            except TypeError as exc:
                raise TypeError(
                    f"{exc} (StrategySearchCV: without a preprocessor, X must be numeric; "
                    "pass preprocessor=make_preprocessor(X) to impute and encode it.)"
                ) from None
        else:
            checked = check_feature_matrix(X, accept_sparse=input_tags.sparse, numeric=False,
                                           finite=False)
        as_given = isinstance(X, pd.DataFrame)
        validate_data(self, X=X if as_given else checked, reset=reset, skip_check_array=True)
        return X if as_given else checked

    def fit(self, X, y, sample_weight=None):
        """Compare the strategies on ``X, y`` and refit the best one on all of it.

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Class labels, two or more classes.
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to every strategy's ``fit`` and used to weight the comparison's
            metrics (see :func:`compare_strategies`), then to the refit.

        Returns
        -------
        self : StrategySearchCV
        """
        self._validate_params()
        X = self._check_features(X, reset=True)
        target = _encode_target(_as_label_vector(y), self.pos_label, n_samples=X.shape[0])
        self.comparison_ = _compare_encoded(
            self.estimator, X, target, self.strategies, cv=self.cv, scoring=self.scoring,
            preprocessor=self.preprocessor, n_jobs=self.n_jobs,
            random_state=self.random_state, verbose=self.verbose, sample_weight=sample_weight,
        )
        self.best_strategy_ = self.comparison_.best_strategy
        metric = self.comparison_.metrics[0]
        self.best_score_ = float(self.comparison_.summary.loc[self.best_strategy_,
                                                              f"{metric}_mean"])
        best = self.comparison_.estimators[self.best_strategy_]
        weights = check_sample_weight(sample_weight, X.shape[0])
        self.best_estimator_ = _fit_strategy(clone(best), X, target.codes, weights)
        # classes_ sorted as in scikit-learn; output columns and signs follow it
        self.classes_ = target.classes
        self._labels_by_code = target.labels
        self._class_codes = target.class_codes
        return self

    def predict(self, X):
        """Labels predicted by the refitted strategy, in the original labels of ``y``.

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "best_estimator_")
        codes = np.asarray(self.best_estimator_.predict(self._check_features(X, reset=False)))
        return self._labels_by_code[codes.astype(np.intp)]

    @available_if(_best_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the refitted strategy.

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        check_is_fitted(self, "best_estimator_")
        proba = self.best_estimator_.predict_proba(self._check_features(X, reset=False))
        return proba[:, self._class_codes]

    @available_if(_best_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Logarithm of the class probabilities of the refitted strategy.

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        check_is_fitted(self, "best_estimator_")
        log_proba = self.best_estimator_.predict_log_proba(self._check_features(X,
                                                                                reset=False))
        return log_proba[:, self._class_codes]

    @available_if(_best_has("decision_function"))
    def decision_function(self, X):
        """Decision values of the refitted strategy.

        Parameters
        ----------
        X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Two classes: positive for ``classes_[1]``. More: columns in the order of
            ``classes_``.
        """
        check_is_fitted(self, "best_estimator_")
        decision = self.best_estimator_.decision_function(self._check_features(X,
                                                                               reset=False))
        if decision.ndim == 1:
            return decision if self._class_codes[1] == 1 else -decision
        return decision[:, self._class_codes]
