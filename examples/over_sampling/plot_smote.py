"""
=====================================
SMOTE: where do synthetic samples go?
=====================================

SMOTE creates each new minority sample on the segment between a minority sample and one
of its ``k_neighbors`` nearest minority neighbours. This example draws a small
two-dimensional problem before and after resampling, and shows that ``sample_weight`` is
carried along.
"""

import matplotlib.pyplot as plt
import numpy as np

from imbtools.over_sampling import SMOTE, RandomOverSampler

rng = np.random.RandomState(0)
X = np.vstack([rng.normal(0, 1, size=(200, 2)), rng.normal(2.2, 0.6, size=(20, 2))])
y = np.array([0] * 200 + [1] * 20)

samplers = {
    "original": None,
    "SMOTE(k_neighbors=5)": SMOTE(random_state=0),
    "RandomOverSampler(shrinkage=1)": RandomOverSampler(shrinkage=1.0, random_state=0),
}
fig, axes = plt.subplots(1, 3, figsize=(12, 4), sharex=True, sharey=True)
for ax, (name, sampler) in zip(axes, samplers.items()):
    X_res, y_res = (X, y) if sampler is None else sampler.fit_resample(X, y)
    ax.scatter(*X_res[y_res == 0].T, s=8, alpha=0.4, label="majority")
    ax.scatter(*X_res[len(X):].T, s=8, color="tab:orange", label="synthetic")
    ax.scatter(*X[y == 1].T, s=20, color="tab:red", edgecolor="k", label="minority")
    ax.set_title(f"{name}\n{np.bincount(y_res).tolist()}")
axes[0].legend(loc="lower right")
fig.tight_layout()

# %%
# Weights travel with the samples: a synthetic sample created at step ``t`` between
# samples ``a`` and ``b`` gets ``(1 - t) * w[a] + t * w[b]``.
weights = np.where(y == 1, 2.0, 1.0)
X_res, y_res, w_res = SMOTE(random_state=0).fit_resample(X, y, sample_weight=weights)
print("weights of the synthetic samples:", np.unique(w_res[len(X):]))
