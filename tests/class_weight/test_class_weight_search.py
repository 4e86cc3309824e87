"""ClassWeightSearchCV: fit counts, equivalence with GridSearchCV, weight routes, contract."""

import numpy as np
import pytest
from joblib import parallel_config
from sklearn.datasets import make_classification
from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbtools.class_weight import ClassWeightSearchCV, compute_class_weights
from imbtools.class_weight._search import weight_route
from imbtools.utils._param_validation import InvalidParameterError

FIT_LOG = []

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


class CountingLogisticRegression(LogisticRegression):
    """LogisticRegression that logs each fit: first column of X, class_weight, sample_weight."""

    def fit(self, X, y, sample_weight=None):
        FIT_LOG.append(
            {"ids": np.asarray(X)[:, 0].copy(), "class_weight": self.class_weight,
             "sample_weight": None if sample_weight is None else np.array(sample_weight)}
        )  # fmt: skip
        return super().fit(X, y, sample_weight=sample_weight)


class RecordingGaussianNB(GaussianNB):
    """GaussianNB (no class_weight parameter) that logs the labels and weights of each fit."""

    def fit(self, X, y, sample_weight=None):
        FIT_LOG.append({"y": np.array(y), "sample_weight": np.array(sample_weight)})
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.fixture(autouse=True)
def empty_fit_log():
    FIT_LOG.clear()
    yield
    FIT_LOG.clear()


def minority_f1(minority=1):
    return make_scorer(f1_score, pos_label=minority, zero_division=0.0)


# ------------------------------------------------------------------ efficiency target
def test_half_the_fits_of_a_ten_point_grid_and_the_same_best_score():
    """The issue's target, with an explicit baseline.

    Data: the issue's shape (20 features, make_classification defaults) scaled down to
    20000 rows at 2 % minority. Baseline: GridSearchCV over the 10 'power' weightings
    alpha = linspace(0, 2, 10) (the same normalisation), on the same materialised
    splits with the same scorer. ``benchmarks/class_weight_search.py fits`` repeats this
    at 10^5 rows over several seeds.
    """
    X, y = make_classification(n_samples=20000, n_features=20, weights=[0.98], random_state=0)
    splits = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
    grid = [compute_class_weights(y, "power", alpha=a) for a in np.linspace(0, 2, 10)]
    baseline = GridSearchCV(
        CountingLogisticRegression(), {"class_weight": grid}, cv=splits, scoring=minority_f1()
    ).fit(X, y)
    grid_fits = len(FIT_LOG)
    FIT_LOG.clear()
    search = ClassWeightSearchCV(CountingLogisticRegression(), cv=splits).fit(X, y)
    search_fits = len(FIT_LOG)

    assert grid_fits == 10 * 5 + 1
    assert search_fits == 5 * 5 + 1
    assert 2 * (search_fits - 1) <= grid_fits - 1
    assert search.best_score_ >= baseline.best_score_ - 0.005


def test_every_candidate_uses_the_same_splits():
    X, y = make_classification(n_samples=300, weights=[0.85], random_state=1)
    X[:, 0] = np.arange(len(y))  # row ids ride along in the first column
    ClassWeightSearchCV(CountingLogisticRegression(), cv=4, random_state=3, refit=False).fit(X, y)
    train_sets = [frozenset(fit["ids"].tolist()) for fit in FIT_LOG]
    assert len(train_sets) == 5 * 4
    per_candidate = [tuple(train_sets[k : k + 4]) for k in range(0, 20, 4)]
    assert len(set(per_candidate)) == 1
    expected = StratifiedKFold(4, shuffle=True, random_state=None)  # only for the count
    assert len(set(per_candidate[0])) == expected.get_n_splits()


def test_random_state_shuffles_folds_reproducibly(binary_data):
    X, y = binary_data
    first = ClassWeightSearchCV(LogisticRegression(), cv=3, random_state=0).fit(X, y)
    again = ClassWeightSearchCV(LogisticRegression(), cv=3, random_state=0).fit(X, y)
    unshuffled = ClassWeightSearchCV(LogisticRegression(), cv=3).fit(X, y)
    reference = GridSearchCV(
        LogisticRegression(),
        {"class_weight": unshuffled.cv_results_["class_weight"]},
        cv=StratifiedKFold(3),
        scoring=minority_f1(),
    ).fit(X, y)
    np.testing.assert_array_equal(first.cv_results_["split0_test_score"],
                                  again.cv_results_["split0_test_score"])  # fmt: skip
    np.testing.assert_allclose(
        unshuffled.cv_results_["split0_test_score"], reference.cv_results_["split0_test_score"]
    )
    assert not np.allclose(
        first.cv_results_["split0_test_score"], unshuffled.cv_results_["split0_test_score"]
    )


# ------------------------------------------------------------- GridSearchCV equivalence
@pytest.mark.parametrize("weights", ["power", "ratio", "effective_number"])
def test_cv_results_equal_gridsearch_on_the_same_weights(binary_data, weights):
    X, y = binary_data
    search = ClassWeightSearchCV(LogisticRegression(), weights, cv=3, n_candidates=4).fit(X, y)
    reference = GridSearchCV(
        LogisticRegression(),
        {"class_weight": search.cv_results_["class_weight"]},
        cv=StratifiedKFold(3),
        scoring=minority_f1(),
    ).fit(X, y)
    for key in ("split0_test_score", "split2_test_score", "mean_test_score", "rank_test_score"):
        np.testing.assert_allclose(search.cv_results_[key], reference.cv_results_[key])
    assert search.best_score_ == pytest.approx(reference.best_score_)
    param = {"power": "alpha", "ratio": "ratio", "effective_number": "beta"}[weights]
    assert search.best_params_ == {param: search.cv_results_[f"param_{param}"][search.best_index_]}
    np.testing.assert_allclose(
        search.best_estimator_.coef_,
        LogisticRegression(class_weight=search.best_class_weight_).fit(X, y).coef_,
    )


def test_multiclass_default_scoring_is_macro_f1(multiclass_data):
    X, y = multiclass_data
    search = ClassWeightSearchCV(LogisticRegression(), cv=3, n_candidates=4).fit(X, y)
    reference = GridSearchCV(
        LogisticRegression(),
        {"class_weight": search.cv_results_["class_weight"]},
        cv=StratifiedKFold(3),
        scoring="f1_macro",
    ).fit(X, y)
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )
    counts = {label: np.sum(y == label) for label in np.unique(y)}
    weighted_count = sum(counts[c] * w for c, w in search.best_class_weight_.items())
    assert weighted_count == pytest.approx(len(y))
    assert list(search.classes_) == ["big", "mid", "small"]


def test_binary_default_scoring_targets_the_minority_label():
    X, y = make_classification(n_samples=300, weights=[0.2], random_state=0)  # 1 is frequent
    labels = np.where(y == 1, "common", "rare")
    search = ClassWeightSearchCV(LogisticRegression(), {"power": [0.0, 1.0]}, cv=3).fit(X, labels)
    reference = GridSearchCV(
        LogisticRegression(),
        {"class_weight": search.cv_results_["class_weight"]},
        cv=StratifiedKFold(3),
        scoring=minority_f1("rare"),
    ).fit(X, labels)
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"], reference.cv_results_["mean_test_score"]
    )


# ------------------------------------------------------------------------ weight routes
def test_sample_weight_route_equals_a_manual_weighted_cross_validation(binary_data):
    X, y = binary_data
    search = ClassWeightSearchCV(
        GradientBoostingClassifier(n_estimators=10, random_state=0),
        {"power": [1.0]},
        cv=3,
        refit=False,
    ).fit(X, y)
    assert search.weight_route_ == "sample_weight"
    weights = compute_class_weights(y, "power", alpha=1.0)
    per_sample = np.array([weights[label] for label in y])
    manual = []
    for train, test in StratifiedKFold(3).split(X, y):
        model = GradientBoostingClassifier(n_estimators=10, random_state=0)
        model.fit(X[train], y[train], sample_weight=per_sample[train])
        manual.append(f1_score(y[test], model.predict(X[test])))
    np.testing.assert_allclose(
        [search.cv_results_[f"split{k}_test_score"][0] for k in range(3)], manual
    )


@pytest.mark.parametrize("in_pipeline", [False, True])
def test_sample_weight_route_multiplies_user_weights(binary_data, in_pipeline):
    X, y = binary_data
    user_weight = np.random.RandomState(0).uniform(0.5, 2.0, size=len(y))
    estimator = RecordingGaussianNB()
    if in_pipeline:
        estimator = make_pipeline(StandardScaler(), estimator)
    search = ClassWeightSearchCV(estimator, {"power": [0.5, 1.5]}, cv=3)
    search.fit(X, y, sample_weight=user_weight)
    assert search.weight_route_ == "sample_weight"
    assert len(FIT_LOG) == 2 * 3 + 1
    refit = FIT_LOG[-1]
    class_weight = search.best_class_weight_
    expected = np.array([class_weight[label] for label in y]) * user_weight
    np.testing.assert_allclose(refit["sample_weight"], expected)
    # Distinct user weights identify the rows: each CV fit must get exactly its training
    # rows, each weighted by (class weight of its candidate) x (user weight).
    row_of_weight = {w: i for i, w in enumerate(user_weight.tolist())}
    splits = list(StratifiedKFold(3).split(X, y))
    for k, fit in enumerate(FIT_LOG[:-1]):
        class_weight = search.cv_results_["class_weight"][k // 3]
        per_class = np.array([class_weight[label] for label in fit["y"]])
        recovered = [row_of_weight.get(w) for w in (fit["sample_weight"] / per_class).tolist()]
        if None in recovered:  # rounding: fall back to a tolerant lookup
            recovered = [
                int(np.argmin(np.abs(user_weight - w))) for w in fit["sample_weight"] / per_class
            ]
            np.testing.assert_allclose(user_weight[recovered], fit["sample_weight"] / per_class)
        np.testing.assert_array_equal(recovered, splits[k % 3][0])


def test_class_weight_route_in_a_pipeline(binary_data):
    X, y = binary_data
    pipeline = make_pipeline(StandardScaler(), CountingLogisticRegression())
    user_weight = np.linspace(0.5, 1.5, len(y))
    search = ClassWeightSearchCV(pipeline, cv=3, n_candidates=3).fit(
        X, y, sample_weight=user_weight
    )
    assert search.weight_route_ == "class_weight"
    assert search.best_estimator_[-1].class_weight == search.best_class_weight_
    assert [fit["class_weight"] for fit in FIT_LOG[::3]] == search.cv_results_["class_weight"] + [
        search.best_class_weight_
    ]
    np.testing.assert_allclose(FIT_LOG[-1]["sample_weight"], user_weight)


@pytest.mark.parametrize(
    "estimator, expected",
    [
        (LogisticRegression(), ("class_weight", "class_weight")),
        (HistGradientBoostingClassifier(), ("class_weight", "class_weight")),
        (GradientBoostingClassifier(), ("sample_weight", "sample_weight")),
        (
            make_pipeline(StandardScaler(), GaussianNB()),
            ("sample_weight", "gaussiannb__sample_weight"),
        ),
        (
            make_pipeline(StandardScaler(), make_pipeline(StandardScaler(), LogisticRegression())),
            ("class_weight", "pipeline__logisticregression__class_weight"),
        ),
    ],
)
def test_weight_route_detection(estimator, expected):
    assert weight_route(estimator) == expected


def test_estimator_without_any_weight_route_is_rejected(binary_data):
    X, y = binary_data
    with pytest.raises(TypeError, match="KNeighborsClassifier has no 'class_weight' parameter"):
        ClassWeightSearchCV(KNeighborsClassifier()).fit(X, y)


# ------------------------------------------------------------------------ explicit grids
def test_explicit_list_of_class_weight_dicts(binary_data):
    X, y = binary_data
    grid = [{0: 1.0, 1: 1.0}, {1: 6.5}, {0: 0.5, 1: 3.0}]
    search = ClassWeightSearchCV(LogisticRegression(), grid, cv=3).fit(X, y)
    assert search.cv_results_["class_weight"] == [
        {0: 1.0, 1: 1.0}, {0: 1.0, 1: 6.5}, {0: 0.5, 1: 3.0}
    ]  # fmt: skip
    assert search.cv_results_["params"][1] == {"class_weight": {0: 1.0, 1: 6.5}}
    assert "param_class_weight" in search.cv_results_
    with pytest.raises(ValueError, match=r"weights\[1\] has label\(s\) \[7\] that are not"):
        ClassWeightSearchCV(LogisticRegression(), [{0: 1.0}, {7: 2.0}], cv=3).fit(X, y)


def test_explicit_family_grid_ignores_n_candidates(binary_data):
    X, y = binary_data
    search = ClassWeightSearchCV(
        LogisticRegression(), {"effective_number": [0.0, 0.9, 0.99]}, n_candidates=2, cv=3
    ).fit(X, y)
    assert search.cv_results_["param_beta"].tolist() == [0.0, 0.9, 0.99]
    assert search.cv_results_["class_weight"][0] == {0: 1.0, 1: 1.0}


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"n_candidates": 1}, InvalidParameterError, "'n_candidates' parameter .* Got 1"),
        ({"weights": "inverse"}, InvalidParameterError, "'weights' parameter .* Got 'inverse'"),
        ({"scoring": "nope"}, InvalidParameterError, "'scoring' parameter .* Got 'nope'"),
        ({"weights": {"alpha": [1]}}, ValueError, r"exactly one key among \['power'"),
        ({"weights": {"power": []}}, ValueError, "lists no values"),
        ({"weights": {"effective_number": [1.0]}}, ValueError, r"beta must be in \[0, 1\)"),
        ({"weights": {"ratio": [-2.0]}}, ValueError, "ratio must be > 0"),
    ],
)
def test_invalid_parameters(binary_data, params, error, match):
    X, y = binary_data
    with pytest.raises(error, match=match):
        ClassWeightSearchCV(LogisticRegression(), **params).fit(X, y)


def test_ratio_family_needs_a_binary_target(multiclass_data):
    X, y = multiclass_data
    with pytest.raises(ValueError, match="weights='ratio' needs a binary target; y has 3"):
        ClassWeightSearchCV(LogisticRegression(), "ratio").fit(X, y)


# ------------------------------------------------------------------ estimator contract
def test_prediction_methods_delegate_to_best_estimator(binary_data):
    X, y = binary_data
    search = ClassWeightSearchCV(LogisticRegression(), cv=3, n_candidates=3).fit(X, y)
    best = search.best_estimator_
    np.testing.assert_array_equal(search.predict(X), best.predict(X))
    np.testing.assert_allclose(search.predict_proba(X), best.predict_proba(X))
    np.testing.assert_allclose(search.decision_function(X), best.decision_function(X))
    assert search.score(X, y) == pytest.approx(f1_score(y, best.predict(X)))
    assert not hasattr(ClassWeightSearchCV(GaussianNB()), "decision_function")


def test_refit_false_keeps_results_but_cannot_predict(binary_data):
    X, y = binary_data
    search = ClassWeightSearchCV(LogisticRegression(), cv=3, refit=False).fit(X, y)
    assert not hasattr(search, "best_estimator_")
    assert set(search.best_class_weight_) == {0, 1}
    with pytest.raises(NotFittedError, match="refit=False"):
        search.predict(X)


def test_parallel_fits_give_the_same_results(binary_data):
    X, y = binary_data
    serial = ClassWeightSearchCV(LogisticRegression(), cv=3).fit(X, y)
    with parallel_config(backend="threading"):  # no process start-up in the test suite
        parallel = ClassWeightSearchCV(LogisticRegression(), cv=3, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(
        serial.cv_results_["param_alpha"], parallel.cv_results_["param_alpha"]
    )
    np.testing.assert_array_equal(
        serial.cv_results_["mean_test_score"], parallel.cv_results_["mean_test_score"]
    )


def test_verbose_shows_a_progress_bar(binary_data, capsys):
    X, y = binary_data
    ClassWeightSearchCV(LogisticRegression(), cv=3, n_candidates=3, verbose=1).fit(X, y)
    assert "ClassWeightSearchCV" in capsys.readouterr().err


