"""scikit-learn's and imbalanced-learn's estimator checks on every public sampler."""

import pytest
from imblearn.pipeline import make_pipeline
from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.linear_model import LogisticRegression
from sklearn.utils import estimator_checks
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


# A Pipeline mutates its steps, so it is not held to every estimator check; these are the
# classifier checks that exercise how a sampler hands its output to the next step.
PIPELINE_CHECKS = [
    "check_classifier_data_not_an_array",
    "check_classifiers_classes",
    "check_classifiers_train",
    "check_supervised_y_2d",
    "check_fit_idempotent",
]


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: repr(s))
@pytest.mark.parametrize("check_name", PIPELINE_CHECKS)
def test_sampler_in_pipeline_makes_a_sound_classifier(sampler, check_name):
    pipeline = make_pipeline(sampler, LogisticRegression())
    getattr(estimator_checks, check_name)("Pipeline", pipeline)
