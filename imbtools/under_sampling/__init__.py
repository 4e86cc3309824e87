"""Under-samplers: keep a subset of the samples."""

import importlib

from ._random import RandomUnderSampler

# Samplers in modules of their own are imported on first use.
_LAZY = {
    "AllKNN": "._edited",
    "ClusterCentroids": "._cluster_centroids",
    "CondensedNearestNeighbour": "._condensed",
    "EditedNearestNeighbours": "._edited",
    "InstanceHardnessThreshold": "._instance_hardness",
    "NearMiss": "._nearmiss",
    "NeighbourhoodCleaningRule": "._neighbourhood_cleaning",
    "OneSidedSelection": "._condensed",
    "RepeatedEditedNearestNeighbours": "._edited",
    "SelfPacedUnderSampler": "._self_paced",
    "TomekLinks": "._tomek",
}

__all__ = ["RandomUnderSampler"]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
