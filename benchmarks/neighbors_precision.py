"""Certified float32 first pass vs the float64 path of the brute-force neighbour search.

What it measures
----------------
``imbtools.neighbors.NearestNeighbors(algorithm="brute")`` fitted on
``make_classification(n_rows, n_features, weights=[0.99], random_state=0)``, queried with
its minority rows (the BorderlineSMOTE / ADASYN search of issue #3: ``k=11``, the query
itself among them), every core:

- ``float32``: the default where ``_use_float32`` says so (float32 GEMM, float32 merge,
  float64 re-rank of ``k + extra`` candidates, certificate, float64 redo of the rest);
- ``float64``: the same fitted object with its float32 copy removed (the float64 path).

Runs alternate (float32, float64, float32, ...); the table shows the median wall time and
the median CPU time of the process (all threads; less sensitive to other jobs on a shared
machine than wall time), the share of certified queries and whether both paths return the
same indices. ``--breakdown`` adds one-thread timings of the phases for one block row of
queries against all references, scaled to the whole job on every core: GEMM (float64,
float32), the merge kernel, and the re-rank.

``--features`` with several values prints one row per feature count (where the float32
pass starts to pay: data for ``_FLOAT32_MIN_FEATURES``); every row uses the float32 pass,
whatever the rule says.

Usage
-----
::

    python benchmarks/neighbors_precision.py                      # 1e6 x 20, ~1 min
    python benchmarks/neighbors_precision.py --rows 1e5 --features 8 12 16 20 50
    python benchmarks/neighbors_precision.py --breakdown
"""

from __future__ import annotations

import argparse
import os
import time
from statistics import median

import numpy as np
from sklearn.datasets import make_classification
from threadpoolctl import threadpool_limits

from imbtools._kernels.neighbors import merge_block_topk, rerank_candidates
from imbtools.neighbors import NearestNeighbors, _blocked, _float32


def make_data(n_rows, n_features):
    X, y = make_classification(n_samples=n_rows, n_features=n_features, weights=[0.99],
                               random_state=0)
    return X, X[y == 1]


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def compare(X, queries, k, repeats):
    """Median (wall, cpu) of both paths, certified share, and whether indices agree."""
    saved = (_float32._FLOAT32_MIN_SAMPLES, _float32._FLOAT32_MIN_FEATURES)
    _float32._FLOAT32_MIN_SAMPLES = _float32._FLOAT32_MIN_FEATURES = 1
    try:
        nn = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(X)
    finally:
        _float32._FLOAT32_MIN_SAMPLES, _float32._FLOAT32_MIN_FEATURES = saved
    index = nn._float32_index
    times = {"float32": [], "float64": []}
    results = {}
    for path in ("float32", "float64"):  # warm-up: compilation or cache loading
        nn._float32_index = index if path == "float32" else None
        nn.kneighbors(queries[:10], return_distance=False)
    for _ in range(repeats):
        for path in ("float32", "float64"):
            nn._float32_index = index if path == "float32" else None
            wall, cpu, results[path] = timed(
                lambda: nn.kneighbors(queries, return_distance=False))  # noqa: B023
            times[path].append((wall, cpu))
    certified = certified_share(index, queries, k, X.shape[0])
    same = bool(np.array_equal(results["float32"], results["float64"]))
    return ({p: (median(w for w, _ in t), median(c for _, c in t)) for p, t in times.items()},
            certified, same)


def certified_share(index, queries, k, n_refs):
    n = queries.shape[0]
    idx, sq, certified = np.empty((n, k), np.int64), np.empty((n, k)), np.zeros(n, bool)
    index.search(queries, index.query_norms(queries), 0, n, k, n_refs, False,
                 os.cpu_count() or 1, idx, sq, certified)
    return certified.mean()


def breakdown(X, queries, k):
    """One thread, one block row of queries: seconds per phase, scaled to the whole job."""
    n_threads = os.cpu_count() or 1
    block, chunk = _blocked._QUERY_BLOCK, _blocked._REF_CHUNK
    q64 = queries[:block]
    scale = queries.shape[0] / q64.shape[0] / n_threads
    center = X.mean(0)
    X32 = (X - center).astype(np.float32)
    q32 = (q64 - center).astype(np.float32)
    norms64 = np.einsum("ij,ij->i", X, X)
    norms32 = np.einsum("ij,ij->i", X32, X32)
    rows = {}
    with threadpool_limits(1, "blas"):
        for name, q, R, norms, width in (("float64", q64, X, norms64, k),
                                         ("float32", q32, X32, norms32,
                                          k + _float32._float32_extra(k))):
            best = np.full((q.shape[0], width), np.inf, dtype=R.dtype)
            best_idx = np.full((q.shape[0], width), -1, dtype=np.int64)
            merge_block_topk(q @ R[:chunk].T, norms[:chunk], 0, 0, False, best, best_idx)
            best[:] = np.inf
            gemm = merge = 0.0
            for r0 in range(0, R.shape[0], chunk):
                t0 = time.thread_time()
                inner = q @ R[r0 : r0 + chunk].T
                t1 = time.thread_time()
                merge_block_topk(inner, norms[r0 : r0 + chunk], r0, 0, False, best, best_idx)
                merge += time.thread_time() - t1
                gemm += t1 - t0
            rows[f"GEMM {name}"] = gemm * scale
            rows[f"merge {name} (width {width})"] = merge * scale
            if name == "float32":
                out_idx, out_sq = np.empty((q.shape[0], k), np.int64), np.empty((q.shape[0], k))
                rerank_candidates(q64, X, best_idx, out_idx, out_sq)
                t0 = time.thread_time()
                rerank_candidates(q64, X, best_idx, out_idx, out_sq)
                rows["re-rank float64"] = (time.thread_time() - t0) * scale
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=float, default=1e6)
    parser.add_argument("--features", nargs="+", type=int, default=[20])
    parser.add_argument("--k", type=int, default=11)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
          f"minority rows queried against all rows, k={args.k}")
    print(f"{'rows':>9}{'feat':>6}{'queries':>9}{'f32 wall':>10}{'f64 wall':>10}"
          f"{'f32 cpu':>9}{'f64 cpu':>9}{'cpu ratio':>11}{'certified':>11}  same")
    for n_features in args.features:
        X, queries = make_data(int(args.rows), n_features)
        med, certified, same = compare(X, queries, args.k, args.repeats)
        (w32, c32), (w64, c64) = med["float32"], med["float64"]
        print(f"{X.shape[0]:>9}{n_features:>6}{queries.shape[0]:>9}{w32:>10.2f}{w64:>10.2f}"
              f"{c32:>9.2f}{c64:>9.2f}{c64 / c32:>10.2f}x{certified:>11.4f}  {same}",
              flush=True)
        if args.breakdown:
            for name, seconds in breakdown(X, queries, args.k).items():
                print(f"    {name:<28}{seconds:8.2f} s (one thread per core, whole job)")
    print(f"load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
