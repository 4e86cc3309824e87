"""Label metrics and count scores against scikit-learn and imbalanced-learn."""

import numpy as np
import pytest
from imblearn import metrics as imblearn_metrics
from sklearn import metrics as sk

from imbtools.metrics import (
    COUNT_SCORE_NAMES,
    CountScorer,
    classification_report_imbalanced,
    count_scorer,
    expected_cost,
    fbeta_from_counts,
    geometric_mean_score,
    sensitivity_score,
    specificity_score,
    worst_class_recall,
)


def labels_pair(rng, n_classes, n=120):
    y_true = rng.integers(0, n_classes, size=n)
    y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, n_classes, size=n))
    return y_true, y_pred


SKLEARN_EQUIVALENTS = {
    "accuracy": sk.accuracy_score,
    "balanced_accuracy": sk.balanced_accuracy_score,
    "matthews_corrcoef": sk.matthews_corrcoef,
}


@pytest.mark.parametrize("n_classes", [2, 4])
@pytest.mark.parametrize("weighted", [False, True])
def test_count_scorers_match_sklearn(seed, n_classes, weighted):
    rng = np.random.default_rng(seed)
    y_true, y_pred = labels_pair(rng, n_classes)
    weights = rng.uniform(0.2, 2.0, size=y_true.shape[0]) if weighted else None
    for name, function in SKLEARN_EQUIVALENTS.items():
        expected = function(y_true, y_pred, sample_weight=weights)
        assert CountScorer(name)(y_true, y_pred, sample_weight=weights) == pytest.approx(
            expected, abs=1e-12
        ), name
    per_class = {"f1": sk.f1_score, "precision": sk.precision_score,
                 "recall": sk.recall_score, "jaccard": sk.jaccard_score}
    averages = ["macro", "weighted", "micro"] + (["binary"] if n_classes == 2 else [])
    for name, function in per_class.items():
        for average in averages:
            expected = function(y_true, y_pred, average=average, sample_weight=weights,
                                zero_division=0)
            got = CountScorer(name, average=average)(y_true, y_pred, sample_weight=weights)
            assert got == pytest.approx(expected, abs=1e-12), (name, average)
    beta_expected = sk.fbeta_score(y_true, y_pred, beta=2, average="macro",
                                   sample_weight=weights)
    assert CountScorer("fbeta", beta=2, average="macro")(
        y_true, y_pred, sample_weight=weights
    ) == pytest.approx(beta_expected)


@pytest.mark.parametrize("average", ["binary", "macro", "weighted", "micro", None])
def test_sensitivity_specificity_gmean_match_imblearn(seed, average):
    # imbalanced-learn 0.14 computes tn from unweighted counts (negative specificities
    # with sample_weight), so weights are checked as repetitions: integer weight k must
    # equal repeating the sample k times.
    rng = np.random.default_rng(seed)
    n_classes = 2 if average == "binary" else 3
    y_true, y_pred = labels_pair(rng, n_classes)
    repeats = rng.integers(1, 4, size=y_true.shape[0])
    for ours, theirs in [
        (sensitivity_score, imblearn_metrics.sensitivity_score),
        (specificity_score, imblearn_metrics.specificity_score),
        (geometric_mean_score, imblearn_metrics.geometric_mean_score),
    ]:
        expected = theirs(np.repeat(y_true, repeats), np.repeat(y_pred, repeats),
                          average=average)
        got = ours(y_true, y_pred, average=average, sample_weight=repeats.astype(float))
        np.testing.assert_allclose(got, expected, atol=1e-12, err_msg=ours.__name__)
        np.testing.assert_allclose(
            ours(y_true, y_pred, average=average), theirs(y_true, y_pred, average=average),
            atol=1e-12, err_msg=ours.__name__,
        )


def test_multiclass_gmean_with_correction_matches_imblearn(seed):
    rng = np.random.default_rng(seed)
    y_true, y_pred = labels_pair(rng, 4)
    y_pred[y_true == 3] = 0  # class 3 has zero recall
    for correction in (0.0, 0.001):
        expected = imblearn_metrics.geometric_mean_score(y_true, y_pred,
                                                         correction=correction)
        assert geometric_mean_score(y_true, y_pred, correction=correction) == pytest.approx(
            expected
        )


def test_worst_class_recall_and_expected_cost(seed):
    rng = np.random.default_rng(seed)
    y_true, y_pred = labels_pair(rng, 3)
    weights = rng.uniform(0.2, 2.0, size=y_true.shape[0])
    recalls = sk.recall_score(y_true, y_pred, average=None, sample_weight=weights)
    assert worst_class_recall(y_true, y_pred, sample_weight=weights) == pytest.approx(
        recalls.min()
    )
    cost = rng.uniform(0, 5, size=(3, 3))
    total = sum(w * cost[t, p] for t, p, w in zip(y_true, y_pred, weights))
    assert expected_cost(y_true, y_pred, cost, sample_weight=weights) == pytest.approx(
        total / weights.sum()
    )
    assert expected_cost(y_true, y_pred, cost, sample_weight=weights,
                         normalize=False) == pytest.approx(total)
    with pytest.raises(ValueError, match=r"cost_matrix must have shape \(3, 3\)"):
        expected_cost(y_true, y_pred, np.ones((2, 2)))


def test_expected_cost_follows_label_order():
    y_true, y_pred = ["b", "a", "a"], ["a", "a", "b"]
    cost = np.array([[0.0, 1.0], [5.0, 0.0]])  # rows/columns: "b", "a"
    assert expected_cost(y_true, y_pred, cost, labels=["b", "a"]) == pytest.approx(6 / 3)


def test_report_matches_imblearn(seed):
    rng = np.random.default_rng(seed)
    y_true, y_pred = labels_pair(rng, 3)
    ours = classification_report_imbalanced(y_true, y_pred, output_dict=True)
    theirs = imblearn_metrics.classification_report_imbalanced(y_true, y_pred,
                                                               output_dict=True)
    assert ours.keys() == {str(k) for k in theirs}
    for key, value in theirs.items():
        if isinstance(value, dict):
            for column, number in value.items():
                assert ours[str(key)][column] == pytest.approx(number), (key, column)
        else:
            assert ours[key] == pytest.approx(value), key
    text = classification_report_imbalanced(y_true, y_pred, target_names=["x", "y", "z"])
    assert text.splitlines()[2].split()[0] == "x"


def test_fbeta_from_counts_zero_division_and_names():
    np.testing.assert_array_equal(fbeta_from_counts([0, 1], [0, 0], [0, 0]), [0.0, 1.0])
    assert count_scorer("f1_weighted").average == "weighted"
    assert count_scorer("roc_auc") is None
    assert {"f1", "geometric_mean", "worst_class_recall"} <= set(COUNT_SCORE_NAMES)


def test_errors_name_the_parameter():
    with pytest.raises(ValueError, match="average='binary' needs a binary target, but 3"):
        sensitivity_score([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError, match="average must be one of"):
        specificity_score([0, 1], [0, 1], average="samples")
    with pytest.raises(ValueError, match="Unknown count score name='auc'"):
        CountScorer("auc")
    with pytest.raises(ValueError, match="average='binary' needs two classes; this "):
        CountScorer("f1", average="binary").from_counts(np.ones(3), np.ones(3), np.ones(3))
