"""TRIM-SMOTE's region split kernels: the parallel split equals the serial one."""

import numpy as np
import pytest

from imbtools._kernels import trim


@pytest.mark.parametrize("want", [True, False])
def test_parallel_split_equals_the_serial_split(want):
    rng = np.random.RandomState(0)
    X = np.round(rng.normal(size=(40, 4)), 1)  # rounded: ties within features
    X[5] = X[9]  # a duplicate row
    rows = np.stack([np.argsort(X[:, f], kind="stable") for f in range(4)]).astype(np.int32)
    values = np.stack([X[rows[f], f] for f in range(4)])
    flags = np.stack([rows[f] % 3 == 0 for f in range(4)])
    results = []
    for split in (trim.split_sorted, trim.split_sorted_parallel):
        goes_left = np.zeros(40, dtype=bool)
        results.append(split(rows, values, flags, 2, 17, want, goes_left))
        assert not goes_left.any()  # the work array is clean again
    for serial, parallel in zip(*results):
        np.testing.assert_array_equal(serial, parallel)
    child_rows = results[0][0]
    expected = set(rows[2, :17]) if want else set(rows[2, 17:])
    for f in range(4):  # every feature keeps the child's samples, in its sorted order
        assert set(child_rows[f]) == expected
        np.testing.assert_array_equal(np.diff(X[child_rows[f], f]) >= 0, True)
