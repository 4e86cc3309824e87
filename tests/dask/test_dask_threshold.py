"""ThresholdCalibratedClassifier(cv='prefit') on dask data equals the in-memory sweep."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask.array as da  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

from imbtools.dask import ThresholdCalibratedClassifier  # noqa: E402
from imbtools.threshold import ThresholdCalibratedClassifier as MemoryCalibrated  # noqa: E402


@pytest.fixture(scope="module")
def held_out():
    X, y = imbalanced(n_samples=12000, weights=(0.9,), seed=0, flip_y=0.05)
    models = {
        "logistic": LogisticRegression().fit(X[:3000], y[:3000]),
        "tree": DecisionTreeClassifier(max_depth=5, random_state=0).fit(X[:3000], y[:3000]),
    }
    return X[3000:], y[3000:], models


@pytest.mark.parametrize("model", ["logistic", "tree"])
@pytest.mark.parametrize("scoring", ["f1", "balanced_accuracy", "matthews_corrcoef"])
@pytest.mark.parametrize("n_bins", [2, 64, 4096])
def test_equals_in_memory_sweep(held_out, model, scoring, n_bins):
    X, y, models = held_out
    Xd, yd = as_dask_arrays(X, y, 2000)
    ours = ThresholdCalibratedClassifier(models[model], cv="prefit", scoring=scoring,
                                         n_bins=n_bins).fit(Xd, yd)
    theirs = MemoryCalibrated(models[model], cv="prefit", scoring=scoring).fit(X, y)
    assert ours.best_threshold_ == theirs.best_threshold_
    assert ours.best_score_ == theirs.best_score_
    if n_bins == 4096 and model == "logistic":
        assert ours.n_exact_scores_ < X.shape[0] / 10  # only a few bins were gathered


def test_cost_matrix_and_frames(held_out):
    X, y, _ = held_out
    Xd, yd = as_dask_frame(X, y, npartitions=3)
    frame = Xd.compute()
    model = LogisticRegression().fit(frame.iloc[:2000], y[:2000])  # knows the columns
    cost = [[0, 1], [5, 0]]
    ours = ThresholdCalibratedClassifier(model, cv="prefit", cost_matrix=cost,
                                         n_bins=256).fit(Xd, yd)
    theirs = MemoryCalibrated(model, cv="prefit", cost_matrix=cost).fit(frame, y)
    assert ours.best_threshold_ == theirs.best_threshold_
    np.testing.assert_allclose(ours.best_score_, theirs.best_score_, rtol=1e-12)
    predicted = ours.predict(Xd)
    assert isinstance(predicted, da.Array)
    np.testing.assert_array_equal(predicted.compute(), theirs.predict(frame))


def test_on_the_local_cluster(held_out, on_cluster):
    X, y, models = held_out
    Xd, yd = as_dask_arrays(X, y, 3000)
    ours = ThresholdCalibratedClassifier(models["tree"], cv="prefit").fit(Xd, yd)
    theirs = MemoryCalibrated(models["tree"], cv="prefit").fit(X, y)
    assert ours.best_threshold_ == theirs.best_threshold_
    np.testing.assert_array_equal(ours.decision_function(Xd).compute(),
                                  theirs.decision_function(X))


def test_unsupported_settings(held_out):
    X, y, models = held_out
    Xd, yd = as_dask_arrays(X, y, 3000)
    with pytest.raises(ValueError, match=r"constraint=.* not supported on dask data"):
        ThresholdCalibratedClassifier(models["tree"], cv="prefit",
                                      constraint=("recall", 0.8)).fit(Xd, yd)
    X3, y3 = imbalanced(n_samples=600, n_classes=3, weights=(0.6, 0.3))
    model = LogisticRegression().fit(X3, y3)
    with pytest.raises(ValueError, match="3 classes; on dask data only binary"):
        ThresholdCalibratedClassifier(model, cv="prefit").fit(*as_dask_arrays(X3, y3, 200))
