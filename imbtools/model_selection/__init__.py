"""Compare imbalance strategies on your data, on the same cross-validation folds.

- :func:`compare_strategies`: cross-validate a baseline and several imbalance strategies
  (resampling, class weights, threshold calibration, ensembles) on shared folds and
  return a :class:`StrategyComparison` (tidy scores, summary, paired test vs baseline,
  Markdown / HTML report, plot).
- :class:`StrategySearchCV`: the same comparison as an estimator that refits the best
  strategy (so ``cross_val_score`` of it is a nested estimate).

Binary and multi-class targets are supported; on multi-class targets the metrics are
macro averages over the classes (see :func:`compare_strategies`).
- :func:`default_strategies`: the default registry ``{name: estimator}`` built around
  one classifier.
- :func:`make_preprocessor`: the column transformer used for mixed-type tables
  (imputation, scaling, one-hot encoding).
"""

from ._compare import StrategyComparison, compare_strategies
from ._search import StrategySearchCV
from ._strategies import default_strategies, make_preprocessor, oversampler_strategies

__all__ = [
    "StrategyComparison",
    "StrategySearchCV",
    "compare_strategies",
    "default_strategies",
    "oversampler_strategies",
    "make_preprocessor",
]
