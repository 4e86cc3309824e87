"""Reports of a comparison: a styled one-file HTML page, Markdown with PNG files beside it."""

import base64
import datetime
import re
import sys
from html import escape

import numpy as np
import pandas as pd
import pytest

from imbtools.model_selection import StrategyComparison
from imbtools.model_selection._report import html_report, markdown_report, plot_images

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def comparison():
    rng = np.random.default_rng(1)
    rows = [{"strategy": s, "fold": f, "metric": m, "score": rng.random()}
            for s in ("baseline", "smote", "threshold") for f in range(3)
            for m in ("f1", "recall", "average_precision")]
    summary = {"n_rows": 120, "n_features": 4, "class_counts": {"no": 100, "yes": 20},
               "imbalance_ratio": 5.0, "missing_cells": 7,
               "preprocessing": "2 categorical column(s): one-hot encoded",
               "sample_weight": False}
    return StrategyComparison(pd.DataFrame(rows), ["baseline", "smote", "threshold"],
                              ["f1", "recall", "average_precision"], positive_label="yes",
                              notes={"threshold": "threshold"}, data_summary=summary)


def _inlined_pngs(text):
    return [base64.b64decode(b) for b in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)",
                                                    text)]


def test_html_report_is_one_styled_file_with_everything_a_colleague_needs(comparison):
    report = comparison.to_html(title="T", description="data: x.csv")
    assert report.startswith("<!DOCTYPE html>") and report.rstrip().endswith("</html>")
    assert "<style>" in report and not re.search(r"(src|href)=\"(https?:|//)", report)
    assert "<link" not in report and "<script" not in report
    pngs = _inlined_pngs(report)  # the ranking metric and average precision
    assert len(pngs) == 2 and all(png.startswith(PNG_MAGIC) for png in pngs)
    for fact in ("data: x.csv", "<dt>Rows</dt><dd>120 (4 feature columns)</dd>",
                 "<dd>no: 100, yes: 20</dd>", "<dd>5.0 : 1 (largest class / smallest)</dd>",
                 "<dd>7 cells</dd>", "<dd>2 categorical column(s): one-hot encoded</dd>"):
        assert fact in report
    assert comparison._html_table() in report
    assert comparison.best_sentence() in report
    assert all(escape(note) in report for note in comparison.footnotes())
    assert "<dt>smote</dt><dd>adds synthetic rows" in report  # one line per strategy
    assert "scikit-learn" in report and datetime.date.today().isoformat() in report


def test_markdown_report_links_png_files_written_beside_it(comparison, tmp_path):
    path = tmp_path / "study.md"
    written = comparison.write_report(path, title="T", description="d")
    assert written == [path, tmp_path / "study_f1.png",
                       tmp_path / "study_average_precision.png"]
    text = path.read_text()
    assert "base64" not in text and len(text) < 5000
    assert text.startswith("# T\n") and comparison._markdown_table() in text
    assert "Best by f1: **" in text
    for image in written[1:]:
        assert image.read_bytes().startswith(PNG_MAGIC)
        assert f"({image.name})" in text


def test_to_markdown_never_inlines_images(comparison):
    text = comparison.to_markdown(plots=True)
    assert text == markdown_report(comparison) and "![" not in text and "base64" not in text
    linked = comparison.to_markdown(image_paths={"f1": "a.png"})
    assert "![f1 per fold](a.png)" in linked


def test_reports_leave_the_pyplot_state_alone(comparison):
    import matplotlib
    import matplotlib.pyplot as plt

    backend, figures = matplotlib.get_backend(), plt.get_fignums()
    comparison.to_html()
    assert matplotlib.get_backend() == backend and plt.get_fignums() == figures


def test_plot_images_of_chosen_metrics(comparison):
    images = plot_images(comparison, metrics=["recall"])
    assert list(images) == ["recall"] and images["recall"].startswith(PNG_MAGIC)


def test_without_matplotlib_the_reports_still_come(comparison, monkeypatch, tmp_path):
    assert _inlined_pngs(html_report(comparison, plots=False)) == []
    for module in ("matplotlib", "matplotlib.figure"):  # importing them now fails
        monkeypatch.setitem(sys.modules, module, None)
    assert plot_images(comparison) is None
    report = html_report(comparison)
    assert _inlined_pngs(report) == []
    assert "Plots need matplotlib: pip install &#x27;imbtools[plot]&#x27;." in report
    assert comparison.write_report(tmp_path / "r.md") == [tmp_path / "r.md"]
    assert "Plots need matplotlib" in (tmp_path / "r.md").read_text()


def test_unknown_suffix_is_named(comparison, tmp_path):
    with pytest.raises(ValueError, match=r"path must end in .md or .html; got '.*r.pdf'"):
        comparison.write_report(tmp_path / "r.pdf")
