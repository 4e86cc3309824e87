"""
===================================================
Where each SMOTE variant puts its synthetic samples
===================================================

All SMOTE variants interpolate between a minority sample and one of its minority
neighbours; they differ in *which* minority samples they start from and how many
samples each one gets:

- :class:`~imbtools.over_sampling.SMOTE` spreads the new samples uniformly over all
  minority samples;
- :class:`~imbtools.over_sampling.BorderlineSMOTE` starts only from minority samples
  whose neighbourhood is mostly, but not only, majority ("in danger");
- :class:`~imbtools.over_sampling.SVMSMOTE` starts from the support vectors of an SVM,
  and extrapolates away from the majority where the minority is safe;
- :class:`~imbtools.over_sampling.ADASYN` gives more samples to minority samples with
  more majority neighbours;
- :class:`~imbtools.over_sampling.KMeansSMOTE` clusters the data first and
  over-samples inside clusters where the minority is well represented, sparse ones
  more.

The same two-dimensional problem, resampled by each.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_classification

from imbtools.over_sampling import (
    ADASYN,
    SMOTE,
    SVMSMOTE,
    BorderlineSMOTE,
    KMeansSMOTE,
)

X, y = make_classification(
    n_samples=600, n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1,
    weights=[0.9], class_sep=0.8, flip_y=0.0, random_state=3,
)

samplers = {
    "SMOTE": SMOTE(random_state=0),
    "BorderlineSMOTE": BorderlineSMOTE(random_state=0),
    "SVMSMOTE": SVMSMOTE(random_state=0),
    "ADASYN": ADASYN(random_state=0),
    "KMeansSMOTE": KMeansSMOTE(
        kmeans_estimator=KMeans(n_clusters=8, n_init=1, random_state=0),
        cluster_balance_threshold=0.05, random_state=0,
    ),
}

# %%
# Synthetic samples (orange) over the original minority (red) and majority (blue).
# The resampled output keeps the original rows first, in order, then the new ones.
fig, axes = plt.subplots(2, 3, figsize=(12, 7.5), sharex=True, sharey=True)
axes = axes.ravel()
axes[0].scatter(*X[y == 0].T, s=6, alpha=0.3, color="tab:blue", label="majority")
axes[0].scatter(*X[y == 1].T, s=14, color="tab:red", edgecolor="k", label="minority")
axes[0].set_title(f"original {np.bincount(y).tolist()}")
axes[0].legend(loc="lower left")
for ax, (name, sampler) in zip(axes[1:], samplers.items()):
    X_res, y_res = sampler.fit_resample(X, y)
    synthetic = X_res[len(X):]
    ax.scatter(*X[y == 0].T, s=6, alpha=0.3, color="tab:blue")
    ax.scatter(*synthetic.T, s=6, alpha=0.6, color="tab:orange")
    ax.scatter(*X[y == 1].T, s=14, color="tab:red", edgecolor="k")
    ax.set_title(f"{name}: {len(synthetic)} new")
fig.tight_layout()
plt.show()

# %%
# Borderline and SVM variants concentrate the new samples where the classes meet;
# ADASYN pushes even further into the overlap. That helps a classifier only when the
# overlap is real signal rather than label noise: compare them on your data (see
# :ref:`user_guide_choosing`).
