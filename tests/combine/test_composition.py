"""Any imbtools over-sampler composes with either cleaner, through public API only.

For each over-sampler, ``SMOTEENN(smote=over)`` / ``SMOTETomek(smote=over)`` must equal
imbalanced-learn's cleaner applied to that over-sampler's own output (same rows, same
counts), and imbalanced-learn's combination with its sampler of the same name must give
the same counts where it runs on the same over-sampled data.
"""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import EditedNearestNeighbours as ImblearnENN
from imblearn.under_sampling import TomekLinks as ImblearnTomek
from sklearn.base import clone

from imbtools.combine import SMOTEENN, SMOTETomek
from imbtools.over_sampling import (
    ADASYN,
    SMOTE,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    KMeansSMOTE,
)
from imbtools.under_sampling import EditedNearestNeighbours, TomekLinks

OVER_SAMPLERS = {
    "SMOTE": SMOTE(random_state=0),
    "SMOTENC": SMOTENC(categorical_features=[2], random_state=0),
    "SMOTEN": SMOTEN(random_state=0),
    "BorderlineSMOTE": BorderlineSMOTE(random_state=0),
    "SVMSMOTE": SVMSMOTE(random_state=0),
    "ADASYN": ADASYN(random_state=0),
    "KMeansSMOTE": KMeansSMOTE(random_state=0, cluster_balance_threshold=0.0),
}
CLEANERS = [(SMOTEENN, EditedNearestNeighbours, ImblearnENN),
            (SMOTETomek, TomekLinks, ImblearnTomek)]
# all-categorical data is full of exact distance ties, which imbalanced-learn's search
# breaks in another order than ours (ours: the smaller row first)
TIED = {"SMOTEN"}


def data_for(name):
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(90, 3)), rng.normal(loc=1.0, size=(30, 3))])
    y = np.repeat([0, 1], [90, 30])
    if name == "SMOTENC":
        X[:, 2] = rng.randint(0, 3, size=120)  # an integer-coded categorical column
    if name == "SMOTEN":
        X = np.round(X).clip(-2, 2)  # every column categorical
    return X, y


def sorted_rows(X, y):
    frame = pd.DataFrame(np.asarray(X)).assign(label=np.asarray(y).astype(str))
    return frame.sort_values(list(frame.columns)).to_numpy()


@pytest.mark.parametrize("name", list(OVER_SAMPLERS))
@pytest.mark.parametrize("combination, our_cleaner, imblearn_cleaner", CLEANERS)
def test_any_over_sampler_with_any_cleaner(name, combination, our_cleaner, imblearn_cleaner):
    X, y = data_for(name)
    over = OVER_SAMPLERS[name]
    X_res, y_res = combination(smote=clone(over)).fit_resample(X, y)
    X_over, y_over = clone(over).fit_resample(X, y)
    assert np.isfinite(X_res).all()
    references = [our_cleaner] + ([] if name in TIED else [imblearn_cleaner])
    for cleaner in references:
        X_ref, y_ref = cleaner(sampling_strategy="all").fit_resample(X_over, y_over)
        assert Counter(y_res.tolist()) == Counter(y_ref.tolist())
        np.testing.assert_array_equal(sorted_rows(X_res, y_res), sorted_rows(X_ref, y_ref))


@pytest.mark.parametrize("name", ["SMOTE", "BorderlineSMOTE", "ADASYN"])
def test_sample_weight_follows_the_surviving_rows(name):
    X, y = data_for(name)
    weights = np.linspace(1.0, 2.0, y.shape[0])
    sampler = SMOTEENN(smote=clone(OVER_SAMPLERS[name]))
    X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    over = sampler.smote_
    parents, steps = over.synthetic_parents_, over.synthetic_steps_
    # every weight is an original weight or the interpolation of a synthetic row's parents
    synthetic_weights = (1 - steps) * weights[parents[:, 0]] + steps * weights[parents[:, 1]]
    allowed = np.concatenate([weights, synthetic_weights])
    assert np.isin(w_res, allowed).all()
    assert w_res.shape[0] == X_res.shape[0] == y_res.shape[0]


def test_over_sampler_that_changes_input_rows_is_refused():
    class Shifting(SMOTE):
        def fit_resample(self, X, y, **kwargs):
            X_res, y_res = super().fit_resample(X, y)
            return X_res + 1.0, y_res

    X, y = data_for("SMOTE")
    with pytest.raises(ValueError, match="did not return the input rows first and unchanged"):
        SMOTEENN(smote=Shifting(random_state=0)).fit_resample(X, y)


def test_segments_hint_never_changes_enn():
    X, y = data_for("SMOTE")
    over = SMOTE(random_state=0)
    X_over, y_over = over.fit_resample(X, y)
    n = X.shape[0]
    start = np.arange(X_over.shape[0])
    end = start.copy()
    start[n:], end[n:] = over.synthetic_parents_[:, 0], over.synthetic_parents_[:, 1]
    plain = EditedNearestNeighbours(sampling_strategy="all").fit_resample(X_over, y_over)
    hinted = EditedNearestNeighbours(sampling_strategy="all").fit_resample(
        X_over, y_over, segments=(start, end))
    np.testing.assert_array_equal(plain[0], hinted[0])
    with pytest.raises(TypeError, match=r"TomekLinks.fit_resample got unexpected keyword "
                                        r"argument\(s\) \['segments'\]"):
        TomekLinks().fit_resample(X_over, y_over, segments=(start, end))
