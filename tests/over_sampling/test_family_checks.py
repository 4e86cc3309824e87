"""scikit-learn's and imbalanced-learn's estimator checks on the SMOTE family."""

from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from imbtools.over_sampling import ADASYN, BorderlineSMOTE

SAMPLERS = [
    ADASYN(random_state=0),
    BorderlineSMOTE(random_state=0),
    BorderlineSMOTE(random_state=0, kind="borderline-2"),
]


@sklearn_checks(SAMPLERS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@imblearn_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)
