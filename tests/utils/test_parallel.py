import numpy as np
import pytest

from imbtools.utils import _parallel
from imbtools.utils._parallel import COPY_MIN_WORK, copy_rows, n_threads, thread_pool


@pytest.mark.parametrize("n_jobs", [None, 1, 2, -1])
@pytest.mark.parametrize("n_rows", [0, 1, 3, COPY_MIN_WORK // 4 + 3])
def test_copy_rows_equals_assignment(n_jobs, n_rows):
    rng = np.random.default_rng(0)
    source = rng.standard_normal((n_rows, 4))
    source[::7] = np.nan  # copied bit for bit, NaN included
    before = source.copy()
    out = np.full((n_rows, 4), -1.0)
    copy_rows(out, source, n_jobs)
    assert out.tobytes() == source.tobytes()
    assert source.tobytes() == before.tobytes()


def test_copy_rows_uses_threads_only_on_large_copies(monkeypatch):
    calls = []

    class Spy:
        def __init__(self, pool):
            self.pool = pool

        def map(self, fn, items):
            items = list(items)
            calls.append(len(items))
            return self.pool.map(fn, items)

    monkeypatch.setattr(_parallel, "thread_pool", lambda n: Spy(thread_pool(n)))
    big = np.arange(2.0 * (COPY_MIN_WORK // 2 + 10)).reshape(-1, 2)
    out = np.zeros_like(big)
    copy_rows(out, big, n_jobs=2)
    np.testing.assert_array_equal(out, big)
    expected = [] if n_threads(2) == 1 else [2]
    assert calls == expected
    small = np.ones((10, 2))
    copy_rows(np.zeros_like(small), small, n_jobs=2)  # below COPY_MIN_WORK: no pool
    copy_rows(np.zeros_like(big), big, n_jobs=1)  # n_jobs=1: no pool
    assert calls == expected
