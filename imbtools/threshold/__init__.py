"""Decision-threshold calibration and prior-shift correction."""

from ._calibrated import ThresholdCalibratedClassifier
from ._objective import resolve_objective
from ._prior import PriorCorrectedClassifier
from ._search import Fold, fold_curves

# ``Fold``, ``fold_curves`` and ``resolve_objective`` are the building blocks of the exact
# sweep, public for the calibrators built on them (:mod:`imbtools.dask`).
__all__ = [
    "Fold",
    "PriorCorrectedClassifier",
    "ThresholdCalibratedClassifier",
    "fold_curves",
    "resolve_objective",
]
