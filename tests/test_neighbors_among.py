"""nearest_among / merge_nearest: a search split over blocks of rows, against NumPy."""

import numpy as np
import pytest

from imbtools.neighbors import _float32, merge_nearest, nearest_among


def _reference(queries, query_rows, X, k):
    """Each query's k nearest rows of X by (squared distance, row), itself excluded."""
    sq = ((queries[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    rows = np.broadcast_to(np.arange(X.shape[0]), sq.shape)
    sq[query_rows[:, None] == rows] = np.inf
    order = np.lexsort((rows, sq), axis=1)[:, :k]
    return np.take_along_axis(sq, order, axis=1), order


def _split_search(queries, query_rows, X, k, bounds):
    lists = [nearest_among(queries, X[a:b], k, query_rows=query_rows, row_offset=a)
             for a, b in zip(bounds[:-1], bounds[1:])]
    merged = lists[0]
    for other in lists[1:]:
        merged = merge_nearest(merged, other)
    return merged


@pytest.mark.parametrize("n_features", [2, 9])
@pytest.mark.parametrize("offset", [0.0, 2.0**40])
def test_ties_and_duplicates_across_blocks(n_features, offset):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 3, size=(300, n_features)).astype(float)  # many exact ties
    X[125:140] = 1.0  # duplicates straddling the boundary at 130
    X += offset  # a large common offset: distances stay exact integers
    query_rows = np.array([0, 5, 125, 129, 130, 139, 299, -1])
    queries = X[np.maximum(query_rows, 0)].copy()
    queries[-1] = offset + 1.0  # a query that is not a row, equal to the duplicates
    expected = _reference(queries, query_rows, X, 7)
    for bounds in ([0, 300], [0, 130, 300], [0, 1, 127, 130, 131, 300]):
        sq, rows = _split_search(queries, query_rows, X, 7, bounds)
        np.testing.assert_array_equal(sq, expected[0])
        np.testing.assert_array_equal(rows, expected[1])


def test_float32_pass_gives_the_same_lists(monkeypatch):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((2000, 10)) + 1e3
    X[1000:1010] = X[999]  # exact duplicates at a boundary
    query_rows = rng.choice(2000, 150, replace=False)
    query_rows[0] = 999
    expected = _split_search(X[query_rows], query_rows, X, 5, [0, 1000, 2000])
    monkeypatch.setattr(_float32, "_FLOAT32_MIN_WORK", 1.0)
    found = _split_search(X[query_rows], query_rows, X, 5, [0, 1000, 2000])
    np.testing.assert_array_equal(found[1], expected[1])
    np.testing.assert_array_equal(found[0], expected[0])
    reference = _reference(X[query_rows], query_rows, X, 5)
    np.testing.assert_array_equal(found[1], reference[1])


def test_blocks_smaller_than_k_are_padded():
    X = np.arange(6.0).reshape(-1, 1)
    sq, rows = nearest_among(X[[2]], X[2:4], 3, query_rows=[2], row_offset=2)
    np.testing.assert_array_equal(rows, [[3, -1, -1]])
    np.testing.assert_array_equal(sq, [[1.0, np.inf, np.inf]])
    sq, rows = nearest_among(X[[0]], X[:0], 2)
    np.testing.assert_array_equal(rows, [[-1, -1]])
    merged = merge_nearest(nearest_among(X[[2]], X[2:4], 3, query_rows=[2], row_offset=2),
                           nearest_among(X[[2]], X[4:], 3, query_rows=[2], row_offset=4))
    np.testing.assert_array_equal(merged[1], [[3, 4, 5]])
    np.testing.assert_array_equal(merged[0], [[1.0, 4.0, 9.0]])
