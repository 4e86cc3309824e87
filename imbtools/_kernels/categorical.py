"""Numba kernels for samplers of categorical data (SMOTE-NC, SMOTE-N).

Categorical features arrive as integer codes, one column per feature; nothing here
builds one-hot columns or per-category count arrays.
"""

import numpy as np
from numba import njit, prange

from .topk import insert_sorted


@njit(parallel=True, cache=True, nogil=True)
def mixed_kneighbors(X_continuous, cat_codes, mismatch_cost, out):
    """Exact k nearest other rows under the SMOTE-NC distance.

    ``d(i, j) = ||X_continuous[i] - X_continuous[j]||^2 + mismatch_cost * m(i, j)``
    where ``m(i, j)`` counts the categorical columns where ``cat_codes`` differ; this is
    the squared Euclidean distance over continuous columns plus one-hot columns scaled to
    ``sqrt(mismatch_cost / 2)``, without building them.

    ``X_continuous`` is (n, p) float64, ``cat_codes`` (n, q) int64, ``out`` (n, k) int64.
    A row is never its own neighbour; among equal distances the smaller index comes first.
    """
    n = X_continuous.shape[0]
    n_cont = X_continuous.shape[1]
    n_cat = cat_codes.shape[1]
    k = out.shape[1]
    for i in prange(n):
        best_dist = np.full(k, np.inf)
        best_idx = np.full(k, -1, dtype=np.int64)
        for j in range(n):
            if j == i:
                continue
            dist = 0.0
            for f in range(n_cont):
                diff = X_continuous[i, f] - X_continuous[j, f]
                dist += diff * diff
            if dist >= best_dist[k - 1]:
                continue
            mismatches = 0
            for f in range(n_cat):
                if cat_codes[i, f] != cat_codes[j, f]:
                    mismatches += 1
            dist += mismatch_cost * mismatches
            if dist < best_dist[k - 1]:
                insert_sorted(best_dist, best_idx, dist, j)
        out[i] = best_idx


@njit(parallel=True, cache=True, nogil=True)
def vdm_kneighbors(class_proba, out):
    """Exact k nearest other rows under the value difference metric (VDM).

    ``class_proba[i, f, c]`` is ``P(class c | value of feature f in row i)``;
    ``d(i, j) = sum_f (sum_c |class_proba[i, f, c] - class_proba[j, f, c]|) ** 2``
    (imbalanced-learn's ``ValueDifferenceMetric`` with ``k=1, r=2``, before its final
    square root, which does not change the order). ``out`` is (n, k) int64; a row is
    never its own neighbour; among equal distances the smaller index comes first.
    """
    n, n_features, n_classes = class_proba.shape
    k = out.shape[1]
    for i in prange(n):
        best_dist = np.full(k, np.inf)
        best_idx = np.full(k, -1, dtype=np.int64)
        for j in range(n):
            if j == i:
                continue
            dist = 0.0
            for f in range(n_features):
                gap = 0.0
                for c in range(n_classes):
                    gap += abs(class_proba[i, f, c] - class_proba[j, f, c])
                dist += gap * gap
                if dist >= best_dist[k - 1]:
                    break
            if dist < best_dist[k - 1]:
                insert_sorted(best_dist, best_idx, dist, j)
        out[i] = best_idx


@njit(cache=True, nogil=True)
def _voter(neighbor_index, seed, include_seed, a):
    if include_seed:
        return seed if a == 0 else neighbor_index[seed, a - 1]
    return neighbor_index[seed, a]


@njit(parallel=True, cache=True, nogil=True)
def neighbor_mode(cat_codes, neighbor_index, seeds, include_seed, out):
    """Most frequent code among each synthetic row's voters, column by column.

    The voters of synthetic row ``i`` are the ``k`` neighbours ``neighbor_index[seeds[i]]``
    (nearest first), preceded by the seed itself when ``include_seed``. ``out[i, f]`` is
    the code of column ``f`` held by most voters; a tie goes to the tied code held by the
    earliest voter (the seed, then the nearest neighbour). ``cat_codes`` is (n, q) int64,
    ``neighbor_index`` (n, k) int64, ``seeds`` (n_new,) int64, ``out`` (n_new, q) int64.
    Work is ``O(n_new * q * k^2)``, memory ``O(1)`` per row: no per-category array.
    """
    n_voters = neighbor_index.shape[1] + (1 if include_seed else 0)
    n_cat = cat_codes.shape[1]
    for i in prange(seeds.shape[0]):
        seed = seeds[i]
        for f in range(n_cat):
            best_code = cat_codes[_voter(neighbor_index, seed, include_seed, 0), f]
            best_count = 0
            for a in range(n_voters):
                code = cat_codes[_voter(neighbor_index, seed, include_seed, a), f]
                count = 0
                for b in range(n_voters):
                    if cat_codes[_voter(neighbor_index, seed, include_seed, b), f] == code:
                        count += 1
                if count > best_count:
                    best_count = count
                    best_code = code
            out[i, f] = best_code
