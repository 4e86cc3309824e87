"""``sampling_strategy_`` of the cleaning samplers holds imbalanced-learn's values (issue 12,
defect 8): the classes that may be cleaned, each mapped to the size of the smallest class."""

import imblearn.under_sampling
import numpy as np
import pytest

import imbtools.under_sampling
from imbtools.base import BaseCleaningSampler

CLEANING = sorted(name for name in imbtools.under_sampling._LAZY
                  if issubclass(getattr(imbtools.under_sampling, name), BaseCleaningSampler))


def test_every_cleaning_sampler_is_compared():
    assert CLEANING == ["AllKNN", "CondensedNearestNeighbour", "EditedNearestNeighbours",
                        "NeighbourhoodCleaningRule", "OneSidedSelection",
                        "RepeatedEditedNearestNeighbours", "TomekLinks"]


@pytest.mark.parametrize("strategy", ["auto", "majority", "not minority", "not majority",
                                      "all", [4], [7, 1]])
@pytest.mark.parametrize("name", CLEANING)
@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_sampling_strategy_equals_imblearns(name, strategy, method):
    rng = np.random.RandomState(0)
    # integer labels: imbalanced-learn's NeighbourhoodCleaningRule fails on strings
    y = np.repeat([1, 4, 7], [50, 30, 12])
    X = rng.normal(size=(y.shape[0], 3)) + (y == 7)[:, None]
    ours = getattr(imbtools.under_sampling, name)(sampling_strategy=strategy)
    reference = getattr(imblearn.under_sampling, name)(sampling_strategy=strategy)
    getattr(ours, method)(X, y)
    getattr(reference, method)(X, y)
    assert ours.sampling_strategy_ == dict(reference.sampling_strategy_)
    assert list(ours.sampling_strategy_) == list(reference.sampling_strategy_)
    assert all(type(n) is int for n in ours.sampling_strategy_.values())
