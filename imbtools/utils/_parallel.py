"""Thread-count helpers: resolve ``n_jobs`` and limit Numba threads for one call."""

from __future__ import annotations

import functools
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np

__all__ = ["COPY_MIN_WORK", "NUMPY_MAX_WORK", "PARALLEL_MIN_WORK", "SEARCH_MIN_WORK",
           "copy_rows", "n_threads", "numba_thread_limit", "thread_pool"]

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
#: Elements from which a row copy is split over threads: copying the 2 x 10^7 values of
#: SMOTE's kept rows at 10^6 x 20 takes 31 ms on one thread, 18-23 ms on two (the copy
#: and the first touch of the fresh output pages both run in parallel).
COPY_MIN_WORK = 1 << 20


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


@functools.cache
def _thread_pool(n_workers, pid):
    return ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="imbtools")


def thread_pool(n_workers):
    """A thread pool kept for the life of the process, one per worker count.

    Starting threads on every call costs time and memory. The process id is part of the
    cache key, so that a forked child never uses its parent's (dead) threads.
    """
    return _thread_pool(n_workers, os.getpid())


def copy_rows(out, source, n_jobs=None):
    """``out[...] = source`` for 2-d arrays of the same shape, in row blocks on threads.

    NumPy releases the GIL while it copies, so ``n_threads(n_jobs)`` threads copy (and
    fault in ``out``'s fresh pages) at once; below :data:`COPY_MIN_WORK` elements, on the
    calling thread.
    """
    n_workers = n_threads(n_jobs, work=source.size, min_work=COPY_MIN_WORK)
    if n_workers == 1:
        out[...] = source
        return
    bounds = np.linspace(0, source.shape[0], n_workers + 1).astype(np.intp)

    def copy(i):
        out[bounds[i] : bounds[i + 1]] = source[bounds[i] : bounds[i + 1]]

    list(thread_pool(n_workers).map(copy, range(n_workers)))
