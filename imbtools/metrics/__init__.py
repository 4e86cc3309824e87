"""Metrics for imbalanced classification, and the confusion-count scores behind them.

Label metrics (``y_true``, ``y_pred``, ``sample_weight``): :func:`geometric_mean_score`,
:func:`sensitivity_score`, :func:`specificity_score`, :func:`worst_class_recall`,
:func:`expected_cost`, :func:`classification_report_imbalanced`.

Count helpers used by the exact threshold sweep: :class:`CountScorer`,
:func:`count_scorer`, :func:`fbeta_from_counts` and friends, and
:func:`threshold_curve` (a score at every distinct threshold in O(n log n)).
"""

from ._classification import (
    classification_report_imbalanced,
    expected_cost,
    geometric_mean_score,
    sensitivity_score,
    specificity_score,
    worst_class_recall,
)
from ._counts import (
    COUNT_SCORE_NAMES,
    CountScorer,
    count_scorer,
    fbeta_from_counts,
    jaccard_from_counts,
    matthews_from_counts,
    precision_from_counts,
    recall_from_counts,
    specificity_from_counts,
)
from ._curve import threshold_curve, values_at

__all__ = [
    "COUNT_SCORE_NAMES",
    "CountScorer",
    "classification_report_imbalanced",
    "count_scorer",
    "expected_cost",
    "fbeta_from_counts",
    "geometric_mean_score",
    "jaccard_from_counts",
    "matthews_from_counts",
    "precision_from_counts",
    "recall_from_counts",
    "sensitivity_score",
    "specificity_from_counts",
    "specificity_score",
    "threshold_curve",
    "values_at",
    "worst_class_recall",
]
