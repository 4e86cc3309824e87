from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import ClusterCentroids as ReferenceCC
from scipy import sparse
from sklearn.cluster import KMeans

from imbtools.under_sampling import ClusterCentroids


def continuous_data(n_samples, weights, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(weights), size=n_samples, p=weights)
    X = rng.normal(size=(n_samples, n_features)) + 0.8 * codes[:, None]
    return X, codes


@pytest.mark.parametrize("strategy", ["auto", "majority", {0: 40, 1: 30}])
def test_same_output_as_imblearn(strategy):
    X, y = continuous_data(300, [0.6, 0.3, 0.1])
    params = {"sampling_strategy": strategy, "voting": "soft",
              "estimator": KMeans(n_init=1, random_state=0)}
    X_res, y_res = ClusterCentroids(**params).fit_resample(X, y)
    X_ref, y_ref = ReferenceCC(**params).fit_resample(X, y)
    assert Counter(y_res) == Counter(y_ref)
    order, order_ref = np.lexsort(X_res.T), np.lexsort(X_ref.T)
    np.testing.assert_allclose(X_res[order], X_ref[order_ref])
    np.testing.assert_array_equal(y_res[order], y_ref[order_ref])


def test_hard_voting_keeps_a_nearest_sample_of_each_centroid():
    """A centroid of two samples is equidistant to both: the choice between them is a tie."""
    X, y = continuous_data(300, [0.7, 0.3])
    sampler = ClusterCentroids(voting="hard", estimator=KMeans(n_init=1, random_state=0))
    X_res, y_res = sampler.fit_resample(X, y)
    _, y_ref = ReferenceCC(voting="hard", estimator=KMeans(n_init=1, random_state=0)
                           ).fit_resample(X, y)
    assert Counter(y_res) == Counter(y_ref)
    X_class = X[y == 0]
    centers = KMeans(n_init=1, random_state=0, n_clusters=int((y == 1).sum())).fit(
        X_class).cluster_centers_
    distances = np.linalg.norm(centers[:, None] - X_class[None], axis=2)
    chosen = np.linalg.norm(centers[:, None] - X_res[y_res == 0][None], axis=2)
    # Each centroid finds one kept row at its minimal distance.
    assert np.allclose(chosen.min(axis=1), distances.min(axis=1), rtol=0, atol=1e-12)


def test_sparse_input_votes_hard_and_stays_sparse():
    X, y = continuous_data(200, [0.8, 0.2])
    sampler = ClusterCentroids(random_state=0)
    X_res, y_res = sampler.fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_res) and sampler.voting_ == "hard"
    rows = {tuple(row) for row in X}
    assert all(tuple(row) in rows for row in X_res.toarray())


def test_dataframe_string_labels_and_weights():
    X, codes = continuous_data(200, [0.7, 0.3])
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": X[:, 2]})
    before, weights = frame.copy(), np.linspace(1, 2, 200)
    labels = np.array(["no", "yes"], dtype=object)[codes]
    X_res, y_res, w_res = ClusterCentroids(random_state=0).fit_resample(
        frame, labels, sample_weight=weights)
    assert list(X_res.columns) == ["a", "b", "c"] and X_res["b"].dtype == np.float32
    n_min = Counter(labels)["yes"]
    assert Counter(y_res) == {"no": n_min, "yes": n_min}
    assert len(w_res) == 2 * n_min and set(w_res) <= set(weights)
    pd.testing.assert_frame_equal(frame, before)


def test_errors():
    X, y = continuous_data(60, [0.8, 0.2])
    with pytest.raises(ValueError, match="n_clusters"):
        ClusterCentroids(estimator=_NoClusters()).fit_resample(X, y)
    with pytest.raises(ValueError, match="voting"):
        ClusterCentroids(voting="average").fit_resample(X, y)


class _NoClusters:
    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        return np.zeros(len(X))


@pytest.mark.parametrize("voting", ["soft", "hard"])
@pytest.mark.parametrize("strategy", ["all", {0: 20, 1: 12, 2: 5}, {0: 7, 1: 7, 2: 7}])
def test_every_class_under_sampled_matches_imblearn(strategy, voting):
    """Issue 12, defect 3: with every class replaced, no original row is kept."""
    X, y = continuous_data(150, [0.6, 0.3, 0.1])
    params = {"sampling_strategy": strategy, "voting": voting,
              "estimator": KMeans(n_init=1, random_state=0)}
    X_res, y_res = ClusterCentroids(**params).fit_resample(X, y)
    X_ref, y_ref = ReferenceCC(**params).fit_resample(X, y)
    assert Counter(y_res.tolist()) == Counter(y_ref.tolist())
    assert X_res.shape == X_ref.shape


def test_keeping_zero_samples_of_a_class_is_refused():
    X, y = continuous_data(60, [0.8, 0.2])
    with pytest.raises(ValueError, match=r"sampling_strategy=\{0: 0\} asks to keep 0 samples "
                                         r"of class 0; .* at least 1 sample"):
        ClusterCentroids(sampling_strategy={0: 0}, random_state=0).fit_resample(X, y)
