"""
=================================================
Known costs: weights at training, or a threshold?
=================================================

When a missed positive costs ``c_fn`` and a false alarm ``c_fp``, there are two ways to
make a classifier cost-aware:

- weight the training samples by the cost of misclassifying them
  (:func:`~imbtools.class_weight.cost_sensitive_sample_weight`), so the model itself
  moves its boundary;
- train an ordinary model and move the decision threshold to minimise the expected
  cost (:class:`~imbtools.threshold.ThresholdCalibratedClassifier` with
  ``cost_matrix``).

Both are judged by :func:`~imbtools.metrics.expected_cost` on held-out data, over a
range of cost ratios.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from imbtools.class_weight import cost_sensitive_sample_weight
from imbtools.metrics import expected_cost
from imbtools.threshold import ThresholdCalibratedClassifier

X, y = make_classification(n_samples=4000, n_features=8, n_informative=4, weights=[0.93],
                           flip_y=0.02, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

# %%
# Rows are true classes, columns predicted classes: ``cost[1, 0]`` is the cost of a
# missed positive.
ratios = [1, 2, 5, 10, 20, 50]
results = {"plain model": [], "cost-weighted training": [], "cost-tuned threshold": []}
for ratio in ratios:
    cost = np.array([[0.0, 1.0], [float(ratio), 0.0]])
    plain = LogisticRegression().fit(X_train, y_train)
    weights = cost_sensitive_sample_weight(y_train, cost)
    weighted = LogisticRegression().fit(X_train, y_train, sample_weight=weights)
    tuned = ThresholdCalibratedClassifier(LogisticRegression(), cost_matrix=cost, cv=5,
                                          random_state=0).fit(X_train, y_train)
    for name, model in [("plain model", plain), ("cost-weighted training", weighted),
                        ("cost-tuned threshold", tuned)]:
        results[name].append(expected_cost(y_test, model.predict(X_test), cost))

fig, ax = plt.subplots(figsize=(7, 4))
for name, costs in results.items():
    ax.plot(ratios, costs, marker="o", label=name)
ax.set_xscale("log")
ax.set_xticks(ratios, [str(r) for r in ratios])
ax.set_xlabel("cost of a missed positive / cost of a false alarm")
ax.set_ylabel("expected cost per sample (test)")
ax.legend()
fig.tight_layout()
plt.show()

# %%
# The plain model ignores the costs and pays more as they grow. Weighting the training
# samples and tuning the threshold both follow the costs; the threshold needs no
# retraining when the costs change, only a new sweep over the same out-of-fold scores.
