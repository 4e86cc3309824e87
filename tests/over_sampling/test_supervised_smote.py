import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin

from imbtools.over_sampling import SupervisedSMOTE


class HalfPlane(ClassifierMixin, BaseEstimator):
    """Probability of class 1 is 1 where the first feature is below 2, else 0."""

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        p = (np.asarray(X)[:, 0] < 2.0).astype(float)
        return np.column_stack([1 - p, p])


def _line():
    X = np.column_stack([np.arange(12.0), np.zeros(12)])
    y = np.array([1] * 6 + [0] * 6)  # minority at x = 0..5
    return X, y


def test_only_candidates_the_classifier_trusts_are_kept():
    X, y = _line()
    sampler = SupervisedSMOTE(sampling_strategy={1: 40}, estimator=HalfPlane(), k_neighbors=2,
                              random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.thresholds_ == {1: (0.5, 1.0)}
    new = X_res[12:]
    assert Counter(y_res.tolist()) == {0: 6, 1: 40}
    assert np.all(new[:, 0] < 2.0)  # candidates between 2 and 5 were rejected


def test_interval_widens_with_a_warning_when_almost_nothing_is_accepted():
    X, y = _line()
    sampler = SupervisedSMOTE(sampling_strategy={1: 40}, estimator=HalfPlane(),
                              threshold_low=0.9, threshold_high=0.95, k_neighbors=2,
                              random_state=0)
    with pytest.warns(UserWarning, match="widened to"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 6, 1: 40}
    assert sampler.thresholds_[1][1] == 1.0


@pytest.mark.parametrize("strategy, expected", [
    ("auto", {"big": 200, "mid": 200, "small": 200}),
    ({"mid": 62, "small": 77}, {"big": 200, "mid": 62, "small": 77}),
])
def test_exact_class_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = SupervisedSMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == expected


def test_same_seed_same_output_and_different_seed_different_output(binary_data):
    X, y = binary_data
    a = SupervisedSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, SupervisedSMOTE(random_state=3).fit_resample(X, y)[0])
    b = SupervisedSMOTE(random_state=4).fit_resample(X, y)[0]
    assert not np.allclose(a[len(X):], b[len(X):])


def test_sparse_and_dataframe_round_trips(binary_data):
    X, y = binary_data
    dense = SupervisedSMOTE(random_state=0).fit_resample(X, y)[0]
    X_sparse, _ = SupervisedSMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), dense)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(5)])
    X_frame, _ = SupervisedSMOTE(random_state=0).fit_resample(frame, y)
    np.testing.assert_allclose(X_frame.to_numpy(), dense)


def test_errors():
    X = np.arange(20.0).reshape(10, 2)
    y = [0] * 7 + [1] * 3
    with pytest.raises(ValueError, match="k_neighbors=5 needs at least 6 samples.*class 1"):
        SupervisedSMOTE().fit_resample(X, y)
    with pytest.raises(ValueError, match="threshold_low=0.8 is above threshold_high=0.6"):
        SupervisedSMOTE(threshold_low=0.8, threshold_high=0.6, k_neighbors=2).fit_resample(X, y)


@pytest.mark.parametrize("low, high", [(0.5, 1.0), (0.9, 0.95)])
def test_candidates_judged_in_pieces_give_the_batch_by_batch_result(monkeypatch, low, high):
    # the plain procedure judges every candidate of a batch at once; judging stops
    # early once enough are accepted, which must not change the result (nor the
    # interval's widening)
    from imbtools.over_sampling import _supervised_smote

    X, y = _line()
    results = []
    for piece in (10**9, 1, 7):
        monkeypatch.setattr(_supervised_smote, "_MIN_PIECE", piece)
        sampler = SupervisedSMOTE(sampling_strategy={1: 300}, estimator=HalfPlane(),
                                  threshold_low=low, threshold_high=high, k_neighbors=3,
                                  random_state=0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            X_res, _ = sampler.fit_resample(X, y)
        results.append((X_res, sampler.thresholds_, len(caught)))
    for X_res, thresholds, n_warnings in results[1:]:
        np.testing.assert_array_equal(X_res, results[0][0])
        assert thresholds == results[0][1]
        assert n_warnings == results[0][2]


def test_default_forest_bootstraps_every_row_of_small_data(binary_data):
    X, y = binary_data
    sampler = SupervisedSMOTE(random_state=0)
    sampler.fit_resample(X, y)
    assert sampler.estimator_.max_samples == X.shape[0]
