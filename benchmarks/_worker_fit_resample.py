"""Worker of ``compare_imblearn.py``: one timed ``fit_resample`` in a fresh process.

Run by ``compare_imblearn.py`` as
``python _worker_fit_resample.py LIBRARY SAMPLER X.npy y.npy [WARMUP_ROWS]``; prints one
JSON line:

- ``import_s``: importing the sampler class;
- ``first_call_s`` / ``second_call_s``: two warm-up calls on a dataset of
  ``WARMUP_ROWS`` rows (default 5,000, 10 % minority) of the same dtype and width (the
  first includes Numba compilation or cache loading, thread-pool start-up and lazy
  imports; their difference is the first-call overhead). Since issue 16, calls on a few
  hundred rows run NumPy twins of the kernels and never start Numba, so a 300-row
  warm-up would leave Numba's start-up (~0.15 s) inside the timed call;
- ``fit_resample_s``: wall time of one ``fit_resample`` on the big data, ``cpu_s`` the
  CPU time (all threads, user + system) it used;
- ``peak_mb``: peak resident memory during that call minus the resident memory just
  before it (data loaded, warm-up done). The peak is the kernel's high-water mark
  ``VmHWM``, reset just before the call by writing ``5`` to ``/proc/self/clear_refs``;
  where that is unavailable, ``ru_maxrss`` is used instead (``peak_source`` says which).
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time

import numpy as np

SAMPLER_MODULES = {
    ("imbtools", "SMOTE"): "imbtools.over_sampling",
    ("imbtools", "RandomOverSampler"): "imbtools.over_sampling",
    ("imbtools", "RandomUnderSampler"): "imbtools.under_sampling",
    ("imblearn", "SMOTE"): "imblearn.over_sampling",
    ("imblearn", "RandomOverSampler"): "imblearn.over_sampling",
    ("imblearn", "RandomUnderSampler"): "imblearn.under_sampling",
}


def _status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak():
    """Reset the kernel's peak-RSS counter; return True if that worked."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def _rss_kb():
    try:
        return _status_kb("VmRSS")
    except (OSError, KeyError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _warmup_dataset(dtype, n_features, n_rows):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((n_rows, n_features)).astype(dtype)
    y = np.zeros(n_rows, dtype=np.int64)
    y[: n_rows // 10] = 1
    return X, y


def main(library, sampler_name, x_path, y_path, warmup_rows="5000"):
    start = time.perf_counter()
    module = importlib.import_module(SAMPLER_MODULES[(library, sampler_name)])
    sampler_class = getattr(module, sampler_name)
    import_s = time.perf_counter() - start

    X = np.load(x_path)
    y = np.load(y_path)

    X_tiny, y_tiny = _warmup_dataset(X.dtype, X.shape[1], int(warmup_rows))
    calls = []
    for _ in range(2):
        start = time.perf_counter()
        sampler_class(random_state=0).fit_resample(X_tiny, y_tiny)
        calls.append(time.perf_counter() - start)

    sampler = sampler_class(random_state=0)
    exact_peak = _reset_peak()
    rss_before = _rss_kb()
    start, cpu_start = time.perf_counter(), time.process_time()
    X_res, y_res = sampler.fit_resample(X, y)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if exact_peak:
        peak_kb = _status_kb("VmHWM")
    else:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({
        "library": library,
        "sampler": sampler_name,
        "n_samples": int(X.shape[0]),
        "n_out": int(X_res.shape[0]),
        "import_s": import_s,
        "first_call_s": calls[0],
        "second_call_s": calls[1],
        "fit_resample_s": elapsed,
        "cpu_s": cpu,
        "peak_mb": (peak_kb - rss_before) / 1024,
        "peak_source": "VmHWM after clear_refs" if exact_peak else "ru_maxrss",
    }))


if __name__ == "__main__":
    main(*sys.argv[1:5])
