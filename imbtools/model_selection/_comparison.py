"""StrategyComparison: per-fold scores, summary, ranking with ties, paired test, tables."""

from __future__ import annotations

import textwrap
import warnings
from html import escape

import numpy as np
import pandas as pd

__all__ = ["StrategyComparison"]

_TIE = 1e-12  # two scores closer than this are equal
_RANKING_METRICS = ("average_precision", "roc_auc", "brier")
_SHORT = {"average_precision": "AP", "roc_auc": "ROC AUC", "balanced_accuracy": "bal_acc"}


def _paired_test(differences):
    """Two-sided Wilcoxon signed-rank p-value; 1.0 when every difference is zero."""
    from scipy.stats import wilcoxon

    differences = differences[~np.isnan(differences)]
    if differences.size == 0:
        return np.nan
    if np.all(np.abs(differences) <= _TIE):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(wilcoxon(differences).pvalue)


def _format_p(p_value):
    return "–" if np.isnan(p_value) else f"{p_value:.2f}" if p_value >= 0.01 else "<0.01"


class StrategyComparison:
    """Per-fold scores of several strategies, summaries and a paired test vs baseline.

    Built by :func:`compare_strategies`; not meant to be created directly.

    Parameters
    ----------
    results : DataFrame
        Columns ``strategy, fold, metric, score, fit_time``; one row per strategy, fold
        and metric.
    strategies : list of str
        Strategy names in order; the first is the baseline.
    metrics : list of str
        Metric names in order; the first ranks the strategies.
    positive_label : label or None
        The class scored as positive; None for a multi-class target.
    estimators : dict, default=None
        The unfitted strategy estimators, by name.
    classes : ndarray or None, default=None
        The original label of each code the strategies were trained on: binary
        ``[negative, positive]``, multi-class the sorted labels.
    lower_is_better : collection of str, default=()
        Metrics that are losses (``'brier'`` in :func:`compare_strategies`).
    labels : dict or None, default=None
        Display name of a strategy, e.g. ``{"self_paced_ensemble":
        "self_paced_ensemble (trees)"}`` for a strategy built on another model family.
    notes : dict or None, default=None
        ``{strategy: kind}``; kind ``"threshold"`` marks a strategy that only moves the
        decision threshold of the model it wraps, ``"family"`` one built on another model
        family than the user's estimator (the value of ``family_note``).
    data_summary : dict or None, default=None
        What the reports say about the data (rows, classes, preprocessing).

    Attributes
    ----------
    results : DataFrame
        The tidy per-fold scores.
    summary : DataFrame
        One row per strategy (index: strategy names, in order), columns
        ``<metric>_mean`` and ``<metric>_std`` (population std over folds).
    paired : DataFrame
        Index ``(strategy, metric)`` for every strategy but the baseline; columns
        ``wins``, ``ties``, ``losses`` (folds where the strategy scores better than,
        equal to, worse than the baseline; "better" is lower for a loss; NaN folds are
        not counted), ``mean_difference`` and ``p_value``: two-sided Wilcoxon
        signed-rank test of the per-fold differences (``scipy.stats.wilcoxon``; with 5
        folds the smallest reachable p-value is 0.0625, so read it as a rough guide; 1.0
        when all differences are zero).
    ranks : Series
        Rank of each strategy by the mean of the first metric (1 is best; equal means
        share a rank).
    best_strategy : str
        The strategy with the best mean of the first metric (the first listed among
        ties).
    tied_with_best : list of str
        The other strategies whose mean equals the best one's.

    Examples
    --------
    >>> import pandas as pd
    >>> from imbtools.model_selection import StrategyComparison
    >>> results = pd.DataFrame({"strategy": ["a", "a", "b", "b"], "fold": [0, 1, 0, 1],
    ...                         "metric": "f1", "score": [0.5, 0.6, 0.7, 0.6]})
    >>> comparison = StrategyComparison(results, ["a", "b"], ["f1"], positive_label=1)
    >>> comparison.best_strategy, comparison.ranks.tolist()
    ('b', [2, 1])
    >>> print(comparison.to_markdown(title="Churn", plots=False))
    # Churn
    <BLANKLINE>
    | rank | strategy | f1 | W/T/L folds | p |
    | --- | --- | --- | --- | --- |
    | 2 | a | 0.550 ± 0.050 | baseline |  |
    | 1 | b | 0.650 ± 0.050 | 1/1/0 | ... |
    <BLANKLINE>
    Best by f1: **b**.
    <BLANKLINE>
    W/T/L: folds (of 2) where the strategy scores better than, equal to, worse than a on f1;
    p: two-sided paired Wilcoxon signed-rank test over those folds (few folds: a rough
    guide).
    <BLANKLINE>
    """

    def __init__(self, results, strategies, metrics, positive_label, estimators=None,
                 classes=None, *, lower_is_better=(), labels=None, notes=None,
                 data_summary=None):
        self.results = results
        self.strategies = list(strategies)
        self.metrics = list(metrics)
        self.positive_label = positive_label
        self.estimators = estimators
        self.classes = classes
        self.lower_is_better = frozenset(lower_is_better)
        self.labels = {name: (labels or {}).get(name, name) for name in self.strategies}
        self.notes = dict(notes or {})
        self.data_summary = dict(data_summary or {})
        self.baseline = self.strategies[0]
        self.summary = self._summarise()
        self.paired = self._compare_with_baseline()
        self.ranks = self._rank(self.metrics[0])
        valid = self.ranks.dropna()
        self.best_strategy = str(valid.idxmin()) if len(valid) else self.baseline
        self.tied_with_best = [name for name in valid.index
                               if name != self.best_strategy and valid[name] == 1]

    # ------------------------------------------------------------------ numbers
    def _sign(self, metric):
        """+1 when greater is better, -1 for a loss."""
        return -1.0 if metric in self.lower_is_better else 1.0

    def _scores(self, metric):
        """DataFrame fold x strategy of one metric."""
        table = self.results[self.results["metric"] == metric].pivot(
            index="fold", columns="strategy", values="score"
        )
        return table.reindex(columns=self.strategies)

    def _summarise(self):
        columns = {}
        for metric in self.metrics:
            scores = self._scores(metric)
            columns[f"{metric}_mean"] = scores.mean()
            columns[f"{metric}_std"] = scores.std(ddof=0)
        summary = pd.DataFrame(columns).reindex(self.strategies)
        summary.index.name = "strategy"
        return summary

    def _rank(self, metric):
        """1 + the number of strategies with a strictly better mean; NaN means unranked."""
        goodness = self._sign(metric) * self.summary[f"{metric}_mean"].to_numpy(dtype=float)
        ranks = [np.nan if np.isnan(g) else 1 + int(np.sum(goodness > g + _TIE))
                 for g in goodness]
        return pd.Series(ranks, index=self.strategies, name="rank", dtype=object)

    def _compare_with_baseline(self):
        records = []
        for metric in self.metrics:
            scores = self._scores(metric)
            for name in self.strategies[1:]:
                differences = (scores[name] - scores[self.baseline]).to_numpy(dtype=float)
                valid = self._sign(metric) * differences[~np.isnan(differences)]
                ties = np.abs(valid) <= _TIE
                records.append({
                    "strategy": name, "metric": metric,
                    "wins": int(np.sum((valid > 0) & ~ties)), "ties": int(np.sum(ties)),
                    "losses": int(np.sum((valid < 0) & ~ties)),
                    "mean_difference": float(np.nanmean(differences)) if valid.size else np.nan,
                    "p_value": _paired_test(differences),
                })
        columns = ["strategy", "metric", "wins", "ties", "losses", "mean_difference", "p_value"]
        return pd.DataFrame.from_records(records, columns=columns).set_index(
            ["strategy", "metric"])

    def _same_ranking_scores(self, name):
        """Another strategy whose per-fold ranking metrics equal ``name``'s, or None."""
        metrics = [m for m in _RANKING_METRICS if m in self.metrics]
        if not metrics:
            return None
        mine = np.column_stack([self._scores(m)[name].to_numpy(float) for m in metrics])
        for other in self.strategies:
            if other == name or self.notes.get(other) == "threshold":
                continue
            theirs = np.column_stack([self._scores(m)[other].to_numpy(float) for m in metrics])
            if np.allclose(mine, theirs, rtol=0, atol=1e-12, equal_nan=False):
                return other
        return None

    # ------------------------------------------------------------------ text
    def _metric_header(self, metric, short=False):
        name = _SHORT.get(metric, metric) if short else metric
        return f"{name} ↓" if metric in self.lower_is_better else name

    def _cell(self, name, metric, with_std=True):
        mean = self.summary.loc[name, f"{metric}_mean"]
        if np.isnan(mean):
            return "–"
        if not with_std:
            return f"{mean:.3f}"
        return f"{mean:.3f} ± {self.summary.loc[name, f'{metric}_std']:.3f}"

    def _display_name(self, name):
        return self.labels[name] + ("*" if self.notes.get(name) == "threshold" else "")

    def _rank_cell(self, name):
        rank = self.ranks[name]
        if pd.isna(rank):
            return "–"
        shared = int(np.sum([r == rank for r in self.ranks.dropna()])) > 1
        return f"{int(rank)}{'=' if shared else ''}"

    def _table(self, wide=True):
        """Header and rows: rank, strategy, metrics, W/T/L and p on the first metric.

        ``wide``: every metric as ``mean ± std``. Otherwise the ranking metric as
        ``mean ± std`` and at most three ranking metrics (AP, ROC AUC, Brier) as means.
        """
        first = self.metrics[0]
        if wide:
            shown = [(m, True) for m in self.metrics]
        else:
            extra = [m for m in _RANKING_METRICS if m in self.metrics[1:]]
            shown = [(first, True)] + [(m, False) for m in extra]
        header = ["rank", "strategy", *(self._metric_header(m, not wide) for m, _ in shown),
                  "W/T/L folds", "p"]
        rows = []
        for name in self.strategies:
            cells = [self._cell(name, m, std) for m, std in shown]
            if name == self.baseline:
                record, p_value = "baseline", ""
            else:
                counts = self.paired.loc[(name, first)]
                record = "/".join(str(int(counts[key])) for key in ("wins", "ties", "losses"))
                p_value = _format_p(counts["p_value"])
            rows.append([self._rank_cell(name), self._display_name(name), *cells, record,
                         p_value])
        return header, rows

    def best_sentence(self):
        """``"Best by f1: smote (tied with smote_threshold)."``, as plain text."""
        first = self.metrics[0]
        best = self.labels[self.best_strategy]
        sentence = f"Best by {first}: {best}"
        if self.tied_with_best:
            others = ", ".join(self.labels[name] for name in self.tied_with_best)
            sentence += f" (tied with {others}: same mean {first})"
        if self.ranks.dropna().empty:
            sentence = f"No strategy has a {first} score (every fit failed)"
        return sentence + "."

    def footnotes(self):
        """Plain-text notes that explain the table (list of str, one per note)."""
        first, n_folds = self.metrics[0], self.results["fold"].nunique()
        notes = []
        if len(self.strategies) > 1:
            notes.append(
                f"W/T/L: folds (of {n_folds}) where the strategy scores better than, equal "
                f"to, worse than {self.labels[self.baseline]} on {first}; p: two-sided paired "
                "Wilcoxon signed-rank test over those folds (few folds: a rough guide)."
            )
        ranks = list(self.ranks.dropna())
        if len(ranks) != len(set(ranks)):
            notes.append(f"=: tied rank (the same mean {first}).")
        losses = [m for m in self.metrics if m in self.lower_is_better]
        if losses:
            notes.append(", ".join(losses) + ": a loss (Brier score: mean squared error of "
                         "the predicted probabilities), lower is better.")
        notes += self._threshold_notes() + self._family_notes()
        return notes

    def _threshold_notes(self):
        ranking = [m for m in _RANKING_METRICS if m in self.metrics]
        names = [name for name in self.strategies if self.notes.get(name) == "threshold"]
        if not names or not ranking:
            return []
        pairs = []
        for name in names:
            twin = self._same_ranking_scores(name)
            pairs.append(f"{name} = {self.labels[twin]}" if twin else name)
        return [f"*: {', '.join(names)} only move the decision threshold of the model "
                f"they wrap: their {', '.join(ranking)} (which judge the scores, not the "
                f"decisions) are that model's ({'; '.join(pairs)})."]

    def _family_notes(self):
        return [f"{self.labels[name]}: {note}" for name, note in self.notes.items()
                if note != "threshold" and name in self.labels]

    def to_string(self, wide=False, width=100):
        """The table as aligned plain text, with the best strategy and the footnotes.

        Parameters
        ----------
        wide : bool, default=False
            Every metric as ``mean ± std``; by default a compact table that fits
            ``width`` columns (the ranking metric, AP, ROC AUC and Brier).
        width : int, default=100
            Line width of the footnotes.

        Returns
        -------
        str
        """
        header, rows = self._table(wide=wide)
        widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
        left = {1}

        def line(cells):
            return "  ".join(c.ljust(w) if k in left else c.rjust(w)
                             for k, (c, w) in enumerate(zip(cells, widths))).rstrip()

        text = [line(header), *(line(row) for row in rows), "", self.best_sentence()]
        for note in self.footnotes():
            text += textwrap.wrap(note, width=width, subsequent_indent="  ")
        return "\n".join(text)

    def _markdown_table(self):
        header, rows = self._table(wide=True)
        lines = ["| " + " | ".join(header) + " |",
                 "| " + " | ".join(["---"] * len(header)) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)

    def _html_table(self, wide=False):
        header, rows = self._table(wide=wide)
        best = {self.best_strategy, *self.tied_with_best}
        head = "".join(f"<th>{escape(h)}</th>" for h in header)
        body = []
        for name, row in zip(self.strategies, rows):
            css = ' class="best"' if name in best else ""
            cells = "".join(f"<td>{escape(c)}</td>" for c in row)
            body.append(f"<tr{css}>{cells}</tr>")
        return (f'<table class="comparison"><thead><tr>{head}</tr></thead><tbody>'
                + "".join(body) + "</tbody></table>")

    def _repr_html_(self):
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.footnotes())
        return (f"{self._html_table()}<p>{escape(self.best_sentence())}</p>"
                f'<ul style="font-size:smaller">{notes}</ul>')

    # ------------------------------------------------------------------ reports
    def to_markdown(self, *, title="Imbalance strategy comparison", description="",
                    plots=True, image_paths=None):
        """A Markdown report: title, table, best strategy, notes and the plots.

        Parameters
        ----------
        title : str, default="Imbalance strategy comparison"
        description : str, default=""
            A paragraph under the title (data, model, folds).
        plots : bool, default=True
            Link the plots given in ``image_paths``; Markdown never inlines images (see
            :meth:`write_report`, which writes them beside the report).
        image_paths : dict or None, default=None
            ``{metric: relative path of a PNG}`` to link.

        Returns
        -------
        str
        """
        from ._report import markdown_report

        return markdown_report(self, title=title, description=description,
                               image_paths=image_paths if plots else None)

    def to_html(self, *, title="Imbalance strategy comparison", description="", plots=True):
        """A styled, self-contained HTML report (inline CSS, plots inlined as PNG).

        It holds the data summary, the ranking with ties and p-values, the per-fold
        plots with a legend, one line per strategy saying what it does, and the versions
        and date.

        Parameters
        ----------
        title : str, default="Imbalance strategy comparison"
        description : str, default=""
        plots : bool, default=True

        Returns
        -------
        str
        """
        from ._report import html_report

        return html_report(self, title=title, description=description, plots=plots)

    def write_report(self, path, *, title="Imbalance strategy comparison", description=""):
        """Write the HTML (one file) or Markdown (PNG plots beside it) report.

        Parameters
        ----------
        path : str or Path
            Ends in ``.html`` / ``.htm`` or ``.md`` / ``.markdown``. A Markdown report
            links ``<stem>_<metric>.png`` files written in the same directory.
        title, description : str

        Returns
        -------
        written : list of Path
            The report, then any image.
        """
        from ._report import write_report

        return write_report(self, path, title=title, description=description)

    def plot(self, metric=None, ax=None):
        """Per-fold scores: a box per strategy and one line per fold through them.

        Parameters
        ----------
        metric : str, default=None
            One of :attr:`metrics`; default: the first (the ranking metric).
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure.

        Returns
        -------
        display : :class:`~imbtools.plotting.StrategyComparisonDisplay`
        """
        from ..plotting import StrategyComparisonDisplay

        return StrategyComparisonDisplay.from_comparison(self, metric=metric, ax=ax)

    def __repr__(self):
        return (f"StrategyComparison(strategies={self.strategies!r}, "
                f"metrics={self.metrics!r}, best_strategy={self.best_strategy!r})")
