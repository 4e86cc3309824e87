"""StrategyComparisonDisplay, drawn with the Agg backend."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from imbtools.model_selection import StrategyComparison
from imbtools.plotting import StrategyComparisonDisplay

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def comparison():
    rng = np.random.default_rng(0)
    rows = [{"strategy": s, "fold": f, "metric": m, "score": rng.random()}
            for s in ("baseline", "smote", "threshold") for f in range(4)
            for m in ("f1", "recall")]
    return StrategyComparison(pd.DataFrame(rows), ["baseline", "smote", "threshold"],
                              ["f1", "recall"], positive_label=1)


@pytest.mark.parametrize("metric", [None, "recall"])
def test_one_line_per_fold_through_the_strategies_in_order(comparison, metric):
    display = StrategyComparisonDisplay.from_comparison(comparison, metric=metric)
    metric = metric or "f1"
    scores = comparison.results[comparison.results["metric"] == metric]
    assert len(display.fold_lines_) == 4
    for fold, line in enumerate(display.fold_lines_):
        expected = [scores[(scores["strategy"] == s) & (scores["fold"] == fold)]["score"].item()
                    for s in comparison.strategies]
        np.testing.assert_allclose(line.get_ydata(), expected)
        np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    labels = [tick.get_text() for tick in display.ax_.get_xticklabels()]
    assert labels == comparison.strategies
    assert display.ax_.get_ylabel() == f"{metric} per fold"
    means = scores.groupby("strategy")["score"].mean()
    assert display.best == means.idxmax()
    assert display.best in display.ax_.get_title()


def test_draws_on_the_given_axes_and_keeps_nan_folds_out_of_the_boxes():
    scores = pd.DataFrame({"baseline": [0.5, 0.6, 0.7], "smote": [0.9, np.nan, 0.7]})
    _, ax = plt.subplots()
    display = StrategyComparisonDisplay(scores=scores, metric="f1").plot(ax=ax)
    assert display.ax_ is ax and display.figure_ is ax.figure
    assert display.best == "smote"  # mean 0.8 over its two scored folds
    caps = display.boxes_["caps"][2:]  # the smote box: built from 0.7 and 0.9 only
    assert sorted(round(cap.get_ydata()[0], 9) for cap in caps) == [0.7, 0.9]


def test_unknown_metric_names_the_metrics(comparison):
    with pytest.raises(ValueError, match=r"metric='auc' is not a metric .*\['f1', 'recall'\]"):
        StrategyComparisonDisplay.from_comparison(comparison, metric="auc")


def test_legend_names_every_fold_and_the_best_box():
    scores = pd.DataFrame({"baseline": [0.5, 0.6, 0.7], "smote": [0.9, 0.8, 0.7]})
    display = StrategyComparisonDisplay(scores=scores, metric="f1").plot()
    texts = [text.get_text() for text in display.ax_.get_legend().get_texts()]
    assert texts == ["fold 0", "fold 1", "fold 2", "best mean (box: spread over folds)"]


def test_a_loss_highlights_the_lowest_mean_and_labels_are_shown():
    scores = pd.DataFrame({"baseline": [0.10, 0.12], "spe": [0.30, 0.20]})
    display = StrategyComparisonDisplay(scores=scores, metric="brier", lower_is_better=True,
                                        labels={"spe": "spe (trees)"}).plot()
    assert display.best == "baseline"
    assert display.ax_.get_ylabel() == "brier per fold (lower is better)"
    assert [t.get_text() for t in display.ax_.get_xticklabels()] == ["baseline", "spe (trees)"]
