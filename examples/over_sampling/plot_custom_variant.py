"""
============================
Write your own SMOTE variant
============================

A new over-sampler is one class: subclass :class:`imbtools.base.BaseOverSampler`,
store the parameters in ``__init__``, and write ``_fit_resample(data, targets)`` with
the public toolkit of :mod:`imbtools.over_sampling.generation` and the neighbour
questions of :mod:`imbtools.neighbors`. The base class does the rest: parameter and
input checks, every ``sampling_strategy`` form, multi-class, ``sample_weight``,
DataFrame / sparse / list round trips, and the scikit-learn contract (``clone``,
pipelines, grid search).

The variant below, a "cautious SMOTE", draws each step in ``[0, max_step)`` instead of
``[0, 1)``, so new samples stay near their seed.
"""

import matplotlib.pyplot as plt
import numpy as np
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV

from imbtools.base import BaseOverSampler
from imbtools.neighbors import check_neighbors, neighbors_excluding_self
from imbtools.over_sampling.generation import (
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    oversampled,
)


class CautiousSMOTE(BaseOverSampler):
    """SMOTE whose new samples lie within ``max_step`` of the way to the neighbour."""

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 max_step=0.5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.max_step = max_step

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)  # one generator per fit
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors)
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            X_class = class_matrix(data.numeric, group.rows)
            neighbors = neighbors_excluding_self(searcher, X_class, k)
            seeds, ends, steps = draw_smote_pairs(neighbors, group.n_new, generator)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, ends,
                                        self.max_step * steps))
        return oversampled(data, blocks)


rng = np.random.RandomState(0)
X = np.vstack([rng.normal(0, 1, size=(300, 2)), rng.normal(2.0, 0.7, size=(30, 2))])
y = np.repeat([0, 1], [300, 30])

fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharex=True, sharey=True)
for ax, max_step in zip(axes, [1.0, 0.25]):
    sampler = CautiousSMOTE(max_step=max_step, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    ax.scatter(*X[y == 0].T, s=6, alpha=0.3, label="majority")
    ax.scatter(*X_res[len(X):].T, s=6, color="tab:orange", label="synthetic")
    ax.scatter(*X[y == 1].T, s=18, color="tab:red", edgecolor="k", label="minority")
    ax.set_title(f"max_step={max_step}: {np.bincount(y_res).tolist()}")
axes[0].legend(loc="lower right")
fig.tight_layout()

# %%
# It is a full sampler: ``sample_weight`` follows the parents, ``synthetic_parents_``
# says where each new sample comes from, and it tunes like any other step.
sampler = CautiousSMOTE(random_state=0)
X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=np.ones(len(y)))
print("first synthetic sample made from rows", sampler.synthetic_parents_[0].tolist())

search = GridSearchCV(make_pipeline(CautiousSMOTE(random_state=0), LogisticRegression()),
                      {"cautioussmote__max_step": [0.25, 0.5, 1.0]}, scoring="f1", cv=3)
search.fit(X, y)
print("best max_step:", search.best_params_["cautioussmote__max_step"])
