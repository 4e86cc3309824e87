"""Under-samplers: keep a subset of the samples."""

from ._random import RandomUnderSampler

__all__ = ["RandomUnderSampler"]
