"""compare_strategies / StrategyComparison: shared folds, tidy results, paired counts."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    fbeta_score,
    matthews_corrcoef,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from imbtools.model_selection import (
    StrategyComparison,
    compare_strategies,
    default_strategies,
    make_preprocessor,
)
from imbtools.model_selection._compare import DEFAULT_SCORING
from imbtools.under_sampling import RandomUnderSampler


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    """The models here are tiny: BLAS threads only add contention on a busy machine."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


TRAINING_ROWS = []


class RecordingLogisticRegression(LogisticRegression):
    """Logistic regression that records the row ids (column 0) of each training set."""

    def fit(self, X, y, sample_weight=None):
        TRAINING_ROWS.append((self.C, tuple(np.asarray(X)[:, 0].astype(int))))
        return super().fit(np.asarray(X)[:, 1:], y, sample_weight)

    def decision_function(self, X):
        return super().decision_function(np.asarray(X)[:, 1:])


class FailingClassifier(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        raise RuntimeError("boom")

    def predict(self, X):
        raise NotImplementedError


@pytest.fixture
def light_strategies():
    return {"baseline": LogisticRegression(), "under": RandomUnderSampler(random_state=0)}


def test_results_are_tidy_and_summary_is_indexed_by_strategy(binary_data, light_strategies):
    X, y = binary_data
    metrics = ("f1", "f2", "brier", "roc_auc")
    result = compare_strategies(LogisticRegression(), X, y, light_strategies, cv=4,
                                scoring=metrics, random_state=0, verbose=0)
    assert isinstance(result, StrategyComparison)
    assert list(result.results.columns) == ["strategy", "fold", "metric", "score", "fit_time"]
    assert len(result.results) == 2 * 4 * len(metrics)
    assert list(result.summary.index) == ["baseline", "under"]
    assert list(result.summary.columns) == [f"{m}_{s}" for m in metrics for s in ("mean", "std")]
    assert (result.summary["brier_mean"] > 0).all()  # a loss, reported as it is
    assert result.lower_is_better == {"brier"}
    assert result.best_strategy in ("baseline", "under")
    best = result.summary["f1_mean"].idxmax()
    assert result.best_strategy == best


def test_every_strategy_is_trained_on_the_same_folds(binary_data):
    X, y = binary_data
    X = np.column_stack([np.arange(len(y)), X])
    TRAINING_ROWS.clear()
    strategies = {"a": RecordingLogisticRegression(C=1.0),
                  "b": RecordingLogisticRegression(C=2.0)}
    compare_strategies(LogisticRegression(), X, y, strategies, cv=3, scoring="f1",
                       random_state=0, verbose=0)
    rows_a = [rows for c, rows in TRAINING_ROWS if c == 1.0]
    rows_b = [rows for c, rows in TRAINING_ROWS if c == 2.0]
    assert len(rows_a) == 3 and rows_a == rows_b
    assert len(set(rows_a)) == 3


def test_paired_counts_add_up_to_the_number_of_folds(binary_data, light_strategies):
    X, y = binary_data
    result = compare_strategies(LogisticRegression(), X, y, light_strategies, cv=5,
                                scoring=("recall", "precision"), random_state=0, verbose=0)
    paired = result.paired
    assert list(paired.index) == [("under", "recall"), ("under", "precision")]
    assert (paired[["wins", "ties", "losses"]].sum(axis=1) == 5).all()
    assert paired["p_value"].between(0, 1).all()
    # under-sampling raises recall on this data in most folds
    assert paired.loc[("under", "recall"), "mean_difference"] >= 0


def test_identical_strategies_tie_everywhere(binary_data):
    X, y = binary_data
    result = compare_strategies(LogisticRegression(), X, y,
                                {"a": LogisticRegression(), "b": LogisticRegression()},
                                cv=3, scoring="f1", verbose=0)
    assert result.paired.loc[("b", "f1")][["wins", "ties", "losses"]].tolist() == [0, 3, 0]
    assert result.paired.loc[("b", "f1"), "p_value"] == 1.0


def test_default_strategies_with_a_preprocessor_on_a_mixed_frame(seed):
    rng = np.random.RandomState(seed)
    n = 240
    y = pd.Series(np.where(rng.rand(n) < 0.15, "yes", "no"), name="churn")
    X = pd.DataFrame({
        "amount": rng.normal(size=n) + (y == "yes") * 1.5,
        "plan": pd.Categorical(rng.choice(["basic", "pro", None], size=n)),
        "city": rng.choice(["a", "b", "c"], size=n).astype(object),
        "active": rng.choice([True, False], size=n),
    })
    X.loc[rng.rand(n) < 0.1, "amount"] = np.nan
    X.loc[rng.rand(n) < 0.1, "city"] = None
    result = compare_strategies(LogisticRegression(), X, y, cv=3, scoring=("f1", "roc_auc"),
                                preprocessor=make_preprocessor(X), random_state=seed,
                                verbose=0)
    assert result.positive_label == "yes"
    assert list(result.summary.index) == list(default_strategies(LogisticRegression()))
    assert result.results["score"].notna().all()


def test_reports_contain_every_strategy(binary_data, light_strategies):
    X, y = binary_data
    result = compare_strategies(LogisticRegression(), X, y, light_strategies, cv=3,
                                scoring=("f1", "recall"), verbose=0)
    markdown, html = result.to_markdown(plots=False), result.to_html(plots=False)
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    assert table[0].startswith("| rank | strategy | f1 | recall |")
    assert len(table) == 2 + 2
    for name in ("baseline", "under"):
        assert f" | {name} |" in markdown
        assert f"<td>{name}</td>" in html


def test_plot_draws_one_box_per_strategy(binary_data, light_strategies):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    X, y = binary_data
    result = compare_strategies(LogisticRegression(), X, y, light_strategies, cv=3,
                                scoring="f1", verbose=0)
    display = result.plot()
    ax = display.ax_
    assert [t.get_text() for t in ax.get_xticklabels()] == ["baseline", "under"]
    assert ax.get_ylabel() == "f1 per fold"
    assert len(display.fold_lines_) == 3 and display.best == result.best_strategy


def test_failing_strategy_gives_nan_and_a_warning(binary_data):
    X, y = binary_data
    with pytest.warns(UserWarning, match="strategy 'broken': fit failed: RuntimeError: boom"):
        result = compare_strategies(LogisticRegression(), X, y,
                                    {"baseline": LogisticRegression(),
                                     "broken": FailingClassifier()},
                                    cv=3, scoring="f1", verbose=0)
    assert np.isnan(result.summary.loc["broken", "f1_mean"])
    assert result.best_strategy == "baseline"


def test_verbose_and_parallel_give_the_same_scores(binary_data, light_strategies):
    X, y = binary_data
    kwargs = dict(cv=3, scoring="f1", random_state=0)
    serial = compare_strategies(LogisticRegression(), X, y, light_strategies, verbose=0,
                                **kwargs)
    parallel = compare_strategies(LogisticRegression(), X, y, light_strategies, n_jobs=2,
                                  verbose=1, **kwargs)
    pd.testing.assert_frame_equal(serial.summary, parallel.summary)


@pytest.mark.parametrize("kwargs, message", [
    (dict(strategies="all"), "strategies must be 'default', 'oversamplers' or a dict"),
    (dict(strategies={}), "strategies must be 'default', 'oversamplers' or a non-empty dict"),
    (dict(strategies={"x": 3}), r"strategies\['x'\] must be a classifier .* got int"),
    (dict(scoring=("f1", "nope")), "scoring contains 'nope'"),
    (dict(scoring=()), "scoring must name at least one metric"),
    (dict(cv=50), "cv=50 folds, but the smallest class has only 40 samples"),
    (dict(pos_label=7), r"pos_label=7 is not a class of y; the classes are \[0, 1\]"),
])
def test_bad_parameters_name_the_parameter(binary_data, kwargs, message):
    X, y = binary_data
    with pytest.raises((ValueError, TypeError), match=message):
        compare_strategies(LogisticRegression(), X, y, verbose=0, **kwargs)


def _macro_average_precision(y, proba):
    return np.mean([average_precision_score(y == k, proba[:, k]) for k in range(proba.shape[1])])


def test_multiclass_scores_equal_scikit_learn_references(multiclass_data):
    X, y = multiclass_data
    metrics = ("f1", "f2", "precision", "recall", "average_precision", "roc_auc", "brier",
               "balanced_accuracy", "mcc")
    result = compare_strategies(LogisticRegression(), X, y, {"baseline": LogisticRegression()},
                                cv=3, scoring=metrics, random_state=0, verbose=0)
    assert result.positive_label is None
    assert result.classes.tolist() == ["big", "mid", "small"]
    codes = np.searchsorted(result.classes, y)
    folds = StratifiedKFold(3, shuffle=True, random_state=0).split(X, codes)
    for fold, (train, test) in enumerate(folds):
        model = LogisticRegression().fit(X[train], codes[train])
        pred, proba, truth = model.predict(X[test]), model.predict_proba(X[test]), codes[test]
        expected = {
            "f1": f1_score(truth, pred, average="macro"),
            "f2": fbeta_score(truth, pred, beta=2, average="macro"),
            "precision": precision_score(truth, pred, average="macro", zero_division=0),
            "recall": recall_score(truth, pred, average="macro"),
            "average_precision": _macro_average_precision(truth, proba),
            "roc_auc": roc_auc_score(truth, proba, multi_class="ovr", average="macro"),
            "brier": np.mean(np.sum((proba - np.eye(3)[truth]) ** 2, axis=1)),
            "balanced_accuracy": balanced_accuracy_score(truth, pred),
            "mcc": matthews_corrcoef(truth, pred),
        }
        scores = result.results[result.results["fold"] == fold].set_index("metric")["score"]
        for metric, value in expected.items():
            assert scores[metric] == pytest.approx(value, abs=1e-12), metric


def test_multiclass_brier_counts_an_unseen_class_as_probability_zero():
    from imbtools.model_selection._scores import fold_predictions, metric_from_predictions

    class Fixed:
        classes_ = np.array([0, 1])

        def predict(self, X):
            return np.array([0, 1, 1])

        def predict_proba(self, X):
            return np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])

    predictions = fold_predictions(Fixed(), None, n_classes=3)
    assert predictions.proba.shape == (3, 3)
    # squared distances to the one-hot truth: 0, 0.5, and 1 + 1 for the unseen class 2
    assert metric_from_predictions("brier", np.array([0, 1, 2]), predictions, 3) == (
        pytest.approx((0 + 0.5 + 2) / 3))


def test_default_strategies_compare_on_three_imbalanced_classes(multiclass_data):
    X, y = multiclass_data
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no strategy may fail
        result = compare_strategies(LogisticRegression(), X, y, cv=3, random_state=0,
                                    verbose=0)
    names = list(default_strategies(LogisticRegression()))
    assert list(result.summary.index) == names
    assert list(result.summary.columns) == [
        f"{m}_{s}" for m in DEFAULT_SCORING for s in ("mean", "std")]
    assert len(result.results) == len(names) * 3 * len(DEFAULT_SCORING)
    folds = result.results.groupby("strategy", sort=False)["fold"].apply(set)
    assert folds.tolist() == [{0, 1, 2}] * len(names)
    assert result.results["score"].notna().all()
    assert result.summary["brier_mean"].between(0, 2).all()
    assert (result.paired[["wins", "ties", "losses"]].sum(axis=1) == 3).all()
    assert result.best_strategy == result.summary["f1_mean"].idxmax()


def test_every_multiclass_strategy_gets_the_same_folds(multiclass_data):
    X, y = multiclass_data
    X = np.column_stack([np.arange(len(y)), X])
    TRAINING_ROWS.clear()
    strategies = {"a": RecordingLogisticRegression(C=1.0),
                  "b": RecordingLogisticRegression(C=2.0)}
    compare_strategies(LogisticRegression(), X, y, strategies, cv=3, scoring="f1",
                       random_state=0, verbose=0)
    rows_a = [rows for c, rows in TRAINING_ROWS if c == 1.0]
    assert rows_a == [rows for c, rows in TRAINING_ROWS if c == 2.0]
    assert len(set(rows_a)) == 3


def test_cv_may_be_an_iterable_of_splits(multiclass_data, light_strategies):
    X, y = multiclass_data
    splitter = StratifiedKFold(3, shuffle=True, random_state=0)
    from_int = compare_strategies(LogisticRegression(), X, y, light_strategies, cv=3,
                                  scoring="f1", random_state=0, verbose=0)
    from_list = compare_strategies(LogisticRegression(), X, y, light_strategies,
                                   cv=list(splitter.split(X, y)), scoring="f1",
                                   random_state=0, verbose=0)
    pd.testing.assert_frame_equal(from_int.summary, from_list.summary)


def test_multiclass_target_refuses_pos_label(multiclass_data):
    X, y = multiclass_data
    with pytest.raises(ValueError, match=r"pos_label='small' is only for binary targets; "
                                         r"y has 3 classes \['big', 'mid', 'small'\]"):
        compare_strategies(LogisticRegression(), X, y, pos_label="small", verbose=0)


def test_folds_name_the_class_that_is_too_small(multiclass_data):
    X, y = multiclass_data
    with pytest.raises(ValueError, match=r"cv=31 folds, but the smallest class has only 30 "
                                         r"samples \(class 'small'\).*use cv <= 30"):
        compare_strategies(LogisticRegression(), X, y, cv=31, verbose=0)


def test_single_class_is_refused(binary_data):
    X, _ = binary_data
    with pytest.raises(ValueError, match=r"y has 1 class \(0\); comparing strategies needs"):
        compare_strategies(LogisticRegression(), X, np.zeros(len(X), dtype=int), verbose=0)


def test_default_strategies_need_a_classifier():
    with pytest.raises(TypeError, match="estimator must be a scikit-learn classifier"):
        default_strategies(RandomUnderSampler())


def test_self_paced_ensemble_keeps_a_tree_base_only():
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier(max_depth=3)
    spe = default_strategies(tree)["self_paced_ensemble"]
    assert spe.estimator.get_params() == tree.get_params()
    assert default_strategies(RandomForestClassifier())["self_paced_ensemble"].estimator is None


def test_oversamplers_strategy_set_holds_the_family():
    from sklearn.linear_model import LogisticRegression

    from imbtools import over_sampling
    from imbtools.model_selection import oversampler_strategies

    strategies = oversampler_strategies(LogisticRegression(), random_state=0)
    family = (set(over_sampling.__all__) | set(over_sampling._LAZY)) - {"SMOTEN", "SMOTENC"}
    assert list(strategies)[:2] == ["baseline", "SMOTE"]
    assert set(strategies) - {"baseline"} == family
    for name, strategy in strategies.items():
        if name != "baseline":
            assert type(strategy.steps[0][1]).__name__ == name
            assert strategy.steps[0][1].get_params().get("random_state", 0) == 0


def test_compare_accepts_the_oversamplers_set(binary_data, monkeypatch):
    from sklearn.linear_model import LogisticRegression

    from imbtools.model_selection import _strategies, compare_strategies

    # the whole family takes a while; keep two of its members for this check
    full = _strategies.oversampler_strategies

    def two(*args, **kwargs):
        strategies = full(*args, **kwargs)
        return {name: strategies[name] for name in ("baseline", "SMOTE", "ADASYN")}

    monkeypatch.setattr("imbtools.model_selection._compare.oversampler_strategies", two)
    X, y = binary_data
    comparison = compare_strategies(LogisticRegression(), X, y, strategies="oversamplers",
                                    cv=3, random_state=0)
    assert set(comparison.summary.index.get_level_values(0)) >= {"baseline", "SMOTE", "ADASYN"}
    with pytest.raises(ValueError, match="strategies must be 'default', 'oversamplers'"):
        compare_strategies(LogisticRegression(), X, y, strategies="all")
