"""
=======================================
Pitfall: accuracy hides a useless model
=======================================

On a problem with 1 % positives, predicting "negative" for everybody is 99 % accurate.
Metrics built for imbalance look at each class: recall of the minority
(:func:`~imbtools.metrics.sensitivity_score`) and of the majority
(:func:`~imbtools.metrics.specificity_score`), their geometric mean
(:func:`~imbtools.metrics.geometric_mean_score`), the worst class's recall
(:func:`~imbtools.metrics.worst_class_recall`), or F1 and the Matthews correlation.

This example scores two models on data made more and more imbalanced with
:func:`~imbtools.datasets.make_imbalance`: a constant majority predictor, and a
logistic regression.
"""

import matplotlib.pyplot as plt
from sklearn.datasets import make_classification
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef
from sklearn.model_selection import train_test_split

from imbtools.datasets import make_imbalance
from imbtools.metrics import (
    classification_report_imbalanced,
    geometric_mean_score,
    worst_class_recall,
)

X_full, y_full = make_classification(n_samples=20000, n_features=10, n_informative=4,
                                     weights=[0.5], class_sep=1.5, flip_y=0.0, random_state=0)
metrics = {
    "accuracy": accuracy_score,
    "F1 (minority)": f1_score,
    "MCC": matthews_corrcoef,
    "G-mean": geometric_mean_score,
    "worst-class recall": worst_class_recall,
}
minority_sizes = [5000, 1000, 300, 100]
scores = {model: {name: [] for name in metrics} for model in ("constant", "logistic")}
ratios = []
for n_minority in minority_sizes:
    X, y = make_imbalance(X_full, y_full, {1: n_minority}, random_state=0)
    ratios.append(round((y == 0).sum() / n_minority))
    X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
    models = {"constant": DummyClassifier(), "logistic": LogisticRegression()}
    for model_name, model in models.items():
        y_pred = model.fit(X_train, y_train).predict(X_test)
        for name, metric in metrics.items():
            scores[model_name][name].append(metric(y_test, y_pred))

# %%
# Accuracy rewards the constant predictor more as the imbalance grows; every per-class
# metric gives it zero. The logistic regression's accuracy *rises* with the imbalance
# while it finds fewer and fewer of the positives: its worst-class recall falls.
fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
for ax, model_name in zip(axes, scores):
    for name, values in scores[model_name].items():
        ax.plot(ratios, values, marker="o", label=name)
    ax.set_xscale("log")
    ax.set_xticks(ratios, [f"1:{r}" for r in ratios])
    ax.set_xlabel("imbalance (minority : majority)")
    ax.set_title(f"{model_name} model")
axes[0].set_ylabel("test score")
axes[1].legend()
fig.tight_layout()
plt.show()

# %%
# A per-class report of the last logistic model: precision, recall, specificity,
# F1, geometric mean and index balanced accuracy for each class.
print(classification_report_imbalanced(y_test, models["logistic"].predict(X_test)))
for name in metrics:
    print(f"{name:<20}", [round(v, 3) for v in scores["logistic"][name]])
