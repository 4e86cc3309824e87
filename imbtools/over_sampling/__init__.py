"""Over-samplers: create new minority samples."""

from ._random import RandomOverSampler
from ._smote import SMOTE

__all__ = ["SMOTE", "RandomOverSampler"]
