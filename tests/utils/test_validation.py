import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools.utils.validation import (
    check_feature_matrix,
    check_sample_weight,
    check_target,
    encode_labels,
)


@pytest.mark.parametrize(
    "labels",
    [
        np.array([3, 1, 3, 7, 1], dtype=np.int32),
        np.array([True, False, True]),
        np.array(["b", "a", "c", "a"]),
        np.array(["b", "a", "c"], dtype=object),
        np.array([-5, 2, -5]),
        np.array([10**9, 1, 10**9]),
        np.array([2.0, 1.0, 2.0]),
    ],
)
def test_encode_labels_matches_numpy_unique(labels):
    codes, classes = encode_labels(labels)
    expected_classes, expected_codes = np.unique(labels, return_inverse=True)
    np.testing.assert_array_equal(classes, expected_classes)
    np.testing.assert_array_equal(codes, expected_codes)
    assert classes.dtype == labels.dtype


def test_check_target_one_vs_all_and_column_vector():
    labels = np.array([0, 2, 1, 2])
    indicator = np.eye(3, dtype=int)[labels]
    target = check_target(indicator)
    assert target.one_vs_all
    np.testing.assert_array_equal(target.codes, labels)
    np.testing.assert_array_equal(check_target(labels.reshape(-1, 1)).codes, labels)


def test_check_target_categorical_series():
    y = pd.Series(["x", "y", "x"], dtype="category")
    target = check_target(y)
    assert target.classes.tolist() == ["x", "y"]
    assert target.counts.tolist() == [2, 1]


@pytest.mark.parametrize(
    "y, message",
    [
        (None, r"requires y to be passed, but the target y is None"),
        (np.zeros(5), r"y has 1 class \(\[0.0\]\); resampling needs at least 2 classes"),
        (np.array([0.5, 1.0, 0.0]), r"Unknown label type: y looks continuous"),
        (np.array([0, 1, np.nan]), r"y contains NaN, infinity"),
        (np.array(["a", None, "b"], dtype=object), r"missing label .* at position 1"),
        (np.array([[1, 1], [0, 1]]), r"Multilabel and multioutput targets are not supported"),
        (pd.DataFrame({"a": [0, 1], "b": [1, 0]}), r"DataFrame with 2 columns"),
        (np.array([]), r"y is empty"),
        (np.zeros((2, 2, 2)), r"y must be 1-D"),
    ],
)
def test_check_target_errors(y, message):
    with pytest.raises(ValueError, match=message):
        check_target(y)


def test_check_target_length_mismatch():
    with pytest.raises(ValueError, match=r"X has 4 rows, y has 3 labels"):
        check_target([0, 1, 0], n_samples=4)


def test_feature_matrix_keeps_float32_and_does_not_copy_float64():
    X = np.ones((3, 2))
    assert check_feature_matrix(X) is X
    assert check_feature_matrix(X.astype(np.float32)).dtype == np.float32
    assert check_feature_matrix(np.ones((3, 2), dtype=int)).dtype == np.float64


@pytest.mark.parametrize(
    "X, error, message",
    [
        (np.array([[1.0, np.nan], [2.0, 3.0]]), ValueError,
         r"contains NaN \(1 value\(s\), the first at row 0, column 1\)"),
        (np.array([[1.0, 2.0], [np.inf, 3.0]]), ValueError,
         r"contains infinity \(1 value\(s\), the first at row 1, column 0\)"),
        (pd.DataFrame({"age": [1.0, np.nan]}), ValueError, r"column 'age'"),
        (np.ones((2, 2, 2)), ValueError, r"must be a 2-D array .* 3 dimension\(s\)"),
        (np.ones(4), ValueError, r"Reshape a single feature"),
        (np.ones((0, 3)), ValueError, r"0 sample\(s\) \(shape=\(0, 3\)\)"),
        (np.ones((3, 0)), ValueError, r"0 feature\(s\) \(shape=\(3, 0\)\)"),
        (np.array([["a", "b"]], dtype=object), TypeError, r"values that are not numbers"),
        (pd.DataFrame({"c": pd.Categorical(["x"])}), TypeError, r"non-numeric column\(s\) \['c'\]"),
        (np.ones((2, 2), dtype=complex), ValueError, r"Complex data not supported"),
    ],
)
def test_feature_matrix_errors(X, error, message):
    with pytest.raises(error, match=message):
        check_feature_matrix(X)


def test_feature_matrix_sparse():
    X = sparse.csc_matrix(np.eye(3))
    assert check_feature_matrix(X).format == "csr"
    with pytest.raises(TypeError, match="sparse matrix, which this method does not accept"):
        check_feature_matrix(X, accept_sparse=False)
    X_nan = sparse.csr_matrix(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="contains NaN"):
        check_feature_matrix(X_nan)


def test_sample_weight_checks_and_copies():
    weights = np.array([1.0, 2.0])
    checked = check_sample_weight(weights, 2)
    checked[0] = 5.0
    assert weights[0] == 1.0
    with pytest.raises(ValueError, match=r"one weight per sample \(3\); got shape \(2,\)"):
        check_sample_weight(weights, 3)
    with pytest.raises(ValueError, match="finite, non-negative"):
        check_sample_weight([1.0, -1.0], 2)


@pytest.mark.parametrize("labels", [
    ["yes", 1, 1, 0], [1, "yes", "yes", 0], ["yes", np.int64(1), 0, 1],
])
@pytest.mark.parametrize("container", [np.array, pd.Series], ids=["object array", "Series"])
def test_mixed_string_and_number_labels_get_one_clear_message(labels, container):
    """Issue 12, defect 9: the message does not depend on which type comes first."""
    y = container(np.array(labels, dtype=object))
    with pytest.raises(ValueError, match=r"y mixes label types: strings such as 'yes' and "
                                         r"int values such as 1; class labels must all be"):
        check_target(y)


def test_mixed_labels_are_refused_by_a_sampler_in_both_orders():
    from imbtools.under_sampling import TomekLinks

    X = np.arange(12.0).reshape(6, 2)
    for y in (["a", 1, 1, 1, "a", 1], [1, "a", "a", 1, "a", 1]):
        with pytest.raises(ValueError, match="y mixes label types"):
            TomekLinks().fit_resample(X, np.array(y, dtype=object))


@pytest.mark.parametrize("scale", [1.0, 1e-200, 1e160, 1e300])
def test_finiteness_screen_returns_the_sum_of_squares_the_scale_check_reuses(scale):
    from imbtools.utils._scaling import extreme_unit
    from imbtools.utils.validation import checked_feature_matrix

    X = np.random.RandomState(0).normal(size=(50, 3)) * scale
    X_checked, sum_sq = checked_feature_matrix(X)
    assert X_checked is X
    with np.errstate(over="ignore", under="ignore"):
        expected = float(np.sum(X * X))
    if np.isfinite(expected):
        assert sum_sq == pytest.approx(expected, rel=1e-12, abs=0.0)
    else:  # squares overflow: the data are finite all the same, the screen says nothing
        assert sum_sq is None
    assert extreme_unit(X, sum_sq=sum_sq) == extreme_unit(X)


@pytest.mark.parametrize("bad, match", [(np.nan, "NaN"), (np.inf, "infinity"),
                                         (-np.inf, "infinity")])
def test_finiteness_screen_still_finds_one_bad_value_among_huge_ones(bad, match):
    from imbtools.utils.validation import checked_feature_matrix

    X = np.full((20, 2), 1e300)
    X[7, 1] = bad
    with pytest.raises(ValueError, match=match):
        checked_feature_matrix(X)
