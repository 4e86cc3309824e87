"""StrategySearchCV: picks the comparison's best strategy and refits it."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from threadpoolctl import threadpool_limits

from imbtools.model_selection import StrategySearchCV, make_preprocessor
from imbtools.under_sampling import RandomUnderSampler


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    """The models here are tiny: BLAS threads only add contention on a busy machine."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture
def labelled_data(binary_data):
    X, y = binary_data
    return X, np.where(y == 1, "rare", "common")


def _search(**kwargs):
    strategies = {"baseline": LogisticRegression(), "under": RandomUnderSampler(random_state=0)}
    return StrategySearchCV(LogisticRegression(), strategies, cv=3, random_state=0, **kwargs)


def test_refits_the_best_strategy_and_predicts_original_labels(labelled_data):
    X, y = labelled_data
    search = _search(scoring=("recall", "f1")).fit(X, y)
    summary = search.comparison_.summary
    assert search.best_strategy_ == summary["recall_mean"].idxmax()
    assert search.best_score_ == pytest.approx(summary["recall_mean"].max())
    assert search.classes_.tolist() == ["common", "rare"]  # minority is positive
    assert set(search.predict(X)) <= {"common", "rare"}
    proba = search.predict_proba(X)
    assert proba.shape == (len(y), 2)
    np.testing.assert_allclose(search.predict_log_proba(X), np.log(proba))
    np.testing.assert_array_equal(search.predict(X),
                                  search.classes_[search.best_estimator_.predict(X)])


def test_pos_label_sets_the_positive_class(labelled_data):
    X, y = labelled_data
    search = _search(pos_label="common").fit(X, y)
    assert search.classes_.tolist() == ["common", "rare"]  # sorted, as in scikit-learn
    assert search.comparison_.positive_label == "common"
    # the refitted strategy scores "common" as class 1; our outputs follow sorted classes_
    inner = search.best_estimator_
    np.testing.assert_allclose(search.predict_proba(X)[:, 0], inner.predict_proba(X)[:, 1])
    np.testing.assert_allclose(search.predict_log_proba(X)[:, 0],
                               inner.predict_log_proba(X)[:, 1])
    np.testing.assert_allclose(search.decision_function(X), -inner.decision_function(X))
    expected = np.where(inner.predict(X) == 1, "common", "rare")
    np.testing.assert_array_equal(search.predict(X), expected)


def test_is_an_unfitted_clonable_estimator(labelled_data):
    search = _search()
    assert clone(search).get_params()["cv"] == 3
    with pytest.raises(NotFittedError, match="StrategySearchCV"):
        search.predict(labelled_data[0])


def test_multiclass_predictions_follow_sorted_classes(multiclass_data):
    X, y = multiclass_data
    search = _search(scoring=("f1", "recall")).fit(X, y)
    assert search.classes_.tolist() == ["big", "mid", "small"]
    assert search.best_strategy_ == search.comparison_.summary["f1_mean"].idxmax()
    inner = search.best_estimator_
    assert inner.classes_.tolist() == [0, 1, 2]  # trained on codes in the order of classes_
    proba = search.predict_proba(X)
    assert proba.shape == (len(y), 3)
    np.testing.assert_array_equal(proba, inner.predict_proba(X))
    np.testing.assert_allclose(search.predict_log_proba(X), np.log(proba))
    np.testing.assert_array_equal(search.predict(X), search.classes_[inner.predict(X)])
    np.testing.assert_array_equal(search.predict(X),
                                  search.classes_[search.decision_function(X).argmax(axis=1)])
    assert search.score(X, y) == pytest.approx(np.mean(search.predict(X) == y))


def test_multiclass_refuses_pos_label(multiclass_data):
    X, y = multiclass_data
    with pytest.raises(ValueError, match="pos_label='mid' is only for binary targets"):
        _search(pos_label="mid").fit(X, y)


def test_same_seed_same_search(multiclass_data):
    X, y = multiclass_data
    first, second = _search().fit(X, y), _search().fit(X, y)
    pd.testing.assert_frame_equal(first.comparison_.results.drop(columns="fit_time"),
                                  second.comparison_.results.drop(columns="fit_time"))
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))


def test_a_class_smaller_than_cv_is_a_clear_error(binary_data):
    X, y = binary_data
    y = y.copy()
    y[np.flatnonzero(y == 1)[2:]] = 0  # two samples left in class 1
    with pytest.raises(ValueError, match=r"cv=3 folds, but the smallest class has only 2 "
                                         r"samples \(class 1\).*use cv <= 2"):
        _search().fit(X, y)


def _nested_accuracy_by_hand(search, X, y, outer):
    take = (lambda rows: X.iloc[rows]) if hasattr(X, "iloc") else (lambda rows: X[rows])
    labels = np.asarray(y)
    return [np.mean(clone(search).fit(take(train), labels[train]).predict(take(test))
                    == labels[test]) for train, test in outer.split(X, labels)]


@pytest.mark.parametrize("data", ["labelled_data", "multiclass_data"])
def test_cross_val_score_of_a_dataframe_is_the_nested_estimate(data, request):
    X, y = request.getfixturevalue(data)
    X = pd.DataFrame(X, columns=[f"x{i}" for i in range(X.shape[1])])
    y = pd.Series(y, name="label")
    outer = StratifiedKFold(3, shuffle=True, random_state=1)
    search = _search()
    scores = cross_val_score(search, X, y, cv=outer)
    np.testing.assert_allclose(scores, _nested_accuracy_by_hand(search, X, y, outer))
    assert scores.min() > 0.7


def test_dataframe_feature_names_are_recorded_and_checked(multiclass_data):
    X, y = multiclass_data
    X = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    search = _search().fit(X, y)
    assert search.n_features_in_ == 4
    assert search.feature_names_in_.tolist() == ["a", "b", "c", "d"]
    with pytest.raises(ValueError, match="Feature names unseen at fit time"):
        search.predict(X.rename(columns={"a": "z"}))
    with pytest.warns(UserWarning, match="X does not have valid feature names"), \
            pytest.raises(ValueError, match="X has 3 features, but StrategySearchCV is "
                                            "expecting 4 features"):
        search.predict(X.to_numpy()[:, :3])


def test_text_columns_need_a_preprocessor(multiclass_data):
    X, y = multiclass_data
    X = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    X["city"] = np.where(X["a"] > 0, "north", "south")
    X.loc[::7, "b"] = np.nan
    with pytest.raises(TypeError, match=r"non-numeric column\(s\) \['city'\].*"
                                        r"preprocessor=make_preprocessor\(X\)"):
        _search().fit(X, y)
    search = _search(preprocessor=make_preprocessor(X)).fit(X, y)
    assert search.predict_proba(X).shape == (len(y), 3)
    assert search.feature_names_in_.tolist() == ["a", "b", "c", "d", "city"]


@pytest.mark.parametrize("params, message", [
    (dict(strategies="all"), r"The 'strategies' parameter of StrategySearchCV must be"),
    (dict(cv="five"), r"The 'cv' parameter of StrategySearchCV must be"),
    (dict(preprocessor="scale"), r"The 'preprocessor' parameter of StrategySearchCV must be"),
])
def test_bad_parameters_are_named(labelled_data, params, message):
    X, y = labelled_data
    with pytest.raises(ValueError, match=message):
        StrategySearchCV(LogisticRegression(), **params).fit(X, y)
