from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.metrics.pairwise import ValueDifferenceMetric
from imblearn.over_sampling import SMOTEN as ImblearnSMOTEN
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools._kernels.categorical import vdm_kneighbors
from imbtools.over_sampling import SMOTEN
from imbtools.over_sampling._smote_n import class_probabilities


@pytest.fixture
def nominal_data():
    """150 rows, three nominal features whose distribution depends on the class."""
    rng = np.random.RandomState(0)
    y = np.array(["a"] * 90 + ["b"] * 40 + ["c"] * 20)
    shift = np.select([y == "b", y == "c"], [1, 2], 0)
    X = np.column_stack([
        np.array(list("pqrs"))[(rng.randint(0, 3, 150) + shift) % 4],
        np.array(list("xyz"))[(rng.randint(0, 2, 150) + shift) % 3],
        np.array(list("uv"))[rng.randint(0, 2, 150)],
    ]).astype(object)
    return X, y


def vdm_reference(X, y, label):
    codes = np.column_stack([pd.factorize(c)[0] for c in X.T]).astype(np.int32)
    vdm = ValueDifferenceMetric().fit(codes, y)
    rows = np.flatnonzero(y == label)
    distances = vdm.pairwise(codes[rows])
    np.fill_diagonal(distances, np.inf)
    return distances


def mode_reference(values):
    counts = Counter(values)
    best = max(counts.values())
    return next(v for v in values if counts[v] == best)


def test_vdm_kernel_matches_imblearn_metric(nominal_data):
    X, y = nominal_data
    codes = np.column_stack([pd.factorize(c)[0] for c in X.T]).astype(np.int64)
    _, class_codes = np.unique(y, return_inverse=True)
    tables = class_probabilities(codes, class_codes, 3)
    rows = np.flatnonzero(y == "b")
    proba = np.stack([t[codes[rows, f]] for f, t in enumerate(tables)], axis=1)
    out = np.empty((len(rows), 4), dtype=np.int64)
    vdm_kneighbors(proba, out)
    reference = vdm_reference(X, y, "b")
    np.testing.assert_allclose(np.take_along_axis(reference, out, 1),
                               np.sort(reference, axis=1)[:, :4], rtol=1e-9)


def test_synthetic_values_are_the_mode_of_seed_and_neighbours(nominal_data):
    X, y = nominal_data
    k = 5
    X_res, y_res = SMOTEN(random_state=0).fit_resample(X, y)
    for label in ("b", "c"):
        X_class = X[y == label]
        distances = vdm_reference(X, y, label)
        neighbours = np.argsort(distances, axis=1, kind="stable")[:, :k]
        allowed = {tuple(mode_reference([X_class[v, f] for v in [s, *neighbours[s]]])
                         for f in range(3)) for s in range(len(X_class))}
        new = X_res[len(X):][y_res[len(X):] == label]
        assert len(new) == 90 - len(X_class)
        assert {tuple(row) for row in new} <= allowed


@pytest.mark.parametrize(
    "strategy", ["auto", "minority", "not majority", {"b": 70, "c": 50}, lambda y: {"c": 21}]
)
def test_class_counts_equal_imblearn(nominal_data, strategy):
    X, y = nominal_data
    ours = SMOTEN(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    theirs = ImblearnSMOTEN(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    assert Counter(ours) == Counter(theirs)


def test_dataframe_dtypes_kept_and_sample_weight(nominal_data):
    X, y = nominal_data
    frame = pd.DataFrame(X, columns=["p", "x", "u"]).astype(
        {"p": "category", "x": "string", "u": object})
    weights = np.arange(150, dtype=float)
    X_res, y_res, w_res = SMOTEN(random_state=0).fit_resample(
        frame, pd.Series(y, name="target"), sample_weight=weights)
    assert X_res.dtypes.to_dict() == frame.dtypes.to_dict()
    assert y_res.name == "target" and len(w_res) == len(X_res) == 270
    np.testing.assert_allclose(w_res[:150], weights)
    # each synthetic weight is the weight of a seed of the same class
    assert set(w_res[150:]) <= set(weights[y != "a"])


def test_integer_and_boolean_labels(nominal_data):
    X, y = nominal_data
    _, y_int = SMOTEN(random_state=0).fit_resample(X[:130], (y[:130] == "b").astype(int))
    _, y_bool = SMOTEN(random_state=0).fit_resample(X[:130], y[:130] == "b")
    assert Counter(y_int) == {0: 90, 1: 90} and Counter(y_bool) == {False: 90, True: 90}


def test_user_neighbour_object_equals_integer(nominal_data):
    X, y = nominal_data
    with_int = SMOTEN(k_neighbors=3, random_state=0).fit_resample(X, y)[0]
    with_object = SMOTEN(k_neighbors=SklearnNeighbors(n_neighbors=4), random_state=0)
    np.testing.assert_array_equal(with_object.fit_resample(X, y)[0], with_int)


@pytest.mark.parametrize(
    "params, X_change, message",
    [
        ({"k_neighbors": 25}, None, r"k_neighbors=25 needs at least 26 samples .* 'c' has 20"),
        ({}, lambda X: np.where(np.arange(X.size).reshape(X.shape) == 4, None, X),
         r"NaN \(a missing value\) in the categorical column 1, first at row 1"),
        ({"k_neighbors": 0}, None, r"The 'k_neighbors' parameter of SMOTEN must be"),
    ],
)
def test_errors(nominal_data, params, X_change, message):
    X, y = nominal_data
    X = X if X_change is None else X_change(X)
    with pytest.raises(ValueError, match=message):
        SMOTEN(**params).fit_resample(X, y)
