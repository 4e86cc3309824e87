"""
====================================
Over-sampling tables with categories
====================================

Plain SMOTE interpolates every column, so a one-hot or ordinal-encoded category becomes
a meaningless fraction. :class:`~imbtools.over_sampling.SMOTENC` interpolates the
numerical columns and gives each categorical column the most frequent value among the
sample's nearest minority neighbours; :class:`~imbtools.over_sampling.SMOTEN` does the
same for tables with categorical columns only. A DataFrame comes back as a DataFrame
with the same columns and dtypes.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from imbtools.over_sampling import SMOTEN, SMOTENC

rng = np.random.default_rng(0)
n_major, n_minor = 400, 40
X = pd.DataFrame({
    "income": np.r_[rng.normal(50, 12, n_major), rng.normal(35, 8, n_minor)],
    "age": np.r_[rng.normal(45, 10, n_major), rng.normal(30, 6, n_minor)],
    "contract": pd.Categorical(
        np.r_[rng.choice(["monthly", "yearly", "two-year"], n_major, p=[0.3, 0.4, 0.3]),
              rng.choice(["monthly", "yearly", "two-year"], n_minor, p=[0.8, 0.15, 0.05])]
    ),
})
y = pd.Series(np.r_[np.zeros(n_major, int), np.ones(n_minor, int)], name="churn")

# %%
# SMOTENC on a mixed table
# ------------------------
# Name the categorical columns (or pass ``categorical_features="auto"`` to use the
# DataFrame's categorical dtypes).
sampler = SMOTENC(categorical_features=["contract"], random_state=0)
X_res, y_res = sampler.fit_resample(X, y)
print(X_res.dtypes)
print(y_res.value_counts())
X_res.tail()

# %%
# The synthetic rows keep the minority's mix of contracts, and their numeric columns
# lie between minority samples.
synthetic = X_res.iloc[len(X):]
fig, (ax_num, ax_cat) = plt.subplots(1, 2, figsize=(11, 4))
ax_num.scatter(X.income[y == 0], X.age[y == 0], s=8, alpha=0.3, label="majority")
ax_num.scatter(synthetic.income, synthetic.age, s=8, color="tab:orange", label="synthetic")
ax_num.scatter(X.income[y == 1], X.age[y == 1], s=18, color="tab:red", edgecolor="k",
               label="minority")
ax_num.set_xlabel("income")
ax_num.set_ylabel("age")
ax_num.legend()
shares = pd.DataFrame({
    "majority": X.contract[y == 0].value_counts(normalize=True),
    "minority": X.contract[y == 1].value_counts(normalize=True),
    "synthetic": synthetic.contract.value_counts(normalize=True),
})
shares.plot.bar(ax=ax_cat, rot=0, color=["tab:blue", "tab:red", "tab:orange"])
ax_cat.set_ylabel("share of rows")
ax_cat.set_title("contract type")
fig.tight_layout()
plt.show()

# %%
# SMOTEN: categorical columns only
# --------------------------------
X_cat = X[["contract"]].assign(region=rng.choice(["north", "south"], len(X)))
X_cat_res, y_cat_res = SMOTEN(random_state=0).fit_resample(X_cat, y)
print(X_cat_res.iloc[len(X):].value_counts().head())
