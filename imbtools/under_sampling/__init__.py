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
# Pure functions of the samplers, public for code that runs them elsewhere (the NearMiss
# scores, computed per partition by imbtools.dask); imported on first use too.
_FUNCTIONS = {
    "farthest_distance_sum": "._nearmiss",
    "nearest_distance_sum": "._nearmiss",
}

__all__ = ["RandomUnderSampler"]  # noqa: F822 (lazy, see __getattr__)


def __getattr__(name):
    module = _LAZY.get(name) or _FUNCTIONS.get(name)
    if module is not None:
        return getattr(importlib.import_module(module, __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
