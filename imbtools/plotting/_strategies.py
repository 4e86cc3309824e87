"""StrategyComparisonDisplay: per-fold scores of the strategies of a comparison."""

from __future__ import annotations

import numpy as np

__all__ = ["StrategyComparisonDisplay"]


class StrategyComparisonDisplay:
    """Per-fold scores of each strategy: a box per strategy and one line per fold.

    Build it with :meth:`from_comparison` (a
    :class:`~imbtools.model_selection.StrategyComparison`), which calls :meth:`plot`.
    Every strategy is scored on the same folds, so each fold is drawn as one thin line
    through its scores: a line rising from the baseline (the first strategy) is a paired
    gain on that fold, whatever the spread between folds. The strategy with the best mean
    is labelled in the title and its box is drawn in a second colour.

    Parameters
    ----------
    scores : DataFrame of shape (n_folds, n_strategies)
        Score of each strategy (columns, in display order) on each fold (rows).
    metric : str
        Name of the score (y axis label).
    baseline : str, default=None
        The reference strategy; default: the first column.
    best : str, default=None
        Column to highlight; default: the best mean score.
    lower_is_better : bool, default=False
        The metric is a loss (e.g. the Brier score): the best mean is the lowest.
    labels : dict or None, default=None
        Tick label of a column, e.g. ``{"self_paced_ensemble":
        "self_paced_ensemble (trees)"}``; default: the column names.

    Attributes
    ----------
    boxes_ : dict
        What :meth:`matplotlib.axes.Axes.boxplot` returned.
    fold_lines_ : list of matplotlib Line2D
        One line (with markers) per fold through its scores, in fold order.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from imbtools.plotting import StrategyComparisonDisplay
    >>> scores = pd.DataFrame({"baseline": [0.5, 0.6, 0.55], "smote": [0.6, 0.65, 0.5]})
    >>> display = StrategyComparisonDisplay(scores=scores, metric="f1").plot()
    >>> len(display.fold_lines_), display.fold_lines_[0].get_ydata().tolist()
    (3, [0.5, 0.6])
    >>> display.best
    'smote'
    """

    def __init__(self, *, scores, metric, baseline=None, best=None, lower_is_better=False,
                 labels=None):
        self.scores = scores
        self.metric = metric
        self.baseline = baseline
        self.best = best
        self.lower_is_better = lower_is_better
        self.labels = labels

    @classmethod
    def from_comparison(cls, comparison, *, metric=None, ax=None):
        """Plot one metric of a :class:`~imbtools.model_selection.StrategyComparison`.

        Parameters
        ----------
        comparison : StrategyComparison
        metric : str, default=None
            One of ``comparison.metrics``; default: the first (the ranking metric).
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure.

        Returns
        -------
        display : StrategyComparisonDisplay
        """
        metric = comparison.metrics[0] if metric is None else metric
        if metric not in comparison.metrics:
            raise ValueError(
                f"metric={metric!r} is not a metric of this comparison; it has "
                f"{comparison.metrics!r}."
            )
        results = comparison.results[comparison.results["metric"] == metric]
        scores = results.pivot(index="fold", columns="strategy", values="score")
        scores = scores.reindex(columns=comparison.strategies)
        lower = metric in getattr(comparison, "lower_is_better", ())
        best = comparison.best_strategy if metric == comparison.metrics[0] else None
        return cls(scores=scores, metric=metric, baseline=comparison.baseline, best=best,
                   lower_is_better=lower, labels=getattr(comparison, "labels", None),
                   ).plot(ax=ax)

    def plot(self, ax=None):
        """Draw the boxes, the fold dots and the paired lines.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure.

        Returns
        -------
        self : StrategyComparisonDisplay
        """
        import matplotlib.pyplot as plt

        names = [str(name) for name in self.scores.columns]
        if not names:
            raise ValueError("scores has no strategy column to plot.")
        if self.baseline is None:
            self.baseline = names[0]
        means = self.scores.mean()
        if self.best is None:
            pick = means.idxmin if self.lower_is_better else means.idxmax
            self.best = str(pick()) if means.notna().any() else self.baseline
        if ax is None:
            _, ax = plt.subplots(figsize=(0.9 * len(names) + 2.5, 4))
        positions = np.arange(1, len(names) + 1)
        values = [self.scores[name].to_numpy(dtype=float) for name in self.scores.columns]
        self.boxes_ = ax.boxplot([v[~np.isnan(v)] for v in values], positions=positions,
                                 widths=0.5, showfliers=False)
        best_box = self.boxes_["boxes"][names.index(self.best)]
        best_box.set_color("C3")
        best_box.set_linewidth(2)
        self.fold_lines_ = []
        for fold, row in enumerate(self.scores.to_numpy(dtype=float)):
            (line,) = ax.plot(positions, row, "o-", color=f"C{fold % 10}", alpha=0.5,
                              linewidth=0.8, markersize=4, label=f"fold {fold}")
            self.fold_lines_.append(line)
        labels = [(self.labels or {}).get(name, name) for name in names]
        ax.set_xticks(positions, labels, rotation=30, ha="right")
        direction = " (lower is better)" if self.lower_is_better else ""
        ax.set_ylabel(f"{self.metric} per fold{direction}")
        ax.set_title(f"{self.metric}: best mean {labels[names.index(self.best)]} "
                     f"({means[self.best]:.3f})")
        from matplotlib.patches import Patch

        handles = [*self.fold_lines_, Patch(facecolor="none", edgecolor="C3", linewidth=2,
                                             label="best mean (box: spread over folds)")]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                  fontsize="small", frameon=False)
        self.ax_, self.figure_ = ax, ax.figure
        return self
