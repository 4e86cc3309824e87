"""Class-weight and cost search by cross-validation.

- :class:`ClassWeightSearchCV`: search a one-parameter class-weight family by CV with
  few fits (coarse grid, then parabolic / golden-section refinement on shared splits).
- :func:`compute_class_weights`: the ``balanced``, ``power``, ``ratio`` and
  ``effective_number`` (Cui et al., CVPR 2019) weight families as dicts.
- :func:`cost_sensitive_sample_weight`: per-sample weights from a cost matrix.
"""

from ._search import ClassWeightSearchCV
from ._weights import compute_class_weights, cost_sensitive_sample_weight

__all__ = ["ClassWeightSearchCV", "compute_class_weights", "cost_sensitive_sample_weight"]
