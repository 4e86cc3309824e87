"""scikit-learn's estimator checks on StrategySearchCV, in a configuration cheap to fit.

Two strategies on 3 folds: seven small fits per ``fit``. The logistic regressions are
tiny, so BLAS threads only add start-up and contention cost: one thread for this module.
"""

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks
from threadpoolctl import threadpool_limits

from imbtools.model_selection import StrategySearchCV
from imbtools.under_sampling import RandomUnderSampler


@pytest.fixture(scope="module", autouse=True)
def one_blas_thread():
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@parametrize_with_checks([
    StrategySearchCV(
        LogisticRegression(),
        strategies={"baseline": LogisticRegression(),
                    "under": RandomUnderSampler(random_state=0)},
        cv=3,
    ),
])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
