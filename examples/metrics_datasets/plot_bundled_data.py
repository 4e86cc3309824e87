"""
======================================================
Imbalanced data offline: the bundled breast-cancer set
======================================================

:func:`~imbtools.datasets.load_imbalanced_breast_cancer` loads scikit-learn's breast
cancer data (no download) with the malignant class made rare: 30 malignant against 357
benign by default, or any number from 1 to 212. :func:`~imbtools.datasets.make_imbalance`
does the same to any data set. This example shows how the difficulty grows as the
minority shrinks, with a cross-validated average precision of a fixed model.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbtools.datasets import load_imbalanced_breast_cancer

X, y = load_imbalanced_breast_cancer(as_frame=True)
print(X.shape, y.name, y.value_counts().to_dict())

# %%
# Average precision of a logistic regression, and its chance level (the share of
# positives), for a shrinking malignant class. Several random subsets per size show
# how much the estimate itself varies when there are few positives.
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1))
sizes = [212, 100, 50, 30, 15]
fig, ax = plt.subplots(figsize=(7, 4))
for size in sizes:
    values = []
    for seed in range(3):
        X, y = load_imbalanced_breast_cancer(n_malignant=size, random_state=seed)
        cv = StratifiedKFold(5, shuffle=True, random_state=seed)
        values.append(cross_val_score(model, X, y, cv=cv, scoring="average_precision").mean())
    ax.scatter([size] * len(values), values, color="tab:blue", s=20)
    ax.scatter(size, size / (size + 357), color="tab:gray", marker="_", s=200)
ax.set_xscale("log")
ax.set_xticks(sizes, [str(s) for s in sizes])
ax.set_xlabel("malignant samples kept (of 212), against 357 benign")
ax.set_ylabel("CV average precision")
ax.set_title("dots: 3 random subsets per size; bars: chance level")
fig.tight_layout()
plt.show()

# %%
# Even on this easy problem the estimate spreads as positives get few: with 15
# positives, each validation fold holds 3. Prefer repeated cross-validation
# (:class:`sklearn.model_selection.RepeatedStratifiedKFold`) when positives are rare.
print("chance level at 30 malignant:", np.round(30 / 387, 3))
