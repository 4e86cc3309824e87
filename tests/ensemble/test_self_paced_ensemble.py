"""SelfPacedEnsembleClassifier: the scikit-learn contract and the paper's algorithm."""

import numpy as np
import pytest
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from imbtools.ensemble import SelfPacedEnsembleClassifier
from imbtools.ensemble._self_paced import proba_of_class
from imbtools.under_sampling.self_paced_steps import (
    assign_hardness_bins,
    bin_sample_counts,
    self_paced_alpha,
    self_paced_bin_weights,
)

SAMPLE_WEIGHT_EQUIVALENCE = (
    "an integer weight w is not equivalent to w copies of a row: copies change the class "
    "sizes, hence the balanced subsets; zero weights do equal removing rows (tested)"
)


@pytest.fixture
def imbalanced():
    X, y = make_classification(n_samples=1500, n_features=6, n_informative=4,
                               weights=[0.93], flip_y=0.02, random_state=0)
    return X, y


def test_subsets_are_balanced_with_exact_counts(imbalanced):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(n_estimators=6, bootstrap=False, random_state=0)
    n_minority = np.bincount(y).min()
    minority_rows = np.flatnonzero(y == 1)
    for rows in model.fit(X, y).estimators_samples_:
        assert np.bincount(y[rows]).tolist() == [n_minority, n_minority]
        np.testing.assert_array_equal(rows[y[rows] == 1], minority_rows)  # kept whole
        assert np.unique(rows).size == rows.size  # replacement=False


def test_bootstrap_draws_the_minority_with_replacement(imbalanced):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(n_estimators=4, random_state=0).fit(X, y)
    n_minority = np.bincount(y).min()
    for rows in model.estimators_samples_:
        assert np.bincount(y[rows]).tolist() == [n_minority, n_minority]
        minority_part = rows[y[rows] == 1]
        assert np.unique(minority_part).size < n_minority  # duplicates: a bootstrap
        majority_part = rows[y[rows] == 0]
        assert np.unique(majority_part).size == n_minority  # majority: no replacement


def test_subsets_follow_the_self_paced_bins(imbalanced):
    """Rebuild each member's majority draw from the paper's formulas and compare counts."""
    X, y = imbalanced
    k_bins, n = 4, 5
    model = SelfPacedEnsembleClassifier(n_estimators=n, k_bins=k_bins, random_state=0).fit(X, y)
    majority = np.flatnonzero(y == 0)
    n_minority = np.count_nonzero(y == 1)
    proba_sum = np.zeros(majority.size)
    for i, (member, rows) in enumerate(zip(model.estimators_, model.estimators_samples_)):
        if i > 0:
            hardness = np.abs(1.0 - proba_sum / i)  # absolute error on the own class
            bin_of, populations, means = assign_hardness_bins(hardness, k_bins)
            alpha = np.tan(i * np.pi / (2 * (n - 1)))
            assert alpha == pytest.approx(self_paced_alpha(i, n))
            weights = self_paced_bin_weights(means, populations, alpha)
            np.testing.assert_allclose(weights[populations > 0],
                                       1 / (means[populations > 0] + alpha))
            expected = bin_sample_counts(weights, populations, n_minority)
            drawn = np.searchsorted(majority, rows[y[rows] == 0])
            np.testing.assert_array_equal(np.bincount(bin_of[drawn], minlength=k_bins), expected)
        proba_sum += member.predict_proba(X[majority])[:, 0]


def test_same_seed_same_model_and_refit_is_identical(imbalanced):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(n_estimators=4, random_state=3)
    first = [rows.copy() for rows in model.fit(X, y).estimators_samples_]
    proba = model.predict_proba(X)
    second = model.fit(X, y).estimators_samples_  # refit the same object
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(model.predict_proba(X), proba)
    other = SelfPacedEnsembleClassifier(n_estimators=4, random_state=3).fit(X, y)
    np.testing.assert_array_equal(other.predict_proba(X), proba)
    assert model.random_state == 3


def test_random_state_instance_is_not_modified_between_members(imbalanced):
    X, y = imbalanced
    rng = np.random.RandomState(0)
    model = SelfPacedEnsembleClassifier(n_estimators=3, random_state=rng).fit(X, y)
    seeds = {m.random_state for m in model.estimators_}
    assert len(seeds) == 3 and model.random_state is rng


def test_multiclass(multiclass_data):
    X, y = multiclass_data
    model = SelfPacedEnsembleClassifier(n_estimators=4, random_state=0).fit(X, y)
    assert list(model.classes_) == ["big", "mid", "small"]
    for rows in model.estimators_samples_:
        assert sorted(np.unique(y[rows], return_counts=True)[1].tolist()) == [30, 30, 30]
    proba = model.predict_proba(X)
    assert proba.shape == (len(y), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    assert set(model.predict(X)) <= set(model.classes_)
    assert (model.predict(X) == y).mean() > 0.6


def test_zero_sample_weight_equals_removing_rows(imbalanced):
    X, y = imbalanced
    keep = np.ones(len(y), dtype=bool)
    keep[::7] = False
    weights = keep.astype(float)
    weights[keep] = np.random.RandomState(0).uniform(0.5, 2, keep.sum())
    weighted = SelfPacedEnsembleClassifier(n_estimators=4, random_state=0).fit(
        X, y, sample_weight=weights)
    removed = SelfPacedEnsembleClassifier(n_estimators=4, random_state=0).fit(
        X[keep], y[keep], sample_weight=weights[keep])
    np.testing.assert_array_equal(weighted.predict_proba(X), removed.predict_proba(X))


def test_sample_weight_changes_the_fit(imbalanced):
    X, y = imbalanced
    weights = np.where(X[:, 0] > 0, 10.0, 0.1)
    plain = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0).fit(X, y)
    weighted = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0).fit(
        X, y, sample_weight=weights)
    assert not np.array_equal(plain.predict_proba(X), weighted.predict_proba(X))


def test_sample_weight_needs_a_base_estimator_that_accepts_it(imbalanced):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(KNeighborsClassifier(), n_estimators=2)
    with pytest.raises(ValueError, match="KNeighborsClassifier does not accept sample_weight"):
        model.fit(X, y, sample_weight=np.ones(len(y)))


def test_staged_predict_proba_ends_at_predict_proba(imbalanced):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y)
    stages = list(model.staged_predict_proba(X[:50]))
    assert len(stages) == 5
    np.testing.assert_allclose(stages[-1], model.predict_proba(X[:50]))
    np.testing.assert_allclose(stages[0], model.estimators_[0].predict_proba(X[:50]))


def test_decision_function_and_feature_importances(imbalanced):
    X, y = imbalanced
    tree_model = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0).fit(X, y)
    assert not hasattr(tree_model, "decision_function")
    importances = tree_model.feature_importances_
    assert importances.shape == (X.shape[1],) and importances.sum() == pytest.approx(1)
    linear = SelfPacedEnsembleClassifier(LogisticRegression(), n_estimators=3,
                                         random_state=0).fit(X, y)
    expected = np.mean([m.decision_function(X) for m in linear.estimators_], axis=0)
    np.testing.assert_allclose(linear.decision_function(X), expected)
    with pytest.raises(AttributeError, match="LogisticRegression has no feature_importances_"):
        linear.feature_importances_  # noqa: B018


def test_warm_start_keeps_members_and_adds_new_ones(imbalanced):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(n_estimators=3, warm_start=True, random_state=0)
    model.fit(X, y)
    first = list(model.estimators_)
    model.set_params(n_estimators=6).fit(X, y)
    assert len(model.estimators_) == 6 and model.estimators_[:3] == first
    # What is promised: the first members equal a full fit with as many members, and the
    # continuation is deterministic. (A full 6-member fit differs: alpha depends on n.)
    full3 = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0).fit(X, y)
    for a, b in zip(model.estimators_samples_[:3], full3.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    again = SelfPacedEnsembleClassifier(n_estimators=3, warm_start=True, random_state=0)
    again.fit(X, y).set_params(n_estimators=6).fit(X, y)
    for a, b in zip(model.estimators_samples_, again.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    full6 = SelfPacedEnsembleClassifier(n_estimators=6, random_state=0).fit(X, y)
    np.testing.assert_array_equal(model.estimators_samples_[0], full6.estimators_samples_[0])
    with pytest.warns(UserWarning, match="nothing to fit"):
        model.fit(X, y)
    with pytest.raises(ValueError, match=r"n_estimators=2 must be >= len\(estimators_\)=6"):
        model.set_params(n_estimators=2).fit(X, y)


def test_parallel_prediction_matches_sequential(imbalanced, monkeypatch):
    import imbtools.ensemble._self_paced as module

    monkeypatch.setattr(module, "_CHUNK_ROWS", 97)  # many chunks
    X, y = imbalanced
    tree = DecisionTreeClassifier(random_state=0).fit(X[:400], y[:400])
    for rows in (np.flatnonzero(y == 0), np.arange(0, len(y), 5)):  # sliced, gathered
        sequential = proba_of_class(tree, X, rows, 1, n_jobs=1)
        parallel = proba_of_class(tree, X, rows, 1, n_jobs=2)
        np.testing.assert_array_equal(sequential, parallel)
        np.testing.assert_array_equal(sequential, tree.predict_proba(X[rows])[:, 1])
        running_sum = np.full(rows.shape, 0.5)
        assert proba_of_class(tree, X, rows, 1, n_jobs=2, add_to=running_sum) is running_sum
        np.testing.assert_array_equal(running_sum, 0.5 + sequential)
    one = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0, n_jobs=1).fit(X, y)
    two = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(one.predict_proba(X), two.predict_proba(X))


@pytest.mark.parametrize("hardness", ["squared_error", "cross_entropy", lambda p: 1 - p])
def test_hardness_options_and_soft_resample(imbalanced, hardness):
    X, y = imbalanced
    model = SelfPacedEnsembleClassifier(n_estimators=3, hardness=hardness, soft_resample=True,
                                        replacement=True, random_state=0).fit(X, y)
    n_minority = np.bincount(y).min()
    for rows in model.estimators_samples_:
        assert np.bincount(y[rows]).tolist() == [n_minority, n_minority]


def test_pipeline_and_grid_search(imbalanced):
    X, y = imbalanced
    pipe = make_pipeline(StandardScaler(), SelfPacedEnsembleClassifier(n_estimators=3,
                                                                      random_state=0))
    search = GridSearchCV(pipe, {"selfpacedensembleclassifier__k_bins": [2, 5]}, cv=3,
                          scoring="average_precision").fit(X, y)
    assert search.best_params_["selfpacedensembleclassifier__k_bins"] in (2, 5)
    imb = ImbPipeline([("scale", StandardScaler()),
                       ("spe", SelfPacedEnsembleClassifier(n_estimators=2))]).fit(X, y)
    assert imb.predict(X).shape == y.shape


def test_verbose_shows_a_progress_bar(imbalanced, capsys):
    X, y = imbalanced
    SelfPacedEnsembleClassifier(n_estimators=2, verbose=1, random_state=0).fit(X, y)
    assert "SelfPacedEnsembleClassifier" in capsys.readouterr().err


def test_clone_and_parameter_errors(imbalanced):
    X, y = imbalanced
    model = clone(SelfPacedEnsembleClassifier(k_bins=3))
    with pytest.raises(ValueError, match=r"The 'n_estimators' parameter .* Got 0 instead"):
        model.set_params(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match=r"The 'hardness' parameter .* Got 'hinge' instead"):
        SelfPacedEnsembleClassifier(hardness="hinge").fit(X, y)
    with pytest.raises(ValueError, match=r"The 'estimator' parameter .*predict_proba"):
        SelfPacedEnsembleClassifier(estimator=object()).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight is zero for every sample of some class"):
        SelfPacedEnsembleClassifier().fit(X, y, sample_weight=(y == 0).astype(float))
