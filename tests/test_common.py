"""scikit-learn's and imbalanced-learn's estimator checks on every public sampler."""

from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from imbtools.neighbors import NearestNeighbors
from imbtools.over_sampling import SMOTE, RandomOverSampler
from imbtools.under_sampling import RandomUnderSampler

SAMPLERS = [
    SMOTE(random_state=0),
    RandomOverSampler(random_state=0),
    RandomOverSampler(random_state=0, shrinkage=0.5),
    RandomUnderSampler(random_state=0),
]


@sklearn_checks([*SAMPLERS, NearestNeighbors()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@imblearn_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)
