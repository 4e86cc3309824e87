"""
=================================================
Your own strategies in the comparison
=================================================

:func:`~imbtools.model_selection.default_strategies` returns the default strategies as
a plain ``{name: estimator}`` dict, built around your model. Edit the dict (drop a
strategy, add a sampler of your choice) and hand it to
:func:`~imbtools.model_selection.compare_strategies`: every strategy is scored on the
same folds, so the comparison stays paired.
:class:`~imbtools.plotting.StrategyComparisonDisplay` draws one metric fold by fold.
"""

import matplotlib.pyplot as plt
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbtools.combine import SMOTETomek
from imbtools.model_selection import compare_strategies, default_strategies
from imbtools.plotting import StrategyComparisonDisplay
from imbtools.under_sampling import SelfPacedUnderSampler

X, y = make_classification(n_samples=2000, n_features=10, n_informative=4, weights=[0.93],
                           flip_y=0.02, random_state=0)
model = LogisticRegression(max_iter=1000)

# %%
# Start from the defaults, keep three, add two.
strategies = default_strategies(model, random_state=0)
print("defaults:", list(strategies))
strategies = {name: strategies[name] for name in ("baseline", "smote", "threshold")}
strategies["smote_tomek"] = make_pipeline(SMOTETomek(random_state=0), model)
strategies["self_paced_under_sampling"] = make_pipeline(
    SelfPacedUnderSampler(random_state=0), model
)

comparison = compare_strategies(model, X, y, strategies=strategies, cv=5,
                                scoring=("f1", "recall", "average_precision"),
                                random_state=0, verbose=0)
print(comparison.summary[["f1_mean", "recall_mean", "average_precision_mean"]].round(3))

# %%
# F1 and average precision, fold by fold (each line is one fold). The threshold
# strategy keeps the baseline's ranking, so its average precision equals the baseline's.
fig, (ax_f1, ax_ap) = plt.subplots(1, 2, figsize=(12, 4.5))
StrategyComparisonDisplay.from_comparison(comparison, metric="f1", ax=ax_f1)
StrategyComparisonDisplay.from_comparison(comparison, metric="average_precision", ax=ax_ap)
for ax in (ax_f1, ax_ap):
    ax.tick_params(axis="x", labelrotation=30)
fig.tight_layout()
plt.show()
