import numpy as np
import pytest
from imblearn.under_sampling import EditedNearestNeighbours as ImblearnENN
from sklearn.base import clone
from sklearn.datasets import make_blobs
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.neighbors import ApproximateNearestNeighbors
from imbtools.over_sampling import SMOTE
from imbtools.under_sampling import EditedNearestNeighbours


def _recall(found, exact):
    """Share of the exact neighbours present in the found lists (row by row)."""
    return np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found, exact)])


def _exact_graph(X, k):
    return SklearnNeighbors(n_neighbors=k).fit(X).kneighbors()


# -- recall against the exact search ------------------------------------------------------
@pytest.mark.parametrize(
    "make_data",
    [
        lambda rng: rng.normal(size=(3500, 8)),
        lambda rng: make_blobs(3500, n_features=10, centers=30, random_state=rng)[0],
    ],
    ids=["gaussian", "clustered"],
)
def test_recall_against_exact(make_data):
    rng = np.random.RandomState(0)
    data = make_data(rng)
    X, queries = data[:3000], data[3000:]  # queries from the same distribution
    ann_search = ApproximateNearestNeighbors(n_neighbors=5, random_state=0).fit(X)
    _, exact = _exact_graph(X, 5)
    _, found = ann_search.kneighbors()
    assert _recall(found, exact) > 0.95
    exact_queries = SklearnNeighbors(n_neighbors=5).fit(X).kneighbors(queries)[1]
    assert _recall(ann_search.kneighbors(queries)[1], exact_queries) > 0.85
    # the returned distances are the true distances of the returned indices
    dist, ind = ann_search.kneighbors(queries)
    np.testing.assert_allclose(dist, np.linalg.norm(queries[:, None] - X[ind], axis=2))
    assert np.all(np.diff(dist, axis=1) >= 0)


def test_one_leaf_is_exact(seed):
    rng = np.random.RandomState(seed)
    X, queries = rng.normal(size=(150, 4)), rng.normal(size=(40, 4))
    ann_search = ApproximateNearestNeighbors(n_neighbors=6, leaf_size=150, n_iter=0).fit(X)
    reference = SklearnNeighbors(n_neighbors=6).fit(X)
    for query in (None, queries):
        dist, ind = ann_search.kneighbors(query)
        ref_dist, ref_ind = reference.kneighbors(query)
        np.testing.assert_array_equal(ind, ref_ind)
        np.testing.assert_allclose(dist, ref_dist, rtol=1e-9, atol=1e-12)
    # more neighbours than the graph holds: a search, still exact and without self
    dist, ind = ann_search.kneighbors(n_neighbors=30)
    np.testing.assert_array_equal(ind, SklearnNeighbors(n_neighbors=30).fit(X).kneighbors()[1])


def test_fitted_rows_are_answered_from_the_graph():
    X = np.random.RandomState(0).normal(size=(2000, 6))
    ann_search = ApproximateNearestNeighbors(n_neighbors=4, random_state=0).fit(X)
    rows = np.array([5, 1999, 0, 5, 712])
    graph = ann_search.kneighbors(n_neighbors=3, return_distance=False)
    ind = ann_search.kneighbors(X[rows], n_neighbors=4, return_distance=False)
    np.testing.assert_array_equal(ind[:, 0], rows)
    np.testing.assert_array_equal(ind[:, 1:], graph[rows])


def test_duplicates_never_return_self_from_none():
    X = np.vstack([np.zeros((5, 2)), np.ones((4, 2))])
    dist, ind = ApproximateNearestNeighbors(n_neighbors=3, random_state=0).fit(X).kneighbors()
    assert all(row not in ind[row] for row in range(len(X)))
    np.testing.assert_array_equal(dist, 0.0)
    assert all(set(ind[row]) <= set(range(5)) for row in range(5))


def test_same_seed_same_result_and_thread_count_does_not_matter():
    X = np.random.RandomState(2).normal(size=(4000, 5))
    first = ApproximateNearestNeighbors(n_neighbors=4, random_state=7, n_jobs=1).fit(X)
    second = ApproximateNearestNeighbors(n_neighbors=4, random_state=7, n_jobs=2).fit(X)
    queries = np.random.RandomState(3).normal(size=(300, 5))
    for query in (None, queries):
        np.testing.assert_array_equal(first.kneighbors(query)[1], second.kneighbors(query)[1])
        np.testing.assert_array_equal(first.kneighbors(query)[0], second.kneighbors(query)[0])


def test_random_state_is_not_mutated_and_estimator_clones():
    generator = np.random.RandomState(0)
    ann_search = ApproximateNearestNeighbors(n_neighbors=3, n_trees=3, random_state=generator)
    ann_search.fit(np.random.RandomState(1).normal(size=(50, 3)))
    assert ann_search.random_state is generator  # the parameter is never overwritten
    seeded = ApproximateNearestNeighbors(n_neighbors=3, random_state=5)
    seeded.fit(np.zeros((20, 2)))
    assert seeded.random_state == 5
    cloned = clone(ApproximateNearestNeighbors(n_neighbors=7, leaf_size=64, random_state=3))
    assert cloned.get_params()["n_neighbors"] == 7 and cloned.get_params()["leaf_size"] == 64
    assert not hasattr(cloned, "n_samples_fit_")


# -- bad input ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_neighbors": 0}, "n_neighbors"),
        ({"n_trees": 0}, "n_trees"),
        ({"leaf_size": "big"}, "leaf_size"),
        ({"n_iter": -1}, "n_iter"),
        ({"random_state": "seed"}, "random_state"),
    ],
)
def test_bad_parameters_name_themselves(params, match):
    with pytest.raises((ValueError, TypeError), match=match):
        ApproximateNearestNeighbors(**params).fit(np.zeros((10, 2)))


def test_bad_queries():
    X = np.random.RandomState(0).normal(size=(20, 3))
    ann_search = ApproximateNearestNeighbors(n_neighbors=3).fit(X)
    with pytest.raises(ValueError, match="n_neighbors=20 neighbours .* only 19"):
        ann_search.kneighbors(n_neighbors=20)
    with pytest.raises(ValueError, match="n_neighbors must be a positive integer; got 0"):
        ann_search.kneighbors(X, n_neighbors=0)
    with pytest.raises(ValueError, match="X has 2 features, but .* fitted with 3"):
        ann_search.kneighbors(X[:, :2])
    with pytest.raises(ValueError, match="mode must be 'connectivity' or 'distance'; got 'x'"):
        ann_search.kneighbors_graph(mode="x")


def test_kneighbors_graph_matches_kneighbors():
    X = np.random.RandomState(0).normal(size=(60, 3))
    ann_search = ApproximateNearestNeighbors(n_neighbors=3, random_state=0).fit(X)
    dist, ind = ann_search.kneighbors(X[:10])
    graph = ann_search.kneighbors_graph(X[:10], mode="distance").toarray()
    assert graph.shape == (10, 60)
    for row in range(10):
        np.testing.assert_array_equal(np.flatnonzero(graph[row]), np.sort(ind[row][dist[row] > 0]))


# -- inside samplers ----------------------------------------------------------------------
def _imbalanced(n=1200, seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(size=(n - n // 10, 4)), rng.normal(loc=1.0, size=(n // 10, 4))])
    y = np.repeat([0, 1], [n - n // 10, n // 10])
    return X, y


def test_exact_enough_inside_imbtools_and_imblearn_enn():
    X, y = _imbalanced()
    # one leaf: the approximate object is exact, so the samplers keep the same rows
    exact_ann = ApproximateNearestNeighbors(n_neighbors=4, leaf_size=len(X), random_state=0)
    ours_res = EditedNearestNeighbours(n_neighbors=exact_ann)
    ours_res.fit_resample(X, y)
    exact = EditedNearestNeighbours()
    exact.fit_resample(X, y)
    np.testing.assert_array_equal(ours_res.sample_indices_, exact.sample_indices_)
    theirs = ImblearnENN(n_neighbors=exact_ann)
    theirs.fit_resample(X, y)
    np.testing.assert_array_equal(theirs.sample_indices_, exact.sample_indices_)
    # the default (many leaves) object agrees on nearly every row
    approx = EditedNearestNeighbours(n_neighbors=ApproximateNearestNeighbors(4, random_state=0))
    approx.fit_resample(X, y)
    kept_exact = np.isin(np.arange(len(y)), exact.sample_indices_)
    kept_approx = np.isin(np.arange(len(y)), approx.sample_indices_)
    assert np.mean(kept_exact == kept_approx) > 0.97


def test_smote_with_approximate_neighbours():
    X, y = _imbalanced(seed=1)
    exact_ann = ApproximateNearestNeighbors(n_neighbors=6, leaf_size=len(X), random_state=0)
    X_ours, y_ours = SMOTE(k_neighbors=exact_ann, random_state=0).fit_resample(X, y)
    X_ref, y_ref = SMOTE(k_neighbors=5, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(y_ours, y_ref)
    np.testing.assert_allclose(X_ours, X_ref)
