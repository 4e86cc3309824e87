"""Every default metric from one predict and one predict_proba, equal to scikit-learn's."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    fbeta_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)

from imbtools.model_selection import compare_strategies
from imbtools.model_selection._scores import (
    DEFAULT_SCORING,
    FoldPredictions,
    metric_from_predictions,
)
from imbtools.under_sampling import RandomUnderSampler

CALLS = []


class CountingLogisticRegression(LogisticRegression):
    """Records every outside prediction call (method name, number of rows).

    LogisticRegression's own ``predict`` calls ``decision_function``; calls made inside
    another recorded call are not counted.
    """

    _inside = False

    def _record(self, method, X):
        outer = not CountingLogisticRegression._inside
        if outer:
            CALLS.append((method, len(X)))
        CountingLogisticRegression._inside = True
        try:
            return getattr(super(), method)(X)
        finally:
            CountingLogisticRegression._inside = not outer

    def predict(self, X):
        return self._record("predict", X)

    def predict_proba(self, X):
        return self._record("predict_proba", X)

    def decision_function(self, X):
        return self._record("decision_function", X)


def _binary_references(y, pred, proba, weight):
    kw = {"sample_weight": weight}
    return {
        "f1": f1_score(y, pred, zero_division=0.0, **kw),
        "f2": fbeta_score(y, pred, beta=2, zero_division=0.0, **kw),
        "precision": precision_score(y, pred, zero_division=0.0, **kw),
        "recall": recall_score(y, pred, zero_division=0.0, **kw),
        "average_precision": average_precision_score(y, proba[:, 1], **kw),
        "roc_auc": roc_auc_score(y, proba[:, 1], **kw),
        "brier": brier_score_loss(y, proba[:, 1], **kw),
        "balanced_accuracy": balanced_accuracy_score(y, pred, **kw),
        "mcc": matthews_corrcoef(y, pred, **kw),
    }


@pytest.mark.parametrize("weighted", [False, True])
def test_binary_metrics_equal_scikit_learn(seed, weighted):
    rng = np.random.default_rng(seed)
    y = (rng.random(200) < 0.2).astype(int)
    p1 = np.clip(0.6 * y + 0.5 * rng.random(200), 0, 1)
    proba = np.column_stack([1 - p1, p1])
    pred = (p1 > 0.45).astype(int)
    weight = rng.random(200) + 0.1 if weighted else None
    predictions = FoldPredictions(pred, proba, None)
    for metric, expected in _binary_references(y, pred, proba, weight).items():
        got = metric_from_predictions(metric, y, predictions, 2, weight)
        assert got == pytest.approx(expected, abs=1e-12), metric


def test_multiclass_macro_metrics_equal_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 150)
    pred = np.where(rng.random(150) < 0.7, y, rng.integers(0, 3, 150))
    pred[pred == 2] = 1  # class 2 never predicted: its precision counts 0
    proba = rng.dirichlet(np.ones(3), 150)
    predictions = FoldPredictions(pred, proba, None)
    expected = {
        "f1": f1_score(y, pred, average="macro", zero_division=0.0),
        "f2": fbeta_score(y, pred, beta=2, average="macro", zero_division=0.0),
        "precision": precision_score(y, pred, average="macro", zero_division=0.0),
        "recall": recall_score(y, pred, average="macro", zero_division=0.0),
        "roc_auc": roc_auc_score(y, proba, multi_class="ovr"),
        "average_precision": average_precision_score(y, proba, average="macro"),
        "balanced_accuracy": balanced_accuracy_score(y, pred),
        "mcc": matthews_corrcoef(y, pred),
    }
    for metric, value in expected.items():
        got = metric_from_predictions(metric, y, predictions, 3)
        assert got == pytest.approx(value, abs=1e-12), metric


def test_without_predict_proba_ranking_uses_decision_values_and_brier_is_nan():
    y = np.array([0, 0, 1, 1, 0])
    decision = np.array([-2.0, 0.5, 1.0, 3.0, -1.0])
    predictions = FoldPredictions((decision > 0).astype(int), None, decision)
    assert metric_from_predictions("roc_auc", y, predictions, 2) == roc_auc_score(y, decision)
    assert np.isnan(metric_from_predictions("brier", y, predictions, 2))


def test_each_fitted_model_predicts_once_per_test_fold(binary_data):
    X, y = binary_data
    CALLS.clear()
    strategies = {"baseline": CountingLogisticRegression(),
                  "under": RandomUnderSampler(random_state=0)}
    compare_strategies(CountingLogisticRegression(), X, y, strategies, cv=3,
                       scoring=DEFAULT_SCORING, random_state=0, verbose=0)
    # 2 strategies x 3 folds, each: one predict and one predict_proba, all nine metrics
    assert sorted(name for name, _ in CALLS) == ["predict"] * 6 + ["predict_proba"] * 6
    assert sum(n for _, n in CALLS) == 2 * 2 * len(y)  # every test row twice per strategy
