from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import KMeansSMOTE as ImblearnKMeansSMOTE
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from threadpoolctl import threadpool_limits

from imbtools.over_sampling import KMeansSMOTE
from imbtools.over_sampling._kmeans_smote import mean_pairwise_distance


@pytest.fixture(autouse=True)
def one_thread_per_pool():
    """k-means' OpenMP threads spin badly on a busy machine; these data are tiny."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture
def blobs():
    X, y = make_blobs(n_samples=[300, 60, 40], centers=[[0, 0], [3, 3], [0, 4]],
                      random_state=0)
    return X, np.array(["major", "left", "right"])[y]


def test_mean_pairwise_distance_matches_dense(seed):
    X = np.random.RandomState(seed).normal(size=(70, 3))
    dense = np.linalg.norm(X[:, None] - X[None], axis=-1)
    assert mean_pairwise_distance(X) == pytest.approx(dense.sum() / (70 * 69))


def test_points_on_segments_between_class_neighbours_of_one_cluster(blobs):
    X, y = blobs
    k = 2
    sampler = KMeansSMOTE(kmeans_estimator=6, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    clusters = sampler.kmeans_estimator_.labels_
    for label in ("left", "right"):
        starts, ends = [], []
        for cluster in np.unique(clusters):
            members = np.flatnonzero((clusters == cluster) & (y == label))
            if len(members) <= k:
                continue
            d2 = ((X[members, None] - X[None, members]) ** 2).sum(-1)
            np.fill_diagonal(d2, np.inf)
            neighbours = members[np.argsort(d2, axis=1)[:, :k]]
            starts.append(np.repeat(X[members], k, axis=0))
            ends.append(X[neighbours.ravel()])
        starts, ends = np.vstack(starts), np.vstack(ends)
        direction = ends - starts
        for point in X_res[400:][y_res[400:] == label]:
            t = np.clip(((point - starts) * direction).sum(1) / (direction**2).sum(1), 0, 1)
            assert np.linalg.norm(starts + t[:, None] * direction - point, axis=1).min() < 1e-9


@pytest.mark.parametrize("strategy", ["auto", "minority", {"left": 100, "right": 90}])
@pytest.mark.parametrize("kmeans_estimator", [None, 4, 10])
@pytest.mark.parametrize("threshold", ["auto", 0.1])
def test_class_counts_equal_imblearn(blobs, strategy, kmeans_estimator, threshold):
    X, y = blobs
    params = dict(sampling_strategy=strategy, kmeans_estimator=kmeans_estimator,
                  cluster_balance_threshold=threshold, random_state=0)
    ours = KMeansSMOTE(**params).fit_resample(X, y)[1]
    theirs = ImblearnKMeansSMOTE(**params).fit_resample(X, y)[1]
    assert Counter(ours) == Counter(theirs)


def test_no_cluster_found_falls_back_to_smote_with_a_warning(blobs):
    X, y = blobs
    params = dict(kmeans_estimator=3, cluster_balance_threshold=0.99, random_state=0)
    with pytest.raises(RuntimeError, match="No clusters found"):
        ImblearnKMeansSMOTE(**params).fit_resample(X, y)
    with pytest.warns(UserWarning, match=r"no cluster where class '(left|right)' .* "
                                         r"plain SMOTE over the whole class instead"):
        _, y_res = KMeansSMOTE(**params).fit_resample(X, y)
    assert Counter(y_res)["left"] >= 300 and Counter(y_res)["right"] >= 300


def test_custom_clusterer_dataframe_and_sample_weight(blobs):
    X, y = blobs
    frame = pd.DataFrame(X, columns=["a", "b"]).astype({"a": np.float32})
    weights = np.where(y == "major", 1.0, 2.0)
    sampler = KMeansSMOTE(kmeans_estimator=KMeans(n_clusters=5, n_init=2, random_state=0),
                          random_state=0)
    X_res, y_res, w_res = sampler.fit_resample(frame, y, sample_weight=weights)
    assert X_res.dtypes["a"] == np.float32 and len(w_res) == len(y_res) == len(X_res)
    np.testing.assert_allclose(w_res[400:], 2.0)
    assert isinstance(sampler.kmeans_estimator_, KMeans)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"k_neighbors": 45}, r"k_neighbors=45 needs at least 46 samples .* 'right' has 40"),
        ({"kmeans_estimator": 0}, r"The 'kmeans_estimator' parameter of KMeansSMOTE must be"),
        ({"density_exponent": "high"}, r"The 'density_exponent' parameter of KMeansSMOTE"),
    ],
)
def test_bad_parameters(blobs, params, message):
    X, y = blobs
    with pytest.raises(ValueError, match=message):
        KMeansSMOTE(**params).fit_resample(X, y)


@pytest.mark.parametrize(("kmeans_estimator", "shown"), [
    (None, "None"), (12, "12"), (KMeans(n_clusters=11), r"KMeans\(n_clusters=11\)")])
def test_more_clusters_than_samples_is_a_kmeans_estimator_error(kmeans_estimator, shown):
    """Found by tests/test_properties.py: scikit-learn's message named n_clusters only."""
    X = np.arange(14.0).reshape(7, 2)
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    n_clusters = {"None": 8, "12": 12}.get(shown, 11)
    with pytest.raises(ValueError, match=rf"kmeans_estimator={shown} makes {n_clusters} "
                                         r"clusters of the 7 samples; .* at most 7 clusters"):
        KMeansSMOTE(kmeans_estimator=kmeans_estimator, k_neighbors=1,
                    random_state=0).fit_resample(X, y)
