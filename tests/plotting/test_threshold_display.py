"""ThresholdDisplay: built from an estimator or from predictions, drawn on given axes."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from imbtools.metrics import threshold_curve
from imbtools.threshold import ThresholdCalibratedClassifier

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from imbtools.plotting import ThresholdDisplay  # noqa: E402


@pytest.fixture
def fitted(binary_data):
    X, y = binary_data
    return ThresholdCalibratedClassifier(LogisticRegression(), cv=3, random_state=0).fit(X, y)


def test_from_estimator_draws_the_cv_curve(fitted):
    fig, ax = plt.subplots()
    display = ThresholdDisplay.from_estimator(fitted, ax=ax, name="LR")
    x, y = display.line_.get_data()
    np.testing.assert_array_equal(x, fitted.cv_results_["thresholds"])
    np.testing.assert_array_equal(y, fitted.cv_results_["scores"])
    assert display.threshold_line_.get_xdata()[0] == fitted.best_threshold_
    assert display.ax_ is ax and display.figure_ is fig
    assert ax.get_ylabel() == "f1" and "LR" in [t.get_text() for t in ax.get_legend().texts]
    plt.close(fig)


def test_from_estimator_on_new_data(fitted, binary_data):
    X, y = binary_data
    display = ThresholdDisplay.from_estimator(fitted, X[:100], y[:100])
    scores = fitted.estimator_.predict_proba(X[:100])[:, 1]
    expected_x, expected_y = threshold_curve(y[:100], scores)
    np.testing.assert_allclose(display.thresholds, expected_x)
    np.testing.assert_allclose(display.scores, expected_y)
    plt.close(display.figure_)


def test_from_predictions_marks_a_best_threshold():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=200)
    scores = rng.normal(size=200) + y
    display = ThresholdDisplay.from_predictions(y, scores, scoring="balanced_accuracy")
    at_best = display.scores[np.searchsorted(display.thresholds, display.best_threshold)]
    assert at_best == pytest.approx(display.scores.max())
    plt.close(display.figure_)


def test_errors(fitted, multiclass_data, binary_data):
    X, y = multiclass_data
    multi = ThresholdCalibratedClassifier(LogisticRegression(), offsets="prior").fit(X, y)
    with pytest.raises(ValueError, match="fitted on a binary target"):
        ThresholdDisplay.from_estimator(multi)
    Xb, yb = binary_data
    fixed = ThresholdCalibratedClassifier(LogisticRegression(), offsets=None).fit(Xb, yb)
    with pytest.raises(ValueError, match="offsets=None, which searches nothing"):
        ThresholdDisplay.from_estimator(fixed)
    with pytest.raises(ValueError, match="Pass both X and y, or neither"):
        ThresholdDisplay.from_estimator(fitted, Xb)
