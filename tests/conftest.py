"""Shared fixtures: small imbalanced datasets and a seed."""

import numpy as np
import pytest


@pytest.fixture(params=[0, 1, 2])
def seed(request):
    return request.param


@pytest.fixture
def binary_data():
    """300 samples, exactly 40 in the minority class 1, 5 features, shuffled."""
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(260, 5)), rng.normal(loc=1.5, size=(40, 5))])
    y = np.array([0] * 260 + [1] * 40)
    order = rng.permutation(300)
    return X[order], y[order]


@pytest.fixture
def multiclass_data():
    """Three classes of 200, 60 and 30 samples, 4 features, string labels."""
    rng = np.random.RandomState(1)
    sizes = {"big": 200, "mid": 60, "small": 30}
    X = np.vstack([rng.normal(loc=i, size=(n, 4)) for i, n in enumerate(sizes.values())])
    y = np.concatenate([[label] * n for label, n in sizes.items()]).astype(object)
    order = rng.permutation(len(y))
    return X[order], y[order]
