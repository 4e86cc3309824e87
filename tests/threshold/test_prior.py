"""Tests of PriorCorrectedClassifier: exactness, rates read from samplers, errors."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE as ImblearnSMOTE
from imblearn.over_sampling import RandomOverSampler as ImblearnRandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import EditedNearestNeighbours
from imblearn.under_sampling import RandomUnderSampler as ImblearnRandomUnderSampler
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from imbtools.over_sampling import SMOTE, RandomOverSampler
from imbtools.threshold import PriorCorrectedClassifier
from imbtools.under_sampling import RandomUnderSampler
from imbtools.utils._param_validation import InvalidParameterError


class TableClassifier(ClassifierMixin, BaseEstimator):
    """Stub whose ``predict_proba`` returns the first ``len(X)`` rows of ``table``."""

    def __init__(self, table):
        self.table = table

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.asarray(self.table, dtype=float)[: len(X)]


@pytest.fixture
def seed():
    return 0


def _two_class_data(n_majority=60, n_minority=15, seed=0):
    rng = np.random.RandomState(seed)
    y = np.array([0] * n_majority + [1] * n_minority)
    X = rng.normal(size=(y.size, 3)) + y[:, None]
    return X, y


# -- exactness ------------------------------------------------------------------------------
def test_binary_correction_matches_hand_computation():
    # p ∝ p_s / r with r_0 = 1/4, r_1 = 1 (class 1 left out of the dict: rate 1):
    # [.5, .5] -> [2, .5] -> [4/5, 1/5];  [.1, .9] -> [.4, .9] -> [4/13, 9/13];
    # [.9, .1] -> [3.6, .1] -> [36/37, 1/37].
    table = [[0.5, 0.5], [0.1, 0.9], [0.9, 0.1]]
    X, y = np.zeros((3, 1)), np.array([0, 1, 0])
    clf = PriorCorrectedClassifier(TableClassifier(table), sampling_rates={0: 0.25}).fit(X, y)

    expected = np.array([[4 / 5, 1 / 5], [4 / 13, 9 / 13], [36 / 37, 1 / 37]])
    np.testing.assert_allclose(clf.predict_proba(X), expected, rtol=1e-12)
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(expected), rtol=1e-12)
    np.testing.assert_allclose(
        clf.decision_function(X), np.log([1 / 4, 9 / 4, 1 / 36]), rtol=1e-12
    )
    np.testing.assert_array_equal(clf.predict(X), [0, 1, 0])
    assert clf.sampling_rates_ == {0: 0.25, 1: 1.0}


def test_multiclass_correction_matches_hand_computation():
    # [.2, .3, .5] / [.5, 1, 2.5] = [.4, .3, .2], sum .9 -> [4/9, 3/9, 2/9]
    # [.6, .2, .2] / [.5, 1, 2.5] = [1.2, .2, .08], sum 1.48 -> [120, 20, 8] / 148
    table = [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2]]
    X, y = np.zeros((3, 1)), np.array(["a", "b", "c"])
    rates = {"a": 0.5, "b": 1.0, "c": 2.5}
    clf = PriorCorrectedClassifier(TableClassifier(table), sampling_rates=rates).fit(X, y)

    expected = np.array([[4 / 9, 3 / 9, 2 / 9], [120 / 148, 20 / 148, 8 / 148]])
    np.testing.assert_allclose(clf.predict_proba(X[:2]), expected, rtol=1e-12)
    np.testing.assert_allclose(clf.decision_function(X[:2]), np.log(expected), rtol=1e-12)
    np.testing.assert_array_equal(clf.predict(X[:2]), ["a", "a"])
    np.testing.assert_array_equal(clf.classes_, ["a", "b", "c"])


def test_binary_formula_is_the_multiclass_form(seed):
    # Dal Pozzolo et al.: majority (negative) kept at rate beta, minority kept whole:
    # p = beta * p_s / (beta * p_s - p_s + 1) for the minority probability.
    rng = np.random.RandomState(seed)
    p_s = rng.uniform(size=50)
    X, y = np.zeros((50, 1)), np.array([0, 1] * 25)
    table = np.column_stack([1 - p_s, p_s])
    for beta in (0.01, 0.2, 1.0, 3.0):
        clf = PriorCorrectedClassifier(TableClassifier(table), sampling_rates={0: beta})
        corrected = clf.fit(X, y).predict_proba(X)[:, 1]
        np.testing.assert_allclose(corrected, beta * p_s / (beta * p_s - p_s + 1), rtol=1e-12)


def test_only_the_ratio_of_rates_matters(seed):
    rng = np.random.RandomState(seed)
    table = rng.dirichlet(np.ones(3), size=20)
    X, y = np.zeros((20, 1)), np.arange(20) % 3
    rates = {0: 0.1, 1: 0.4, 2: 1.0}
    scaled = {label: 7.0 * rate for label, rate in rates.items()}
    first = PriorCorrectedClassifier(TableClassifier(table), sampling_rates=rates).fit(X, y)
    second = PriorCorrectedClassifier(TableClassifier(table), sampling_rates=scaled).fit(X, y)
    np.testing.assert_allclose(first.predict_proba(X), second.predict_proba(X), rtol=1e-12)
    assert not np.allclose(first.predict_proba(X), table)


# -- rates read from a pipeline -----------------------------------------------------------
SAMPLERS_AND_RATES = [
    # 60 majority, 15 minority: under-sampling keeps 15 of 60, over-sampling reaches 60.
    (ImblearnRandomUnderSampler(random_state=0), {0: 15 / 60, 1: 1.0}),
    (RandomUnderSampler(random_state=0), {0: 15 / 60, 1: 1.0}),
    (ImblearnRandomUnderSampler(sampling_strategy=0.5, random_state=0), {0: 30 / 60, 1: 1.0}),
    (RandomUnderSampler(sampling_strategy=0.5, random_state=0), {0: 30 / 60, 1: 1.0}),
    (ImblearnRandomOverSampler(random_state=0), {0: 1.0, 1: 60 / 15}),
    (RandomOverSampler(random_state=0), {0: 1.0, 1: 60 / 15}),
    (ImblearnSMOTE(random_state=0), {0: 1.0, 1: 60 / 15}),
    (SMOTE(random_state=0), {0: 1.0, 1: 60 / 15}),
    (SMOTE(sampling_strategy=0.5, random_state=0), {0: 1.0, 1: 30 / 15}),
]


@pytest.mark.parametrize(
    "sampler, expected_rates",
    SAMPLERS_AND_RATES,
    ids=lambda p: f"{type(p).__module__.split('.')[0]}.{type(p).__name__}"
    if hasattr(p, "fit_resample")
    else "",
)
def test_rates_read_from_sampler(sampler, expected_rates):
    X, y = _two_class_data()
    clf = PriorCorrectedClassifier(make_pipeline(sampler, LogisticRegression()))
    clf.fit(X, y)
    assert clf.sampling_rates_.keys() == expected_rates.keys()
    for label, rate in expected_rates.items():
        assert clf.sampling_rates_[label] == pytest.approx(rate, rel=1e-12)
    # the pipeline's final step is the classifier again, fitted
    assert isinstance(clf.estimator_.steps[-1][1], LogisticRegression)
    assert hasattr(clf.estimator_.steps[-1][1], "coef_")


def test_rates_multiclass_and_string_labels():
    rng = np.random.RandomState(0)
    y = np.array(["big"] * 60 + ["mid"] * 30 + ["small"] * 15)
    X = rng.normal(size=(y.size, 2))
    model = make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
    clf = PriorCorrectedClassifier(model).fit(X, y)
    assert clf.sampling_rates_ == pytest.approx({"big": 15 / 60, "mid": 15 / 30, "small": 1.0})
    # the corrected probabilities are the pipeline's divided by the rates, renormalised
    raw = clf.estimator_.predict_proba(X)
    weights = raw / np.array([15 / 60, 15 / 30, 1.0])
    np.testing.assert_allclose(
        clf.predict_proba(X), weights / weights.sum(axis=1, keepdims=True), rtol=1e-12
    )


def test_rates_with_preprocessing_and_cleaning_sampler():
    X, y = make_classification(
        n_samples=300, weights=[0.8], flip_y=0.05, class_sep=0.5, random_state=0
    )
    X_scaled = StandardScaler().fit_transform(X)
    # What the classifier sees, computed independently: ENN on the scaled data.
    _, y_clean = EditedNearestNeighbours().fit_resample(X_scaled, y)
    before, after = Counter(y.tolist()), Counter(y_clean.tolist())
    assert after[0] < before[0]  # the check below would be vacuous otherwise

    model = make_pipeline(StandardScaler(), EditedNearestNeighbours(), LogisticRegression())
    clf = PriorCorrectedClassifier(model).fit(X, y)
    assert clf.sampling_rates_ == pytest.approx({c: after[c] / before[c] for c in (0, 1)})


def test_rates_compose_over_several_samplers():
    X, y = _two_class_data(n_majority=80, n_minority=10)
    # SMOTE to 1:2 (minority 10 -> 40), then under-sample the majority to 1:1 (80 -> 40)
    model = make_pipeline(
        SMOTE(sampling_strategy=0.5, random_state=0),
        ImblearnRandomUnderSampler(random_state=0),
        LogisticRegression(),
    )
    clf = PriorCorrectedClassifier(model).fit(X, y)
    assert clf.sampling_rates_ == pytest.approx({0: 40 / 80, 1: 40 / 10})


def test_correction_recovers_true_probabilities_and_brier(seed):
    # Data from a logistic model, so logistic regression is well specified before and
    # after under-sampling (which only shifts its intercept by log(beta)).
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(20_000, 2))
    true_logit = 2.0 * X[:, 0] - X[:, 1] - 4.0  # about 8 % positives
    y = (rng.uniform(size=X.shape[0]) < 1 / (1 + np.exp(-true_logit))).astype(int)
    train, test = slice(0, 10_000), slice(10_000, None)
    true_proba = 1 / (1 + np.exp(-true_logit[test]))

    model = make_pipeline(RandomUnderSampler(random_state=seed), LogisticRegression())
    clf = PriorCorrectedClassifier(model).fit(X[train], y[train])
    raw = clf.estimator_.predict_proba(X[test])[:, 1]
    corrected = clf.predict_proba(X[test])[:, 1]
    plain = LogisticRegression().fit(X[train], y[train]).predict_proba(X[test])[:, 1]

    # Under-sampling inflates the minority probability; the correction undoes it.
    assert raw.mean() > 3 * true_proba.mean()
    assert abs(corrected.mean() - true_proba.mean()) < 0.15 * true_proba.mean()
    assert np.abs(corrected - true_proba).mean() < 0.15 * np.abs(raw - true_proba).mean()
    brier_plain = brier_score_loss(y[test], plain)
    assert brier_score_loss(y[test], raw) > 2 * brier_plain
    assert brier_score_loss(y[test], corrected) < 1.05 * brier_plain


# -- fit parameters, meta-estimator behaviour ----------------------------------------------
def test_fit_params_are_forwarded(seed):
    X, y = _two_class_data(seed=seed)
    weights = np.linspace(0.1, 3.0, y.size)
    clf = PriorCorrectedClassifier(LogisticRegression(), sampling_rates={0: 0.5})
    clf.fit(X, y, sample_weight=weights)
    reference = LogisticRegression().fit(X, y, sample_weight=weights)
    unweighted = LogisticRegression().fit(X, y)
    np.testing.assert_allclose(clf.estimator_.coef_, reference.coef_)
    assert not np.allclose(clf.estimator_.coef_, unweighted.coef_)


def test_prefitted_model_through_frozen_estimator():
    X, y = _two_class_data()
    fitted = make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression()).fit(X, y)
    raw = fitted.predict_proba(X)
    clf = PriorCorrectedClassifier(FrozenEstimator(fitted), sampling_rates={0: 0.25})
    clf.fit(X[::5], y[::5])  # only the classes are read; the model is not refitted
    weights = raw / np.array([0.25, 1.0])
    np.testing.assert_allclose(
        clf.predict_proba(X), weights / weights.sum(axis=1, keepdims=True), rtol=1e-12
    )


def test_estimator_is_cloned_and_dataframe_names_kept():
    X, y = _two_class_data()
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    model = make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
    clf = PriorCorrectedClassifier(model).fit(frame, pd.Series(y, name="target"))
    assert not hasattr(model.steps[-1][1], "coef_")
    np.testing.assert_array_equal(clf.feature_names_in_, ["a", "b", "c"])
    assert clf.n_features_in_ == 3


def test_grid_search(seed):
    X, y = _two_class_data(n_majority=120, n_minority=30, seed=seed)
    model = make_pipeline(RandomUnderSampler(random_state=seed), LogisticRegression())
    search = GridSearchCV(
        PriorCorrectedClassifier(model),
        {"estimator__logisticregression__C": [0.1, 1.0]},
        scoring="neg_brier_score",
        cv=3,
    ).fit(X, y)
    assert search.best_params_["estimator__logisticregression__C"] in (0.1, 1.0)
    assert search.best_estimator_.sampling_rates_ == pytest.approx({0: 30 / 120, 1: 1.0})


# -- errors ---------------------------------------------------------------------------------
def test_error_estimator_without_predict_proba():
    X, y = _two_class_data()
    with pytest.raises(InvalidParameterError, match="'estimator' parameter.*predict_proba"):
        PriorCorrectedClassifier(LinearSVC(), sampling_rates={0: 0.5}).fit(X, y)


def test_error_sampling_rates_type():
    X, y = _two_class_data()
    with pytest.raises(InvalidParameterError, match="'sampling_rates' parameter.*Got 0.5"):
        PriorCorrectedClassifier(LogisticRegression(), sampling_rates=0.5).fit(X, y)


@pytest.mark.parametrize("bad_rate", [0, -1.0, np.inf, np.nan, "x", True])
def test_error_sampling_rates_value(bad_rate):
    X, y = _two_class_data()
    clf = PriorCorrectedClassifier(LogisticRegression(), sampling_rates={1: bad_rate})
    with pytest.raises(ValueError, match=r"sampling_rates\[1\] must be a finite number > 0"):
        clf.fit(X, y)


def test_error_sampling_rates_unknown_label():
    X, y = _two_class_data()
    clf = PriorCorrectedClassifier(LogisticRegression(), sampling_rates={5: 0.5})
    with pytest.raises(ValueError, match=r"label\(s\) \[5\] that are not classes of y"):
        clf.fit(X, y)


@pytest.mark.parametrize(
    "estimator, message",
    [
        (LogisticRegression(), r"a LogisticRegression\) is not a pipeline"),
        (make_pipeline(StandardScaler(), LogisticRegression()), r"has no sampler step"),
    ],
    ids=["classifier", "pipeline-without-sampler"],
)
def test_error_auto_needs_a_pipeline_with_a_sampler(estimator, message):
    X, y = _two_class_data()
    with pytest.raises(ValueError, match=f"sampling_rates='auto' reads.*{message}"):
        PriorCorrectedClassifier(estimator).fit(X, y)


def test_error_class_removed_by_sampler():
    X, y = _two_class_data()
    y = y.copy()
    y[:10] = 2
    sampler = ImblearnRandomUnderSampler(sampling_strategy={2: 0})
    clf = PriorCorrectedClassifier(make_pipeline(sampler, LogisticRegression()))
    with pytest.raises(ValueError, match="Class 2 has no training sample left"):
        clf.fit(X, y)


def test_error_single_class():
    X = np.zeros((4, 2))
    clf = PriorCorrectedClassifier(LogisticRegression(), sampling_rates={0: 0.5})
    with pytest.raises(ValueError, match="y has 1 class"):
        clf.fit(X, np.zeros(4, dtype=int))


def test_not_fitted():
    clf = PriorCorrectedClassifier(LogisticRegression(), sampling_rates={0: 0.5})
    with pytest.raises(Exception, match="not fitted"):
        clf.predict(np.zeros((2, 2)))


# -- scikit-learn's estimator checks --------------------------------------------------------
# The default configuration, the 'auto' path behind a preprocessing step, and the explicit
# path ({} means every rate is 1: estimator checks use labels of their own choosing).
