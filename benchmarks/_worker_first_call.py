"""Worker of ``compile_time.py``: time the first calls of one case in a fresh process.

``python _worker_first_call.py CASE`` prints one JSON line with the import time, the first
and second call times on a 2,000-row dataset, and for every Numba dispatcher of imbtools
its compiled signatures and cache hits / misses. ``python _worker_first_call.py import``
only imports the sampler modules and reports whether any dispatcher got compiled;
``python _worker_first_call.py anatomy`` times the first call of each kernel on tiny
arrays, then SMOTE's first and second calls.
The Numba cache directory is whatever ``NUMBA_CACHE_DIR`` says (set by the caller).
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np


def _dispatchers():
    """Every Numba dispatcher defined in an imported imbtools module."""
    from numba.core.dispatcher import Dispatcher

    found = {}
    for name, module in list(sys.modules.items()):
        if not name.startswith("imbtools") or module is None:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, Dispatcher) and value.py_func.__module__ == name:
                found[f"{name.rsplit('.', 1)[-1]}.{attr}"] = value
    return found


def _dispatcher_report():
    return {
        name: {
            "signatures": [str(sig) for sig in d.signatures],
            "cache_hits": sum(d.stats.cache_hits.values()),
            "cache_misses": sum(d.stats.cache_misses.values()),
            "nopython": bool(d.targetoptions.get("nopython", False)),
        }
        for name, d in sorted(_dispatchers().items())
    }


def _data(dtype):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((2000, 20)).astype(dtype)
    y = (np.arange(2000) < 200).astype(np.int64)
    return X, y


def _smote(dtype):
    from imbtools.over_sampling import SMOTE

    X, y = _data(dtype)
    return lambda: SMOTE(random_state=0).fit_resample(X, y)


def _smoothed_bootstrap(dtype):
    from imbtools.over_sampling import RandomOverSampler

    X, y = _data(dtype)
    return lambda: RandomOverSampler(shrinkage=1.0, random_state=0).fit_resample(X, y)


def _neighbors():
    from imbtools.neighbors import NearestNeighbors

    X, _ = _data(np.float64)
    return lambda: NearestNeighbors(n_neighbors=5, algorithm="brute").fit(X).kneighbors()


CASES = {
    "SMOTE float64": lambda: _smote(np.float64),
    "SMOTE float32": lambda: _smote(np.float32),
    "ROS shrinkage float64": lambda: _smoothed_bootstrap(np.float64),
    "ROS shrinkage float32": lambda: _smoothed_bootstrap(np.float32),
    "NearestNeighbors brute": _neighbors,
}


def _first_kernel_calls():
    """Seconds of the first call of each kernel, in this order, on tiny arrays."""
    from imbtools._kernels.interpolate import interpolate_rows, jitter_rows
    from imbtools._kernels.neighbors import merge_block_topk

    X = np.zeros((8, 3))
    rows = np.zeros(4, dtype=np.int64)
    calls = {
        "merge_block_topk (1st Numba dispatch)": lambda: merge_block_topk(
            np.zeros((4, 4)), np.zeros(4), 0, 0, True, np.full((4, 2), np.inf),
            np.zeros((4, 2), dtype=np.int64)),
        "interpolate_rows (parallel)": lambda: interpolate_rows(
            X, rows, rows, np.zeros(4), np.empty((4, 3))),
        "jitter_rows (parallel)": lambda: jitter_rows(
            X, rows, np.zeros((4, 3)), np.zeros(3), np.empty((4, 3))),
    }
    seconds = {}
    for name, call in calls.items():
        start = time.perf_counter()
        try:
            call()
        except TypeError:  # the kernel's signature changed: report, do not fail
            seconds[name] = None
            continue
        seconds[name] = time.perf_counter() - start
    return seconds


def anatomy():
    """Where a warm-cache first call goes: first dispatch, further kernels, the sampler."""
    start = time.perf_counter()
    call = _smote(np.float64)
    import_s = time.perf_counter() - start
    seconds = _first_kernel_calls()
    for label in ("SMOTE 1st call after kernels", "SMOTE 2nd call"):
        start = time.perf_counter()
        call()
        seconds[label] = time.perf_counter() - start
    return {"import_s": import_s, "seconds": seconds}


def import_only():
    start = time.perf_counter()
    import imbtools

    import_top = time.perf_counter() - start
    numba_after_top = "numba" in sys.modules
    import imbtools.neighbors
    import imbtools.over_sampling
    import imbtools.under_sampling  # noqa: F401
    from imbtools._kernels import interpolate, neighbors  # noqa: F401

    report = _dispatcher_report()
    return {
        "import_imbtools_s": import_top,
        "numba_imported_by_import_imbtools": numba_after_top,
        "dispatchers": report,
        "compiled_at_import": sum(len(d["signatures"]) for d in report.values()),
    }


def first_calls(case):
    start = time.perf_counter()
    call = CASES[case]()
    import_s = time.perf_counter() - start
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        call()
        timings.append(time.perf_counter() - start)
    return {
        "case": case,
        "import_s": import_s,
        "first_s": timings[0],
        "second_s": timings[1],
        "dispatchers": {k: v for k, v in _dispatcher_report().items() if v["signatures"]},
    }


if __name__ == "__main__":
    name = sys.argv[1]
    if name == "import":
        print(json.dumps(import_only()))
    elif name == "anatomy":
        print(json.dumps(anatomy()))
    else:
        print(json.dumps(first_calls(name)))
