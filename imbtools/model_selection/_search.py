"""StrategySearchCV: pick the best imbalance strategy by cross-validation, then refit it."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._compare import compare_strategies

__all__ = ["StrategySearchCV"]


def _best_has(method):
    def check(search):
        if hasattr(search, "best_estimator_"):
            return hasattr(search.best_estimator_, method)
        return True

    return check


class StrategySearchCV(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Choose an imbalance strategy by cross-validation and refit it on all the data.

    ``fit`` runs :func:`compare_strategies` (every strategy on the same folds), keeps
    the strategy with the best mean of the first metric of ``scoring`` and refits it on
    the whole training set. Binary targets only; as in :func:`compare_strategies`, the
    positive class (default: the minority) is scored as positive, and predictions are
    returned in the original labels.

    Parameters
    ----------
    estimator : classifier
        The model the strategies are built around.
    strategies : 'default' or dict, default='default'
        As in :func:`compare_strategies`.
    scoring : str or sequence of str, default='f1'
        Metric(s) as in :func:`compare_strategies`; the first one selects the strategy.
    cv : int or cross-validation splitter, default=5
    preprocessor : transformer or None, default=None
        Placed first in every strategy (e.g. :func:`make_preprocessor`).
    pos_label : label or None, default=None
        The positive class; None means the minority class.
    n_jobs : int or None, default=None
    random_state : int or None, default=None
    verbose : int, default=0

    Attributes
    ----------
    comparison_ : StrategyComparison
        The full cross-validated comparison.
    best_strategy_ : str
        Name of the chosen strategy.
    best_score_ : float
        Its mean cross-validated score of the first metric.
    best_estimator_ : estimator
        The chosen strategy refitted on all of ``X`` (trained on ``y`` encoded as 0/1,
        1 for the positive class).
    classes_ : ndarray of shape (2,)
        The two labels, sorted (scikit-learn's convention): the columns of
        ``predict_proba``; ``decision_function`` is positive for ``classes_[1]``.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.datasets import load_imbalanced_breast_cancer
    >>> from imbtools.model_selection import StrategySearchCV
    >>> from imbtools.under_sampling import RandomUnderSampler
    >>> X, y = load_imbalanced_breast_cancer()
    >>> search = StrategySearchCV(
    ...     LogisticRegression(max_iter=5000),
    ...     strategies={"baseline": LogisticRegression(max_iter=5000),
    ...                 "under": RandomUnderSampler(random_state=0)},
    ...     scoring="recall", cv=3, random_state=0).fit(X, y)
    >>> search.best_strategy_ in ("baseline", "under"), search.predict(X[:3]).shape
    (True, (3,))
    """

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

    def fit(self, X, y):
        """Compare the strategies on ``X, y`` and refit the best one on all of it.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
            Binary target.

        Returns
        -------
        self : StrategySearchCV
        """
        from ._compare import _encode_binary

        y_encoded, positive, negative = _encode_binary(y, self.pos_label)
        self.comparison_ = compare_strategies(
            self.estimator, X, y, self.strategies, cv=self.cv, scoring=self.scoring,
            preprocessor=self.preprocessor, pos_label=self.pos_label, n_jobs=self.n_jobs,
            random_state=self.random_state, verbose=self.verbose,
        )
        self.best_strategy_ = self.comparison_.best_strategy
        metric = self.comparison_.metrics[0]
        self.best_score_ = float(self.comparison_.summary.loc[self.best_strategy_,
                                                              f"{metric}_mean"])
        best = self.comparison_.estimators[self.best_strategy_]
        self.best_estimator_ = clone(best).fit(X, y_encoded)
        # scikit-learn's convention: classes_ sorted, columns and decision signs follow it
        self.classes_ = np.sort(np.array([negative, positive], dtype=np.asarray(y).dtype))
        self._positive_is_last = bool(self.classes_[1] == positive)
        return self

    def predict(self, X):
        """Predicted labels (original labels of ``y``) of the refitted strategy."""
        check_is_fitted(self, "best_estimator_")
        is_positive = np.asarray(self.best_estimator_.predict(X), dtype=int) == 1
        return self.classes_[(is_positive == self._positive_is_last).astype(int)]

    @available_if(_best_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities, columns in the order of ``classes_``."""
        check_is_fitted(self, "best_estimator_")
        proba = self.best_estimator_.predict_proba(X)
        return proba if self._positive_is_last else proba[:, ::-1]

    @available_if(_best_has("decision_function"))
    def decision_function(self, X):
        """Decision values of the refitted strategy (positive for ``classes_[1]``)."""
        check_is_fitted(self, "best_estimator_")
        decision = self.best_estimator_.decision_function(X)
        return decision if self._positive_is_last else -decision
