import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.neighbors import (
    NearestNeighbors,
    blocked_neighbors_of_points,
    blocked_neighbors_of_rows,
    check_neighbors,
    neighbors_excluding_self,
    neighbors_of_rows,
    worth_blocked_search,
)


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


# --- certified float32 first pass -------------------------------------------------------


@pytest.fixture
def float32_everywhere(monkeypatch):
    """Use the float32 pass on any shape (it is otherwise kept for large data)."""
    from imbtools.neighbors import _float32 as neighbors

    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_SAMPLES", 1)
    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_FEATURES", 1)
    return neighbors


@pytest.fixture
def float64_redo_rows(monkeypatch):
    """Record the query rows the float32 pass hands back to the float64 search."""
    redone = []
    original = NearestNeighbors._search_float64_rows

    def spy(self, queries, rows, k, skip_self):
        redone.append(np.asarray(rows).copy())
        return original(self, queries, rows, k, skip_self)

    monkeypatch.setattr(NearestNeighbors, "_search_float64_rows", spy)
    return redone


def both_paths(X, queries, k):
    """(float32-pass result, float64-path result) of the same fitted estimator."""
    nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X)
    assert nn._float32_index is not None
    fast = nn.kneighbors(queries)
    nn._float32_index = None
    return fast, nn.kneighbors(queries)


@pytest.mark.parametrize("offset", [0.0, 1e4])
def test_float32_pass_equals_float64_path_and_sklearn(float32_everywhere, offset, seed,
                                                      monkeypatch):
    # offset 1e4: cancellation in ||r||^2 - 2 q.r; centring keeps the float32 pass exact
    monkeypatch.setattr(float32_everywhere, "_FLOAT32_PROBE", 100)  # several query chunks
    monkeypatch.setattr(float32_everywhere, "_FLOAT32_QUERY_CHUNK", 500)
    rng = np.random.RandomState(seed)
    X = offset + rng.normal(size=(1500, 20))
    queries = offset + rng.normal(size=(300, 20))
    reference = SklearnNeighbors(n_neighbors=7).fit(X)
    for query in (None, queries):
        (dist, ind), (dist64, ind64) = both_paths(X, query, 7)
        np.testing.assert_array_equal(ind, ind64)
        np.testing.assert_array_equal(dist, dist64)  # same neighbours, same formula
        ref_dist, ref_ind = reference.kneighbors(query if query is not None else X,
                                                 n_neighbors=7 if query is not None else 8)
        if query is None:
            ref_dist, ref_ind = ref_dist[:, 1:], ref_ind[:, 1:]
        np.testing.assert_array_equal(ind, ref_ind)
        np.testing.assert_allclose(dist, ref_dist, rtol=1e-6)


def test_float32_pass_with_duplicates_and_exact_ties(float32_everywhere):
    # small integers: every distance is exact in float32 and float64, ties are exact and
    # must go to the smaller index in both paths
    rng = np.random.RandomState(0)
    X = rng.randint(0, 3, size=(2000, 12)).astype(float)
    for query in (None, X[:500] + 0.0, rng.randint(0, 3, size=(200, 12)).astype(float)):
        (dist, ind), (dist64, ind64) = both_paths(X, query, 6)
        np.testing.assert_array_equal(ind, ind64)
        np.testing.assert_array_equal(dist, dist64)
    (_, ind), _ = both_paths(X, None, 6)
    assert all(row not in ind[row] for row in range(X.shape[0]))


def test_float32_pass_all_zero_rows_and_k_close_to_n(float32_everywhere, float64_redo_rows):
    rng = np.random.RandomState(1)
    X = rng.normal(size=(40, 16))
    X[::3] = 0.0  # 14 all-zero rows: ties at distance 0
    for k, query in ((39, None), (40, X[:10]), (35, rng.normal(size=(5, 16)))):
        (dist, ind), (dist64, ind64) = both_paths(X, query, k)
        np.testing.assert_array_equal(ind, ind64)
        np.testing.assert_array_equal(dist, dist64)
    # k + extra >= the references available: nothing is left out, nothing to redo
    assert float64_redo_rows == []
    assert NearestNeighbors(algorithm="brute").fit(np.zeros((50, 16)))._float32_index is None


def test_certificate_failure_is_redone_in_float64(float32_everywhere, float64_redo_rows):
    # a tight cluster and one far point: the bound (driven by the largest norm) exceeds
    # the gaps inside the cluster, so no cluster query is certified
    rng = np.random.RandomState(2)
    X = np.vstack([1e-3 * rng.normal(size=(600, 16)), np.full((1, 16), 1e3)])
    queries = 1e-3 * rng.normal(size=(50, 16))
    (dist, ind), (dist64, ind64) = both_paths(X, queries, 5)
    np.testing.assert_array_equal(np.concatenate(float64_redo_rows), np.arange(50))
    np.testing.assert_array_equal(ind, ind64)
    np.testing.assert_array_equal(dist, dist64)
    float64_redo_rows.clear()
    (dist, ind), (dist64, ind64) = both_paths(X, None, 5)  # skip_self through the redo
    np.testing.assert_array_equal(ind, ind64)
    np.testing.assert_array_equal(dist, dist64)
    assert len(np.concatenate(float64_redo_rows)) >= 600


def test_certificate_partly_failing_and_probe(float32_everywhere, float64_redo_rows,
                                               monkeypatch):
    # well-separated queries are certified, those inside the tight cluster are not
    neighbors = float32_everywhere
    rng = np.random.RandomState(3)
    X = np.vstack([rng.normal(size=(500, 16)), 1e-4 * rng.normal(size=(200, 16)) + 5.0])
    queries = np.vstack([rng.normal(size=(60, 16)), 1e-4 * rng.normal(size=(40, 16)) + 5.0])
    (_, ind), (_, ind64) = both_paths(X, queries, 4)
    np.testing.assert_array_equal(ind, ind64)
    redone = np.concatenate(float64_redo_rows)
    assert set(redone) == set(range(60, 100))  # exactly the cluster queries
    # a probe of 50 queries with 20 failures (40% > 25%): the rest skips the float32 pass
    float64_redo_rows.clear()
    monkeypatch.setattr(neighbors, "_FLOAT32_PROBE", 50)
    order = np.r_[60:80, 0:30, 80:100, 30:60]  # probe: 20 cluster queries, 30 others
    (_, ind), (_, ind64) = both_paths(X, queries[order], 4)
    np.testing.assert_array_equal(ind, ind64)
    np.testing.assert_array_equal(np.concatenate(float64_redo_rows), np.r_[0:20, 50:100])


def test_float32_pass_refused_where_unsafe(float32_everywhere):
    rng = np.random.RandomState(4)
    huge = NearestNeighbors(algorithm="brute").fit(1e20 * rng.normal(size=(30, 16)))
    assert huge._float32_index is None  # squares overflow float32
    X = rng.normal(size=(30, 16))
    nn = NearestNeighbors(n_neighbors=3, algorithm="brute").fit(X)
    far = np.full((2, 16), 1e36)  # q.r would overflow float32
    assert nn._float32_index.query_norms(far) is None  # float64 path for these queries
    # so far away, the nearest references are those of largest coordinate sum
    np.testing.assert_array_equal(nn.kneighbors(far)[1], [np.argsort(-X.sum(1))[:3]] * 2)


def test_float32_pass_only_for_large_data(monkeypatch):
    from imbtools.neighbors import _float32 as neighbors

    assert neighbors._use_float32(500_000, 8) and not neighbors._use_float32(499_999, 20)
    assert not neighbors._use_float32(10**6, 7)
    rng = np.random.RandomState(5)
    X = rng.normal(size=(500, 20))
    assert NearestNeighbors(algorithm="brute").fit(X)._float32_index is None
    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_SAMPLES", 500)
    assert NearestNeighbors(algorithm="brute").fit(X)._float32_index is not None
    assert NearestNeighbors(algorithm="kd_tree").fit(X)._float32_index is None


@pytest.mark.parametrize("ties", [False, True])
def test_blocked_search_equals_the_plain_search(monkeypatch, ties):
    from imbtools.neighbors import _float32 as neighbors

    rng = np.random.RandomState(6)
    X = rng.normal(size=(900, 12))
    if ties:  # a coarse grid and duplicated rows spread over the blocks
        X = np.round(X, 0)
        X[600:650] = X[:50]
    rows = np.sort(rng.choice(900, 300, replace=False))
    plain = neighbors_of_rows(NearestNeighbors(n_neighbors=4).fit(X), X, rows, 3)
    built = []
    build = neighbors._Float32Index.build

    def spy(block):
        built.append(block.shape[0])
        return build(block)

    monkeypatch.setattr(neighbors._Float32Index, "build", spy)
    monkeypatch.setattr(neighbors, "_FLOAT32_REF_BLOCK", 250)
    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_WORK", 300 * 900)
    assert worth_blocked_search(300, 900, 12)
    assert not worth_blocked_search(299, 900, 12)
    assert not worth_blocked_search(300, 900, 7)  # a k-d tree's job
    assert not worth_blocked_search(10**6, neighbors._FLOAT32_MIN_SAMPLES, 12)
    blocked = blocked_neighbors_of_rows(X, rows, 3, query_chunk=64)
    assert built == [250, 250, 250, 150]  # four blocks, each with its float32 pass
    if ties:  # the same neighbour distances (the order within exact ties may differ)
        def distances(ind):
            return np.linalg.norm(X[rows][:, None] - X[ind], axis=2)
        np.testing.assert_array_equal(distances(blocked), distances(plain))
    else:
        np.testing.assert_array_equal(blocked, plain)
    # below the work threshold: the same blocks in float64 only
    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_WORK", 1e12)
    np.testing.assert_array_equal(
        blocked_neighbors_of_rows(X, rows, 3, query_chunk=64), blocked)
    assert len(built) == 4


@pytest.mark.parametrize("ties", [False, True])
def test_blocked_search_of_points_equals_every_distance_sorted(monkeypatch, ties):
    from imbtools.neighbors import _float32 as neighbors

    rng = np.random.RandomState(7)
    X = rng.normal(size=(700, 12))
    points = rng.normal(size=(200, 12))
    if ties:  # a grid, duplicated rows in different blocks, points on rows
        X, points = np.round(X, 0), np.round(points, 0)
        X[500:540] = X[:40]
        points[:30] = X[100:130]
    monkeypatch.setattr(neighbors, "_FLOAT32_REF_BLOCK", 250)
    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_WORK", 200 * 700)
    squared = ((points[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    rank = np.broadcast_to(np.arange(700), squared.shape)
    expected = np.lexsort((rank, squared), axis=1)[:, :4]  # nearest, ties by row
    np.testing.assert_array_equal(blocked_neighbors_of_points(X, points, 4, query_chunk=64),
                                  expected)
    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_WORK", 1e12)  # float64 only
    np.testing.assert_array_equal(blocked_neighbors_of_points(X, points, 4), expected)
