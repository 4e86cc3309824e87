"""The sweep kernel and driver against brute-force NumPy references."""

import numpy as np
import pytest
from sklearn.metrics import f1_score

from imbtools._kernels.sweep import cumulative_class_counts
from imbtools.metrics import CountScorer, threshold_curve
from imbtools.metrics._curve import plateau_threshold, sweep_counts, values_at


def reference_counts(keys, true_codes, from_codes, to_code, weights, n_classes, threshold):
    """Per-class (tp, pred) once every sample with key >= threshold has moved."""
    pred_codes = np.where(keys >= threshold, to_code, from_codes)
    hits = pred_codes == true_codes
    tp = np.bincount(true_codes[hits], weights=weights[hits], minlength=n_classes)
    pred = np.bincount(pred_codes, weights=weights, minlength=n_classes)
    return tp, pred


def random_problem(rng, n, n_classes, n_distinct, weighted):
    keys = rng.integers(0, n_distinct, size=n) / 7.0  # many ties
    true_codes = rng.integers(0, n_classes, size=n)
    to_code = int(rng.integers(0, n_classes))
    from_codes = rng.integers(0, n_classes, size=n)
    from_codes[from_codes == to_code] = (to_code + 1) % n_classes
    weights = rng.uniform(0.1, 3.0, size=n) if weighted else np.ones(n)
    return keys, true_codes, from_codes, to_code, weights


@pytest.mark.parametrize("n_classes", [2, 4])
@pytest.mark.parametrize("n_distinct", [1, 5, 1000])
@pytest.mark.parametrize("weighted", [False, True])
def test_sweep_counts_match_brute_force(seed, n_classes, n_distinct, weighted):
    rng = np.random.default_rng(seed)
    keys, true_codes, from_codes, to_code, weights = random_problem(
        rng, 300, n_classes, n_distinct, weighted
    )
    counts = sweep_counts(keys, true_codes, from_codes, to_code, n_classes, weights)
    np.testing.assert_array_equal(counts.keys, np.unique(keys)[::-1])
    assert counts.tp.shape == (counts.keys.shape[0] + 1, n_classes)
    np.testing.assert_allclose(counts.true, np.bincount(true_codes, weights, n_classes))
    for row, threshold in enumerate(np.concatenate([[np.inf], counts.keys])):
        tp, pred = reference_counts(keys, true_codes, from_codes, to_code, weights,
                                    n_classes, threshold)
        np.testing.assert_allclose(counts.tp[row], tp, atol=1e-9)
        np.testing.assert_allclose(counts.pred[row], pred, atol=1e-9)
        assert counts.group_end[row] == np.sum(keys >= threshold)


def test_kernel_all_equal_keys_is_one_group():
    keys = np.full(6, 0.25)
    codes = np.array([0, 1, 1, 0, 1, 0])
    distinct, tp, pred, group_end = cumulative_class_counts(
        keys, codes, np.zeros(6, dtype=np.intp), 1, np.ones(6), np.array([3.0, 0.0]),
        np.array([6.0, 0.0]),
    )
    np.testing.assert_array_equal(distinct, [0.25])
    np.testing.assert_array_equal(tp, [[3.0, 0.0], [0.0, 3.0]])
    np.testing.assert_array_equal(pred, [[6.0, 0.0], [0.0, 6.0]])
    np.testing.assert_array_equal(group_end, [0, 6])


def test_cumulative_extra_quantity_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    keys, true_codes, from_codes, to_code, weights = random_problem(rng, 200, 3, 20, True)
    counts = sweep_counts(keys, true_codes, from_codes, to_code, 3, weights)
    extra = rng.normal(size=200)
    expected = [extra[keys >= t].sum() for t in np.concatenate([[np.inf], counts.keys])]
    np.testing.assert_allclose(counts.cumulative(extra), expected, atol=1e-9)


@pytest.mark.parametrize("scoring", ["f1", "balanced_accuracy", "matthews_corrcoef"])
def test_threshold_curve_matches_metric_at_every_threshold(seed, scoring):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=150)
    scores = np.round(rng.normal(size=150) + y, 1)
    weights = rng.uniform(0.5, 2.0, size=150)
    thresholds, values = threshold_curve(y, scores, scoring=scoring, sample_weight=weights)
    np.testing.assert_array_equal(thresholds, np.unique(scores))
    scorer = CountScorer(scoring)
    expected = [scorer(y, (scores >= t).astype(int), sample_weight=weights)
                for t in thresholds]
    np.testing.assert_allclose(values, expected, atol=1e-12)


def test_threshold_curve_pos_label_and_errors():
    y = np.array(["a", "b", "b", "a"])
    thresholds, values = threshold_curve(y, [0.1, 0.9, 0.6, 0.3], pos_label="a")
    assert values[-1] == pytest.approx(f1_score(y, ["b", "a", "b", "b"], pos_label="a"))
    with pytest.raises(ValueError, match="y_true must be binary; got 3 labels"):
        threshold_curve([0, 1, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="scoring='roc_auc' is not a score computed"):
        threshold_curve([0, 1], [0.1, 0.2], scoring="roc_auc")


def test_plateau_threshold_is_inside_the_best_plateau(seed):
    rng = np.random.default_rng(seed)
    keys = np.sort(rng.choice(50, size=12, replace=False).astype(float))[::-1]
    values = rng.integers(0, 4, size=13).astype(float)
    threshold, best_row, best_value = plateau_threshold(keys, values)
    assert best_value == values.max()
    assert values_at(keys, values, [threshold])[0] == values.max()
    assert threshold not in keys or best_row == keys.shape[0]


def test_plateau_threshold_respects_feasibility():
    keys = np.array([3.0, 2.0, 1.0])
    values = np.array([0.0, 5.0, 4.0, 1.0])
    threshold, best_row, value = plateau_threshold(keys, values, np.array([1, 0, 1, 1], bool))
    assert (best_row, value) == (2, 4.0)
    assert 1.0 < threshold <= 2.0
    threshold, best_row, value = plateau_threshold(keys, values, np.zeros(4, bool))
    assert np.isnan(threshold) and best_row == -1
