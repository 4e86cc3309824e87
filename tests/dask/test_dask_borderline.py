"""Borderline-SMOTE (kind 1) and ADASYN on dask collections equal the in-memory samplers."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402

from imbtools.dask import ADASYN, BorderlineSMOTE  # noqa: E402
from imbtools.over_sampling import ADASYN as MemoryADASYN  # noqa: E402
from imbtools.over_sampling import BorderlineSMOTE as MemoryBorderline  # noqa: E402


@pytest.mark.parametrize("n_classes, weights", [(2, (0.9,)), (3, (0.7, 0.2))])
@pytest.mark.parametrize("chunk", [3000, 450])
@pytest.mark.parametrize("seed", [0, 1])
def test_equals_in_memory(seed, n_classes, weights, chunk):
    X, y = imbalanced(n_samples=3000, weights=weights, n_classes=n_classes, seed=seed,
                      flip_y=0.05)
    memory = MemoryBorderline(random_state=seed, m_neighbors=8)
    X_mem, y_mem = memory.fit_resample(X, y)
    sampler = BorderlineSMOTE(random_state=seed, m_neighbors=8)
    X_res, y_res = sampler.fit_resample(*as_dask_arrays(X, y, chunk))
    X_np, y_np = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_np, X_mem)
    np.testing.assert_array_equal(y_np, y_mem)
    for label, rows in memory.in_danger_indices_.items():
        np.testing.assert_array_equal(sampler.in_danger_indices_[label], rows)


def test_frame_on_the_cluster(on_cluster):
    X, y = imbalanced(n_samples=2000, weights=(0.9,), seed=6, flip_y=0.05)
    X_res, _ = BorderlineSMOTE(random_state=1).fit_resample(*as_dask_frame(X, y, 3))
    np.testing.assert_array_equal(X_res.compute().to_numpy(),
                                  MemoryBorderline(random_state=1).fit_resample(X, y)[0])


def test_kind_2_refused(binary):
    with pytest.raises(ValueError, match=r"kind='borderline-2' is not available on dask"):
        BorderlineSMOTE(kind="borderline-2").fit_resample(*as_dask_arrays(*binary, 700))


@pytest.mark.parametrize("n_classes, weights", [(2, (0.9,)), (3, (0.7, 0.2))])
@pytest.mark.parametrize("chunk", [3000, 450])
@pytest.mark.parametrize("seed", [0, 1])
def test_adasyn_equals_in_memory(seed, n_classes, weights, chunk):
    X, y = imbalanced(n_samples=3000, weights=weights, n_classes=n_classes, seed=seed,
                      flip_y=0.05)
    X_mem, y_mem = MemoryADASYN(random_state=seed).fit_resample(X, y)
    X_res, y_res = ADASYN(random_state=seed).fit_resample(*as_dask_arrays(X, y, chunk))
    X_np, y_np = dask.compute(X_res, y_res)
    np.testing.assert_array_equal(X_np, X_mem)
    np.testing.assert_array_equal(y_np, y_mem)


def _tied_data(offset):
    """Integer features (distances tie exactly) with duplicates around row 450, offset."""
    rng = np.random.default_rng(3)
    X = rng.integers(0, 3, size=(1200, 10)).astype(float)
    y = (rng.random(1200) < 0.15).astype(int)
    X[440:462] = X[445]  # duplicates of both classes across the chunk boundary at 450
    y[[441, 449, 450, 455]] = 1
    return X + offset, y


@pytest.mark.parametrize("offset", [0.0, 2.0**40])
@pytest.mark.parametrize("chunks", [450, (450, 1, 300, 449)])
def test_exact_ties_across_partitions(offset, chunks):
    X, y = _tied_data(offset)
    for dask_class, memory_class in ((BorderlineSMOTE, MemoryBorderline),
                                     (ADASYN, MemoryADASYN)):
        X_mem, y_mem = memory_class(random_state=0).fit_resample(X, y)
        X_res, y_res = dask_class(random_state=0).fit_resample(
            *as_dask_arrays(X, y, chunks))
        X_np, y_np = dask.compute(X_res, y_res)
        np.testing.assert_array_equal(X_np, X_mem)
        np.testing.assert_array_equal(y_np, y_mem)
