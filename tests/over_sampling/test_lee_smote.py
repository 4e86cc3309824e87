from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import SMOTE, LeeSMOTE


def test_no_kept_sample_is_dominated_by_other_classes(binary_data):
    X, y = binary_data
    sampler = LeeSMOTE(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    new = X_res[len(X):]
    index = SklearnNeighbors(n_neighbors=5).fit(X).kneighbors(new, return_distance=False)
    assert np.all((y[index] != 1).mean(1) <= 0.5)
    assert sampler.n_rejected_[1] > 0  # the data overlap: some candidates were rejected


def test_hand_made_rejection_region():
    # minority at x=0 and x=10 with majority samples packed around x=5: every candidate
    # between the two groups with more than half its 3 neighbours majority is rejected
    minority = np.array([[0.0, 0], [0.2, 0], [0.4, 0], [10, 0], [10.2, 0], [10.4, 0]])
    majority = np.column_stack([np.linspace(3, 7, 40), np.zeros(40)])
    X = np.vstack([minority, majority])
    y = np.array([1] * 6 + [0] * 40)
    X_res, _ = LeeSMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    new = X_res[len(X):, 0]
    assert len(new) == 34
    index = SklearnNeighbors(n_neighbors=3).fit(X).kneighbors(X_res[len(X):])[1]
    assert np.all((y[index] == 0).sum(1) <= 1)
    assert not np.any((new > 3.5) & (new < 6.5))


def test_bounded_retries_warn_and_fill_with_least_dominated():
    # every candidate sits among majority samples: rejection can never succeed
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 2))
    y = np.array([1] * 10 + [0] * 190)
    with pytest.warns(UserWarning, match=r"after max_rounds=2 rounds, \d+ of the 180 "
                                          r"samples of class 1 were still missing"):
        _, y_res = LeeSMOTE(max_rounds=2, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {0: 190, 1: 190}


def test_without_rejection_equals_smote_candidates(binary_data):
    # rejection_level just below 1 rejects only candidates whose neighbours are all
    # foreign; count that against a reference search
    X, y = binary_data
    X_res, _ = LeeSMOTE(rejection_level=0.99, random_state=0).fit_resample(X, y)
    index = SklearnNeighbors(n_neighbors=5).fit(X).kneighbors(X_res[len(X):])[1]
    assert np.all((y[index] == 1).any(1))
    assert Counter(LeeSMOTE(random_state=0).fit_resample(X, y)[1]) == Counter(
        SMOTE(random_state=0).fit_resample(X, y)[1])


def test_exact_counts_multiclass_and_dict(multiclass_data):
    X, y = multiclass_data
    _, y_res = LeeSMOTE(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    _, y_res = LeeSMOTE(sampling_strategy={"mid": 70, "small": 45},
                        random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}


def test_seeds_sparse_and_dataframe(binary_data):
    X, y = binary_data
    first = LeeSMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, LeeSMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, LeeSMOTE(random_state=4).fit_resample(X, y)[0])
    X_sparse, _ = LeeSMOTE(random_state=3).fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), first)
    X_frame, _ = LeeSMOTE(random_state=3).fit_resample(pd.DataFrame(X), y)
    np.testing.assert_allclose(X_frame.to_numpy(), first)


def test_class_too_small_and_bad_parameters():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples.*class 1"):
        LeeSMOTE().fit_resample(X, y)
    with pytest.raises(ValueError, match=r"'max_rounds' parameter of LeeSMOTE must be .* Got 0"):
        LeeSMOTE(max_rounds=0).fit_resample(X, y)


def test_large_rounds_searched_in_blocks_give_the_same_samples(monkeypatch):
    # rounds large enough for the engine's blocked search (float32 first pass) keep the
    # candidates the chunked queries keep
    from sklearn.datasets import make_classification

    import imbtools.over_sampling._lee_smote as lee
    from imbtools.neighbors import _float32

    X, y = make_classification(n_samples=1500, n_features=12, weights=[0.85],
                               random_state=0)
    monkeypatch.setattr(lee, "worth_blocked_search", lambda *shape: False)
    chunked = LeeSMOTE(random_state=0).fit_resample(X, y)[0]
    monkeypatch.undo()
    monkeypatch.setattr(_float32, "_FLOAT32_MIN_WORK", 1.0)
    monkeypatch.setattr(_float32, "_FLOAT32_REF_BLOCK", 500)
    monkeypatch.setattr(lee, "_BLOCKED_QUERY_CHUNK", 300)
    sampler = LeeSMOTE(random_state=0)
    np.testing.assert_array_equal(sampler.fit_resample(X, y)[0], chunked)
    assert sampler.n_rejected_[1] > 0
