"""
============================================
Every threshold at once: ``threshold_curve``
============================================

A score such as F1 depends on the decision threshold. For a binary problem,
:func:`~imbtools.metrics.threshold_curve` computes the exact score of the rule
``score >= t`` at *every* distinct score ``t``, with one sort and one pass over the
data, for any metric computed from the confusion matrix (``COUNT_SCORE_NAMES``).
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import train_test_split

from imbtools.metrics import COUNT_SCORE_NAMES, threshold_curve

X, y = make_classification(n_samples=5000, n_features=10, n_informative=5, weights=[0.95],
                           flip_y=0.01, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
model = HistGradientBoostingClassifier(max_iter=60, random_state=0).fit(X_train, y_train)
proba = model.predict_proba(X_test)[:, 1]
print("available scores:", ", ".join(COUNT_SCORE_NAMES[:8]), "...")

# %%
# Four scores against the threshold, with the threshold that maximises each one.
fig, ax = plt.subplots(figsize=(8, 4.5))
for name in ["f1", "balanced_accuracy", "matthews_corrcoef", "geometric_mean"]:
    thresholds, scores = threshold_curve(y_test, proba, scoring=name)
    best = np.argmax(scores)
    line, = ax.plot(thresholds, scores, label=f"{name} (best at {thresholds[best]:.2f})")
    ax.plot(thresholds[best], scores[best], "o", color=line.get_color())
ax.axvline(0.5, color="gray", linestyle=":", label="default threshold 0.5")
ax.set_xscale("logit")
ax.set_xlabel("threshold on predict_proba")
ax.set_ylabel("score on the test set")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()

# %%
# The best thresholds differ from 0.5 and from each other: choose the metric first,
# then the threshold. Choosing it on the test set, as here, is for illustration only;
# :class:`~imbtools.threshold.ThresholdCalibratedClassifier` chooses it from
# out-of-fold predictions of the training data.

# %%
# The count helpers compute the same scores from confusion counts, for instance F2
# (recall weighted more than precision) at the threshold that maximises F1:
from imbtools.metrics import fbeta_from_counts  # noqa: E402

thresholds, f1_scores = threshold_curve(y_test, proba, scoring="f1")
predicted = proba >= thresholds[np.argmax(f1_scores)]
tp = np.sum(predicted & (y_test == 1))
fp = np.sum(predicted & (y_test == 0))
fn = np.sum(~predicted & (y_test == 1))
print(f"tp={tp} fp={fp} fn={fn}  F1={fbeta_from_counts(tp, fp, fn):.3f}  "
      f"F2={fbeta_from_counts(tp, fp, fn, beta=2):.3f}")
