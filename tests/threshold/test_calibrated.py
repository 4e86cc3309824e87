"""ThresholdCalibratedClassifier: exactness against brute force, constraints, contract."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, ShuffleSplit, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from imbtools.metrics import CountScorer, expected_cost
from imbtools.threshold import ThresholdCalibratedClassifier


def out_of_fold(X, y, splitter, estimator=None):
    """(y_val, positive-class probability) of each fold, fitted like the classifier."""
    estimator = LogisticRegression() if estimator is None else estimator
    folds = []
    for train, test in splitter.split(np.zeros((len(y), 1)), y):
        model = clone(estimator).fit(X[train], y[train])
        folds.append((y[test], model.predict_proba(X[test])))
    return folds


def mean_fold_score(folds, threshold, score):
    return np.mean([score(y, (p[:, 1] >= threshold).astype(int)) for y, p in folds])


@pytest.mark.parametrize("scoring", ["f1", "balanced_accuracy", "matthews_corrcoef"])
def test_threshold_maximises_mean_fold_score_exactly(binary_data, scoring):
    X, y = binary_data
    clf = ThresholdCalibratedClassifier(LogisticRegression(), scoring=scoring,
                                        random_state=0).fit(X, y)
    folds = out_of_fold(X, y, StratifiedKFold(5, shuffle=True, random_state=0))
    score = CountScorer(scoring)
    candidates = np.unique(np.concatenate([p[:, 1] for _, p in folds]))
    brute_force = max(mean_fold_score(folds, t, score) for t in candidates)
    assert clf.best_score_ == pytest.approx(brute_force, abs=1e-12)
    assert mean_fold_score(folds, clf.best_threshold_, score) == pytest.approx(brute_force)
    np.testing.assert_allclose(
        clf.cv_results_["split_scores"],
        [score(y_val, (p[:, 1] >= clf.best_threshold_).astype(int)) for y_val, p in folds],
    )
    expected = clf.classes_[(clf.estimator_.predict_proba(X)[:, 1] >= clf.best_threshold_)
                            .astype(int)]
    np.testing.assert_array_equal(clf.predict(X), expected)


def test_cv_results_layout(binary_data):
    X, y = binary_data
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cv=4, random_state=1).fit(X, y)
    results = clf.cv_results_
    assert np.all(np.diff(results["thresholds"]) > 0)
    assert results["scores"].shape == results["thresholds"].shape
    assert results["scores"].max() == pytest.approx(clf.best_score_)
    assert results["split_thresholds"].shape == (4,)
    assert np.all(results["split_best_scores"] >= results["split_scores"] - 1e-12)


@pytest.mark.parametrize("constraint", [("recall", 0.9), ("fpr", 0.05),
                                        ("precision", 0.6), ("specificity", 0.97)])
def test_constraint_holds_on_every_fold(binary_data, constraint):
    X, y = binary_data
    clf = ThresholdCalibratedClassifier(LogisticRegression(), constraint=constraint,
                                        random_state=0).fit(X, y)
    folds = out_of_fold(X, y, StratifiedKFold(5, shuffle=True, random_state=0))
    name, target = constraint
    scorer = CountScorer("specificity" if name == "fpr" else name, average="binary")
    values = []
    for y_val, p in folds:
        value = scorer(y_val, (p[:, 1] >= clf.best_threshold_).astype(int))
        values.append(1 - value if name == "fpr" else value)
    values = np.array(values)
    assert np.all(values <= target) if name == "fpr" else np.all(values >= target)
    np.testing.assert_allclose(clf.cv_results_["split_constraint_values"], values)
    # and it is the best F1 among thresholds feasible on every fold
    candidates = np.unique(np.concatenate([p[:, 1] for _, p in folds]))
    best = -np.inf
    for t in candidates:
        fold_values = [scorer(y_val, (p[:, 1] >= t).astype(int)) for y_val, p in folds]
        fold_values = [1 - v for v in fold_values] if name == "fpr" else fold_values
        ok = max(fold_values) <= target if name == "fpr" else min(fold_values) >= target
        if ok:
            best = max(best, mean_fold_score(folds, t, CountScorer("f1")))
    assert clf.best_score_ == pytest.approx(best)


def test_unreachable_constraint_raises_with_best_value():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 3)), (rng.random(200) < 0.3).astype(int)  # no signal
    clf = ThresholdCalibratedClassifier(LogisticRegression(), constraint=("precision", 0.95),
                                        random_state=0)
    with pytest.raises(ValueError, match=r"constraint=\('precision', 0.95\) cannot be met on "
                                         r"every one of the 5 validation folds.*reachable"):
        clf.fit(X, y)


def test_binary_cost_matrix_minimises_mean_fold_cost(binary_data):
    X, y = binary_data
    cost = np.array([[0.0, 1.0], [8.0, 0.0]])
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cost_matrix=cost,
                                        random_state=0).fit(X, y)
    folds = out_of_fold(X, y, StratifiedKFold(5, shuffle=True, random_state=0))
    candidates = np.unique(np.concatenate([p[:, 1] for _, p in folds]))

    def mean_cost(t):
        return np.mean([expected_cost(y_val, (p[:, 1] >= t).astype(int), cost, labels=[0, 1])
                        for y_val, p in folds])

    assert -clf.best_score_ == pytest.approx(min(mean_cost(t) for t in candidates))
    assert mean_cost(clf.best_threshold_) == pytest.approx(-clf.best_score_)


def test_bayes_cost_decisions_equal_argmin_expected_cost(multiclass_data, binary_data):
    X, y = multiclass_data
    cost = np.array([[0.0, 1.0, 2.0], [5.0, 0.0, 1.0], [20.0, 3.0, 0.0]])
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cost_matrix=cost,
                                        offsets=None).fit(X, y)
    proba = clf.predict_proba(X)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[np.argmin(proba @ cost, 1)])
    Xb, yb = binary_data
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cost_matrix=cost[:2, :2],
                                        offsets=None).fit(Xb, yb)
    proba = clf.predict_proba(Xb)
    np.testing.assert_array_equal(clf.predict(Xb), np.argmin(proba @ cost[:2, :2], axis=1))


def test_tuned_cost_offsets_do_not_increase_out_of_fold_cost(multiclass_data):
    X, y = multiclass_data
    cost = np.array([[0.0, 1.0, 2.0], [5.0, 0.0, 1.0], [20.0, 3.0, 0.0]])
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cost_matrix=cost,
                                        random_state=0).fit(X, y)
    results = clf.cv_results_
    assert results["split_scores"].mean() >= results["split_default_scores"].mean() - 1e-12
    assert results["split_scores"].mean() == pytest.approx(clf.best_score_)


def test_multiclass_offsets_improve_macro_f1_and_match_predict(multiclass_data):
    X, y = multiclass_data
    clf = ThresholdCalibratedClassifier(LogisticRegression(), scoring="f1_macro",
                                        random_state=0).fit(X, y)
    assert clf.best_threshold_ is None and clf.offsets_.shape == (3,)
    assert clf.offsets_.sum() == pytest.approx(0.0, abs=1e-9)
    folds = out_of_fold(X, y, StratifiedKFold(5, shuffle=True, random_state=0))
    classes = clf.classes_
    fold_scores = [
        f1_score(y_val, classes[np.argmax(np.log(p) + clf.offsets_, axis=1)], average="macro")
        for y_val, p in folds
    ]
    assert np.mean(fold_scores) == pytest.approx(clf.best_score_)
    argmax_scores = [f1_score(y_val, classes[p.argmax(1)], average="macro") for y_val, p in folds]
    assert clf.best_score_ >= np.mean(argmax_scores)
    decision = np.log(clf.predict_proba(X)) + clf.offsets_
    np.testing.assert_array_equal(clf.predict(X), classes[decision.argmax(1)])


def test_prior_offsets_are_minus_log_prior(multiclass_data, binary_data):
    X, y = multiclass_data
    clf = ThresholdCalibratedClassifier(LogisticRegression(), offsets="prior").fit(X, y)
    prior = pd.Series(y).value_counts(normalize=True)[clf.classes_].to_numpy()
    expected = -np.log(prior)
    np.testing.assert_allclose(clf.offsets_, expected - expected.mean())
    assert clf.cv_results_ is None and clf.best_score_ is None
    Xb, yb = binary_data
    binary = ThresholdCalibratedClassifier(LogisticRegression(), offsets="prior").fit(Xb, yb)
    assert binary.best_threshold_ == pytest.approx(np.mean(yb == 1))


def test_integer_weights_equal_repeated_rows_with_prefit(binary_data):
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    repeats = np.random.default_rng(0).integers(1, 4, size=y.shape[0])
    weighted = ThresholdCalibratedClassifier(model, cv="prefit").fit(
        X, y, sample_weight=repeats
    )
    repeated = ThresholdCalibratedClassifier(model, cv="prefit").fit(
        np.repeat(X, repeats, axis=0), np.repeat(y, repeats)
    )
    assert weighted.estimator_ is model
    assert weighted.best_threshold_ == repeated.best_threshold_
    assert weighted.best_score_ == pytest.approx(repeated.best_score_)


def test_sample_weight_reaches_the_estimator(binary_data):
    X, y = binary_data
    weights = np.where(y == 1, 5.0, 1.0)
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cv=3, random_state=0)
    clf.fit(X, y, sample_weight=weights)
    reference = LogisticRegression().fit(X, y, sample_weight=weights)
    np.testing.assert_allclose(clf.estimator_.coef_, reference.coef_)


def test_prefit_threshold_is_best_on_held_out_set(binary_data):
    X, y = binary_data
    model = LogisticRegression().fit(X[:150], y[:150])
    clf = ThresholdCalibratedClassifier(model, cv="prefit").fit(X[150:], y[150:])
    proba = model.predict_proba(X[150:])[:, 1]
    best = max(f1_score(y[150:], proba >= t) for t in np.unique(proba))
    assert clf.best_score_ == pytest.approx(best)
    assert f1_score(y[150:], clf.predict(X[150:])) == pytest.approx(best)


def test_refit_false_keeps_the_single_split_model(binary_data):
    X, y = binary_data
    split = ShuffleSplit(n_splits=1, test_size=0.3, random_state=0)
    clf = ThresholdCalibratedClassifier(LogisticRegression(), cv=split, refit=False).fit(X, y)
    train, _ = next(split.split(X, y))
    np.testing.assert_allclose(clf.estimator_.coef_,
                               LogisticRegression().fit(X[train], y[train]).coef_)
    with pytest.raises(ValueError, match="refit=False needs a single train/validation split"):
        ThresholdCalibratedClassifier(LogisticRegression(), refit=False).fit(X, y)


def test_generic_callable_is_never_better_than_exact(binary_data):
    X, y = binary_data
    exact = ThresholdCalibratedClassifier(LogisticRegression(), cv=2, random_state=0)
    exact.fit(X, y)
    for scoring in (lambda a, b: f1_score(a, b), make_scorer(f1_score)):
        approx = ThresholdCalibratedClassifier(LogisticRegression(), scoring=scoring, cv=2,
                                               random_state=0).fit(X, y)
        assert approx.best_score_ <= exact.best_score_ + 1e-12
        assert approx.best_score_ >= exact.best_score_ - 0.05


def test_fbeta_count_scorer_favours_recall(binary_data):
    X, y = binary_data
    f1 = ThresholdCalibratedClassifier(LogisticRegression(), random_state=0).fit(X, y)
    f3 = ThresholdCalibratedClassifier(LogisticRegression(), random_state=0,
                                       scoring=CountScorer("fbeta", beta=3)).fit(X, y)
    assert f3.best_threshold_ < f1.best_threshold_


def test_decision_function_only_estimator_and_string_labels(binary_data):
    X, y = binary_data
    labels = np.where(y == 1, "yes", "no")
    clf = ThresholdCalibratedClassifier(LinearSVC(), random_state=0).fit(X, labels)
    assert clf.response_method_ == "decision_function"
    assert not hasattr(clf, "predict_proba")
    decision = clf.decision_function(X)
    np.testing.assert_array_equal(clf.predict(X), np.where(decision >= 0, "yes", "no"))
    with pytest.raises(ValueError, match="LinearSVC has no predict_proba"):
        ThresholdCalibratedClassifier(LinearSVC(), offsets="prior").fit(X, labels)


def test_parallel_equals_serial(multiclass_data):
    X, y = multiclass_data
    serial = ThresholdCalibratedClassifier(LogisticRegression(), random_state=0).fit(X, y)
    parallel = ThresholdCalibratedClassifier(LogisticRegression(), random_state=0,
                                             n_jobs=2).fit(X, y)
    np.testing.assert_allclose(serial.offsets_, parallel.offsets_)


def test_pipeline_and_grid_search(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    pipeline = make_pipeline(
        StandardScaler(),
        ThresholdCalibratedClassifier(LogisticRegression(), cv=3, random_state=0),
    )
    assert pipeline.fit(frame, y).predict(frame).shape == y.shape
    inner = ThresholdCalibratedClassifier(make_pipeline(StandardScaler(), LogisticRegression()),
                                          cv=3, random_state=0).fit(frame, y)
    assert list(inner.feature_names_in_) == list(frame.columns)
    search = GridSearchCV(
        ThresholdCalibratedClassifier(LogisticRegression(), cv=3, random_state=0),
        {"estimator__C": [0.1, 1.0], "scoring": ["f1", "balanced_accuracy"]},
        scoring="f1", cv=2,
    ).fit(X, y)
    assert set(search.best_params_) == {"estimator__C", "scoring"}
    assert search.best_estimator_.best_threshold_ is not None


@pytest.mark.parametrize(
    "params, message",
    [
        ({"scoring": "f_one"}, "scoring='f_one' is not a known score"),
        ({"scoring": "roc_auc"}, "does not depend on the decision threshold"),
        ({"constraint": ("auc", 0.5)}, r"constraint must be a pair \(name, target\).*'auc'"),
        ({"constraint": ("recall", 1.5)}, r"constraint must be .*\('recall', 1.5\)"),
        ({"cost_matrix": np.ones((3, 3))}, r"cost_matrix must be a finite array of shape \(2, 2"),
        ({"offsets": "bayes"}, "The 'offsets' parameter of ThresholdCalibratedClassifier"),
        ({"cv": "pre"}, "The 'cv' parameter of ThresholdCalibratedClassifier"),
        ({"offsets": None, "cost_matrix": [[1, 0], [0, 1]]}, "Bayes threshold is undefined"),
        ({"offsets": "prior", "constraint": ("recall", 0.5)}, "needs offsets='tune'"),
        ({"offsets": "prior", "cost_matrix": [[0, 1], [1, 0]]}, "cannot be combined with"),
    ],
)
def test_parameter_errors(binary_data, params, message):
    X, y = binary_data
    with pytest.raises(ValueError, match=message):
        ThresholdCalibratedClassifier(LogisticRegression(), **params).fit(X, y)


def test_multiclass_only_errors(multiclass_data):
    X, y = multiclass_data
    with pytest.raises(ValueError, match="needs a binary target; y has 3 classes"):
        ThresholdCalibratedClassifier(LogisticRegression(),
                                      constraint=("recall", 0.5)).fit(X, y)
    with pytest.raises(ValueError, match="scoring=CountScorer.*needs two classes"):
        ThresholdCalibratedClassifier(
            LogisticRegression(), scoring=CountScorer("f1", average="binary")
        ).fit(X, y)
