"""Thread-count helpers: resolve ``n_jobs`` and limit Numba threads for one call."""

from __future__ import annotations

import os
from contextlib import contextmanager

__all__ = ["NUMPY_MAX_WORK", "PARALLEL_MIN_WORK", "SEARCH_MIN_WORK", "n_threads",
           "numba_thread_limit"]

#: Below this much work (array elements read or written, or multiply-adds) a threaded
#: kernel or search runs on the calling thread alone. Waking a sleeping worker thread costs
#: tens of microseconds on a quiet machine and milliseconds on a busy one, more than the
#: work itself (SMOTE on 300 x 20 rows: 13 ms with every thread woken, 0.6 ms on one;
#: ``benchmarks/small_data.py``).
PARALLEL_MIN_WORK = 1 << 18
#: The same for the threaded neighbour search, in multiply-adds of its products: below
#: about 2-3 ms of single-threaded work the threads cost more than they save. ENN on
#: 1,000 x 20 rows (900 x 1,000 x 20 = 1.8e7) at load 0.8, 30 alternated calls: 2.67 ms
#: threaded, 3.47 ms on one thread, imbalanced-learn 3.05 ms; SMOTEENN 8.50 / 10.23 /
#: 9.50 ms (2^26 kept both on one thread; an earlier, busier measurement had ENN at
#: 6.0 ms threaded against 4.1 ms: on a loaded machine threads cost more).
SEARCH_MIN_WORK = 1 << 24
#: Up to this much work (elements, or query-reference pairs of a search) a few kernels
#: run as NumPy twins that give the same bits (the search centre's column summary, the
#: top-k merge, the neighbours' distances, the majority vote, SMOTE's interpolation):
#: the first Numba function of a process costs about 0.3 s (importing Numba when it is
#: not yet, building its compiler context, loading the cached code), far more than the
#: NumPy version on such inputs (under 0.1 ms). Small calls of SMOTE, ENN, TomekLinks
#: and many others then never start Numba (``benchmarks/small_data.py --first-call``).
NUMPY_MAX_WORK = 1 << 15


def n_threads(n_jobs, work=None, min_work=PARALLEL_MIN_WORK):
    """Threads to use: ``None`` or a negative value means every core, ``n`` at most ``n``.

    ``work``: the size of the job (see :data:`PARALLEL_MIN_WORK`); a small job gets one
    thread whatever ``n_jobs`` says.
    """
    if work is not None and work < min_work:
        return 1
    n_cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs < 0:
        return n_cores
    return max(1, min(int(n_jobs), n_cores))


@contextmanager
def numba_thread_limit(n_jobs, work=None):
    """Run Numba's parallel kernels on at most ``n_threads(n_jobs, work)`` threads, then restore."""
    if n_jobs is None and (work is None or work >= PARALLEL_MIN_WORK):
        yield
        return
    import numba

    previous = numba.get_num_threads()
    numba.set_num_threads(min(n_threads(n_jobs, work), numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        numba.set_num_threads(previous)
