"""
================================================
SMOTE followed by cleaning: SMOTEENN, SMOTETomek
================================================

SMOTE fills the minority region but also puts synthetic samples into the overlap with
the majority. :class:`~imbtools.combine.SMOTEENN` and :class:`~imbtools.combine.SMOTETomek`
clean afterwards, from *both* classes: edited nearest neighbours removes every sample
whose neighbours disagree with its label, Tomek links remove both ends of each
cross-class nearest-neighbour pair. The samplers go inside a pipeline, so that only
the training folds are resampled.
"""

import matplotlib.pyplot as plt
import numpy as np
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier

from imbtools.combine import SMOTEENN, SMOTETomek
from imbtools.over_sampling import SMOTE

X, y = make_classification(
    n_samples=1000, n_features=2, n_informative=2, n_redundant=0, n_clusters_per_class=1,
    weights=[0.9], class_sep=0.6, flip_y=0.02, random_state=5,
)
samplers = {
    "SMOTE": SMOTE(random_state=0),
    "SMOTEENN": SMOTEENN(random_state=0),
    "SMOTETomek": SMOTETomek(random_state=0),
}

# %%
# The resampled training sets
# ---------------------------
fig, axes = plt.subplots(1, 3, figsize=(12, 4), sharex=True, sharey=True)
for ax, (name, sampler) in zip(axes, samplers.items()):
    X_res, y_res = sampler.fit_resample(X, y)
    ax.scatter(*X_res[y_res == 0].T, s=5, alpha=0.3, color="tab:blue")
    ax.scatter(*X_res[y_res == 1].T, s=5, alpha=0.5, color="tab:orange")
    ax.set_title(f"{name}: {np.bincount(y_res).tolist()}")
fig.tight_layout()
plt.show()

# %%
# The effect on a nearest-neighbour classifier
# --------------------------------------------
# Cross-validated with the sampler inside the pipeline. On these data every sampler
# buys recall with precision, and the F1 and average precision of the plain model are
# not beaten: balancing the training set is a change of operating point more than a
# better model. Whether the trade is worth it depends on the metric you care about
# (compare with tuning the threshold, :ref:`user_guide_threshold`).
cv = StratifiedKFold(5, shuffle=True, random_state=0)
for name, sampler in {"no resampling": None, **samplers}.items():
    steps = [KNeighborsClassifier(15)] if sampler is None else [sampler, KNeighborsClassifier(15)]
    scores = cross_validate(make_pipeline(*steps), X, y, cv=cv,
                            scoring=["f1", "precision", "recall", "average_precision"])
    print(f"{name:<14}" + "  ".join(
        f"{metric}={scores['test_' + metric].mean():.3f}"
        for metric in ["f1", "precision", "recall", "average_precision"]))
