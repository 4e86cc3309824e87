"""The searches run their fits through joblib, so the dask backend spreads them."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import joblib  # noqa: E402
from dask_helpers import imbalanced  # noqa: E402
from distributed import get_task_stream  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from imbtools.class_weight import ClassWeightSearchCV  # noqa: E402
from imbtools.model_selection import StrategySearchCV, compare_strategies  # noqa: E402
from imbtools.threshold import ThresholdCalibratedClassifier  # noqa: E402
from imbtools.under_sampling import RandomUnderSampler  # noqa: E402

STRATEGIES = {"baseline": LogisticRegression(), "under": RandomUnderSampler(random_state=0)}

RUNS = {
    "compare_strategies": lambda X, y: compare_strategies(
        LogisticRegression(), X, y, strategies=STRATEGIES, cv=3, random_state=0, verbose=0),
    "StrategySearchCV": lambda X, y: StrategySearchCV(
        LogisticRegression(), strategies=STRATEGIES, cv=3, random_state=0).fit(X, y),
    "ClassWeightSearchCV": lambda X, y: ClassWeightSearchCV(
        LogisticRegression(), cv=3, n_candidates=2).fit(X, y),
    "ThresholdCalibratedClassifier": lambda X, y: ThresholdCalibratedClassifier(
        LogisticRegression(), cv=3).fit(X, y),
}


@pytest.mark.parametrize("name", list(RUNS))
def test_fits_run_on_the_cluster(client, name):
    X, y = imbalanced(n_samples=400, weights=(0.85,))
    with get_task_stream(client=client) as stream, joblib.parallel_backend(
            "dask", client=client):
        RUNS[name](X, y)
    assert len(stream.data) >= 3, f"{name} ran no task on the cluster"
