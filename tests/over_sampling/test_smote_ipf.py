"""SMOTE-IPF (Sáez et al., 2015): SMOTE, then the iterative-partitioning filter."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.dummy import DummyClassifier

from imbtools.over_sampling import SMOTEIPF
from imbtools.over_sampling._smote_ipf import ipf_noise_filter, stratified_partitions


def two_clusters_with_a_flipped_label():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, size=(300, 2)), rng.normal(8, 1, size=(60, 2))])
    y = np.r_[np.zeros(300, dtype=int), np.ones(60, dtype=int)]
    y[0] = 1  # a class-1 sample deep inside class 0: noise
    X[0] = [0.0, 0.0]
    return X, y


def test_removes_the_mislabelled_sample_that_its_trees_never_saw():
    X, y = two_clusters_with_a_flipped_label()
    sampler = SMOTEIPF(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert 0 in sampler.removed_indices_
    # the clusters themselves are clean: little else goes
    assert len(sampler.removed_indices_) < 10


def test_counts_are_the_requested_ones_minus_the_removals(binary_data):
    X, y = binary_data
    sampler = SMOTEIPF(random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    removed = Counter(y[sampler.removed_indices_].tolist())
    generated = sampler.sampling_strategy_
    assert generated == {1: 220}
    assert Counter(y_res.tolist()) == {
        0: 260 - removed[0],
        1: 40 + 220 - removed[1] - sampler.n_synthetic_removed_[1],
    }


def test_clean_data_loses_nothing_and_stops_after_n_stable_iterations():
    rng = np.random.RandomState(1)
    X = np.vstack([rng.uniform(0, 1, size=(200, 2)), rng.uniform(5, 6, size=(40, 2))])
    y = np.r_[np.zeros(200, dtype=int), np.ones(40, dtype=int)]
    sampler = SMOTEIPF(n_stable=2, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert len(sampler.removed_indices_) == 0 and sampler.n_synthetic_removed_ == {1: 0}
    assert sampler.n_iterations_ == 2
    assert Counter(y_res.tolist()) == {0: 200, 1: 200}


def test_majority_and_consensus_voting_with_a_constant_model():
    # a model that always predicts class 0 misclassifies every class-1 row with every
    # vote: both rules remove them all in the first iteration, then nothing
    X = np.arange(20.0)[:, None]
    labels = np.r_[np.zeros(15, dtype=int), np.ones(5, dtype=int)]
    model = DummyClassifier(strategy="constant", constant=0)
    for voting in ("majority", "consensus"):
        keep, n_iterations = ipf_noise_filter(
            X, labels, model, n_partitions=3, voting=voting, n_stable=2, min_removed=0.01,
            generator=np.random.default_rng(0))
        np.testing.assert_array_equal(keep, labels == 0)
        assert n_iterations == 3


def test_partitions_spread_each_class_evenly():
    labels = np.r_[np.zeros(50, dtype=int), np.ones(13, dtype=int)]
    partition = stratified_partitions(labels, 4, np.random.default_rng(0))
    for code in (0, 1):
        counts = np.bincount(partition[labels == code], minlength=4)
        assert counts.max() - counts.min() <= 1
    assert np.bincount(partition).max() - np.bincount(partition).min() <= 1


def test_same_seed_same_output_different_seed_different_output(binary_data):
    X, y = binary_data
    first = SMOTEIPF(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, SMOTEIPF(random_state=3).fit_resample(X, y)[0])
    second = SMOTEIPF(random_state=4).fit_resample(X, y)[0]
    assert first.shape != second.shape or not np.allclose(first, second)


def test_sparse_dataframe_and_weights(binary_data):
    X, y = binary_data
    dense, y_dense = SMOTEIPF(random_state=0).fit_resample(X, y)
    X_sparse, _ = SMOTEIPF(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), dense)
    frame = pd.DataFrame(X, columns=list("abcde"))
    X_frame, _ = SMOTEIPF(random_state=0).fit_resample(frame, y)
    assert list(X_frame.columns) == list("abcde")
    np.testing.assert_allclose(X_frame.to_numpy(), dense)
    _, y_res, w_res = SMOTEIPF(random_state=0).fit_resample(X, y, sample_weight=np.ones(300))
    assert w_res.shape == y_res.shape and np.allclose(w_res, 1.0)


def test_too_small_class_is_a_clear_error():
    X = np.arange(24.0)[:, None]
    y = np.r_[np.zeros(20, dtype=int), np.ones(4, dtype=int)]
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples .* class 1 "
                                         r"has 4"):
        SMOTEIPF().fit_resample(X, y)


def test_a_class_removed_entirely_is_warned():
    X = np.arange(30.0)[:, None]
    y = np.r_[np.zeros(24, dtype=int), np.ones(6, dtype=int)]
    sampler = SMOTEIPF(sampling_strategy={1: 8}, k_neighbors=2,
                       estimator=DummyClassifier(strategy="constant", constant=0))
    with pytest.warns(UserWarning, match=r"removed every sample of class 1"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 24}


def test_multiclass_counts_are_generated_minus_removed(multiclass_data):
    X, y = multiclass_data
    sampler = SMOTEIPF(sampling_strategy={"mid": 150, "small": 100}, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert sampler.sampling_strategy_ == {"mid": 90, "small": 70}
    removed = Counter(y[sampler.removed_indices_].tolist())
    expected = {"big": 200 - removed["big"]}
    for label, size in (("mid", 150), ("small", 100)):
        expected[label] = size - removed[label] - sampler.n_synthetic_removed_[label]
    assert Counter(y_res.tolist()) == expected


class _KnowsOnlyTheOriginalSamples:
    """A model that predicts class 1 exactly at the original class-1 values 24..29."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def get_params(self, deep=True):
        return {"random_state": self.random_state}

    def set_params(self, **params):
        self.random_state = params.get("random_state", self.random_state)
        return self

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.isin(X[:, 0], np.arange(24.0, 30.0)).astype(int)


def test_all_synthetic_samples_removed_is_warned():
    X = np.arange(30.0)[:, None]
    y = np.r_[np.zeros(24, dtype=int), np.ones(6, dtype=int)]
    sampler = SMOTEIPF(sampling_strategy={1: 12}, k_neighbors=2,
                       estimator=_KnowsOnlyTheOriginalSamples(), random_state=0)
    with pytest.warns(UserWarning, match=r"removed all 6 synthetic samples of class 1"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 24, 1: 6}
