"""Small inputs skip Numba: each NumPy twin gives its kernel's exact bits.

Below ``NUMPY_MAX_WORK`` the column summary of the search centre, the top-k merge of the
brute-force search, the distances of the found neighbours, the majority vote and SMOTE's
interpolation run in NumPy (the first Numba function of a process costs ~0.3 s). Every
result must equal the kernel's, ties and all.
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification

from imbtools._kernels.interpolate import interpolate_rows
from imbtools._kernels.neighbors import column_summary, exact_distances, merge_block_topk
from imbtools._kernels.votes import row_modes as row_modes_kernel
from imbtools.neighbors import NearestNeighbors, _blocked, _exact
from imbtools.neighbors._blocked import _column_summary, merge_block_topk_numpy
from imbtools.neighbors._exact import _exact_distances
from imbtools.over_sampling import SMOTE, generation
from imbtools.over_sampling.generation import Interpolation
from imbtools.under_sampling import NearMiss, NeighbourhoodCleaningRule
from imbtools.utils import _votes
from imbtools.utils._votes import row_modes


def _merged(merge, queries, refs, k, skip_self, block, dtype, start_lists=None):
    queries, refs = queries.astype(dtype), refs.astype(dtype)
    norms = np.einsum("ij,ij->i", refs, refs)
    if start_lists is None:
        best_dist = np.full((queries.shape[0], k), np.inf, dtype=dtype)
        best_idx = np.full((queries.shape[0], k), -1, dtype=np.int64)
    else:
        best_dist, best_idx = (a.copy() for a in start_lists)
    for r0 in range(0, refs.shape[0], block):
        inner = np.ascontiguousarray(queries @ refs[r0 : r0 + block].T)
        merge(inner, norms[r0 : r0 + block], r0, 0, skip_self, best_dist, best_idx)
    return best_dist, best_idx


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("skip_self", [False, True])
@pytest.mark.parametrize("block", [1, 7, 64, 200])
def test_merge_block_topk_numpy_equals_kernel(dtype, skip_self, block, seed):
    rng = np.random.RandomState(seed)
    ties = seed % 2 == 0  # small integers: exact values, many ties and duplicates
    refs = (rng.randint(-2, 3, size=(120, 3)) if ties else rng.normal(size=(120, 6)))
    refs = refs.astype(float)
    refs[5] = refs[9]
    queries = refs if skip_self else rng.normal(size=(40, refs.shape[1])).round(1)
    for k in (1, 4, 11):
        expected = _merged(merge_block_topk, queries, refs, k, skip_self, block, dtype)
        got = _merged(merge_block_topk_numpy, queries, refs, k, skip_self, block, dtype)
        np.testing.assert_array_equal(got[1], expected[1])
        np.testing.assert_array_equal(got[0], expected[0])
        assert got[0].dtype == expected[0].dtype


def test_merge_block_topk_numpy_non_finite_and_started_lists():
    # NaN and +inf never enter a list; -inf does; lists already holding entries keep
    # them ahead of equal values; fewer valid candidates than k leave (inf, -1) slots
    inner = np.array([[0.0, 1.0, 2.0, 3.0, 0.5], [np.nan, 1.0, 1.0, 1.0, 1.0]])
    norms = np.array([np.inf, 0.0, -np.inf, 2.0, 1.0])
    start = (np.array([[-2.0, 0.0, np.inf, np.inf], [-2.0, np.inf, np.inf, np.inf]]),
             np.array([[90, 91, -1, -1], [92, -1, -1, -1]], dtype=np.int64))
    results = []
    for merge in (merge_block_topk, merge_block_topk_numpy):
        best_dist, best_idx = (a.copy() for a in start)
        merge(inner, norms, 10, 0, False, best_dist, best_idx)
        results.append((best_dist, best_idx))
    np.testing.assert_array_equal(results[1][0], results[0][0])
    np.testing.assert_array_equal(results[1][1], results[0][1])


@pytest.mark.parametrize("shape", [(1, 3), (37, 5), (300, 20)])
def test_column_summary_numpy_equals_kernel(shape, seed):
    X = np.random.RandomState(seed).normal(loc=3.0, scale=1e3, size=shape)
    for got, expected in zip(_column_summary(X), column_summary(X)):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_interpolation_numpy_equals_kernel(dtype, seed):
    rng = np.random.RandomState(seed)
    source = rng.normal(scale=10.0, size=(50, 7)).astype(dtype)
    seeds, ends = rng.randint(0, 50, size=300), rng.randint(0, 50, size=300)
    steps = rng.uniform(-0.5, 1.5, size=300)
    block = Interpolation(0, np.arange(50), source, seeds, ends, steps)
    out = np.empty((300, 7), dtype=dtype)
    block.write_into(out)  # 2,100 values: the NumPy branch
    expected = np.empty_like(out)
    interpolate_rows(source, seeds, ends, steps, expected)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_row_modes_numpy_equals_kernel(k, seed):
    labels = np.random.RandomState(seed).randint(-1, 3, size=(200, k))  # many ties
    np.testing.assert_array_equal(row_modes(labels), row_modes_kernel(labels))


def test_exact_distances_numpy_equals_kernel(seed):
    rng = np.random.RandomState(seed)
    refs = rng.normal(loc=5.0, scale=100.0, size=(60, 13))
    queries = rng.normal(loc=5.0, scale=100.0, size=(25, 13))
    idx = rng.randint(0, 60, size=(25, 4))
    np.testing.assert_array_equal(_exact_distances(queries, refs, idx),
                                  exact_distances(queries, refs, idx))


def test_small_paths_equal_numba_paths_end_to_end(monkeypatch):
    # the whole search and SMOTE with the twins, then with the kernels forced: same rows
    X, y = make_classification(n_samples=150, n_features=6, weights=[0.8], random_state=1)
    X[:40] = np.round(X[:40])  # some exact ties; 150 x 150 pairs: the NumPy merge
    samplers = [SMOTE(random_state=0), NearMiss(), NeighbourhoodCleaningRule()]
    small = NearestNeighbors(n_neighbors=5).fit(X).kneighbors()
    resampled = [sampler.fit_resample(X, y) for sampler in samplers]
    for module in (_blocked, _exact, generation, _votes):
        monkeypatch.setattr(module, "NUMPY_MAX_WORK", -1)
    forced = NearestNeighbors(n_neighbors=5).fit(X).kneighbors()
    np.testing.assert_array_equal(forced[0], small[0])
    np.testing.assert_array_equal(forced[1], small[1])
    for sampler, before in zip(samplers, resampled):
        after = sampler.fit_resample(X, y)
        np.testing.assert_array_equal(after[0], before[0])
        np.testing.assert_array_equal(after[1], before[1])
