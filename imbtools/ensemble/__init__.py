"""Ensembles of resampled base estimators."""

from ._self_paced import SelfPacedEnsembleClassifier

__all__ = ["SelfPacedEnsembleClassifier"]
