"""
===================================================
Choosing the decision threshold by cross-validation
===================================================

A classifier trained on imbalanced data predicts the minority class when its probability
exceeds 0.5, which is rarely what the application wants.
:class:`~imbtools.threshold.ThresholdCalibratedClassifier` learns the threshold that
maximises a score (here F1), minimises an expected cost, or satisfies a constraint such
as a minimum recall, from out-of-fold predictions. Every distinct score is a candidate,
so the search is exact; :class:`~imbtools.plotting.ThresholdDisplay` shows the objective
against the threshold and how much the folds disagree.
"""

# %%
# An imbalanced problem
# ---------------------
# 8 % minority class and a held-out test set.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, recall_score
from sklearn.model_selection import train_test_split

from imbtools.metrics import classification_report_imbalanced
from imbtools.plotting import ThresholdDisplay
from imbtools.threshold import ThresholdCalibratedClassifier

X, y = make_classification(
    n_samples=4000, n_features=10, n_informative=4, weights=[0.92], flip_y=0.01,
    random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

# %%
# Three decision rules for the same model
# ---------------------------------------
# The plain model (threshold 0.5), the F1-optimal threshold, and the threshold with the
# best F1 among those keeping recall at least 0.6 on every validation fold.
plain = LogisticRegression().fit(X_train, y_train)
tuned = ThresholdCalibratedClassifier(LogisticRegression(), scoring="f1", random_state=0)
tuned.fit(X_train, y_train)
recall_floor = ThresholdCalibratedClassifier(
    LogisticRegression(), scoring="f1", constraint=("recall", 0.6), random_state=0
).fit(X_train, y_train)

for name, model, threshold in [
    ("threshold 0.5", plain, 0.5),
    ("F1-optimal", tuned, tuned.best_threshold_),
    ("F1 with recall >= 0.6", recall_floor, recall_floor.best_threshold_),
]:
    y_pred = model.predict(X_test)
    print(f"{name:<24} threshold={threshold:.3f}  test F1={f1_score(y_test, y_pred):.3f}"
          f"  recall={recall_score(y_test, y_pred):.3f}")

print(classification_report_imbalanced(y_test, tuned.predict(X_test)))

# %%
# The objective against the threshold
# -----------------------------------
# Left: the mean cross-validation F1 the search maximised, the chosen threshold and the
# range of the folds' own optima. Right: the same model's F1 on the test set.
fig, (ax_cv, ax_test) = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
ThresholdDisplay.from_estimator(tuned, ax=ax_cv, name="mean CV F1")
ThresholdDisplay.from_estimator(tuned, X_test, y_test, ax=ax_test, name="test F1")
ax_cv.set_title("cross-validation")
ax_test.set_title("test set")
plt.tight_layout()

# %%
# Costs instead of a score
# ------------------------
# When a missed positive costs 10 times a false alarm, minimise the expected cost. The
# Bayes threshold for calibrated probabilities is ``1 / (1 + 10)``; the tuned threshold
# is learned from the data instead.
cost = np.array([[0.0, 1.0], [10.0, 0.0]])
by_cost = ThresholdCalibratedClassifier(LogisticRegression(), cost_matrix=cost,
                                        random_state=0).fit(X_train, y_train)
print(f"cost-optimal threshold {by_cost.best_threshold_:.3f} (Bayes: {1 / 11:.3f}), "
      f"mean CV cost {-by_cost.best_score_:.3f}")
