"""Thread-count helpers: resolve ``n_jobs`` and limit Numba threads for one call."""

from __future__ import annotations

import os
from contextlib import contextmanager

__all__ = ["n_threads", "numba_thread_limit"]


def n_threads(n_jobs):
    """Threads to use: ``None`` or a negative value means every core, ``n`` at most ``n``."""
    n_cores = os.cpu_count() or 1
    if n_jobs is None or n_jobs < 0:
        return n_cores
    return max(1, min(int(n_jobs), n_cores))


@contextmanager
def numba_thread_limit(n_jobs):
    """Run Numba's parallel kernels on at most ``n_threads(n_jobs)`` threads, then restore."""
    if n_jobs is None:
        yield
        return
    import numba

    previous = numba.get_num_threads()
    numba.set_num_threads(min(n_threads(n_jobs), numba.config.NUMBA_NUM_THREADS))
    try:
        yield
    finally:
        numba.set_num_threads(previous)
