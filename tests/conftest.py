"""Shared fixtures (small imbalanced datasets and a seed) and the hypothesis profiles."""

import numpy as np
import pytest

try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis is in the test extra; without it its tests are skipped
    settings = None

if settings is not None:
    # "ci" (the default): few examples, the same ones on every run, no example database.
    # "thorough" (pytest --hypothesis-profile=thorough): many random examples, locally.
    _SLOW_DATA_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large,
                          HealthCheck.filter_too_much]
    settings.register_profile("ci", max_examples=12, derandomize=True, database=None,
                              deadline=None, print_blob=True,
                              suppress_health_check=_SLOW_DATA_IS_FINE)
    settings.register_profile("thorough", max_examples=400, deadline=None,
                              suppress_health_check=_SLOW_DATA_IS_FINE)
    settings.load_profile("ci")


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
