"""
==========================================
Which imbalance strategy works on my data?
==========================================

Re-sampling, class weights, a tuned decision threshold or an ensemble: which one helps
depends on the data, so the honest answer is to try them on the same folds.
:func:`~imbtools.model_selection.compare_strategies` runs the default strategies
(baseline, random under-sampling, SMOTE, searched class weights, threshold calibration,
SMOTE + threshold, self-paced ensemble) around one model, with paired per-fold scores;
:class:`~imbtools.model_selection.StrategySearchCV` turns the choice into an estimator,
so that cross-validating it gives a nested estimate of the whole procedure.

The command line does the same on a CSV or Parquet file::

    imbtools compare data.csv --target label --estimator hgb --out report.html
"""

# %%
# A table with the usual problems
# -------------------------------
# The breast-cancer data with the malignant class made rare (1:12), plus a categorical
# column and missing values, as in real tables.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

from imbtools.datasets import load_imbalanced_breast_cancer
from imbtools.model_selection import StrategySearchCV, compare_strategies, make_preprocessor

X, y = load_imbalanced_breast_cancer(as_frame=True)
rng = np.random.default_rng(0)
X = X.iloc[:, :8].copy()
X["clinic"] = rng.choice(["north", "south", "east"], size=len(X))
X.loc[rng.random(len(X)) < 0.05, "mean radius"] = np.nan
print(X.shape, "malignant:", int(y.sum()))

# %%
# Every default strategy on the same folds
# ----------------------------------------
# ``make_preprocessor`` imputes, scales and one-hot encodes; it runs first in every
# strategy, so the samplers see clean numeric features. The first metric (F1 here)
# ranks the strategies; the others are reported alongside.
model = LogisticRegression(max_iter=5000)
comparison = compare_strategies(
    model, X, y, cv=5, preprocessor=make_preprocessor(X),
    scoring=("f1", "recall", "precision", "average_precision", "brier"),
    random_state=0, verbose=0,
)
print(comparison.to_string())
print("best strategy:", comparison.best_strategy)

# %%
# ``comparison.to_html()`` gives the same table as a one-file HTML report with the plots
# below inlined, ready to attach to a ticket; ``comparison.write_report("report.md")``
# writes a Markdown report with the plots as PNG files beside it.

# %%
# Fold by fold against the baseline: wins, ties and losses, and a paired test.
print(comparison.paired.xs("f1", level="metric").round(3))

comparison.plot()
plt.tight_layout()

# %%
# An honest estimate of "pick the best strategy"
# ----------------------------------------------
# The best mean above was chosen after looking at the test folds, so it is optimistic.
# ``StrategySearchCV`` makes the choice on inner folds of each training set and refits
# it; cross-validating it estimates what the whole procedure will deliver on new data.
# (Two candidate strategies and 3 inner folds keep this example fast.)
from imbtools.threshold import ThresholdCalibratedClassifier  # noqa: E402
from imbtools.under_sampling import RandomUnderSampler  # noqa: E402

search = StrategySearchCV(
    model,
    strategies={"baseline": model,
                "under_sampling": RandomUnderSampler(random_state=0),
                "threshold": ThresholdCalibratedClassifier(model, cv=3)},
    preprocessor=make_preprocessor(X), scoring="f1", cv=3, random_state=0,
)
outer = StratifiedKFold(3, shuffle=True, random_state=1)
nested = cross_val_score(search, X, y, cv=outer, scoring="f1")
print(f"nested F1 of StrategySearchCV: {nested.mean():.3f} +/- {nested.std():.3f}")

search.fit(X, y)
print("chosen on all the data:", search.best_strategy_)
plt.show()
