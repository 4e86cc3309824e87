from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.metrics.pairwise import ValueDifferenceMetric
from imblearn.over_sampling import SMOTEN as ImblearnSMOTEN
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder
from sklearn.tree import DecisionTreeClassifier

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


# -- categorical_encoder ------------------------------------------------------------------
@pytest.mark.parametrize("encoder", [OrdinalEncoder(), OrdinalEncoder(dtype=np.int32)])
def test_default_encoder_equals_explicit_ordinal(nominal_data, encoder):
    X, y = nominal_data
    frame = pd.DataFrame(X, columns=["p", "x", "u"]).astype({"p": "category", "x": "string"})
    for data in (X, frame):
        default = SMOTEN(random_state=0).fit_resample(data, y)[0]
        explicit = SMOTEN(encoder, random_state=0).fit_resample(data, y)[0]
        if isinstance(data, pd.DataFrame):
            pd.testing.assert_frame_equal(default, explicit)
        else:
            np.testing.assert_array_equal(default, explicit)


def test_fitted_encoder_is_a_clone_and_default_is_fitted(nominal_data):
    X, y = nominal_data
    encoder = OrdinalEncoder(min_frequency=40)
    sampler = SMOTEN(encoder).fit(X, y)
    assert not hasattr(encoder, "categories_") and sampler.categorical_encoder is encoder
    assert sampler.categorical_encoder_ is not encoder
    reference = clone(encoder).fit(X)
    np.testing.assert_array_equal(sampler.categorical_encoder_.transform(X),
                                  reference.transform(X))
    default = SMOTEN().fit(X, y).categorical_encoder_
    assert isinstance(default, OrdinalEncoder) and default.dtype is np.int32
    np.testing.assert_array_equal(default.transform(X),
                                  OrdinalEncoder(dtype=np.int32).fit_transform(X))


def test_min_frequency_groups_rare_values(nominal_data):
    # values grouped by the encoder act as one value written in their place (same class
    # probabilities, same neighbours, same votes); where that shared value wins, the new
    # sample copies the seed's rare value, else the nearest neighbour's
    X, y = nominal_data
    rare_rows = np.r_[100, 104, 110, 135, 140, 141, 147]
    tokens = [f"t{i}" for i in range(len(rare_rows))]
    X = X.copy()
    X[rare_rows, 0] = tokens
    merged = X.copy()
    merged[rare_rows, 0] = "rare"
    weights = np.arange(len(X), dtype=float)  # a synthetic sample's weight is its seed's
    X_grouped, y_grouped, w_grouped = SMOTEN(OrdinalEncoder(min_frequency=5),
                                             random_state=0).fit_resample(
        X, y, sample_weight=weights)
    X_merged, y_merged, w_merged = SMOTEN(random_state=0).fit_resample(
        merged, y, sample_weight=weights)
    np.testing.assert_array_equal(y_grouped, y_merged)
    np.testing.assert_array_equal(w_grouped, w_merged)
    np.testing.assert_array_equal(X_grouped[:, 1:], X_merged[:, 1:])
    is_rare = X_merged[:, 0] == "rare"
    np.testing.assert_array_equal(X_grouped[~is_rare, 0], X_merged[~is_rare, 0])
    # expected value: the seed's if rare, else the first rare one among its neighbours
    codes = np.column_stack([pd.factorize(c)[0] for c in merged.T]).astype(np.int64)
    _, class_codes = np.unique(y, return_inverse=True)
    tables = class_probabilities(codes, class_codes, 3)
    from_seed = from_neighbour = 0
    for i in np.flatnonzero(is_rare[len(X):]) + len(X):
        rows = np.flatnonzero(y == y_grouped[i])
        seed = int(w_grouped[i])
        if seed in rare_rows:
            expected, from_seed = X[seed, 0], from_seed + 1
        else:
            proba = np.stack([t[codes[rows, f]] for f, t in enumerate(tables)], axis=1)
            neighbours = np.empty((len(rows), 5), dtype=np.int64)
            vdm_kneighbors(proba, neighbours)
            holders = [r for r in rows[neighbours[np.searchsorted(rows, seed)]]
                       if r in rare_rows]
            expected, from_neighbour = X[holders[0], 0], from_neighbour + 1
        assert X_grouped[i, 0] == expected
    assert from_seed > 0 and from_neighbour > 0
    # and the grouping does change the result
    assert not np.array_equal(SMOTEN(random_state=0).fit_resample(X, y)[0][:, 1:],
                              X_grouped[:, 1:])


def test_clone_get_params_and_position():
    encoder = OrdinalEncoder(max_categories=3)
    sampler = SMOTEN(encoder, k_neighbors=4)  # first parameter, as in imbalanced-learn
    assert sampler.get_params(deep=True)["categorical_encoder__max_categories"] == 3
    copy = clone(sampler)
    assert copy.categorical_encoder is not encoder
    assert copy.categorical_encoder.get_params() == encoder.get_params()
    assert SMOTEN().get_params()["categorical_encoder"] is None


def test_grid_search_over_encoder_in_pipeline():
    rng = np.random.RandomState(0)
    y = np.array([0] * 120 + [1] * 30)
    X = np.column_stack([rng.randint(0, 6, 150) + y, rng.randint(0, 10, 150)]).astype(float)
    pipeline = make_pipeline(SMOTEN(random_state=0), DecisionTreeClassifier(random_state=0))
    grid = {"smoten__categorical_encoder": [None, OrdinalEncoder(min_frequency=20)]}
    search = GridSearchCV(pipeline, grid, cv=3, error_score="raise").fit(X, y)
    assert len(search.cv_results_["params"]) == 2
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


@pytest.mark.parametrize(
    "encoder, message",
    [
        ("ordinal", r"The 'categorical_encoder' parameter of SMOTEN must be an object "
                    r"implementing 'fit_transform' and 'inverse_transform' or None"),
        (OneHotEncoder(), r"SMOTEN needs an ordinal encoding: one integer code per feature "
                          r"\(3 column\(s\) here\)\. The categorical_encoder OneHotEncoder\(\) "
                          r"returned an array of shape \(150, 9\)"),
        (FunctionTransformer(lambda X: np.full(X.shape, 0.5)),
         r"integer codes\. The categorical_encoder FunctionTransformer\(.*\) returned values "
         r"of dtype float64 such as 0\.5"),
    ],
)
def test_encoder_errors(nominal_data, encoder, message):
    X, y = nominal_data
    with pytest.raises((ValueError, TypeError), match=message):
        SMOTEN(encoder).fit_resample(X, y)
