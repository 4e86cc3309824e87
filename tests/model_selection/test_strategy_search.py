"""StrategySearchCV: picks the comparison's best strategy and refits it."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression

from imbtools.model_selection import StrategySearchCV
from imbtools.under_sampling import RandomUnderSampler


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
    expected = np.where(inner.predict(X) == 1, "common", "rare")
    np.testing.assert_array_equal(search.predict(X), expected)


def test_is_an_unfitted_clonable_estimator(labelled_data):
    search = _search()
    assert clone(search).get_params()["cv"] == 3
    with pytest.raises(NotFittedError, match="StrategySearchCV"):
        search.predict(labelled_data[0])
