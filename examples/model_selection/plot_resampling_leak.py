"""
====================================================
Pitfall: resampling before splitting inflates scores
====================================================

SMOTE's synthetic samples are interpolated between real minority samples. If the data
are resampled *before* cross-validation, each validation fold contains synthetic points
made from training points (and vice versa): the model is tested on near-copies of what
it saw, and the estimate is far too optimistic.

The right way puts the sampler inside an :class:`imblearn.pipeline.Pipeline`, so that
only the training part of every fold is resampled, and validates on untouched data.
"""

import matplotlib.pyplot as plt
import numpy as np
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

from imbtools.over_sampling import SMOTE

X, y = make_classification(n_samples=3000, n_features=10, n_informative=3, weights=[0.95],
                           flip_y=0.03, class_sep=0.8, random_state=1)
X_dev, X_test, y_dev, y_test = train_test_split(X, y, stratify=y, test_size=0.5,
                                                random_state=0)
forest = RandomForestClassifier(n_estimators=60, random_state=0)
cv = StratifiedKFold(5, shuffle=True, random_state=0)

# %%
# Wrong: resample the whole development set, then cross-validate.
X_res, y_res = SMOTE(random_state=0).fit_resample(X_dev, y_dev)
leaky_cv = cross_val_score(forest, X_res, y_res, cv=cv, scoring="f1")

# %%
# Right: the sampler is a pipeline step, applied to each training fold only.
pipeline = make_pipeline(SMOTE(random_state=0), forest)
honest_cv = cross_val_score(pipeline, X_dev, y_dev, cv=cv, scoring="f1")

# %%
# What each model really scores on the held-out test half (never resampled).
from sklearn.metrics import f1_score  # noqa: E402

leaky_test = f1_score(y_test, forest.fit(X_res, y_res).predict(X_test))
honest_test = f1_score(y_test, pipeline.fit(X_dev, y_dev).predict(X_test))

fig, ax = plt.subplots(figsize=(7, 4))
labels = ["resampled before CV", "sampler inside the pipeline"]
ax.bar(np.arange(2) - 0.2, [leaky_cv.mean(), honest_cv.mean()], 0.4, label="CV estimate")
ax.bar(np.arange(2) + 0.2, [leaky_test, honest_test], 0.4, label="held-out test")
ax.set_xticks(range(2), labels)
ax.set_ylabel("F1 of the minority class")
ax.set_ylim(0, 1)
ax.legend()
fig.tight_layout()
plt.show()
print(f"resampled before CV: CV F1 {leaky_cv.mean():.3f}, test F1 {leaky_test:.3f}")
print(f"inside the pipeline: CV F1 {honest_cv.mean():.3f}, test F1 {honest_test:.3f}")

# %%
# The leaky estimate promises far more than the test set delivers; the pipeline's CV
# estimate is close to it. The same holds for every sampler and for any step fitted on
# data (scaling, imputation, feature selection): fit it inside the cross-validation.
