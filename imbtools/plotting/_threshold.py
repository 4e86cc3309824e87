"""ThresholdDisplay: an objective against the decision threshold."""

from __future__ import annotations

import numpy as np

from ..metrics import count_scorer, threshold_curve
from ..metrics._curve import plateau_threshold

__all__ = ["ThresholdDisplay"]


class ThresholdDisplay:
    """Objective against the decision threshold, the chosen threshold and the fold spread.

    Build it with :meth:`from_estimator` (a fitted
    :class:`~imbtools.threshold.ThresholdCalibratedClassifier`) or
    :meth:`from_predictions` (labels and scores); both call :meth:`plot`. The curve is
    exact: one point per distinct score (see :func:`imbtools.metrics.threshold_curve`).

    Parameters
    ----------
    thresholds : ndarray of shape (n_thresholds,)
        Candidate thresholds, increasing.
    scores : ndarray of shape (n_thresholds,)
        Objective when samples with ``score >= threshold`` are predicted positive.
    best_threshold : float
        The chosen threshold.
    split_thresholds : ndarray of shape (n_splits,), default=None
        Each cross-validation fold's own best threshold (the spread across folds).
    score_name : str, default=None
        Label of the y axis.
    name : str, default=None
        Legend label of the curve.

    Attributes
    ----------
    line_ : matplotlib Line2D
    threshold_line_ : matplotlib Line2D
        The vertical line at ``best_threshold``.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.plotting import ThresholdDisplay
    >>> from imbtools.threshold import ThresholdCalibratedClassifier
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> clf = ThresholdCalibratedClassifier(LogisticRegression(), random_state=0).fit(X, y)
    >>> display = ThresholdDisplay.from_estimator(clf)
    >>> display.best_threshold == clf.best_threshold_
    True
    """

    def __init__(self, *, thresholds, scores, best_threshold, split_thresholds=None,
                 score_name=None, name=None):
        self.thresholds = np.asarray(thresholds)
        self.scores = np.asarray(scores)
        self.best_threshold = best_threshold
        self.split_thresholds = split_thresholds
        self.score_name = score_name
        self.name = name

    @classmethod
    def from_estimator(cls, estimator, X=None, y=None, *, sample_weight=None, name=None,
                       ax=None):
        """Plot a fitted binary :class:`~imbtools.threshold.ThresholdCalibratedClassifier`.

        Without ``X`` and ``y``: its mean cross-validation objective curve
        (``cv_results_``). With them: the objective of its fitted estimator on that data
        (e.g. a test set). Both show the chosen threshold and the folds' own thresholds.

        Parameters
        ----------
        estimator : ThresholdCalibratedClassifier
            Fitted on a binary target, with ``offsets='tune'`` unless ``X`` is given.
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features), \
default=None
        y : array-like of shape (n_samples,), default=None
        sample_weight : array-like of shape (n_samples,), default=None
        name : str, default=None
        ax : matplotlib Axes, default=None

        Returns
        -------
        display : ThresholdDisplay
        """
        if getattr(estimator, "best_threshold_", None) is None:
            raise ValueError(
                "estimator must be a ThresholdCalibratedClassifier fitted on a binary "
                "target (best_threshold_ is set); multi-class offsets have no threshold."
            )
        results = estimator.cv_results_ or {}
        score_name = (
            "minus expected cost" if estimator.cost_matrix is not None else str(estimator.scoring)
        )
        if X is None and y is None:
            if "thresholds" not in results:
                raise ValueError(
                    f"estimator was fitted with offsets={estimator.offsets!r}, which "
                    "searches nothing, so there is no cross-validation curve; pass X and y."
                )
            thresholds, scores = results["thresholds"], results["scores"]
        elif X is None or y is None:
            raise ValueError("Pass both X and y, or neither (to plot the CV curve).")
        else:
            if estimator.cost_matrix is not None or count_scorer(estimator.scoring) is None:
                raise ValueError(
                    f"scoring={estimator.scoring!r} is not computed from confusion counts; "
                    "only such scores can be plotted on new data."
                )
            keys = estimator.decision_function(X) + estimator.best_threshold_
            thresholds, scores = threshold_curve(
                y, keys, scoring=estimator.scoring, pos_label=estimator.classes_[1],
                sample_weight=sample_weight,
            )
        display = cls(
            thresholds=thresholds, scores=scores, best_threshold=estimator.best_threshold_,
            split_thresholds=results.get("split_thresholds"), score_name=score_name,
            name=name,
        )
        return display.plot(ax=ax)

    @classmethod
    def from_predictions(cls, y_true, y_score, *, scoring="f1", pos_label=None,
                         sample_weight=None, name=None, ax=None):
        """Plot the objective of thresholding ``y_score``; mark its best threshold.

        The best threshold is the middle of the best plateau of the curve, the rule
        :class:`~imbtools.threshold.ThresholdCalibratedClassifier` uses.

        Parameters
        ----------
        y_true : array-like of shape (n_samples,)
            Binary labels.
        y_score : array-like of shape (n_samples,)
        scoring : str or CountScorer, default='f1'
        pos_label : label, default=None
            Default: the greater label.
        sample_weight : array-like of shape (n_samples,), default=None
        name : str, default=None
        ax : matplotlib Axes, default=None

        Returns
        -------
        display : ThresholdDisplay
        """
        thresholds, scores = threshold_curve(y_true, y_score, scoring=scoring,
                                             pos_label=pos_label, sample_weight=sample_weight)
        keys = thresholds[::-1]
        values = np.concatenate([[-np.inf], scores[::-1]])  # no "predict nothing" row
        best, _, _ = plateau_threshold(keys, values)
        display = cls(thresholds=thresholds, scores=scores, best_threshold=best,
                      score_name=str(scoring), name=name)
        return display.plot(ax=ax)

    def plot(self, ax=None, *, name=None, line_kwargs=None):
        """Draw the curve, the chosen threshold and the range of fold thresholds.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            A new figure is created when None.
        name : str, default=None
            Legend label of the curve (default: ``self.name``).
        line_kwargs : dict, default=None
            Passed to ``ax.step`` for the curve.

        Returns
        -------
        display : ThresholdDisplay
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots()
        name = self.name if name is None else name
        kwargs = {"where": "pre", "label": name or "objective", **(line_kwargs or {})}
        (self.line_,) = ax.step(self.thresholds, self.scores, **kwargs)
        self.threshold_line_ = ax.axvline(self.best_threshold, color="k", linestyle="--",
                                          label=f"chosen threshold {self.best_threshold:.3g}")
        if self.split_thresholds is not None and len(self.split_thresholds):
            low, high = np.nanmin(self.split_thresholds), np.nanmax(self.split_thresholds)
            ax.axvspan(low, high, color="C1", alpha=0.15, label="fold thresholds (range)")
            ax.plot(self.split_thresholds, np.full(len(self.split_thresholds),
                                                   np.nanmin(self.scores)),
                    "|", color="C1", markersize=12)
        ax.set_xlabel("decision threshold")
        ax.set_ylabel(self.score_name or "score")
        ax.legend(loc="best")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self
