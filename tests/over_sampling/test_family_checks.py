"""scikit-learn's and imbalanced-learn's estimator checks on the SMOTE family."""

import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks
from threadpoolctl import threadpool_limits

from imbtools.over_sampling import (
    ADASYN,
    SMOTEN,
    SMOTENC,
    SVMSMOTE,
    BorderlineSMOTE,
    KMeansSMOTE,
)


@pytest.fixture(autouse=True)
def one_thread_per_pool():
    """k-means' OpenMP threads spin badly on a busy machine; these data are tiny."""
    with threadpool_limits(limits=1):
        yield


SAMPLERS = [
    ADASYN(random_state=0),
    BorderlineSMOTE(random_state=0),
    BorderlineSMOTE(random_state=0, kind="borderline-2"),
    # imbalanced-learn's own checks instantiate SMOTENC like this (and then skip it)
    SMOTENC(categorical_features=[0], random_state=0),
    SMOTEN(random_state=0),
    # a user's encoder that groups rare values takes the encoder path of both
    SMOTENC(categorical_features=[0], categorical_encoder=OneHotEncoder(min_frequency=3),
            random_state=0),
    SMOTEN(OrdinalEncoder(min_frequency=3), random_state=0),
    SVMSMOTE(random_state=0),
    KMeansSMOTE(random_state=0),
]


@sklearn_checks(SAMPLERS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def expected_failed_checks(estimator):
    if isinstance(estimator, SMOTENC):
        return {
            "check_samplers_string": "SMOTE-NC needs a continuous feature; this check "
            "passes one categorical column only (imbalanced-learn skips SMOTENC entirely)",
        }
    return {}


@imblearn_checks(SAMPLERS, expected_failed_checks=expected_failed_checks)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)
