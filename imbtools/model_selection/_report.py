"""Reports of a strategy comparison: a styled single-file HTML page and Markdown.

The HTML report is one file (inline CSS, plots inlined as PNG ``data:`` URIs) a person
can send to a colleague. The Markdown report links PNG files written beside it, so it
stays a short text file. Without matplotlib (an optional extra) the reports say how to
get the plots instead of failing.
"""

from __future__ import annotations

import base64
import datetime
import io
from html import escape
from pathlib import Path

__all__ = ["html_report", "markdown_report", "plot_images", "write_report"]

# Metrics plotted besides the ranking one, when the comparison has them.
_EXTRA_PLOTS = ("average_precision",)
_NO_MATPLOTLIB = "Plots need matplotlib: pip install 'imbtools[plot]'."
_WHAT_IT_DOES = {
    "baseline": "the estimator alone, trained on the data as it is.",
    "random_under_sampling": "drops random rows of the larger classes until every class "
                             "has the size of the smallest, before each fit.",
    "smote": "adds synthetic rows of the smaller classes (SMOTE: interpolation between "
             "near neighbours) until every class has the size of the largest.",
    "class_weight": "weights each class by n_c ** -alpha, alpha chosen by inner "
                    "cross-validation (0: no weighting, 1: balanced).",
    "threshold": "the estimator, with the decision threshold chosen by inner "
                 "cross-validation to maximise F1 instead of 0.5.",
    "smote_threshold": "SMOTE, then a decision threshold tuned as in 'threshold'.",
    "self_paced_ensemble": "an ensemble of 10 models, each trained on the whole smaller "
                           "class and a balanced, hardness-guided sample of the others "
                           "(Liu et al., 2020).",
}
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#1d2433;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d8dde6;padding-bottom:.2rem}
.lead{color:#4a5468}table{border-collapse:collapse;font-size:.9rem;margin:.6rem 0}
th,td{padding:.3rem .6rem;border-bottom:1px solid #e3e7ee;text-align:right;
white-space:nowrap}.scroll{overflow-x:auto}details{margin:.8rem 0}
summary{cursor:pointer;color:#2b5797}
th{background:#f3f5f9;font-weight:600}td:nth-child(2),th:nth-child(2){text-align:left}
tr.best td{background:#e9f6ec;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.notes{font-size:.85rem;color:#4a5468}img{max-width:100%;height:auto}
footer{margin-top:2.5rem;font-size:.8rem;color:#6b7487}
"""


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
        figure = Figure(figsize=(0.9 * len(comparison.strategies) + 4.0, 4.2))
        StrategyComparisonDisplay.from_comparison(comparison, metric=metric,
                                                  ax=figure.subplots())
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100)
        images[metric] = buffer.getvalue()
    return images


def _data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _versions():
    """``"imbtools 0.x, scikit-learn 1.y, ..."`` of the libraries behind the numbers."""
    import imblearn
    import numpy
    import sklearn

    from .. import __version__

    return (f"imbtools {__version__}, scikit-learn {sklearn.__version__}, "
            f"imbalanced-learn {imblearn.__version__}, numpy {numpy.__version__}")


def _facts(comparison):
    """``[(label, text)]`` describing the data, from ``comparison.data_summary``."""
    summary = comparison.data_summary
    facts = []
    if "n_rows" in summary:
        facts.append(("Rows", f"{summary['n_rows']} ({summary['n_features']} feature "
                              "columns)"))
    if "class_counts" in summary:
        counts = ", ".join(f"{label}: {n}" for label, n in summary["class_counts"].items())
        facts.append(("Classes", counts))
        facts.append(("Imbalance ratio", f"{summary['imbalance_ratio']:.1f} : 1 "
                                         "(largest class / smallest)"))
    if comparison.positive_label is not None:
        facts.append(("Positive class", f"{comparison.positive_label} (binary metrics "
                                        "score this class)"))
    elif comparison.classes is not None:
        facts.append(("Metrics", "macro averages over the classes"))
    if "missing_cells" in summary:
        facts.append(("Missing values", f"{summary['missing_cells']} cells"))
    if "preprocessing" in summary:
        facts.append(("Preprocessing", summary["preprocessing"]))
    if summary.get("sample_weight"):
        facts.append(("Sample weights", "used in every fit and every metric"))
    n_folds = comparison.results["fold"].nunique()
    facts.append(("Validation", f"{n_folds}-fold stratified cross-validation, the same "
                                "folds for every strategy"))
    return facts


def _strategy_lines(comparison):
    """``[(label, what it does)]``, one per strategy."""
    lines = []
    for name in comparison.strategies:
        text = _WHAT_IT_DOES.get(name, "a strategy given by the user.")
        note = comparison.notes.get(name)
        if note and note != "threshold":
            text += f" Note: {note}"
        lines.append((comparison.labels[name], text))
    return lines


def html_report(comparison, *, title="Imbalance strategy comparison", description="",
                plots=True):
    """A styled, self-contained HTML page (inline CSS, no external asset).

    Parameters
    ----------
    comparison : StrategyComparison
    title : str, default="Imbalance strategy comparison"
    description : str, default=""
        A paragraph under the title (data, model, folds).
    plots : bool, default=True
        Inline the per-fold plots (PNG) when matplotlib is installed.

    Returns
    -------
    report : str

    Examples
    --------
    >>> import pandas as pd
    >>> from imbtools.model_selection import StrategyComparison
    >>> from imbtools.model_selection._report import html_report
    >>> results = pd.DataFrame({"strategy": ["a", "a", "b", "b"], "fold": [0, 1, 0, 1],
    ...                         "metric": "f1", "score": [0.5, 0.6, 0.7, 0.6]})
    >>> comparison = StrategyComparison(results, ["a", "b"], ["f1"], positive_label=1)
    >>> report = html_report(comparison, plots=False)
    >>> report.startswith("<!DOCTYPE html>"), "Best by f1: b." in report
    (True, True)
    """
    images = plot_images(comparison) if plots else {}
    e = escape
    parts = [
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
    ]
    if description:
        parts.append(f'<p class="lead">{e(description)}</p>')
    parts.append("<h2>Data</h2><dl class=\"facts\">" + "".join(
        f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _facts(comparison)) + "</dl>")
    parts.append("<h2>Ranking</h2>")
    parts.append(comparison._html_table())
    all_metrics = ('<details><summary>Every metric (mean ± std over folds)</summary>'
                   f'<div class="scroll">{comparison._html_table(wide=True)}</div></details>')
    parts.append(f"<p><strong>{e(comparison.best_sentence())}</strong> The highlighted "
                 "rows are the best (ties included).</p>")
    parts.append('<ul class="notes">' + "".join(
        f"<li>{e(note)}</li>" for note in comparison.footnotes()) + "</ul>")
    parts.append(all_metrics)
    if images is None:
        parts.append(f"<p>{e(_NO_MATPLOTLIB)}</p>")
    for metric, png in (images or {}).items():
        parts.append(f"<h2>{e(metric)} per fold</h2><p class=\"notes\">Each coloured line "
                     "is one fold, through the score of every strategy on it (a line "
                     "rising from the baseline is a gain on that fold); boxes show the "
                     "spread over folds, the best strategy's in red.</p>"
                     f'<img alt="{e(metric)} per fold" src="{_data_uri(png)}">')
    parts.append("<h2>Strategies</h2><dl class=\"facts\">" + "".join(
        f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _strategy_lines(comparison)) + "</dl>")
    parts.append(f"<footer>Made with {e(_versions())} on "
                 f"{datetime.date.today().isoformat()}.</footer></body></html>\n")
    return "\n".join(parts)


def markdown_report(comparison, *, title="Imbalance strategy comparison", description="",
                    image_paths=None):
    """A Markdown report; plots are links to PNG files (never inlined).

    Parameters
    ----------
    comparison : StrategyComparison
    title : str, default="Imbalance strategy comparison"
    description : str, default=""
    image_paths : dict or None, default=None
        ``{metric: path}`` of PNG files to link (see :func:`write_report`).

    Returns
    -------
    report : str
    """
    parts = [f"# {title}\n"]
    if description:
        parts.append(f"{description}\n")
    parts.append(f"{comparison._markdown_table()}\n")
    best = comparison.best_sentence().replace(
        f": {comparison.labels[comparison.best_strategy]}",
        f": **{comparison.labels[comparison.best_strategy]}**", 1)
    parts.append(f"{best}\n")
    parts += [_wrap(note) + "\n" for note in comparison.footnotes()]
    if image_paths:
        for metric, path in image_paths.items():
            parts.append(f"## {metric} per fold\n\n![{metric} per fold]({path})\n")
    return "\n".join(parts)


def _wrap(text):
    import textwrap

    return "\n".join(textwrap.wrap(text, width=88))


def write_report(comparison, path, *, title="Imbalance strategy comparison",
                 description=""):
    """Write ``path`` (``.html``/``.htm`` or ``.md``/``.markdown``); Markdown plots beside it.

    Returns
    -------
    written : list of Path
        The report first, then the PNG files of a Markdown report.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(html_report(comparison, title=title, description=description),
                        encoding="utf-8")
        return [path]
    if suffix not in (".md", ".markdown"):
        raise ValueError(f"path must end in .md or .html; got {str(path)!r}.")
    images = plot_images(comparison) or {}
    written, links = [], {}
    for metric, png in images.items():
        image = path.with_name(f"{path.stem}_{metric}.png")
        image.write_bytes(png)
        written.append(image)
        links[metric] = image.name
    text = markdown_report(comparison, title=title, description=description,
                           image_paths=links)
    if not images:
        text += f"\n{_NO_MATPLOTLIB}\n"
    path.write_text(text, encoding="utf-8")
    return [path, *written]
