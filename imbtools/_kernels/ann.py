"""Numba kernels of the approximate neighbour engine: the one tree and graph builder.

Two users share them: :class:`imbtools.neighbors.ApproximateNearestNeighbors` (an index:
trees kept for queries, a graph refined until it stops changing) and the class-agreement
certificate of :mod:`imbtools.neighbors._certificate` (upper bounds of each sample's
k-th neighbour distance, refined only where a bound is not good enough yet).

1. ``build_tree``: a balanced random-projection tree (median split of each node along
   a random direction); its leaves give every sample a first set of candidates
   (``join_leaves``).
2. ``reverse_lists`` then ``descent_round``: neighbours of neighbours, forward and
   reverse (NN-descent, Dong, Charikar & Li, 2011).
3. ``search``: queries of the index, answered from the graph when a query equals a
   fitted row, else by descending the trees and then walking the graph greedily.

The builders work on samples ``0 .. n - 1`` whose rows are ``X[rows]`` (the certificate
passes a class's rows of the whole data, not a copy) or, with ``rows=None``, the rows of
``X`` (the index).
Neighbour lists are rows of two arrays, squared distances ascending and int32 sample
numbers (-1: empty), edited only through :mod:`imbtools._kernels.topk`, with a new/old
flag per entry. Every parallel loop writes only the rows (or the tree segment) its
iteration owns and reads other rows from a snapshot, so results do not depend on thread
count or scheduling.
"""

import numpy as np
from numba import njit, prange

from .topk import insert_sorted, is_listed


@njit(cache=True, nogil=True)
def _squared_distance(A, a, B, b, bound):
    """``||A[a] - B[b]||^2``, or a value >= ``bound`` once the partial sum reaches it."""
    total = 0.0
    for f in range(A.shape[1]):
        diff = A[a, f] - B[b, f]
        total += diff * diff
        if total >= bound:
            return total
    return total


@njit(cache=True, nogil=True)
def _insert(dist_row, idx_row, new_row, d, candidate):
    """Put ``candidate`` (not listed yet) at squared distance ``d`` in an ascending list,
    marked new (``new_row`` None: no flags kept); True if it entered. Ties keep the
    earlier entry first."""
    position = insert_sorted(dist_row, idx_row, d, candidate)
    if position < 0:
        return False
    if new_row is None:
        return True
    for j in range(new_row.shape[0] - 1, position, -1):
        new_row[j] = new_row[j - 1]
    new_row[position] = True
    return True


@njit(cache=True, nogil=True)
def _offer(dist_row, idx_row, new_row, d, candidate):
    """``_insert`` unless ``candidate`` is already listed."""
    if d >= dist_row[dist_row.shape[0] - 1] or is_listed(idx_row, candidate):
        return False
    return _insert(dist_row, idx_row, new_row, d, candidate)


@njit(cache=True, nogil=True)
def _flags(is_new, sample):
    """``is_new[sample]``, or None when no flags are kept (compiled apart)."""
    if is_new is None:
        return None
    return is_new[sample]


@njit(cache=True, nogil=True)
def _flag_at(flags, position):
    """``flags[position]``, or True when no flags are kept (every entry counts as new)."""
    if flags is None:
        return True
    return flags[position]


@njit(cache=True, nogil=True)
def _clear_flags(is_new, sample):
    """Mark every entry of ``sample``'s list old (nothing when no flags are kept)."""
    if is_new is None:
        return
    is_new[sample, :] = False


@njit(cache=True, nogil=True)
def _row(rows, sample):
    """Row of ``X`` of ``sample``: ``rows[sample]``, or ``sample`` itself when ``rows`` is
    None (compiled apart: the index's lists skip a load per candidate, 10% of its fit)."""
    if rows is None:
        return sample
    return rows[sample]


@njit(cache=True, nogil=True)
def _project(A, row, direction):
    total = 0.0
    for f in range(A.shape[1]):
        total += A[row, f] * direction[f]
    return total


@njit(parallel=True, cache=True, nogil=True)
def build_tree(X, rows, directions, depth):
    """A balanced random-projection tree over the samples ``X[rows]`` (``rows=None``:
    every row of ``X``).

    Level ``l`` holds ``2**l`` nodes, node ``s`` of the level stored at heap position
    ``2**l - 1 + s``; each node's samples are sorted along ``directions[node]`` and split
    at the median (the lower half gets ``size // 2`` samples).

    Returns
    -------
    order : int64 array (n_samples,)
        Sample numbers grouped by leaf.
    leaf_starts : int64 array (2**depth + 1,)
        Leaf ``s`` is ``order[leaf_starts[s]:leaf_starts[s + 1]]``.
    thresholds : float64 array (2**depth - 1,)
        Split value of each internal node: a point goes left when its projection is
        below it.
    """
    n = X.shape[0] if rows is None else rows.shape[0]
    order = np.arange(n)
    starts = np.array([0, n], dtype=np.int64)
    thresholds = np.zeros(2**depth - 1)
    projection = np.empty(n)
    for level in range(depth):
        n_segments = 2**level
        next_starts = np.empty(2 * n_segments + 1, dtype=np.int64)
        next_starts[2 * n_segments] = n
        # One parallel region a level: its start costs more than the serial projections
        # of the top levels (the shared 2-core machine, 2 x 10^4 rows: 1.3 s of trees
        # against 3.9 s with a second region projecting every sample at once).
        for s in prange(n_segments):
            node = n_segments - 1 + s
            start, stop = starts[s], starts[s + 1]
            for p in range(start, stop):
                projection[p] = _project(X, _row(rows, order[p]), directions[node])
            ranks = np.argsort(projection[start:stop])
            order[start:stop] = order[start:stop][ranks]
            # the two middle projections read through ``ranks`` (no sorted copy: at the
            # top level it would be 8 bytes a sample more of peak memory)
            half = (stop - start) // 2
            if half > 0:
                thresholds[node] = 0.5 * (projection[start + ranks[half - 1]]
                                          + projection[start + ranks[half]])
            elif stop > start:
                thresholds[node] = projection[start + ranks[0]]
            next_starts[2 * s] = start
            next_starts[2 * s + 1] = start + half
        starts = next_starts
    return order, starts, thresholds


@njit(parallel=True, cache=True, nogil=True)
def join_leaves(X, rows, order, leaf_starts, best_dist, best_idx, is_new):
    """Offer every pair of samples sharing a leaf to both samples' lists (``is_new``:
    the entries' new-flags, or None when the caller does not use them)."""
    for leaf in prange(leaf_starts.shape[0] - 1):
        start, stop = leaf_starts[leaf], leaf_starts[leaf + 1]
        for p in range(start, stop):
            a = order[p]
            for q in range(p + 1, stop):
                b = order[q]
                bound = max(best_dist[a, -1], best_dist[b, -1])
                d = _squared_distance(X, _row(rows, a), X, _row(rows, b), bound)
                _offer(best_dist[a], best_idx[a], _flags(is_new, a), d, b)
                _offer(best_dist[b], best_idx[b], _flags(is_new, b), d, a)


@njit(cache=True, nogil=True)
def reverse_lists(graph_idx, graph_new, max_reverse):
    """Up to ``max_reverse`` samples that list each sample as a neighbour (-1: none),
    filled in row order (deterministic), with the new/old flag of that edge (None when
    ``graph_new`` is None: every edge counts as new)."""
    n, width = graph_idx.shape
    reverse_idx = np.full((n, max_reverse), -1, dtype=np.int32)
    counts = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for a in range(width):
            j = graph_idx[i, a]
            if j >= 0 and counts[j] < max_reverse:
                reverse_idx[j, counts[j]] = i
                counts[j] += 1
    return reverse_idx, _reverse_flags(graph_idx, graph_new, max_reverse)


@njit(cache=True, nogil=True)
def _reverse_flags(graph_idx, graph_new, max_reverse):
    """The flags of ``reverse_lists``' entries, in the same order (None without flags)."""
    if graph_new is None:
        return None
    n, width = graph_idx.shape
    reverse_new = np.zeros((n, max_reverse), dtype=np.bool_)
    counts = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for a in range(width):
            j = graph_idx[i, a]
            if j >= 0 and counts[j] < max_reverse:
                reverse_new[j, counts[j]] = graph_new[i, a]
                counts[j] += 1
    return reverse_new


@njit(cache=True, nogil=True)
def _gather(i, link_idx, link_new, via_new, pool, size):
    """Append to ``pool`` the samples of one link list of a neighbour of ``i`` worth
    offering to ``i``: a pair of two old edges was already tried in an earlier round."""
    for b in range(link_idx.shape[0]):
        c = link_idx[b]
        if c >= 0 and c != i and (via_new or _flag_at(link_new, b)):
            pool[size] = c
            size += 1
    return size


@njit(cache=True, nogil=True)
def _pull_candidates(X, rows, i, near_idx, near_new, snap_idx, snap_new, rev_idx, rev_new,
                     kth, goal, best_dist, best_idx, is_new, pool):
    """Offer to ``i`` the forward and reverse neighbours of each sample of ``near_idx``
    (a forward or reverse list of ``i``), until ``i``'s ``kth`` squared distance drops
    below ``goal``; returns how many entered its list.

    (Sorting the candidates to offer each once was measured slower: most repeats are
    rejected by ``is_listed`` or the first terms of their distance.)"""
    entered = 0
    row_i = _row(rows, i)
    for a in range(near_idx.shape[0]):
        j = near_idx[a]
        if j < 0:
            continue
        if best_dist[i, kth - 1] < goal:
            break
        via_new = _flag_at(near_new, a)
        size = _gather(i, snap_idx[j], _flags(snap_new, j), via_new, pool, 0)
        size = _gather(i, rev_idx[j], _flags(rev_new, j), via_new, pool, size)
        for p in range(size):
            c = pool[p]
            if is_listed(best_idx[i], c):
                continue
            d = _squared_distance(X, row_i, X, _row(rows, c), best_dist[i, -1])
            entered += _insert(best_dist[i], best_idx[i], _flags(is_new, i), d, c)
    return entered


@njit(parallel=True, cache=True, nogil=True)
def descent_round(X, rows, targets, snap_idx, snap_new, rev_idx, rev_new, kth, goal,
                  best_dist, best_idx, is_new):
    """One NN-descent round for the samples ``targets``: each pulls candidates from the
    forward and reverse neighbours of its forward and reverse neighbours (read from the
    snapshot ``snap_*``, ``rev_*``); returns how many candidates entered a list (some
    may have been pushed out again within the round).

    Target ``t`` stops once its ``kth`` best squared distance (column ``kth - 1``) is
    below ``goal[t]`` (``-inf``: never). Its entries are marked old first; entries that
    enter are marked new. With every flag of the snapshot set, every pair is tried; the
    flags ``snap_new``, ``rev_new`` and ``is_new`` may be None together (no flags kept:
    every pair is tried, in less memory).
    """
    changed = 0
    for t in prange(targets.shape[0]):
        pool = np.empty(snap_idx.shape[1] + rev_idx.shape[1], dtype=np.int32)
        i = targets[t]
        _clear_flags(is_new, i)
        entered = _pull_candidates(X, rows, i, snap_idx[i], _flags(snap_new, i), snap_idx,
                                   snap_new, rev_idx, rev_new, kth, goal[t], best_dist,
                                   best_idx, is_new, pool)
        entered += _pull_candidates(X, rows, i, rev_idx[i], _flags(rev_new, i), snap_idx,
                                    snap_new, rev_idx, rev_new, kth, goal[t], best_dist,
                                    best_idx, is_new, pool)
        changed += entered
    return changed


@njit(cache=True, nogil=True)
def fingerprints(A, direction):
    """``A @ direction`` summed in a fixed order: equal rows give bit-equal values."""
    out = np.empty(A.shape[0])
    for i in range(A.shape[0]):
        out[i] = _project(A, i, direction)
    return out


@njit(cache=True, nogil=True)
def _find_fitted_row(X, fp_sorted, fp_order, queries, q, fp):
    """Index of a fitted row equal to ``queries[q]`` (its fingerprint is ``fp``), or -1."""
    p = np.searchsorted(fp_sorted, fp)
    while p < fp_sorted.shape[0] and fp_sorted[p] == fp:
        row = fp_order[p]
        if _squared_distance(X, row, queries, q, 1e-300) == 0.0:
            return row
        p += 1
    return -1


@njit(cache=True, nogil=True)
def _leaf_of(queries, q, directions, thresholds, depth):
    node = 0
    for _ in range(depth):
        if _project(queries, q, directions[node]) < thresholds[node]:
            node = 2 * node + 1
        else:
            node = 2 * node + 2
    return node - (2**depth - 1)


@njit(cache=True, nogil=True)
def _walk_graph(X, queries, q, graph_idx, dist_row, idx_row, pending):
    """Greedy search: expand the nearest listed point not yet expanded (``pending``),
    offering its graph neighbours, until no listed point is pending. ``_offer`` marks
    the entries it inserts as pending."""
    width = dist_row.shape[0]
    while True:
        slot = -1
        for j in range(width):
            if pending[j]:
                slot = j
                break
        if slot < 0:
            return
        pending[slot] = False
        source = idx_row[slot]
        for b in range(graph_idx.shape[1]):
            c = graph_idx[source, b]
            if c >= 0 and not is_listed(idx_row, c):
                d = _squared_distance(queries, q, X, c, dist_row[width - 1])
                _insert(dist_row, idx_row, pending, d, c)


@njit(parallel=True, cache=True, nogil=True)
def search(X, queries, k, graph_dist, graph_idx, fp_direction, fp_sorted, fp_order,
           tree_orders, tree_leaf_starts, tree_directions, tree_thresholds, depth,
           use_graph_rows):
    """The ``k`` nearest fitted rows of each query: (squared distances, indices).

    A query equal to a fitted row ``r`` (and ``k <= graph width + 1``, and
    ``use_graph_rows``) gets ``r`` itself and the first ``k - 1`` entries of the graph row
    of ``r``. Any other query collects the samples of its leaf in every tree, then walks
    the graph from them.

    Parameters
    ----------
    tree_orders, tree_leaf_starts : int64 arrays (n_trees, n_samples), (n_trees, n_leaves + 1)
    tree_directions : float64 array (n_trees, n_internal_nodes, n_features)
    tree_thresholds : float64 array (n_trees, n_internal_nodes)
    """
    n_queries = queries.shape[0]
    width = max(k, graph_idx.shape[1])
    out_dist = np.empty((n_queries, k))
    out_idx = np.empty((n_queries, k), dtype=np.int64)
    for q in prange(n_queries):
        dist_row = np.full(width, np.inf)
        idx_row = np.full(width, -1, dtype=np.int32)
        pending = np.zeros(width, dtype=np.bool_)
        row = -1
        if use_graph_rows and k <= graph_idx.shape[1] + 1:
            fp = _project(queries, q, fp_direction)
            row = _find_fitted_row(X, fp_sorted, fp_order, queries, q, fp)
        if row >= 0:
            out_dist[q, 0] = 0.0
            out_idx[q, 0] = row
            for j in range(k - 1):
                out_dist[q, j + 1] = graph_dist[row, j]
                out_idx[q, j + 1] = graph_idx[row, j]
            continue
        for t in range(tree_orders.shape[0]):
            leaf = _leaf_of(queries, q, tree_directions[t], tree_thresholds[t], depth)
            for p in range(tree_leaf_starts[t, leaf], tree_leaf_starts[t, leaf + 1]):
                c = tree_orders[t, p]
                d = _squared_distance(queries, q, X, c, dist_row[width - 1])
                _offer(dist_row, idx_row, pending, d, c)
        _walk_graph(X, queries, q, graph_idx, dist_row, idx_row, pending)
        for j in range(k):
            out_dist[q, j] = dist_row[j]
            out_idx[q, j] = idx_row[j]
    return out_dist, out_idx
