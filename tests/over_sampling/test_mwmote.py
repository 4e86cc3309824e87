from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import cdist, pdist

from imbtools.over_sampling import MWMOTE
from imbtools.over_sampling._mwmote import (
    average_linkage_clusters,
    closeness_factor,
    partners_in_cluster,
    selection_weights,
)


def selection_weights_reference(X_border, X_minority, k3, cf_th, cmax):
    """The paper's steps 5-8 with the full distance matrix and explicit loops."""
    n_features = X_minority.shape[1]
    distances = cdist(X_border, X_minority)
    weights = np.zeros(X_minority.shape[0])
    for row in distances:
        nearest = np.argsort(row, kind="stable")[:k3]
        cf = np.zeros(X_minority.shape[0])
        for j in nearest:
            dn = row[j] / n_features
            cf[j] = (min(1 / dn, cf_th) if dn > 0 else cf_th) / cf_th * cmax
        weights += cf * (cf / cf.sum())
    return weights


@pytest.mark.parametrize("k3", [1, 4, 25, 40])
def test_selection_weights_equal_reference(k3):
    rng = np.random.RandomState(k3)
    X_border, X_minority = rng.normal(size=(30, 3)), rng.normal(size=(40, 3))
    np.testing.assert_allclose(selection_weights(X_border, X_minority, k3, 5.0, 2.0),
                               selection_weights_reference(X_border, X_minority, k3, 5.0, 2.0),
                               rtol=1e-10)


@pytest.mark.parametrize("k3", [1, 7, 40, 80])
def test_selection_weights_with_ties_and_duplicates_equal_reference(k3):
    # integer data: many equal distances and duplicate rows; the k3 nearest are taken
    # smaller index first among equal distances, as the stable sort of the reference
    rng = np.random.RandomState(k3)
    X_border = rng.randint(0, 4, size=(50, 3)).astype(float)
    X_minority = rng.randint(0, 4, size=(80, 3)).astype(float) + 1e6  # a common offset
    np.testing.assert_allclose(
        selection_weights(X_border + 1e6, X_minority, k3, 5.0, 2.0),
        selection_weights_reference(X_border + 1e6, X_minority, k3, 5.0, 2.0), rtol=1e-12)


def _stable_nearest(distances, k, leave_out=None):
    order = np.argsort(distances, kind="stable")
    return order[order != leave_out][:k]


def mwmote_weights_reference(X, y, label, k1, k2, cf_th, cmax):
    """Steps 1 to 8 with full distance matrices (ties to the smaller row)."""
    distances = cdist(X, X)
    minority, other = np.flatnonzero(y == label), np.flatnonzero(y != label)
    filtered = [row for row in minority
                if (y[_stable_nearest(distances[row], k1, leave_out=row)] == label).any()]
    border = np.unique(np.concatenate(
        [other[_stable_nearest(distances[row, other], k2)] for row in filtered]))
    k3 = -(-minority.shape[0] // 2)
    return selection_weights_reference(X[border], X[minority], k3, cf_th, cmax)


@pytest.mark.parametrize("k2", [1, 3, 6])
def test_weights_equal_reference_on_tied_and_duplicated_data(k2):
    # a dense minority block (duplicates) whose inner samples see no majority sample
    # among their nearest (their border samples come from a search of their own), and
    # minority samples mixed with the majority (border samples from the shared search)
    rng = np.random.RandomState(k2)
    X = np.vstack([rng.randint(0, 3, size=(40, 3)), rng.randint(2, 9, size=(150, 3)),
                   rng.randint(3, 9, size=(20, 3))]).astype(float)
    y = np.array([1] * 40 + [0] * 150 + [1] * 20)
    sampler = MWMOTE(k2=k2, random_state=0)
    sampler.fit_resample(X, y)
    np.testing.assert_allclose(sampler.selection_weights_[1],
                               mwmote_weights_reference(X, y, 1, 5, k2, 5.0, 2.0),
                               rtol=1e-12, atol=1e-15)
    # clusters: average linkage cut at cp times the filtered samples' mean distance to
    # their nearest other filtered sample
    distances = cdist(X, X)
    minority = np.flatnonzero(y == 1)
    filtered = [row for row in minority
                if (y[_stable_nearest(distances[row], 5, leave_out=row)] == 1).any()]
    within = distances[np.ix_(filtered, filtered)]
    np.fill_diagonal(within, np.inf)
    expected = average_linkage_clusters(X[minority], 3.0 * within.min(axis=1).mean())
    np.testing.assert_array_equal(sampler.cluster_labels_[1], expected)


def test_closeness_factor_is_capped_and_decreasing():
    cf = closeness_factor(np.array([0.0, 0.1, 2.0, 4.0, 8.0]), 2, 5.0, 2.0)
    # dn = d / 2; 1/dn capped at 5 -> Cf = min(1/dn, 5) / 5 * 2
    np.testing.assert_allclose(cf, [2.0, 2.0, 0.4, 0.2, 0.1])


def test_average_linkage_equals_scipy_below_the_exact_limit():
    X = np.random.RandomState(0).normal(size=(120, 4))
    expected = fcluster(linkage(pdist(X), "average"), t=1.5, criterion="distance")
    labels = average_linkage_clusters(X, 1.5)
    # same partition (labels may be numbered differently)
    assert len(set(zip(labels, expected))) == len(set(labels)) == len(set(expected))


def test_large_sets_are_clustered_in_pieces_that_never_share_a_cluster():
    X = np.random.RandomState(0).normal(size=(300, 2))
    labels = average_linkage_clusters(X, 0.5, max_exact_rows=64)
    # pieces are cut at the median of the widest feature, so a cluster never crosses it
    for cluster in np.unique(labels):
        members = X[labels == cluster]
        assert members.shape[0] <= 64
    assert set(labels.tolist()) == set(range(labels.max() + 1))


def test_partner_is_another_member_of_the_cluster_or_the_seed_when_alone():
    labels = np.array([0, 1, 0, 2, 1, 0])
    seeds = np.repeat(np.arange(6), 200)
    partners = partners_in_cluster(seeds, labels, np.random.default_rng(0))
    assert np.all(labels[partners] == labels[seeds])
    alone = seeds == 3
    assert np.all(partners[alone] == 3)
    assert np.all(partners[~alone] != seeds[~alone])
    # uniform over the others: seed 0 picks 2 and 5 about equally
    picks = Counter(partners[seeds == 0].tolist())
    assert set(picks) == {2, 5} and min(picks.values()) > 70


def _two_clusters_and_a_far_minority():
    """A border zone and one minority sample far from every majority sample."""
    rng = np.random.RandomState(0)
    majority = rng.normal(size=(60, 2))
    minority = np.vstack([rng.normal(loc=[2.0, 0.0], scale=0.5, size=(19, 2)),
                          [[40.0, 40.0]]])
    X = np.vstack([majority, minority])
    y = np.array([0] * 60 + [1] * 20)
    return X, y


def test_seeds_have_positive_weight_and_points_lie_on_segments_within_a_cluster():
    X, y = _two_clusters_and_a_far_minority()
    sampler = MWMOTE(k3=5, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    weights, labels = sampler.selection_weights_[1], sampler.cluster_labels_[1]
    far = 19  # the far sample is in no Nmin(y) with k3=5, and in a cluster of its own
    assert weights[far] == 0 and np.count_nonzero(labels == labels[far]) == 1
    X_min = X[y == 1]
    for point in X_res[len(X):]:
        # some segment between a weighted seed and a member of its cluster holds the point
        found = False
        for a in np.flatnonzero(weights):
            for b in np.flatnonzero(labels == labels[a]):
                d = X_min[b] - X_min[a]
                t = 0.0 if not d.any() else np.clip((point - X_min[a]) @ d / (d @ d), 0, 1)
                found |= np.linalg.norm(X_min[a] + t * d - point) < 1e-9
        assert found
    assert np.all(np.linalg.norm(X_res[len(X):] - [40, 40], axis=1) > 10)


def test_noise_is_left_out_of_the_border_search_and_all_noise_warns():
    X = np.array([[0.0], [1], [2], [3], [4], [10], [11], [12]])
    y = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    MWMOTE(k1=2, random_state=0).fit_resample(X, y)  # fine: minority samples see each other
    X_noise = np.array([[0.0], [0.1], [5], [5.1], [10], [10.1], [2.5], [7.5]])
    y_noise = np.array([0, 0, 0, 0, 0, 0, 1, 1])
    with pytest.warns(UserWarning, match="every sample of class 1 to be noise.*Raise k1"):
        X_res, y_res = MWMOTE(k1=1, random_state=0).fit_resample(X_noise, y_noise)
    assert Counter(y_res.tolist()) == {0: 6, 1: 6}


@pytest.mark.parametrize("strategy, expected", [
    ("auto", {"big": 200, "mid": 200, "small": 200}),
    ({"mid": 70, "small": 100}, {"big": 200, "mid": 70, "small": 100}),
])
def test_exact_class_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = MWMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == expected


def test_same_seed_same_output_and_different_seed_different_output(binary_data):
    X, y = binary_data
    a = MWMOTE(random_state=3).fit_resample(X, y)[0]
    b = MWMOTE(random_state=3).fit_resample(X, y)[0]
    c = MWMOTE(random_state=4).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a[len(X):], c[len(X):])


def test_sparse_and_dataframe_round_trips(binary_data):
    X, y = binary_data
    dense = MWMOTE(random_state=0).fit_resample(X, y)[0]
    X_sparse, _ = MWMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), dense)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(5)])
    X_frame, y_frame = MWMOTE(random_state=0).fit_resample(frame, pd.Series(y, name="t"))
    assert list(X_frame.columns) == list(frame.columns) and y_frame.name == "t"
    np.testing.assert_allclose(X_frame.to_numpy(), dense)


def test_errors():
    X = np.arange(10.0).reshape(5, 2)
    with pytest.raises(ValueError, match="at least 2 samples in each class.*class 1 has 1"):
        MWMOTE().fit_resample(X, [0, 0, 0, 0, 1])
    with pytest.raises(ValueError, match="k3"):
        MWMOTE(k3="half").fit_resample(X, [0, 0, 0, 1, 1])
    with pytest.raises(ValueError, match="cp"):
        MWMOTE(cp=0).fit_resample(X, [0, 0, 0, 1, 1])


@pytest.mark.parametrize("values", [
    np.random.RandomState(0).exponential(size=5000),
    np.round(np.random.RandomState(1).exponential(size=3000) * 3),  # many ties
    np.full(50, 2.5),  # one value
    np.array([0.0, 1e-300, 2e-300, 1.0]),  # a spread of both tiny and ordinary values
])
def test_kth_smallest_equals_sorting(values):
    from imbtools._kernels.mwmote import _BUCKETS, kth_smallest

    counts, scratch = np.empty(_BUCKETS, dtype=np.int64), np.empty(values.shape[0])
    expected = np.sort(values)
    for k in sorted({1, 2, values.shape[0] // 2, values.shape[0] - 1, values.shape[0]}):
        assert kth_smallest(values, k, counts, scratch) == expected[k - 1]
