from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import InstanceHardnessThreshold as ReferenceIHT
from sklearn.linear_model import LogisticRegression

from imbtools.under_sampling import InstanceHardnessThreshold


def continuous_data(n_samples, weights, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(weights), size=n_samples, p=weights)
    X = rng.normal(size=(n_samples, n_features)) + 0.8 * codes[:, None]
    return X, codes


@pytest.mark.parametrize("params", [
    {"estimator": LogisticRegression()}, {"estimator": LogisticRegression(), "cv": 3},
    {"estimator": LogisticRegression(), "sampling_strategy": "majority"},
    {"estimator": LogisticRegression(), "sampling_strategy": {0: 100, 1: 50}},
])
def test_same_rows_as_imblearn(params):
    X, y = continuous_data(400, [0.6, 0.3, 0.1])
    ours = InstanceHardnessThreshold(random_state=0, **params)
    ref = ReferenceIHT(random_state=0, **params)
    X_res, _ = ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))
    np.testing.assert_array_equal(X_res, X[ours.sample_indices_])


def test_default_forest_same_counts_as_imblearn():
    X, y = continuous_data(300, [0.8, 0.2])
    _, y_res = InstanceHardnessThreshold(random_state=0).fit_resample(X, y)
    _, y_ref = ReferenceIHT(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == Counter(y_ref)


def test_string_labels_which_imblearn_cannot_take():
    X, codes = continuous_data(300, [0.6, 0.25, 0.15])
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": X[:, 2]})
    before, weights = frame.copy(), np.linspace(1, 2, 300)
    labels = np.array(["x", "y", "z"], dtype=object)[codes]
    sampler = InstanceHardnessThreshold(estimator=LogisticRegression(), random_state=0)
    X_res, y_res, w_res = sampler.fit_resample(frame, labels, sample_weight=weights)
    with pytest.raises(IndexError):
        ReferenceIHT(estimator=LogisticRegression(), random_state=0).fit_resample(X, labels)
    expected = InstanceHardnessThreshold(estimator=LogisticRegression(), random_state=0)
    expected.fit_resample(X, codes)
    np.testing.assert_array_equal(sampler.sample_indices_, expected.sample_indices_)
    assert list(X_res.dtypes) == list(frame.dtypes)
    np.testing.assert_array_equal(w_res, weights[sampler.sample_indices_])
    assert Counter(y_res)["z"] == Counter(labels)["z"]
    pd.testing.assert_frame_equal(frame, before)


def test_errors():
    X, y = continuous_data(60, [0.8, 0.2])
    with pytest.raises(ValueError, match="estimator"):
        InstanceHardnessThreshold(estimator="forest").fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy"):
        InstanceHardnessThreshold(sampling_strategy="minority").fit_resample(X, y)


def test_more_folds_than_samples_in_any_class_is_a_cv_error():
    """Found by tests/test_properties.py: scikit-learn's message named n_splits, not cv."""
    X = np.arange(8.0).reshape(4, 2)
    y = np.array([0, 0, 1, 1])
    with pytest.raises(ValueError, match=r"cv=3 stratified folds need a class of at least 3 "
                                         r"samples, but the largest class has 2; use cv <= 2"):
        InstanceHardnessThreshold(cv=3, estimator=LogisticRegression()).fit_resample(X, y)
    # a training fold without the one sample of class 1: the estimator's error, with cv
    with pytest.raises(ValueError, match=r"estimator failed in the cv=2 cross-validation "
                                         r"\(the smallest class has 1 samples.*needs samples "
                                         r"of at least 2 classes"):
        InstanceHardnessThreshold(cv=2, estimator=LogisticRegression()).fit_resample(
            X[:3], y[:3])
