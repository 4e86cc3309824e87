"""A worker's memory stays bounded when the data is several times its memory_limit."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import dask.array as da  # noqa: E402
import numpy as np  # noqa: E402

from imbtools.dask import RandomUnderSampler  # noqa: E402

N_PARTS, ROWS, FEATURES = 48, 250_000, 16  # 48 x 32 MB = 1.5 GB of float64


def _features(i):
    return np.random.default_rng(i).random((ROWS, FEATURES))


def _labels(i):
    return (np.random.default_rng(1000 + i).random(ROWS) < 0.005).astype(np.int8)


def _peak_rss_bytes():
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def test_under_sampling_data_three_times_a_worker_limit(client, on_cluster):
    X = da.concatenate([
        da.from_delayed(dask.delayed(_features)(i), (ROWS, FEATURES), np.float64)
        for i in range(N_PARTS)])
    y = da.concatenate([da.from_delayed(dask.delayed(_labels)(i), (ROWS,), np.int8)
                        for i in range(N_PARTS)])
    limit = min(w["memory_limit"] for w in client.scheduler_info()["workers"].values())
    assert X.nbytes > 2.5 * limit
    X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    X_np, y_np = dask.compute(X_res, y_res)
    assert np.bincount(y_np)[0] == np.bincount(y_np)[1] == X_np.shape[0] // 2
    peaks = client.run(_peak_rss_bytes)
    print(peaks, limit)
    # the RSS peak includes the worker process itself (Python, dask, NumPy, imbtools);
    # what matters is that it stays far below the 2.5x-larger data
    assert max(peaks.values()) < 1.25 * limit < X.nbytes / 2, peaks
