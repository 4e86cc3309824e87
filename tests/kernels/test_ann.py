"""The approximate-neighbour builder (trees, leaf joins, NN-descent) against NumPy."""

import numpy as np
import pytest

from imbtools._kernels import ann


def sorted_lists(X, rows, idx):
    """Squared distances of each sample's listed neighbours, the lists sorted by them."""
    dist = ((X[rows][idx] - X[rows][:, None]) ** 2).sum(axis=2)
    order = np.argsort(dist, axis=1, kind="stable")
    return np.take_along_axis(dist, order, 1), np.take_along_axis(idx, order, 1)


def test_build_tree_splits_each_node_at_its_median():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 3))
    rows = rng.permutation(300)[:203]  # a subset of the rows, in any order
    depth = 3
    directions = rng.normal(size=(2**depth - 1, 3))
    order, starts, thresholds = ann.build_tree(X, rows, directions, depth)
    assert sorted(order) == list(range(203))
    sizes = np.diff(starts)
    assert sizes.sum() == 203 and sizes.max() - sizes.min() <= 1
    # walk down: every sample of a leaf goes the way the thresholds send it
    for leaf in range(2**depth):
        for sample in order[starts[leaf] : starts[leaf + 1]]:
            node = 0
            for _ in range(depth):
                go_left = X[rows[sample]] @ directions[node] < thresholds[node]
                node = 2 * node + (1 if go_left else 2)
            assert node - (2**depth - 1) == leaf


def test_join_leaves_keeps_the_nearest_of_each_leaf():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(55, 3))
    rows = rng.permutation(55)[:40]
    order = rng.permutation(40)
    starts = np.array([0, 13, 40])
    width = 4
    dist = np.full((40, width), np.inf)
    idx = np.full((40, width), -1, dtype=np.int32)
    ann.join_leaves(X, rows, order, starts, dist, idx, np.zeros((40, width), dtype=bool))
    for leaf in range(2):
        members = order[starts[leaf] : starts[leaf + 1]]
        for sample in members:
            others = members[members != sample]
            squared = ((X[rows[others]] - X[rows[sample]]) ** 2).sum(axis=1)
            np.testing.assert_array_equal(idx[sample], others[np.argsort(squared)[:width]])
            np.testing.assert_allclose(dist[sample], np.sort(squared)[:width])


def test_join_leaves_without_flags_gives_the_same_lists():
    rng = np.random.RandomState(2)
    X = np.round(rng.normal(size=(60, 3)), 1)  # rounded: exact ties between pairs
    X[7] = X[3]  # and a duplicate
    rows = rng.permutation(60)[:50]
    order = rng.permutation(50)
    starts = np.array([0, 17, 31, 50])
    lists = []
    for flags in (np.zeros((50, 5), dtype=bool), None):
        dist = np.full((50, 5), np.inf)
        idx = np.full((50, 5), -1, dtype=np.int32)
        ann.join_leaves(X, rows, order, starts, dist, idx, flags)
        lists.append((dist, idx))
    np.testing.assert_array_equal(lists[0][0], lists[1][0])
    np.testing.assert_array_equal(lists[0][1], lists[1][1])


def test_reverse_lists():
    graph = np.array([[1, 2], [0, 2], [0, 1], [0, 2]], dtype=np.int32)
    new = np.array([[True, False], [True, True], [False, True], [True, True]])
    reverse, reverse_new = ann.reverse_lists(graph, new, 2)
    # sample 0 is listed by 1, 2 and 3: the first two are kept (row order)
    np.testing.assert_array_equal(reverse, [[1, 2], [0, 2], [0, 1], [-1, -1]])
    np.testing.assert_array_equal(reverse_new[0], [True, False])


def _descent(X, rows, targets, idx, dist, new, max_reverse, kth=1, goal=None):
    """One round of the kernel; returns the snapshot and reverse lists it read."""
    goal = np.full(targets.shape[0], -np.inf) if goal is None else goal
    reverse, reverse_new = ann.reverse_lists(idx, new, max_reverse)
    snapshot = idx.copy()
    changed = ann.descent_round(X, rows, targets, snapshot, new.copy(), reverse, reverse_new,
                                kth, goal, dist, idx, new)
    return snapshot, reverse, changed


def reference_round(X, rows, targets, lists, snapshot, reverse):
    """NN-descent with every link new, in plain Python: each target is offered, in order,
    the forward then reverse lists of its forward then reverse neighbours."""
    lists = [list(row) for row in lists]
    entered = 0
    for i in targets:
        for j in [j for j in list(snapshot[i]) + list(reverse[i]) if j >= 0]:
            for c in list(snapshot[j]) + list(reverse[j]):
                if c < 0 or c == i or c in lists[i]:
                    continue
                d = ((X[rows[i]] - X[rows[c]]) ** 2).sum()
                listed = [((X[rows[i]] - X[rows[m]]) ** 2).sum() for m in lists[i]]
                position = int(np.searchsorted(listed, d, side="right"))
                if position < len(listed):
                    lists[i] = (lists[i][:position] + [c] + lists[i][position:])[:-1]
                    entered += 1
    return np.array(lists), entered


def test_descent_round_against_neighbours_of_neighbours():
    rng = np.random.RandomState(2)
    X = rng.normal(size=(80, 3))
    rows = rng.permutation(80)[:60]
    width = 3
    idx = np.array([rng.choice(np.delete(np.arange(60), i), width, replace=False)
                    for i in range(60)]).astype(np.int32)
    dist, idx = sorted_lists(X, rows, idx)
    before = idx.copy()
    targets = np.arange(0, 60, 2)  # only these lists may change
    snapshot, reverse, changed = _descent(X, rows, targets, idx, dist,
                                          np.ones_like(idx, dtype=bool), width)
    np.testing.assert_array_equal(idx[1::2], before[1::2])
    expected_idx, entered = reference_round(X, rows, targets, before, snapshot, reverse)
    np.testing.assert_array_equal(idx, expected_idx)
    assert changed == entered
    for i in targets:
        near = [j for j in list(snapshot[i]) + list(reverse[i]) if j >= 0]
        pool = set(snapshot[i])
        for j in near:
            pool |= {c for c in list(snapshot[j]) + list(reverse[j]) if c >= 0}
        pool.discard(i)
        pool = np.array(sorted(pool))
        squared = ((X[rows[pool]] - X[rows[i]]) ** 2).sum(axis=1)
        np.testing.assert_allclose(dist[i], np.sort(squared)[:width])


def test_descent_round_skips_pairs_of_two_old_links():
    X = np.arange(6, dtype=np.float64)[:, None]
    rows = np.arange(6)
    # 0 lists 3; 3 lists 1 (nearer to 0): offered to 0 unless both links are old
    idx = np.full((6, 1), -1, dtype=np.int32)
    idx[0, 0], idx[3, 0] = 3, 1
    for link_new, expected in ((True, 1), (False, 3)):
        dist = np.where(idx >= 0, 9.0, np.inf)
        dist[3, 0] = 4.0
        new = np.zeros((6, 1), dtype=bool)
        new[3, 0] = link_new
        trial = idx.copy()
        _descent(X, rows, np.array([0]), trial, dist, new, 0)
        assert trial[0, 0] == expected


def test_descent_rounds_keep_upper_bounds_and_find_the_true_neighbours(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(75, 4))
    rows = rng.permutation(75)[:60]
    X[rows[7]] = X[rows[8]]  # a duplicate
    local = X[rows]
    exact = np.sort(np.linalg.norm(local[:, None] - local[None], axis=2) ** 2, axis=1)[:, 1:]
    width = 4
    # a ring: every sample starts with two arbitrary neighbours
    idx = np.full((60, width), -1, dtype=np.int32)
    dist = np.full((60, width), np.inf)
    ring = np.column_stack([np.arange(1, 61) % 60, np.arange(2, 62) % 60]).astype(np.int32)
    dist[:, :2], idx[:, :2] = sorted_lists(X, rows, ring)
    targets = np.arange(60)
    for _ in range(30):
        # every link new: every pair is tried, as the certificate does
        _descent(X, rows, targets, idx, dist, np.ones_like(idx, dtype=bool), width)
        assert np.all(dist >= exact[:, :width] - 1e-12)
        recomputed = ((local[:, None] - local[np.maximum(idx, 0)]) ** 2).sum(-1)
        np.testing.assert_allclose(dist[idx >= 0], recomputed[idx >= 0])
    # the rounds from a ring reach the true third neighbour for most samples
    # (0.85 to 0.95 over the seeds)
    assert np.mean(np.isclose(dist[:, 2], exact[:, 2])) >= 0.8


@pytest.mark.parametrize("offset", [0.0, 2.0**40])
def test_descent_round_without_flags_equals_every_flag_set(offset):
    # the certificate passes None for the three flag arrays: every pair must be tried
    # exactly as with all-True flags (same lists, same count), ties and duplicates too
    rng = np.random.default_rng(5)
    X = np.round(rng.normal(size=(90, 3)), 1) + offset  # rounded: exact distance ties
    X[11] = X[4]
    X[12] = X[4]
    rows = rng.permutation(90)[:70]
    width = 5
    ring = np.column_stack([np.arange(1, 71) % 70, np.arange(3, 73) % 70]).astype(np.int32)
    start_idx = np.full((70, width), -1, dtype=np.int32)
    start_dist = np.full((70, width), np.inf)
    start_dist[:, :2], start_idx[:, :2] = sorted_lists(X, rows, ring)
    targets = rng.permutation(70)[:50].astype(np.int64)
    goal = np.where(rng.random(50) < 0.3, 0.5, -np.inf)
    results = []
    for flags in (np.ones((70, width), dtype=bool), None):
        idx, dist = start_idx.copy(), start_dist.copy()
        changed = []
        for _ in range(3):
            if flags is None:
                reverse, reverse_new = ann.reverse_lists(idx, None, width // 2)
                assert reverse_new is None
                snap_new, is_new = None, None
            else:
                reverse, reverse_new = ann.reverse_lists(idx, flags, width // 2)
                snap_new, is_new = flags.copy(), flags.copy()
            changed.append(ann.descent_round(X, rows, targets, idx.copy(), snap_new, reverse,
                                             reverse_new, 2, goal, dist, idx, is_new))
        results.append((idx, dist, changed, reverse))
    assert results[0][2][0] > 0
    for with_flags, without in zip(*results):
        np.testing.assert_array_equal(with_flags, without)


def test_descent_round_stops_a_target_at_its_goal():
    X = np.arange(10, dtype=np.float64)[:, None]
    rows = np.arange(10)
    idx = np.full((10, 2), -1, dtype=np.int32)
    dist = np.full((10, 2), np.inf)
    # 5 lists 3 and 8; it meets 4 through 3, then 6 through 8
    for sample, listed in ((5, [3, 8]), (3, [4, 2]), (8, [7, 6])):
        idx[sample] = listed
        dist[sample] = (X[listed, 0] - X[sample, 0]) ** 2
    results = {}
    for goal in (-np.inf, 2.0, np.inf):
        trial_idx, trial_dist = idx.copy(), dist.copy()
        _descent(X, rows, np.array([5]), trial_idx, trial_dist,
                 np.ones_like(idx, dtype=bool), 2, kth=1, goal=np.array([goal]))
        results[goal] = trial_idx[5].tolist()
    assert results[-np.inf] == [4, 6]  # never stops: 4 through 3, then 6 through 8
    assert results[2.0] == [4, 3]  # stops once its nearest is below 2, before 8
    assert results[np.inf] == [3, 8]  # already below: nothing to do


def test_fingerprints_equal_the_matrix_product():
    rng = np.random.RandomState(3)
    X, direction = rng.normal(size=(30, 5)), rng.normal(size=5)
    np.testing.assert_allclose(ann.fingerprints(X, direction), X @ direction)


def test_rows_none_means_every_row_of_x():
    rng = np.random.RandomState(4)
    X = rng.normal(size=(120, 3))
    directions = rng.normal(size=(3, 3))
    results = []
    for rows in (None, np.arange(120)):
        order, starts, thresholds = ann.build_tree(X, rows, directions, 2)
        dist, idx = np.full((120, 5), np.inf), np.full((120, 5), -1, dtype=np.int32)
        new = np.zeros((120, 5), dtype=bool)
        ann.join_leaves(X, rows, order, starts, dist, idx, new)
        reverse, reverse_new = ann.reverse_lists(idx, new, 5)
        changed = ann.descent_round(X, rows, np.arange(120), idx.copy(), new.copy(), reverse,
                                    reverse_new, 1, np.full(120, -np.inf), dist, idx, new)
        results.append((order, starts, thresholds, dist, idx, new, changed))
    for none_result, rows_result in zip(*results):
        np.testing.assert_array_equal(none_result, rows_result)
