import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.neighbors import NearestNeighbors, check_neighbors, neighbors_excluding_self


@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
@pytest.mark.parametrize("shape", [(30, 3), (1500, 4), (2500, 20)])
def test_exact_against_sklearn(algorithm, shape, seed):
    rng = np.random.RandomState(seed)
    X, queries = rng.normal(size=shape), rng.normal(size=(1100, shape[1]))
    ours = NearestNeighbors(n_neighbors=5, algorithm=algorithm).fit(X)
    reference = SklearnNeighbors(n_neighbors=5, algorithm="brute").fit(X)
    for query in (None, queries):
        dist, ind = ours.kneighbors(query)
        ref_dist, ref_ind = reference.kneighbors(query)
        np.testing.assert_array_equal(ind, ref_ind)
        np.testing.assert_allclose(dist, ref_dist, rtol=1e-7, atol=1e-7)


def test_thread_count_and_blocking_do_not_change_results():
    X = np.random.RandomState(0).normal(size=(3000, 6))
    one = NearestNeighbors(n_neighbors=4, algorithm="brute", n_jobs=1).fit(X).kneighbors()
    two = NearestNeighbors(n_neighbors=4, algorithm="brute", n_jobs=2).fit(X).kneighbors()
    np.testing.assert_array_equal(one[1], two[1])
    np.testing.assert_array_equal(one[0], two[0])


def test_ties_break_by_index_and_self_is_excluded_among_duplicates():
    # five copies of the same point: each copy's neighbours are the four other copies
    X = np.vstack([np.zeros((5, 2)), np.ones((3, 2))])
    dist, ind = NearestNeighbors(n_neighbors=4, algorithm="brute").fit(X).kneighbors()
    for row in range(5):
        assert row not in ind[row]
        np.testing.assert_array_equal(ind[row], [i for i in range(5) if i != row])
    np.testing.assert_array_equal(dist[:5], 0.0)


@pytest.mark.parametrize("algorithm", ["brute", "kd_tree"])
def test_duplicates_distances_match_sklearn(algorithm):
    rng = np.random.RandomState(3)
    X = np.round(rng.normal(size=(400, 2)), 1)  # many exact duplicates and ties
    dist, _ = NearestNeighbors(n_neighbors=6, algorithm=algorithm).fit(X).kneighbors()
    ref_dist, _ = SklearnNeighbors(n_neighbors=6).fit(X).kneighbors()
    np.testing.assert_allclose(dist, ref_dist, atol=1e-9)


def test_all_zero_rows():
    X = np.zeros((6, 3))
    dist, ind = NearestNeighbors(n_neighbors=2, algorithm="brute").fit(X).kneighbors()
    np.testing.assert_array_equal(dist, 0.0)
    assert all(row not in ind[row] for row in range(6))


def test_auto_choice_depends_on_shape():
    assert NearestNeighbors().fit(np.zeros((10, 30))).algorithm_ == "brute"
    assert NearestNeighbors().fit(np.random.RandomState(0).rand(20_000, 3)).algorithm_ == "kd_tree"


def test_too_many_neighbours_and_wrong_width():
    nn = NearestNeighbors(n_neighbors=3).fit(np.random.RandomState(0).rand(3, 2))
    with pytest.raises(ValueError, match=r"n_neighbors=3 .* only 2 reference sample\(s\) .* "
                                         r"besides the query itself"):
        nn.kneighbors()
    with pytest.raises(ValueError, match="X has 5 features, but NearestNeighbors was fitted "
                                         "with 2"):
        nn.kneighbors(np.zeros((1, 5)), n_neighbors=1)


def test_check_neighbors_accepts_int_and_objects():
    searcher, k = check_neighbors("k_neighbors", 4)
    assert isinstance(searcher, NearestNeighbors) and k == 4
    user = SklearnNeighbors(n_neighbors=6)
    searcher, k = check_neighbors("k_neighbors", user)
    assert k == 5 and searcher is not user  # cloned, the user's object stays untouched
    with pytest.raises(ValueError, match=r"k_neighbors must be a positive integer; got 0"):
        check_neighbors("k_neighbors", 0)
    with pytest.raises(TypeError, match=r"k_neighbors must be a positive int or an object"):
        check_neighbors("k_neighbors", "five")
    with pytest.raises(ValueError, match=r"n_neighbors=1; it must be an integer >= 2"):
        check_neighbors("k_neighbors", SklearnNeighbors(n_neighbors=1))


def test_user_object_gives_same_neighbours_as_ours():
    X = np.random.RandomState(5).normal(size=(200, 3))
    ours = neighbors_excluding_self(NearestNeighbors(), X, 5)
    theirs = neighbors_excluding_self(SklearnNeighbors(), X, 5)
    np.testing.assert_array_equal(ours, theirs)


def test_neighbors_of_rows_matches_full_search_and_ignores_chunking():
    from imbtools.neighbors import neighbors_of_rows

    X = np.random.RandomState(7).normal(size=(300, 4))
    rows = np.array([5, 0, 299, 17])
    full = NearestNeighbors(n_neighbors=3).fit(X).kneighbors(return_distance=False)
    searcher = SklearnNeighbors().fit(X)
    for chunk_size in (None, 1, 3):
        got = neighbors_of_rows(searcher, X, rows, 3, chunk_size=chunk_size)
        np.testing.assert_array_equal(got, full[rows])


def test_query_itself_mask_drops_self_or_last_candidate():
    from imbtools.neighbors import query_itself_mask

    candidates = np.array([[4, 2, 9], [8, 1, 6], [3, 3, 5]])
    mask = query_itself_mask(candidates, np.array([2, 0, 3]))
    # row 0: itself at position 1; row 1: absent (duplicates outranked it) -> last;
    # row 2: a repeated index is dropped once only
    np.testing.assert_array_equal(mask, [[False, True, False], [False, False, True],
                                         [True, False, False]])
