"""Exact per-partition top-k of broadcast queries, and the merge of top-k lists.

Distances are float64 squared distances from direct differences; ties go to the smaller
global row. Each partition returns, for every query, its ``k`` nearest rows (padded with
``inf`` / ``-1``); the lists merge pairwise (a tree reduction) into the global top-k.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["merge_topk", "partition_topk", "topk_of_block"]


@njit(cache=True, nogil=True)
def _insert(dist_row, id_row, distance, row):
    """Insert ``(distance, row)`` into a sorted list if it ranks among its entries."""
    k = dist_row.shape[0]
    last = k - 1
    if distance > dist_row[last] or (distance == dist_row[last] and row >= id_row[last]):
        return
    position = last
    while position > 0 and (distance < dist_row[position - 1] or (
            distance == dist_row[position - 1] and row < id_row[position - 1])):
        dist_row[position] = dist_row[position - 1]
        id_row[position] = id_row[position - 1]
        position -= 1
    dist_row[position] = distance
    id_row[position] = row


@njit(cache=True, nogil=True)
def topk_of_block(queries, query_rows, block, block_offset, best_dist, best_id):
    """Update each query's sorted top-k with the rows of ``block`` (its own row skipped).

    ``queries`` (n_q, d) and ``block`` (n_b, d) are float64 C-contiguous; ``query_rows``
    are the queries' global rows (-1: not a row of the data); block row ``j`` is global
    row ``block_offset + j``. ``best_dist``/``best_id`` (n_q, k) are updated in place.
    """
    n_features = queries.shape[1]
    for i in range(queries.shape[0]):
        for j in range(block.shape[0]):
            row = block_offset + j
            if row == query_rows[i]:
                continue
            distance = 0.0
            for f in range(n_features):
                diff = queries[i, f] - block[j, f]
                distance += diff * diff
            _insert(best_dist[i], best_id[i], distance, row)


@njit(cache=True, nogil=True)
def _merge_into(best_dist, best_id, other_dist, other_id):
    for i in range(best_dist.shape[0]):
        for j in range(other_dist.shape[1]):
            if other_id[i, j] >= 0:
                _insert(best_dist[i], best_id[i], other_dist[i, j], other_id[i, j])


def empty_topk(n_queries, k):
    return np.full((n_queries, k), np.inf), np.full((n_queries, k), -1, dtype=np.int64)


def partition_topk(queries, query_rows, X, offset, k):
    """The ``k`` nearest rows of ``X`` (global rows from ``offset``) for every query."""
    best_dist, best_id = empty_topk(queries.shape[0], k)
    topk_of_block(np.ascontiguousarray(queries, dtype=np.float64),
                  np.asarray(query_rows, dtype=np.int64),
                  np.ascontiguousarray(X, dtype=np.float64), int(offset), best_dist, best_id)
    return best_dist, best_id


def merge_topk(first, second):
    """Merge two ``(distances, rows)`` top-k lists of the same queries."""
    best_dist, best_id = first[0].copy(), first[1].copy()
    _merge_into(best_dist, best_id, second[0], second[1])
    return best_dist, best_id
