"""Decision-threshold calibration and prior-shift correction."""

from ._calibrated import ThresholdCalibratedClassifier
from ._prior import PriorCorrectedClassifier

__all__ = ["PriorCorrectedClassifier", "ThresholdCalibratedClassifier"]
