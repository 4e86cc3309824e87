"""Reports of a comparison: one self-contained file, plots inlined as PNG."""

import base64
import re
import sys

import numpy as np
import pandas as pd
import pytest

from imbtools.model_selection import StrategyComparison
from imbtools.model_selection._report import comparison_report, plot_images

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def comparison():
    rng = np.random.default_rng(1)
    rows = [{"strategy": s, "fold": f, "metric": m, "score": rng.random()}
            for s in ("baseline", "smote") for f in range(3)
            for m in ("f1", "recall", "average_precision")]
    return StrategyComparison(pd.DataFrame(rows), ["baseline", "smote"],
                              ["f1", "recall", "average_precision"], positive_label="yes")


def _inlined_pngs(text):
    return [base64.b64decode(b) for b in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)",
                                                    text)]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_report_holds_the_table_the_best_strategy_and_two_plots(comparison, fmt):
    report = comparison_report(comparison, fmt, title="T", description="data: x.csv")
    pngs = _inlined_pngs(report)
    # the ranking metric and average precision; recall is not plotted by default
    assert len(pngs) == 2 and all(png.startswith(PNG_MAGIC) for png in pngs)
    assert "data: x.csv" in report
    if fmt == "html":
        assert report.startswith("<!DOCTYPE html>") and report.rstrip().endswith("</html>")
        assert comparison._html_table() in report
        assert f"<b>{comparison.best_strategy}</b>" in report
        assert ">f1 per fold</h2>" in report and ">average_precision per fold</h2>" in report
    else:
        assert report.startswith("# T\n")
        assert comparison._markdown_table() in report
        assert f"**{comparison.best_strategy}**" in report
        assert "![f1 per fold](data:image/png;base64," in report


def test_the_methods_are_the_reports(comparison):
    assert comparison.to_markdown(plots=False) == comparison_report(comparison, plots=False)
    html = comparison.to_html(title="T", description="d")
    assert html.startswith("<!DOCTYPE html>") and len(_inlined_pngs(html)) == 2
    assert comparison.plot(metric="recall").metric == "recall"


def test_reports_leave_the_pyplot_state_alone(comparison):
    import matplotlib
    import matplotlib.pyplot as plt

    backend, figures = matplotlib.get_backend(), plt.get_fignums()
    comparison.to_html()
    assert matplotlib.get_backend() == backend and plt.get_fignums() == figures


def test_plot_images_of_chosen_metrics(comparison):
    images = plot_images(comparison, metrics=["recall"])
    assert list(images) == ["recall"] and images["recall"].startswith(PNG_MAGIC)


def test_without_plots_or_without_matplotlib_the_report_still_comes(comparison, monkeypatch):
    assert _inlined_pngs(comparison_report(comparison, plots=False)) == []
    for module in ("matplotlib", "matplotlib.figure"):  # importing them now fails
        monkeypatch.setitem(sys.modules, module, None)
    assert plot_images(comparison) is None
    report = comparison_report(comparison, "html")
    assert _inlined_pngs(report) == []
    assert "Plots need matplotlib: pip install &#x27;imbtools[plot]&#x27;." in report


def test_unknown_format_is_named(comparison):
    with pytest.raises(ValueError, match=r"fmt must be 'markdown' or 'html'; got 'pdf'"):
        comparison_report(comparison, "pdf")
