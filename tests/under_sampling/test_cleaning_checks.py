"""scikit-learn's and imbalanced-learn's estimator checks on the cleaning samplers."""

from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.ensemble import RandomForestClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from imbtools.under_sampling import (
    AllKNN,
    ClusterCentroids,
    CondensedNearestNeighbour,
    EditedNearestNeighbours,
    InstanceHardnessThreshold,
    NearMiss,
    NeighbourhoodCleaningRule,
    OneSidedSelection,
    RepeatedEditedNearestNeighbours,
    TomekLinks,
)

SAMPLERS = [
    TomekLinks(),
    EditedNearestNeighbours(),
    RepeatedEditedNearestNeighbours(),
    AllKNN(),
    NeighbourhoodCleaningRule(),
    OneSidedSelection(random_state=0),
    CondensedNearestNeighbour(random_state=0),
    NearMiss(),
    NearMiss(version=2),
    # Default parameters pass too; a 10-tree forest keeps the suite fast.
    InstanceHardnessThreshold(estimator=RandomForestClassifier(n_estimators=10, random_state=0),
                              random_state=0),
    # voting='auto' is hard for sparse and soft for dense input by design, so the
    # sparse-equals-dense check needs one fixed voting (imbalanced-learn's tests do the same).
    ClusterCentroids(random_state=0, voting="soft"),
]


@sklearn_checks(SAMPLERS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@imblearn_checks(SAMPLERS)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)
