"""
===========================================
Searching class weights by cross-validation
===========================================

``class_weight="balanced"`` is the cheapest imbalance strategy, but rarely the best
weighting. :class:`~imbtools.class_weight.ClassWeightSearchCV` searches the one-parameter
family ``w_c`` proportional to ``n_c ** -alpha`` (``alpha=0``: no weighting, ``alpha=1``:
balanced) with a coarse grid and a few parabolic / golden-section steps, all on the same
CV splits, so it needs far fewer fits than a grid search over class-weight dicts.
"""

# %%
# An imbalanced problem
# ---------------------
# 5 % minority class, a held-out test set for the final comparison.
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbtools.class_weight import ClassWeightSearchCV, compute_class_weights
from imbtools.plotting import ClassWeightDisplay

X, y = make_classification(
    n_samples=6000, n_features=12, n_informative=4, weights=[0.95], flip_y=0.02, random_state=0
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

# %%
# The weight families
# -------------------
# All families are normalised so that the weighted sample count equals ``n``; at
# ``alpha=1`` the power family is exactly scikit-learn's ``"balanced"``.
pd.DataFrame(
    {
        "none (alpha=0)": compute_class_weights(y_train, "power", alpha=0.0),
        "alpha=0.5": compute_class_weights(y_train, "power", alpha=0.5),
        "balanced": compute_class_weights(y_train, "balanced"),
        "effective number, beta=0.99": compute_class_weights(
            y_train, "effective_number", beta=0.99
        ),
    }
)

# %%
# Search the class weights of a logistic regression
# -------------------------------------------------
# Inside a Pipeline the weights go to the final step (here through its
# ``class_weight`` parameter). The default score is the F1 score of the minority class;
# five candidates cost 25 fits, half of a 10-point grid.
model = make_pipeline(StandardScaler(), LogisticRegression())
search = ClassWeightSearchCV(model, cv=5, random_state=0).fit(X_train, y_train)
results = pd.DataFrame(search.cv_results_)
results[["param_alpha", "search_step", "mean_test_score", "std_test_score", "rank_test_score"]]

# %%
# The chosen weights and the CV curve:
print("best alpha:", round(search.best_params_["alpha"], 3))
print("best class weights:", {k: round(v, 3) for k, v in search.best_class_weight_.items()})
display = ClassWeightDisplay.from_estimator(search)
plt.show()

# %%
# Held-out comparison with no weighting and 'balanced'
# ----------------------------------------------------
scores = {}
for label, class_weight in [("none", None), ("balanced", "balanced")]:
    fitted = model.set_params(logisticregression__class_weight=class_weight)
    scores[label] = f1_score(y_test, fitted.fit(X_train, y_train).predict(X_test))
scores["searched"] = f1_score(y_test, search.predict(X_test))
pd.Series(scores, name="test F1 (minority)").round(3)

# %%
# Estimators without ``class_weight``
# -----------------------------------
# ``GradientBoostingClassifier`` has no ``class_weight`` parameter: the weights go through
# ``fit(..., sample_weight=...)`` instead (``weight_route_``). Here an explicit grid of
# three alphas is evaluated as given.
boosting = GradientBoostingClassifier(n_estimators=30, max_depth=2, random_state=0)
boosting_search = ClassWeightSearchCV(boosting, {"power": [0.0, 0.5, 1.0]}, cv=3)
boosting_search.fit(X_train, y_train)
print("route:", boosting_search.weight_route_)
print("CV F1 per alpha:", boosting_search.cv_results_["mean_test_score"].round(3))
print("test F1:", round(f1_score(y_test, boosting_search.predict(X_test)), 3))
