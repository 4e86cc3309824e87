"""imbtools.dask at scale: wall time and per-worker peak memory on a LocalCluster.

Data: ``--rows`` x ``--features`` float64 at ``--minority`` positive rate, generated
lazily per partition (``--partition-rows`` rows each; the client never holds it). Each
job runs on a fresh ``LocalCluster(n_workers=--workers, threads_per_worker=1,
memory_limit=--memory-limit)`` (restarted between jobs so that each worker's peak RSS
belongs to one job), then the same job runs in memory on ``--memory-rows`` rows of the
same generator, and the distributed job again at that size on data persisted in the
workers' memory (as the in-memory job's data is) for the overhead ratio.

Usage (from the repository root)::

    python benchmarks/dask_scale.py --rows 10000000            # the issue's target
    python benchmarks/dask_scale.py --rows 1000000 --jobs rus spe

Prints one markdown table. Times are wall seconds on a machine whose load is printed
with them (``os.getloadavg``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

import numpy as np

JOBS = ("rus", "smote", "spe", "borderline")


def labels(i, rows, minority, seed):
    return (np.random.default_rng((seed, i, 0)).random(rows) < minority).astype(np.int8)


def features(i, rows, n_features, minority, seed):
    y = labels(i, rows, minority, seed)
    X = np.random.default_rng((seed, i, 1)).standard_normal((rows, n_features))
    X[y == 1, : n_features // 2] += 1.5
    return X


def lazy_data(n_rows, n_features, minority, partition_rows, seed=0):
    import dask
    import dask.array as da

    starts = range(0, n_rows, partition_rows)
    sizes = [min(partition_rows, n_rows - s) for s in starts]
    X = da.concatenate([
        da.from_delayed(dask.delayed(features)(i, n, n_features, minority, seed),
                        (n, n_features), np.float64) for i, n in enumerate(sizes)])
    y = da.concatenate([
        da.from_delayed(dask.delayed(labels)(i, n, minority, seed), (n,), np.int8)
        for i, n in enumerate(sizes)])
    return X, y


def memory_data(n_rows, n_features, minority, partition_rows, seed=0):
    starts = range(0, n_rows, partition_rows)
    sizes = [min(partition_rows, n_rows - s) for s in starts]
    X = np.concatenate([features(i, n, n_features, minority, seed)
                        for i, n in enumerate(sizes)])
    y = np.concatenate([labels(i, n, minority, seed) for i, n in enumerate(sizes)])
    return X, y


def run_dask(job, X, y):
    import dask

    from imbtools import dask as imbdask

    if job == "rus":
        X_res, y_res = imbdask.RandomUnderSampler(random_state=0).fit_resample(X, y)
        return dask.compute(X_res, y_res)[1].shape[0]
    if job == "smote":
        X_res, y_res = imbdask.SMOTE(random_state=0).fit_resample(X, y)
        total, n_out = dask.compute(X_res.sum(axis=0), y_res.shape[0])
        return n_out
    if job == "borderline":
        X_res, y_res = imbdask.BorderlineSMOTE(random_state=0).fit_resample(X, y)
        total, n_out = dask.compute(X_res.sum(axis=0), y_res.shape[0])
        return n_out
    model = imbdask.SelfPacedEnsembleClassifier(n_estimators=10, random_state=0).fit(X, y)
    return len(model.estimators_)


def run_memory(job, X, y):
    from imbtools.ensemble import SelfPacedEnsembleClassifier
    from imbtools.over_sampling import SMOTE, BorderlineSMOTE
    from imbtools.under_sampling import RandomUnderSampler

    if job == "rus":
        return RandomUnderSampler(random_state=0).fit_resample(X, y)[1].shape[0]
    if job in ("smote", "borderline"):
        sampler = SMOTE if job == "smote" else BorderlineSMOTE
        X_res, y_res = sampler(random_state=0).fit_resample(X, y)
        X_res.sum(axis=0)
        return y_res.shape[0]
    return len(SelfPacedEnsembleClassifier(n_estimators=10, random_state=0).fit(X, y)
               .estimators_)


def peak_rss_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak if sys.platform == "darwin" else peak * 1024) / 2**20


def timed(function, *args):
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def on_cluster(args, job, n_rows, persist=False):
    import dask
    import distributed

    cluster = distributed.LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", memory_limit=args.memory_limit)
    with distributed.Client(cluster) as client:
        client.run(_warm_up)  # imports and kernel compilation outside the timed region
        X, y = lazy_data(n_rows, args.features, args.minority, args.partition_rows)
        if persist:  # the data already in the workers' memory, as in-memory data is
            X, y = dask.persist(X, y)
            distributed.wait([X, y])
        seconds = timed(run_dask, job, X, y)
        peaks = client.run(peak_rss_mb)
    cluster.close()
    return seconds, sorted(peaks.values())


def _warm_up():
    import imbtools.dask  # noqa: F401 - imports outside the timed region, as in a session
    from imbtools.neighbors import _float32, nearest_among

    rng = np.random.default_rng(0)
    queries, rows = rng.standard_normal((50, 20)), rng.standard_normal((300, 20))
    nearest_among(queries, rows, 3)
    saved = _float32._FLOAT32_MIN_WORK
    _float32._FLOAT32_MIN_WORK = 0.0  # compile the float32 pass of large searches too
    try:
        nearest_among(queries, rows, 3)
    finally:
        _float32._FLOAT32_MIN_WORK = saved


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--memory-rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--minority", type=float, default=0.005)
    parser.add_argument("--partition-rows", type=int, default=250_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="1.5GB")
    parser.add_argument("--jobs", nargs="+", choices=JOBS, default=list(JOBS))
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the runs at --memory-rows (dask persisted and in memory)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}, cores: {os.cpu_count()}")
    small = f"{args.memory_rows:.0e}"
    print(f"| job | rows | dask s | worker peak RSS MB | dask s at {small} (persisted) "
          f"| in-memory s at {small} | overhead ratio | load |")
    print("|---|---|---|---|---|---|---|---|")
    for job in args.jobs:
        seconds, peaks = on_cluster(args, job, args.rows)
        small = in_memory = float("nan")
        if not args.no_baseline:
            small, _ = on_cluster(args, job, args.memory_rows, persist=True)
            X, y = memory_data(args.memory_rows, args.features, args.minority,
                               args.partition_rows)
            run_memory(job, X[:2000], y[:2000])  # compile the kernels outside the timing
            in_memory = timed(run_memory, job, X, y)
            del X, y
        per_million = seconds / (args.rows * (1 - args.minority) / 1e6)
        print(f"| {job} | {args.rows:.0e} | {seconds:.1f} ({per_million:.1f} per 10^6 "
              f"majority rows) | "
              f"{', '.join(f'{p:.0f}' for p in peaks)} | {small:.1f} | {in_memory:.1f} | "
              f"{small / in_memory:.2f} | {os.getloadavg()[0]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
