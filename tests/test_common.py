"""scikit-learn's and imbalanced-learn's estimator checks on every public estimator.

The estimators come from the library's registry (:func:`imbtools.utils.discovery.all_estimators`),
their configurations from ``tests/estimator_registry.py``.
"""

import importlib
import inspect
import pkgutil

import pytest
from estimator_registry import (
    build_instances,
    expected_failed_checks,
    expected_failed_imblearn_checks,
)
from imblearn.pipeline import make_pipeline
from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils import estimator_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks
from threadpoolctl import threadpool_limits

import imbtools
from imbtools.utils.discovery import all_estimators

INSTANCES = build_instances()
ALL = [estimator for name in sorted(INSTANCES) for estimator in INSTANCES[name]]
SAMPLERS = [estimator for estimator in ALL if hasattr(estimator, "fit_resample")]


@pytest.fixture(autouse=True)
def one_thread_per_pool():
    """k-means' OpenMP threads and BLAS spin badly on a busy machine; the data are tiny."""
    with threadpool_limits(limits=1):
        yield


def test_every_public_estimator_is_registered():
    registered = set(INSTANCES)
    public = {name for name, _ in all_estimators()}
    assert public - registered == set(), "add these estimators to tests/estimator_registry.py"
    assert registered - public == set(), "these registered names are not public estimators"


def _modules():
    for info in pkgutil.walk_packages(imbtools.__path__, "imbtools."):
        if ".dask" in info.name or info.name.endswith("__main__"):
            continue  # dask: an optional dependency (its estimators take dask input)
        yield importlib.import_module(info.name)


def test_registry_finds_every_estimator_class_of_the_package():
    """A public estimator class defined anywhere in imbtools is exported (and so checked)."""
    public = {cls for _, cls in all_estimators()}
    missing = set()
    for module in _modules():
        for name, obj in vars(module).items():
            if (inspect.isclass(obj) and issubclass(obj, BaseEstimator)
                    and obj.__module__ == module.__name__ and not name.startswith("_")
                    and not inspect.isabstract(obj) and not name.startswith("Base")
                    and (hasattr(obj, "fit_resample") or hasattr(obj, "predict")
                         or hasattr(obj, "kneighbors"))):
                if obj not in public:
                    missing.add(f"{module.__name__}.{name}")
    assert missing == set(), "export these from a public module (see PUBLIC_MODULES)"


@sklearn_checks(ALL, expected_failed_checks=expected_failed_checks)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@imblearn_checks(SAMPLERS, expected_failed_checks=expected_failed_imblearn_checks)
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
PIPELINE_SAMPLERS = [INSTANCES[name][0] for name in
                     ("SMOTE", "RandomOverSampler", "RandomUnderSampler")]


@pytest.mark.parametrize("sampler", PIPELINE_SAMPLERS, ids=lambda s: repr(s))
@pytest.mark.parametrize("check_name", PIPELINE_CHECKS)
def test_sampler_in_pipeline_makes_a_sound_classifier(sampler, check_name):
    pipeline = make_pipeline(sampler, LogisticRegression())
    getattr(estimator_checks, check_name)("Pipeline", pipeline)
