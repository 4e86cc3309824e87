"""Self-contained Markdown / HTML reports of a strategy comparison, plots embedded.

The plots are PNG images inlined as base64 ``data:`` URIs, so a report is one file that
can be mailed or attached to a ticket. Without matplotlib (an optional extra) the report
says how to get the plots instead of failing.
"""

from __future__ import annotations

import base64
import io
from html import escape

__all__ = ["comparison_report", "plot_images"]

# Metrics plotted besides the ranking one, when the comparison has them.
_EXTRA_PLOTS = ("average_precision",)
_NO_MATPLOTLIB = "Plots need matplotlib: pip install 'imbtools[plot]'."


def plot_images(comparison, metrics=None):
    """PNG images of :class:`~imbtools.plotting.StrategyComparisonDisplay`, by metric.

    Parameters
    ----------
    comparison : StrategyComparison
    metrics : list of str, default=None
        Metrics to plot; default: the ranking metric, then average precision if scored.

    Returns
    -------
    images : dict of {str: bytes} or None
        PNG bytes per metric; None when matplotlib is not installed.
    """
    try:
        # A bare Figure draws on its own Agg canvas: no pyplot, so the caller's backend
        # and open figures (a notebook's, say) are left alone.
        from matplotlib.figure import Figure
    except ImportError:
        return None
    from ..plotting import StrategyComparisonDisplay

    if metrics is None:
        metrics = [comparison.metrics[0]] + [
            m for m in _EXTRA_PLOTS if m in comparison.metrics[1:]
        ]
    images = {}
    for metric in metrics:
        figure = Figure(figsize=(0.9 * len(comparison.strategies) + 2.5, 4))
        StrategyComparisonDisplay.from_comparison(comparison, metric=metric,
                                                  ax=figure.subplots())
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        images[metric] = buffer.getvalue()
    return images


def _data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def comparison_report(comparison, fmt="markdown", *, title="Imbalance strategy comparison",
                      description="", plots=True):
    """A complete report: description, summary table, best strategy and the plots.

    Parameters
    ----------
    comparison : StrategyComparison
    fmt : {"markdown", "html"}, default="markdown"
    title : str, default="Imbalance strategy comparison"
    description : str, default=""
        A paragraph under the title (data, model, folds).
    plots : bool, default=True
        Embed the per-fold plots (PNG, base64) when matplotlib is installed.

    Returns
    -------
    report : str

    Examples
    --------
    >>> import pandas as pd
    >>> from imbtools.model_selection import StrategyComparison
    >>> from imbtools.model_selection._report import comparison_report
    >>> results = pd.DataFrame({"strategy": ["a", "a", "b", "b"], "fold": [0, 1, 0, 1],
    ...                         "metric": "f1", "score": [0.5, 0.6, 0.7, 0.6]})
    >>> comparison = StrategyComparison(results, ["a", "b"], ["f1"], positive_label=1)
    >>> report = comparison_report(comparison, "html", plots=False)
    >>> report.startswith("<!DOCTYPE html>"), "<b>b</b>" in report
    (True, True)
    """
    if fmt not in ("markdown", "html"):
        raise ValueError(f"fmt must be 'markdown' or 'html'; got {fmt!r}.")
    images = plot_images(comparison) if plots else {}
    metric, best = comparison.metrics[0], comparison.best_strategy
    if fmt == "html":
        parts = [f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(title)}'
                 f"</title></head><body>\n<h1>{escape(title)}</h1>"]
        if description:
            parts.append(f"<p>{escape(description)}</p>")
        parts.append(comparison._html_table())
        parts.append(f"<p>Best by {escape(metric)}: <b>{escape(best)}</b>.</p>")
        if images is None:
            parts.append(f"<p>{escape(_NO_MATPLOTLIB)}</p>")
        for name, png in (images or {}).items():
            parts.append(f'<h2>{escape(name)} per fold</h2>\n<img alt="{escape(name)} per fold"'
                         f' src="{_data_uri(png)}">')
        parts.append("</body></html>\n")
        return "\n".join(parts)
    parts = [f"# {title}\n"]
    if description:
        parts.append(f"{description}\n")
    parts.append(f"{comparison._markdown_table()}\n")
    parts.append(f"Best by {metric}: **{best}**.\n")
    if images is None:
        parts.append(f"{_NO_MATPLOTLIB}\n")
    for name, png in (images or {}).items():
        parts.append(f"## {name} per fold\n\n![{name} per fold]({_data_uri(png)})\n")
    return "\n".join(parts)
