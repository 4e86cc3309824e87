"""Under-samplers: keep a subset of the samples."""

import importlib

# Every sampler is imported on first use (the self-paced ensemble imports this package
# for its steps and should not pull in the sampler base classes and imbalanced-learn).
_LAZY = {
    "AllKNN": "._edited",
    "ClusterCentroids": "._cluster_centroids",
    "CondensedNearestNeighbour": "._condensed",
    "EditedNearestNeighbours": "._edited",
    "InstanceHardnessThreshold": "._instance_hardness",
    "NearMiss": "._nearmiss",
    "NeighbourhoodCleaningRule": "._neighbourhood_cleaning",
    "OneSidedSelection": "._condensed",
    "RandomUnderSampler": "._random",
    "RepeatedEditedNearestNeighbours": "._edited",
    "SelfPacedUnderSampler": "._self_paced",
    "TomekLinks": "._tomek",
}

__all__ = ["RandomUnderSampler"]  # noqa: F822 (lazy, see __getattr__)


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
