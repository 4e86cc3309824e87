"""Imbalance-aware learning on Dask collections (the optional ``imbtools[dask]`` extra).

The regime: the majority class does not fit in memory, the minority class does.

- ``RandomUnderSampler``, ``RandomOverSampler``: exact per-partition quotas, lazy output.
- ``SMOTE``: the minority is gathered, its synthetic rows appended as new partitions.
- ``NearMiss`` (1, 2), ``TomekLinks``, ``BorderlineSMOTE`` (kind 1), ``ADASYN``: searches
  of the broadcast minority against every partition, merged exactly.
- ``SelfPacedEnsembleClassifier``: hardness computed in the partitions, members fitted
  in memory on gathered balanced subsets; lazy predictions.
- ``ThresholdCalibratedClassifier`` (``cv='prefit'``): the exact threshold sweep from
  distributed counts.

Every class takes the in-memory class's parameters (plus ``max_minority_bytes`` where
rows are gathered) and hands in-memory input to the in-memory class.

Importing :mod:`imbtools` never imports dask: only ``import imbtools.dask`` does.
"""

try:
    import dask  # noqa: F401
    import dask.array  # noqa: F401
    import dask.dataframe  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "imbtools.dask needs dask[array,dataframe] and distributed; install them with "
        "pip install 'imbtools[dask]'."
    ) from error

from ._adasyn import ADASYN
from ._borderline import BorderlineSMOTE
from ._ensemble import SelfPacedEnsembleClassifier
from ._nearmiss import NearMiss
from ._random import RandomOverSampler, RandomUnderSampler
from ._smote import SMOTE
from ._threshold import ThresholdCalibratedClassifier
from ._tomek import TomekLinks

__all__ = [
    "ADASYN",
    "SMOTE",
    "BorderlineSMOTE",
    "NearMiss",
    "RandomOverSampler",
    "RandomUnderSampler",
    "SelfPacedEnsembleClassifier",
    "ThresholdCalibratedClassifier",
    "TomekLinks",
]

#: samplers of imbtools with no distributed form here: they need every row at once
#: (graph, cluster or iterative passes over the whole data set)
NOT_DISTRIBUTED = (
    "ClusterCentroids", "CondensedNearestNeighbour",
    "EditedNearestNeighbours", "AllKNN", "RepeatedEditedNearestNeighbours",
    "InstanceHardnessThreshold", "KMeansSMOTE", "NeighbourhoodCleaningRule",
    "OneSidedSelection", "SMOTEENN", "SMOTENC", "SMOTEN", "SMOTETomek", "SVMSMOTE",
)


def __getattr__(name):
    if name in NOT_DISTRIBUTED:
        raise AttributeError(
            f"imbtools.dask.{name} is not available: {name} needs the whole data set in "
            "memory. Under-sample first with imbtools.dask.RandomUnderSampler (or fit "
            "imbtools.dask.SelfPacedEnsembleClassifier), compute the result and use "
            f"the in-memory {name}. Distributed here: {', '.join(__all__)}."
        )
    raise AttributeError(f"module 'imbtools.dask' has no attribute {name!r}")

