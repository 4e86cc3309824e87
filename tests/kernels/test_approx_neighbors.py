"""The approximate-neighbourhood kernels against plain NumPy references."""

import numpy as np
import pytest

from imbtools._kernels.approx_neighbors import (
    joined_neighbour_lists,
    nearest_segment_bounds,
    update_from_joined_lists,
)


def segment_distances(queries, a, b, n_steps=2001):
    """Distance from each query to each segment [a, b], by dense sampling of the segment
    (an upper bound that converges to the distance)."""
    steps = np.linspace(0.0, 1.0, n_steps)
    points = a[:, None, :] + steps[None, :, None] * (b - a)[:, None, :]
    diff = queries[:, None, None, :] - points[None]
    return np.sqrt((diff**2).sum(-1)).min(-1)


def test_nearest_segment_bounds_is_the_distance_to_the_nearest_segment(seed):
    rng = np.random.default_rng(seed)
    ends = rng.normal(size=(12, 3))
    ends[11] = ends[10]  # a zero-length segment
    start = np.array([0, 2, 4, 6, 8, 10, 3], dtype=np.int64)
    end = np.array([1, 3, 5, 7, 9, 11, 3], dtype=np.int64)  # the last one is a point
    slack = np.array([0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.05])
    queries = np.vstack([rng.normal(size=(40, 3)), ends[:2], 0.5 * (ends[0] + ends[1])])
    end_dist = np.linalg.norm(queries[:, None] - ends[None], axis=2)
    length = np.linalg.norm(ends[start] - ends[end], axis=1)
    out = np.empty(len(queries))
    nearest_segment_bounds(end_dist, start, end, length, slack, out)
    expected = (segment_distances(queries, ends[start], ends[end]) - slack).min(1)
    # a lower bound up to rounding (the perpendicular formula cancels in squared terms:
    # an error of ~1e-16 in squared distance is ~1e-8 in distance near zero; callers
    # allow for it in squared terms), and the distance up to the sampling step
    assert np.all(out <= expected + 1e-7)
    np.testing.assert_allclose(out, expected, atol=1e-3)
    assert out[-1] == pytest.approx(0.0, abs=1e-7)  # on the first segment


def test_joined_neighbour_lists_hold_forward_then_capped_reverse_links():
    best_idx = np.array([[1, 2], [0, 2], [0, -1], [0, 1]], dtype=np.int32)
    starts, members = joined_neighbour_lists(best_idx, 2)
    lists = [members[starts[i] : starts[i + 1]].tolist() for i in range(4)]
    # sample 0 is listed by 1, 2 and 3: only the first two reverse links are kept
    assert lists[0] == [1, 2, 1, 2]
    assert lists[1] == [0, 2, 0, 3]
    assert lists[2] == [0, -1, 0, 1]
    assert lists[3] == [0, 1]


def test_joined_update_keeps_upper_bounds_and_finds_the_true_neighbours(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 4))
    X[7] = X[8]  # a duplicate
    rows = np.arange(60, dtype=np.int64)
    exact = np.sort(np.linalg.norm(X[:, None] - X[None], axis=2) ** 2, axis=1)[:, 1:]
    width = 4
    # a ring: every sample starts with two arbitrary neighbours
    best_idx = np.full((60, width), -1, dtype=np.int32)
    best_dist = np.full((60, width), np.inf)
    for i in range(60):
        for j in ((i + 1) % 60, (i + 2) % 60):
            d = ((X[i] - X[j]) ** 2).sum()
            slot = np.searchsorted(best_dist[i], d)
            best_dist[i, slot + 1 :] = best_dist[i, slot:-1].copy()
            best_idx[i, slot + 1 :] = best_idx[i, slot:-1].copy()
            best_dist[i, slot], best_idx[i, slot] = d, j
    targets = np.arange(60, dtype=np.int64)
    never = np.full(60, -np.inf)
    for _ in range(30):
        starts, members = joined_neighbour_lists(best_idx, width)
        update_from_joined_lists(X, rows, targets, starts, members, 3, never, best_dist,
                                 best_idx)
        assert np.all(best_dist >= exact[:, :width] - 1e-12)
        recomputed = ((X[:, None] - X[np.maximum(best_idx, 0)]) ** 2).sum(-1)
        np.testing.assert_allclose(best_dist[best_idx >= 0], recomputed[best_idx >= 0])
    # deterministic (each target reads only the snapshot): the rounds from a ring reach
    # the true third neighbour for most samples (0.85 to 0.95 over the seeds)
    assert np.mean(np.isclose(best_dist[:, 2], exact[:, 2])) >= 0.8


def test_joined_update_stops_a_target_at_its_goal():
    X = np.arange(10, dtype=np.float64)[:, None]
    rows = np.arange(10, dtype=np.int64)
    best_idx = np.array([[(i + 1) % 10, (i + 9) % 10] for i in range(10)], dtype=np.int32)
    best_dist = ((X - X[best_idx][..., 0]) ** 2).astype(np.float64)
    order = np.argsort(best_dist, axis=1)
    best_idx = np.take_along_axis(best_idx, order, 1)
    best_dist = np.take_along_axis(best_dist, order, 1)
    before = best_dist.copy()
    starts, members = joined_neighbour_lists(best_idx, 2)
    # goal above the current bound: nothing to do for target 5
    update_from_joined_lists(X, rows, np.array([5], dtype=np.int64), starts, members, 2,
                             np.array([np.inf]), best_dist, best_idx)
    np.testing.assert_array_equal(best_dist, before)
