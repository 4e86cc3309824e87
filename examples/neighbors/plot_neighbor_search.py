"""
=====================================================
Exact neighbours, and handing a sampler another index
=====================================================

Every imbtools sampler searches neighbours with
:class:`~imbtools.neighbors.NearestNeighbors`, an exact Euclidean search (blocked
brute force, or a k-d tree for few features). Its results are the same neighbours
scikit-learn finds, with ties broken by the smaller row index.

Any object with scikit-learn's ``fit`` / ``kneighbors`` API can replace it through the
``k_neighbors`` / ``n_neighbors`` parameter, for instance
:class:`~imbtools.neighbors.ApproximateNearestNeighbors` (random-projection trees and
NN-descent) for data of millions of rows. As in imbalanced-learn, such an object's
``n_neighbors`` counts the query sample itself.
"""

import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors as SklearnNearestNeighbors

from imbtools.neighbors import ApproximateNearestNeighbors, NearestNeighbors
from imbtools.under_sampling import EditedNearestNeighbours

X, y = make_classification(n_samples=10000, n_features=12, n_informative=6,
                           weights=[0.9], random_state=0)

# %%
# The exact search agrees with scikit-learn
# -----------------------------------------
ours = NearestNeighbors(n_neighbors=5).fit(X).kneighbors(X[:2000], return_distance=False)
theirs = SklearnNearestNeighbors(n_neighbors=5).fit(X).kneighbors(
    X[:2000], return_distance=False)
print("same neighbours:", np.array_equal(ours, theirs), "| algorithm:",
      NearestNeighbors().fit(X).algorithm_)

# %%
# Recall of the approximate index
# -------------------------------
# The share of each sample's 5 true nearest other samples that the approximate graph
# finds, for more and more random-projection trees (fit time on this machine beside).
exact = NearestNeighbors(n_neighbors=5).fit(X).kneighbors(return_distance=False)
n_trees_grid = [1, 2, 4, 8]
recalls, fit_times = [], []
for n_trees in n_trees_grid:
    start = time.perf_counter()
    approximate = ApproximateNearestNeighbors(n_neighbors=5, n_trees=n_trees,
                                              random_state=0).fit(X)
    fit_times.append(time.perf_counter() - start)
    found = approximate.kneighbors(return_distance=False)
    recalls.append(np.mean([len(np.intersect1d(a, b)) / 5 for a, b in zip(found, exact)]))

fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(n_trees_grid, recalls, marker="o")
for n_trees, recall, seconds in zip(n_trees_grid, recalls, fit_times):
    ax.annotate(f"{seconds:.1f} s", (n_trees, recall), textcoords="offset points",
                xytext=(4, -12), fontsize=8)
ax.set_xscale("log", base=2)
ax.set_xticks(n_trees_grid, [str(n) for n in n_trees_grid])
ax.set_xlabel("n_trees")
ax.set_ylabel("recall@5 (10,000 x 12)")
ax.set_title("ApproximateNearestNeighbors against the exact search")
fig.tight_layout()
plt.show()

# %%
# A sampler with the approximate index
# ------------------------------------
# ``n_neighbors=4`` here means 3 neighbours besides the sample itself, like the
# default ``n_neighbors=3`` of :class:`~imbtools.under_sampling.EditedNearestNeighbours`.
exact_enn = EditedNearestNeighbours()
approx_enn = EditedNearestNeighbours(
    n_neighbors=ApproximateNearestNeighbors(n_neighbors=4, random_state=0)
)
exact_enn.fit_resample(X, y)
approx_enn.fit_resample(X, y)
kept_exact = set(exact_enn.sample_indices_.tolist())
kept_approx = set(approx_enn.sample_indices_.tolist())
print(f"rows kept: exact {len(kept_exact)}, approximate {len(kept_approx)}, "
      f"decided differently: {len(kept_exact ^ kept_approx)}")

# %%
# At this size the exact search is faster; the approximate index pays off from a few
# hundred thousand rows on (see :ref:`neighbors_engine`).
