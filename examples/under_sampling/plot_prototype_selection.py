"""
======================================================
Balancing by under-sampling: which majority rows stay?
======================================================

Under-samplers that balance the classes keep as many majority samples as there are
minority samples (``sampling_strategy="auto"``). They differ in which ones:

- :class:`~imbtools.under_sampling.RandomUnderSampler` keeps a uniform random subset;
- :class:`~imbtools.under_sampling.NearMiss` keeps the majority samples closest to the
  minority (version 1: to the nearest minority samples; 2: to the farthest; 3: a few
  nearest neighbours of each minority sample);
- :class:`~imbtools.under_sampling.ClusterCentroids` replaces the majority by the
  centroids of a k-means clustering (``voting="soft"``) or the samples nearest to them;
- :class:`~imbtools.under_sampling.InstanceHardnessThreshold` keeps the majority
  samples a cross-validated classifier finds easiest (all samples tied at the cut-off
  are kept, so with a forest's coarse probabilities it keeps more than asked);
- :class:`~imbtools.under_sampling.CondensedNearestNeighbour` keeps a subset that
  classifies the rest correctly with a 1-nearest-neighbour rule (it does not balance).
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_classification

from imbtools.under_sampling import (
    ClusterCentroids,
    CondensedNearestNeighbour,
    InstanceHardnessThreshold,
    NearMiss,
    RandomUnderSampler,
)

X, y = make_classification(
    n_samples=600, n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1,
    weights=[0.9], class_sep=0.9, random_state=11,
)

samplers = {
    "RandomUnderSampler": RandomUnderSampler(random_state=0),
    "NearMiss(version=1)": NearMiss(version=1),
    "NearMiss(version=3)": NearMiss(version=3, n_neighbors_ver3=5),
    "ClusterCentroids": ClusterCentroids(
        estimator=KMeans(n_init=1, random_state=0), random_state=0
    ),
    "InstanceHardnessThreshold": InstanceHardnessThreshold(random_state=0),
    "CondensedNearestNeighbour": CondensedNearestNeighbour(random_state=0),
}

# %%
# The kept majority samples (blue) and the minority (red); the faint dots are the
# majority samples the sampler dropped.
fig, axes = plt.subplots(2, 3, figsize=(12, 7.5), sharex=True, sharey=True)
for ax, (name, sampler) in zip(axes.ravel(), samplers.items()):
    X_res, y_res = sampler.fit_resample(X, y)
    ax.scatter(*X[y == 0].T, s=5, alpha=0.12, color="tab:gray")
    ax.scatter(*X_res[y_res == 0].T, s=10, color="tab:blue")
    ax.scatter(*X[y == 1].T, s=10, color="tab:red")
    ax.set_title(f"{name}: {np.bincount(y_res).tolist()}", fontsize=10)
fig.tight_layout()
plt.show()

# %%
# NearMiss keeps the majority right next to the minority, which makes the boundary
# harder to learn, not easier; ClusterCentroids keeps the majority's shape with few
# points; InstanceHardnessThreshold removes the overlap. Only random under-sampling
# keeps an unbiased picture of the majority, which is what
# :class:`~imbtools.threshold.PriorCorrectedClassifier` needs to correct probabilities.
