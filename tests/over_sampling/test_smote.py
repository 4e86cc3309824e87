from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.over_sampling import SMOTE


def smote_reference(X, y, n_new_by_class, k, seed):
    """Plain NumPy SMOTE with scikit-learn neighbours, drawing the same random stream."""
    rng = np.random.default_rng(np.random.RandomState(seed).randint(np.iinfo(np.int32).max))
    blocks = []
    for label, n_new in n_new_by_class.items():
        X_class = X[y == label]
        nn = SklearnNeighbors(n_neighbors=k + 1).fit(X_class)
        neighbours = nn.kneighbors(X_class, return_distance=False)[:, 1:]
        draws = rng.integers(0, X_class.shape[0] * k, size=n_new)
        seeds, picks = draws // k, draws % k
        steps = rng.random(n_new)
        start = X_class[seeds]
        blocks.append(start + steps[:, None] * (X_class[neighbours[seeds, picks]] - start))
    return np.vstack([X, *blocks])


def test_equals_numpy_reference(binary_data, seed):
    X, y = binary_data
    X_res, y_res = SMOTE(random_state=seed).fit_resample(X, y)
    expected = smote_reference(X, y, {1: 220}, 5, seed)
    np.testing.assert_allclose(X_res, expected, rtol=1e-12)
    np.testing.assert_array_equal(y_res, np.r_[y, np.ones(220, dtype=y.dtype)])


def test_synthetic_points_lie_on_segments_to_k_nearest_neighbours(multiclass_data):
    X, y = multiclass_data
    k = 3
    X_res, y_res = SMOTE(k_neighbors=k, random_state=0).fit_resample(X, y)
    synthetic, synthetic_y = X_res[len(X):], y_res[len(X):]
    for label in ("mid", "small"):
        X_class = X[y == label]
        neighbours = SklearnNeighbors(n_neighbors=k + 1).fit(X_class).kneighbors(
            X_class, return_distance=False)[:, 1:]
        starts = np.repeat(X_class, k, axis=0)  # every (sample, neighbour) segment
        ends = X_class[neighbours.ravel()]
        for point in synthetic[synthetic_y == label]:
            direction = ends - starts
            t = ((point - starts) * direction).sum(1) / (direction**2).sum(1)
            closest = starts + np.clip(t, 0, 1)[:, None] * direction
            assert np.min(np.linalg.norm(closest - point, axis=1)) < 1e-9


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"big": 200, "mid": 200, "small": 200}),
        ("minority", {"big": 200, "mid": 60, "small": 200}),
        ("not minority", {"big": 200, "mid": 200, "small": 30}),
        ("all", {"big": 200, "mid": 200, "small": 200}),
        ({"mid": 70, "small": 45}, {"big": 200, "mid": 70, "small": 45}),
        (lambda y: {"small": 31}, {"big": 200, "mid": 60, "small": 31}),
    ],
)
def test_exact_class_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = SMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == expected


def test_float_strategy_counts(binary_data):
    X, y = binary_data
    _, y_res = SMOTE(sampling_strategy=0.5, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {0: 260, 1: 130}


def test_same_seed_same_output_and_different_seed_different_output(binary_data):
    X, y = binary_data
    first = SMOTE(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, SMOTE(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, SMOTE(random_state=4).fit_resample(X, y)[0])


def test_classes_get_independent_draws():
    # two minority classes with identical points: a generator re-seeded per class would
    # produce identical synthetic samples for both
    rng = np.random.RandomState(0)
    minority = rng.normal(size=(20, 2))
    X = np.vstack([rng.normal(size=(100, 2)), minority, minority])
    y = np.array([0] * 100 + [1] * 20 + [2] * 20)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    assert not np.allclose(X_res[y_res == 1][20:], X_res[y_res == 2][20:])


def test_inputs_and_random_state_are_not_modified(binary_data):
    X, y = binary_data
    weights = np.linspace(0.5, 1.5, len(y))
    copies = X.copy(), y.copy(), weights.copy()
    frame = pd.DataFrame(X)
    frame_copy = frame.copy()
    state = np.random.RandomState(0)
    sampler = SMOTE(random_state=state)
    sampler.fit_resample(X, y, sample_weight=weights)
    sampler.fit_resample(frame, y)
    for original, copy in zip((X, y, weights), copies):
        np.testing.assert_array_equal(original, copy)
    pd.testing.assert_frame_equal(frame, frame_copy)
    assert sampler.random_state is state
    seeded = SMOTE(random_state=7)
    seeded.fit_resample(X, y)
    assert seeded.get_params()["random_state"] == 7


def test_float32_and_sparse(binary_data):
    X, y = binary_data
    X32 = X.astype(np.float32)
    X_res, _ = SMOTE(random_state=0).fit_resample(X32, y)
    assert X_res.dtype == np.float32
    dense, _ = SMOTE(random_state=0).fit_resample(X, y)
    X_sparse, _ = SMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse) and X_sparse.format == "csr"
    np.testing.assert_allclose(X_sparse.toarray(), dense, rtol=1e-12)


def test_dataframe_round_trip_keeps_columns_and_dtypes(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(
        {"f32": X[:, 0].astype(np.float32), "f64": X[:, 1], "count": (X[:, 2] * 10).astype(int)},
        index=np.arange(len(y)) * 3,
    )
    target = pd.Series(y, name="label", dtype="int32")
    X_res, y_res = SMOTE(random_state=0).fit_resample(frame, target)
    assert list(X_res.columns) == ["f32", "f64", "count"]
    assert X_res.dtypes.to_dict() == {
        "f32": np.float32, "f64": np.float64, "count": np.float64,
    }
    assert isinstance(y_res, pd.Series) and y_res.name == "label" and y_res.dtype == "int32"
    pd.testing.assert_frame_equal(X_res.iloc[: len(frame)], frame.reset_index(drop=True),
                                  check_dtype=False)
    assert X_res.index.equals(pd.RangeIndex(len(X_res)))
    np.testing.assert_array_equal(sorted(Counter(y_res).values()), [260, 260])


def test_dataframe_with_category_column_is_a_clear_type_error(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X[:, :2], columns=["a", "b"]).assign(colour=pd.Categorical(["r"] * 300))
    with pytest.raises(TypeError, match=r"non-numeric column\(s\) \['colour'\]"):
        SMOTE().fit_resample(frame, y)


def test_sample_weight_of_synthetic_rows_is_interpolated(binary_data):
    X, y = binary_data
    weights = np.zeros(len(y))
    minority = np.flatnonzero(y == 1)
    weights[minority] = np.arange(1, len(minority) + 1)
    # with weights equal to a linear function of one feature, interpolated weights equal
    # the same function of the synthetic feature values
    X_lin = X.copy()
    X_lin[:, 0] = weights
    X_res, y_res, w_res = SMOTE(random_state=0).fit_resample(X_lin, y, sample_weight=weights)
    np.testing.assert_allclose(w_res[: len(y)], weights)
    np.testing.assert_allclose(w_res[len(y):], X_res[len(y):, 0], rtol=1e-12)
    assert len(w_res) == len(y_res)


def test_user_neighbour_object_equals_integer_k(binary_data):
    X, y = binary_data
    with_int = SMOTE(k_neighbors=4, random_state=0).fit_resample(X, y)[0]
    with_object = SMOTE(k_neighbors=SklearnNeighbors(n_neighbors=5), random_state=0)
    np.testing.assert_allclose(with_object.fit_resample(X, y)[0], with_int)


def test_pipeline_grid_search_over_k_neighbors(binary_data):
    X, y = binary_data
    model = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    search = GridSearchCV(model, {"smote__k_neighbors": [1, 3, 5]}, scoring="f1",
                          cv=StratifiedKFold(3, shuffle=True, random_state=0))
    search.fit(X, y)
    assert search.best_params_["smote__k_neighbors"] in (1, 3, 5)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))


@pytest.mark.parametrize(
    "X_bad, message",
    [
        (lambda X: np.where(np.arange(X.size).reshape(X.shape) == 7, np.nan, X),
         r"Input X contains NaN \(1 value\(s\), the first at row 1, column 2\)"),
        (lambda X: np.where(np.arange(X.size).reshape(X.shape) == 0, np.inf, X),
         r"Input X contains infinity"),
        (lambda X: X[:, :, None], r"X must be a 2-D array .* shape \(300, 5, 1\)"),
        (lambda X: X[:0], r"X is empty: it has 0 sample\(s\)"),
    ],
)
def test_bad_features(binary_data, X_bad, message):
    X, y = binary_data
    with pytest.raises(ValueError, match=message):
        SMOTE().fit_resample(X_bad(X), y if X_bad(X).shape[0] else y[:0])


@pytest.mark.parametrize(
    "params, y_change, message",
    [
        ({}, lambda y: np.zeros_like(y),
         r"y has 1 class \(\[0\]\); resampling needs at least 2 classes"),
        ({}, lambda y: y[:-1], r"X has 300 rows, y has 299 labels"),
        ({"k_neighbors": 50}, None,
         r"k_neighbors=50 needs at least 51 samples .* class 1 has 40\. Lower k_neighbors"),
        ({"sampling_strategy": {7: 100}}, None,
         r"names the class 7, which is not in y; the classes in y are \[0, 1\]"),
        ({"sampling_strategy": "majority"}, None,
         r"The 'sampling_strategy' parameter of SMOTE must be .* Got 'majority' instead"),
        ({"sampling_strategy": 0.05}, None, r"asks for 13 minority samples, fewer than the 40"),
        ({"sampling_strategy": 2.0}, None, r"The 'sampling_strategy' parameter of SMOTE"),
        ({"k_neighbors": 0}, None, r"The 'k_neighbors' parameter of SMOTE must be"),
    ],
)
def test_bad_parameters_and_targets(binary_data, params, y_change, message):
    X, y = binary_data
    y = y if y_change is None else y_change(y)
    with pytest.raises(ValueError, match=message):
        SMOTE(**params).fit_resample(X, y)
