"""scikit-learn's and imbalanced-learn's estimator checks on SelfPacedUnderSampler."""

from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from imbtools.under_sampling import SelfPacedUnderSampler

SAMPLERS = [
    SelfPacedUnderSampler(random_state=0),
    SelfPacedUnderSampler(random_state=0, soft_resample=True, replacement=True, k_bins=3),
]


@sklearn_checks(SAMPLERS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@imblearn_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)
