"""Imbalance-aware learning on Dask collections (the optional ``imbtools[dask]`` extra).

The regime: the majority class does not fit in memory, the minority class does.
Random samplers draw exact per-partition quotas; SMOTE gathers the minority class and
appends its synthetic rows as new partitions; the self-paced ensemble scores the
majority partition by partition and fits each member on a gathered balanced subset;
the threshold calibration sweeps distributed score counts exactly.

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

from ._ensemble import SelfPacedEnsembleClassifier
from ._random import RandomOverSampler, RandomUnderSampler
from ._smote import SMOTE
from ._threshold import ThresholdCalibratedClassifier

__all__ = [
    "SMOTE",
    "RandomOverSampler",
    "RandomUnderSampler",
    "SelfPacedEnsembleClassifier",
    "ThresholdCalibratedClassifier",
]
