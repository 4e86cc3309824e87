"""Output helpers: the heap trim before a large output."""

import sys

import numpy as np
import pytest

from imbtools.utils import _output


def test_release_free_heap_trims_only_before_a_large_output(monkeypatch):
    calls = []
    monkeypatch.setattr(_output, "_malloc_trim", lambda: calls.append)
    _output.release_free_heap(_output._TRIM_MIN_BYTES - 1)
    assert calls == []
    _output.release_free_heap(_output._TRIM_MIN_BYTES)
    assert calls == [0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_malloc_trim_is_found_and_callable_on_linux():
    trim = _output._malloc_trim()
    if trim is None:  # another C library (musl): nothing to call, nothing to break
        pytest.skip("no malloc_trim in this C library")
    assert trim(0) in (0, 1)


def test_a_large_output_is_unchanged_by_the_trim(monkeypatch):
    from imbtools.under_sampling import RandomUnderSampler

    rng = np.random.default_rng(0)
    X = rng.normal(size=(100_000, 12))  # about 9 MB out: above the trim threshold
    y = (rng.random(100_000) < 0.5).astype(int)
    plain = RandomUnderSampler(random_state=0).fit_resample(X, y)
    calls = []
    real = _output._malloc_trim()

    def spy(pad):
        calls.append(pad)
        return real(pad) if real is not None else 0

    monkeypatch.setattr(_output, "_malloc_trim", lambda: spy)
    trimmed = RandomUnderSampler(random_state=0).fit_resample(X, y)
    assert calls == [0]
    np.testing.assert_array_equal(trimmed[0], plain[0])
    np.testing.assert_array_equal(trimmed[1], plain[1])
