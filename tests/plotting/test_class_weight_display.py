"""ClassWeightDisplay, drawn with the Agg backend."""

import matplotlib
import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbtools.class_weight import ClassWeightSearchCV
from imbtools.plotting import ClassWeightDisplay

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def data():
    return make_classification(n_samples=400, weights=[0.9], random_state=0)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_from_estimator_draws_the_sorted_curve_and_the_chosen_point(data):
    X, y = data
    search = ClassWeightSearchCV(LogisticRegression(), cv=3).fit(X, y)
    display = ClassWeightDisplay.from_estimator(search)
    results = search.cv_results_
    order = np.argsort(results["param_alpha"])
    np.testing.assert_allclose(display.line_.get_xdata(), results["param_alpha"][order])
    np.testing.assert_allclose(display.line_.get_ydata(), results["mean_test_score"][order])
    best_alpha = search.best_params_["alpha"]
    assert display.best_marker_.get_xdata().tolist() == [best_alpha]
    assert display.best_marker_.get_ydata().tolist() == [search.best_score_]
    assert display.band_ is not None
    assert display.ax_.get_ylabel().startswith("CV F1")
    legend = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert "LogisticRegression" in legend and "balanced" in legend
    assert f"chosen: alpha={best_alpha:.3g}" in legend


def test_from_cv_results_on_given_axes_and_log_scale_for_ratio(data):
    X, y = data
    search = ClassWeightSearchCV(LogisticRegression(), "ratio", cv=3, scoring="f1").fit(X, y)
    _, ax = plt.subplots()
    display = ClassWeightDisplay.from_cv_results(search.cv_results_, ax=ax, score_name="F1")
    assert display.ax_ is ax
    assert ax.get_xscale() == "log"
    assert ax.get_ylabel() == "F1"
    assert display.best_marker_.get_xdata()[0] == search.best_params_["ratio"]


def test_effective_number_axis_is_one_minus_beta(data):
    X, y = data
    search = ClassWeightSearchCV(
        LogisticRegression(), {"effective_number": [0.0, 0.9, 0.99]}, cv=3
    ).fit(X, y)
    display = ClassWeightDisplay.from_estimator(search, name="LR")
    np.testing.assert_allclose(display.line_.get_xdata(), [1.0, 0.1, 0.01])
    assert display.ax_.xaxis_inverted()
    best_beta = search.best_params_["beta"]
    legend = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert f"chosen: 1 - beta={1 - best_beta:.3g}" in legend


def test_explicit_dict_grid_cannot_be_plotted(data):
    X, y = data
    search = ClassWeightSearchCV(LogisticRegression(), [{0: 1, 1: 2}, {1: 5}], cv=3).fit(X, y)
    with pytest.raises(ValueError, match="one-dimensional search .* found \\[\\]"):
        ClassWeightDisplay.from_estimator(search)


def test_unfitted_search_is_rejected():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="ClassWeightSearchCV instance is not fitted"):
        ClassWeightDisplay.from_estimator(ClassWeightSearchCV(LogisticRegression()))


def test_plot_rejects_an_unknown_parameter_name():
    display = ClassWeightDisplay(param_values=[0, 1], mean_scores=[0.1, 0.2], param_name="gamma")
    with pytest.raises(ValueError, match="param_name must be one of .* got 'gamma'"):
        display.plot()
