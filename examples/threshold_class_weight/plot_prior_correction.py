"""
======================================================
Correcting the probabilities of an under-sampled model
======================================================

Under-sampling the majority class makes a classifier believe the minority class is far
more common than it is: its ``predict_proba`` over-estimates the minority probability.
If the majority class was kept at rate ``beta``, Dal Pozzolo et al. (IEEE SSCI 2015)
show that the original probability is ``beta * p_s / (beta * p_s - p_s + 1)``.
:class:`~imbtools.threshold.PriorCorrectedClassifier` reads ``beta`` from the pipeline's
sampler and applies this correction (in its multi-class form: divide each class's
probability by its sampling rate and renormalise).

This example compares reliability diagrams and Brier scores of a model trained on all
the data, the same model trained after under-sampling, and the under-sampled model
after prior correction.
"""

# %%
# Data: one positive for every 20 negatives
# -----------------------------------------
import matplotlib.pyplot as plt
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler
from sklearn.calibration import calibration_curve
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import train_test_split

from imbtools.threshold import PriorCorrectedClassifier

X, y = make_classification(
    n_samples=20_000, n_features=10, n_informative=4, weights=[20 / 21],
    class_sep=1.5, random_state=0,
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)

# %%
# Three models
# ------------
# The corrected model wraps the under-sampling pipeline; its ``estimator_`` is the
# fitted pipeline, so the under-sampled and corrected probabilities come from one model.
plain = LogisticRegression().fit(X_train, y_train)
corrected = PriorCorrectedClassifier(
    make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
).fit(X_train, y_train)
print("sampling rates:", {k: round(v, 4) for k, v in corrected.sampling_rates_.items()})

probabilities = {
    "trained on all data": plain.predict_proba(X_test)[:, 1],
    "under-sampled": corrected.estimator_.predict_proba(X_test)[:, 1],
    "under-sampled + prior correction": corrected.predict_proba(X_test)[:, 1],
}

# %%
# Reliability diagram
# -------------------
# A calibrated model lies on the diagonal. The under-sampled model's points lie far
# below it (predicted probabilities too high); the correction brings them back to
# the curve of the model trained on all data. It removes the prior shift only: the
# logistic model is not exactly calibrated on this data either way.
fig, ax = plt.subplots(figsize=(6, 6))
ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
for name, proba in probabilities.items():
    observed, predicted = calibration_curve(y_test, proba, n_bins=8, strategy="uniform")
    brier = brier_score_loss(y_test, proba)
    ax.plot(predicted, observed, marker="o", label=f"{name} (Brier {brier:.4f})")
    print(f"{name:<34} Brier {brier:.4f}")
ax.set_xlabel("mean predicted probability of the minority class")
ax.set_ylabel("observed fraction of the minority class")
ax.set_title("Reliability diagram, held-out data (IR 20)")
ax.legend(loc="lower right", fontsize="small")
plt.show()
