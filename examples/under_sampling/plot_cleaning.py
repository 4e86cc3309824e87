"""
===========================================
Cleaning samplers: which rows do they drop?
===========================================

Cleaning under-samplers remove majority samples that sit among the minority, so that
the decision boundary is drawn through a cleaner region. They do not balance the
classes: how many samples go depends on how much the classes overlap.

- :class:`~imbtools.under_sampling.TomekLinks` drops the majority member of each pair
  of mutual nearest neighbours from different classes;
- :class:`~imbtools.under_sampling.EditedNearestNeighbours` drops majority samples
  whose ``n_neighbors`` nearest neighbours do not all share their class;
- :class:`~imbtools.under_sampling.RepeatedEditedNearestNeighbours` repeats it until
  nothing changes, :class:`~imbtools.under_sampling.AllKNN` with growing neighbourhoods;
- :class:`~imbtools.under_sampling.NeighbourhoodCleaningRule` also removes the majority
  neighbours of misclassified minority samples;
- :class:`~imbtools.under_sampling.OneSidedSelection` keeps a condensed set and then
  removes Tomek links.

Every sampler records the rows it kept in ``sample_indices_``.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification

from imbtools.under_sampling import (
    AllKNN,
    EditedNearestNeighbours,
    NeighbourhoodCleaningRule,
    OneSidedSelection,
    RepeatedEditedNearestNeighbours,
    TomekLinks,
)

X, y = make_classification(
    n_samples=800, n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1,
    weights=[0.85], class_sep=0.7, random_state=7,
)

samplers = [
    TomekLinks(),
    EditedNearestNeighbours(),
    RepeatedEditedNearestNeighbours(),
    AllKNN(),
    NeighbourhoodCleaningRule(),
    OneSidedSelection(random_state=0),
]

# %%
# Removed majority samples are drawn as black crosses.
fig, axes = plt.subplots(2, 3, figsize=(12, 7.5), sharex=True, sharey=True)
for ax, sampler in zip(axes.ravel(), samplers):
    sampler.fit_resample(X, y)
    removed = np.setdiff1d(np.arange(len(y)), sampler.sample_indices_)
    ax.scatter(*X[y == 0].T, s=6, alpha=0.3, color="tab:blue")
    ax.scatter(*X[y == 1].T, s=10, color="tab:red")
    ax.scatter(*X[removed].T, s=18, marker="x", color="k")
    ax.set_title(f"{type(sampler).__name__}: {len(removed)} removed", fontsize=10)
fig.tight_layout()
plt.show()

# %%
# From Tomek links (only the closest cross-class pairs) to AllKNN and the
# neighbourhood cleaning rule, the methods clean ever wider bands along the boundary.
# On noisy labels, cleaning can help a classifier; on a genuinely overlapping minority
# it can throw away majority samples that the model needed to estimate probabilities.
