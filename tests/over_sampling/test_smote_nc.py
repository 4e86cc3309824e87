from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTENC as ImblearnSMOTENC
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, OrdinalEncoder
from sklearn.tree import DecisionTreeClassifier

from imbtools._kernels.categorical import mixed_kneighbors, neighbor_mode
from imbtools.over_sampling import SMOTENC


@pytest.fixture
def mixed_frame():
    """240 rows: two continuous columns, three categorical ones of different dtypes."""
    rng = np.random.RandomState(0)
    n = 240
    y = np.array(["common"] * 180 + ["rare"] * 40 + ["tiny"] * 20)
    shift = np.select([y == "rare", y == "tiny"], [1.0, 2.0], 0.0)
    frame = pd.DataFrame({
        "height": rng.normal(size=n) + shift,
        "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n),
                                 categories=["red", "green", "blue", "unused"]),
        "weight": (rng.normal(size=n) + shift).astype(np.float32),
        "city": rng.choice(["paris", "rome", "oslo", "lima"], n).astype(object),
        "floor": rng.randint(0, 3, n),
    })
    return frame, pd.Series(y, name="label")


def one_hot_distances(X_cont, codes, cost):
    """SMOTE-NC squared distances through explicit scaled one-hot columns (imblearn's way)."""
    blocks = [X_cont]
    for f in range(codes.shape[1]):
        blocks.append(np.eye(codes[:, f].max() + 1)[codes[:, f]] * np.sqrt(cost / 2))
    encoded = np.hstack(blocks)
    return ((encoded[:, None, :] - encoded[None, :, :]) ** 2).sum(-1)


def mode_reference(column_values):
    """Most frequent value, ties to the earliest holder."""
    counts = Counter(column_values)
    best = max(counts.values())
    return next(v for v in column_values if counts[v] == best)


@pytest.mark.parametrize("cost", [0.0, 0.5, 2.0])
def test_mixed_kneighbors_matches_one_hot_reference(seed, cost):
    rng = np.random.RandomState(seed)
    # halves: exact arithmetic, many exact ties and a duplicate row
    X_cont = rng.randint(-3, 4, size=(60, 2)) * 0.5
    X_cont[5] = X_cont[6]
    codes = rng.randint(0, 3, size=(60, 3)).astype(np.int64)
    codes[5] = codes[6]
    k = 4
    out = np.empty((60, k), dtype=np.int64)
    mixed_kneighbors(X_cont, codes, cost, out)
    d2 = one_hot_distances(X_cont, codes, cost)
    np.fill_diagonal(d2, np.inf)
    got = np.take_along_axis(d2, out, axis=1)
    np.testing.assert_allclose(got, np.sort(d2, axis=1)[:, :k], rtol=1e-9, atol=1e-12)
    # ties between equal distances: the smaller index first
    for i in range(60):
        pairs = list(zip(got[i], out[i]))
        assert pairs == sorted(pairs)


@pytest.mark.parametrize("include_seed", [False, True])
def test_neighbor_mode_matches_reference(seed, include_seed):
    rng = np.random.RandomState(seed)
    codes = rng.randint(0, 3, size=(30, 4)).astype(np.int64)
    neighbor_index = np.array([rng.choice(np.delete(np.arange(30), i), 5, replace=False)
                               for i in range(30)])
    seeds = rng.randint(0, 30, size=100).astype(np.int64)
    out = np.empty((100, 4), dtype=np.int64)
    neighbor_mode(codes, neighbor_index, seeds, include_seed, out)
    for i, s in enumerate(seeds):
        voters = ([s] if include_seed else []) + list(neighbor_index[s])
        for f in range(4):
            assert out[i, f] == mode_reference([codes[v, f] for v in voters])


def test_synthetic_rows_follow_the_smote_nc_rule(mixed_frame):
    X, y = mixed_frame
    k = 5
    sampler = SMOTENC(categorical_features=["colour", "city", "floor"], random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    continuous = ["height", "weight"]
    categorical = ["colour", "city", "floor"]
    for label in ("rare", "tiny"):
        X_class = X[y == label].reset_index(drop=True)
        cont = X_class[continuous].to_numpy(np.float64)
        codes = np.column_stack([pd.factorize(X_class[c])[0] for c in categorical])
        cost = np.median(cont.std(axis=0)) ** 2
        assert sampler.median_std_[label] == pytest.approx(np.sqrt(cost))
        d2 = one_hot_distances(cont, codes, cost)
        np.fill_diagonal(d2, np.inf)
        neighbours = np.argsort(d2, axis=1, kind="stable")[:, :k]
        new = X_res[len(X):][(y_res[len(X):] == label).to_numpy()]
        assert len(new) == 180 - len(X_class)
        new_cont = new[continuous].to_numpy(np.float64)
        for point, (_, row) in zip(new_cont, new.iterrows()):
            # continuous part on a segment seed -> neighbour; categorical = their mode
            starts = np.repeat(cont, k, axis=0)
            ends = cont[neighbours.ravel()]
            direction = ends - starts
            t = np.clip(((point - starts) * direction).sum(1)
                        / np.maximum((direction**2).sum(1), 1e-300), 0, 1)
            gap = np.linalg.norm(starts + t[:, None] * direction - point, axis=1)
            candidates = np.flatnonzero(gap < 1e-5) // k
            assert candidates.size
            expected = [tuple(mode_reference(list(X_class[c].iloc[neighbours[s]]))
                              for c in categorical) for s in candidates]
            assert tuple(row[categorical]) in expected


@pytest.mark.parametrize(
    "strategy", ["auto", "minority", "not majority", {"rare": 100, "tiny": 60},
                 lambda y: {"tiny": 33}]
)
def test_class_counts_equal_imblearn(mixed_frame, strategy):
    X, y = mixed_frame
    X = X.astype({"city": "category", "floor": "category"})
    ours = SMOTENC(categorical_features="auto", sampling_strategy=strategy, random_state=0)
    theirs = ImblearnSMOTENC(categorical_features="auto", sampling_strategy=strategy,
                             random_state=0)
    assert Counter(ours.fit_resample(X, y)[1]) == Counter(theirs.fit_resample(X, y)[1])


def test_same_neighbours_as_imblearn_encoding(mixed_frame):
    # imbalanced-learn's scaled one-hot space gives the same neighbours
    X, y = mixed_frame
    X_class = X[y == "rare"]
    cont = X_class[["height", "weight"]].to_numpy(np.float64)
    codes = np.column_stack([pd.factorize(X_class[c])[0] for c in ("colour", "city", "floor")])
    cost = np.median(cont.std(axis=0)) ** 2
    out = np.empty((len(cont), 5), dtype=np.int64)
    mixed_kneighbors(np.ascontiguousarray(cont), codes.astype(np.int64), cost, out)
    blocks = [cont] + [np.eye(c.max() + 1)[c] * np.sqrt(cost / 2) for c in codes.T]
    reference = SklearnNeighbors(n_neighbors=6).fit(np.hstack(blocks)).kneighbors(
        np.hstack(blocks), return_distance=False)[:, 1:]
    assert (out == reference).mean() > 0.95  # equal up to ties


def test_dataframe_dtypes_and_categories_kept(mixed_frame):
    X, y = mixed_frame
    X = X.astype({"city": "string"})
    X_res, y_res = SMOTENC(categorical_features="auto", random_state=0).fit_resample(X, y)
    assert list(X_res.columns) == list(X.columns)
    assert X_res["colour"].dtype == X["colour"].dtype  # same categories, "unused" included
    assert X_res["city"].dtype == "string"
    assert X_res["weight"].dtype == np.float32
    assert X_res["floor"].dtype == np.float64  # int64 without 'auto' selection: continuous
    assert set(X_res["city"]) <= set(X["city"])
    assert y_res.name == "label" and Counter(y_res) == {"common": 180, "rare": 180,
                                                        "tiny": 180}
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X.astype({"floor": np.float64}),
                                  check_dtype=False)


def test_selection_forms_agree(mixed_frame):
    X, y = mixed_frame
    forms = [[1, 3, 4], [-4, 3, -1], ["colour", "city", "floor"],
             [False, True, False, True, True], np.array([1, 3, 4])]
    outputs = [SMOTENC(categorical_features=f, random_state=0).fit_resample(X, y)[0]
               for f in forms]
    for other in outputs[1:]:
        pd.testing.assert_frame_equal(outputs[0], other)


def test_numpy_object_array_and_sample_weight():
    rng = np.random.RandomState(0)
    X = np.empty((100, 3), dtype=object)
    X[:, 0] = rng.normal(size=100)
    X[:, 1] = rng.choice(["a", "b", "c"], 100)
    X[:, 2] = rng.normal(size=100)
    y = np.array([0] * 80 + [1] * 20)
    weights = np.r_[np.ones(80), np.full(20, 3.0)]
    X_res, y_res, w_res = SMOTENC(categorical_features=[1], random_state=0).fit_resample(
        X, y, sample_weight=weights)
    assert X_res.dtype == object and X_res.shape == (160, 3)
    assert set(X_res[100:, 1]) <= {"a", "b", "c"}
    assert np.all(np.isfinite(X_res[:, [0, 2]].astype(float)))
    np.testing.assert_allclose(w_res, np.r_[weights, np.full(60, 3.0)])
    assert len(y_res) == 160


def test_numeric_array_with_integer_categories():
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.normal(size=100), rng.randint(0, 4, 100)])
    y = np.array([0] * 70 + [1] * 30)
    X_res, _ = SMOTENC(categorical_features=[1], random_state=0).fit_resample(X, y)
    assert X_res.dtype == np.float64
    assert set(X_res[:, 1]) <= {0.0, 1.0, 2.0, 3.0}


def test_many_categories_stay_small_in_memory():
    # 3 columns x 2000 levels: no (n_new x k x n_categories) array is ever built
    rng = np.random.RandomState(0)
    n = 20_000
    X = pd.DataFrame({"x": rng.normal(size=n), "z": rng.normal(size=n)})
    for name in ("a", "b", "c"):
        X[name] = pd.Categorical(rng.randint(0, 2000, n))
    y = (np.arange(n) % 50 == 0).astype(int)
    X_res, y_res = SMOTENC(categorical_features="auto", random_state=0).fit_resample(X, y)
    assert len(X_res) == 2 * (y == 0).sum()
    assert X_res["a"].dtype == X["a"].dtype


def test_user_neighbour_object_equals_integer(mixed_frame):
    X, y = mixed_frame
    ours = SMOTENC(categorical_features="auto", k_neighbors=3, random_state=0)
    with_object = SMOTENC(categorical_features="auto", random_state=0,
                          k_neighbors=SklearnNeighbors(n_neighbors=4))
    pd.testing.assert_frame_equal(ours.fit_resample(X, y)[0], with_object.fit_resample(X, y)[0])


@pytest.mark.parametrize(
    "params, X_change, message",
    [
        ({"categorical_features": "auto"}, lambda X: X.to_numpy(),
         r"categorical_features='auto' reads the column dtypes .* X is a ndarray"),
        ({"categorical_features": []}, None, r"selects no column of X; SMOTE-NC needs"),
        ({"categorical_features": [0, 1, 2, 3, 4]}, None,
         r"X has 5 feature\(s\) and categorical_features selects all of them"),
        ({"categorical_features": [7]}, None,
         r"contains the column index 7, but X has 5 feature\(s\)"),
        ({"categorical_features": ["nope"]}, None, r"names the column\(s\) \['nope'\]"),
        ({"categorical_features": [True, False]}, None,
         r"boolean mask of length 2, but X has 5 feature\(s\)"),
        ({"categorical_features": "auto", "k_neighbors": 25}, None,
         r"k_neighbors=25 needs at least 26 samples .* class 'tiny' has 20"),
        ({"categorical_features": ["colour"]}, lambda X: X.astype({"city": "category"}),
         r"X has non-numeric column\(s\) \['city'\]"),
        ({"categorical_features": "auto"},
         lambda X: X.assign(city=X["city"].where(np.arange(len(X)) != 3)),
         r"NaN \(a missing value\) in the categorical column .city., first at row 3"),
    ],
)
def test_errors(mixed_frame, params, X_change, message):
    X, y = mixed_frame
    X = X if X_change is None else X_change(X)
    with pytest.raises((ValueError, TypeError), match=message):
        SMOTENC(**params).fit_resample(X, y)


# -- categorical_encoder ------------------------------------------------------------------
@pytest.mark.parametrize("encoder", [OneHotEncoder(handle_unknown="ignore"),
                                     OneHotEncoder(sparse_output=False)])
def test_default_encoder_equals_explicit_one_hot(mixed_frame, encoder):
    X, y = mixed_frame
    X = X.astype({"city": "string"})
    w = np.arange(len(X), dtype=float)
    default = SMOTENC(categorical_features="auto", random_state=0)
    explicit = SMOTENC(categorical_features="auto", categorical_encoder=encoder, random_state=0)
    X_default, y_default, w_default = default.fit_resample(X, y, sample_weight=w)
    X_explicit, y_explicit, w_explicit = explicit.fit_resample(X, y, sample_weight=w)
    pd.testing.assert_frame_equal(X_default, X_explicit)
    pd.testing.assert_series_equal(y_default, y_explicit)
    np.testing.assert_array_equal(w_default, w_explicit)


def test_default_encoder_equals_explicit_on_object_array():
    rng = np.random.RandomState(0)
    X = np.empty((100, 3), dtype=object)
    X[:, 0] = rng.normal(size=100)
    X[:, 1] = rng.choice(["a", "b", "c"], 100)
    X[:, 2] = rng.randint(0, 4, 100)
    y = np.array([0] * 70 + [1] * 30)
    default = SMOTENC(categorical_features=[1, 2], random_state=0).fit_resample(X, y)[0]
    explicit = SMOTENC(categorical_features=[1, 2], random_state=0,
                       categorical_encoder=OneHotEncoder()).fit_resample(X, y)[0]
    np.testing.assert_array_equal(default, explicit)


def test_fitted_encoder_is_a_clone(mixed_frame):
    X, y = mixed_frame
    categorical = ["colour", "city", "floor"]
    encoder = OneHotEncoder(min_frequency=50)
    sampler = SMOTENC(categorical_features=categorical, categorical_encoder=encoder).fit(X, y)
    assert not hasattr(encoder, "categories_")  # the user's object is never fitted
    assert sampler.categorical_encoder is encoder
    assert sampler.categorical_encoder_ is not encoder
    assert sampler.categorical_encoder_.get_params() == encoder.get_params()
    reference = clone(encoder).fit(X[categorical])
    for got, expected in zip(sampler.categorical_encoder_.categories_, reference.categories_):
        np.testing.assert_array_equal(got, expected)
    for got, expected in zip(sampler.categorical_encoder_.infrequent_categories_,
                             reference.infrequent_categories_):
        np.testing.assert_array_equal(got, expected)


def test_default_encoder_fitted_like_on_all_rows(mixed_frame):
    # fitted on one row per distinct value: the same state as on every row
    X, y = mixed_frame
    categorical = ["colour", "city", "floor"]
    sampler = SMOTENC(categorical_features=categorical, random_state=0)
    sampler.fit_resample(X, y)
    fitted = sampler.categorical_encoder_
    reference = OneHotEncoder(handle_unknown="ignore").fit(X[categorical])
    assert isinstance(fitted, OneHotEncoder) and fitted.handle_unknown == "ignore"
    assert fitted.n_features_in_ == 3
    np.testing.assert_array_equal(fitted.feature_names_in_, reference.feature_names_in_)
    for got, expected in zip(fitted.categories_, reference.categories_):
        np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(fitted.transform(X[categorical]).toarray(),
                                  reference.transform(X[categorical]).toarray())


def test_default_encoder_unfittable_column_still_resamples():
    # scikit-learn's encoders refuse a column mixing strings and numbers; pandas does not
    rng = np.random.RandomState(0)
    X = np.empty((60, 2), dtype=object)
    X[:, 0] = rng.normal(size=60)
    X[:, 1] = np.array([1, "a", 2.5] * 20, dtype=object)
    y = np.array([0] * 40 + [1] * 20)
    sampler = SMOTENC(categorical_features=[1], random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    assert sampler.categorical_encoder_ is None
    assert len(X_res) == 80 and {type(v) for v in X_res[60:, 1]} <= {int, str, float}


def grouped_frame():
    """Minority rows: a left cluster where 'r1' and 'r2' are rare values, a right one."""
    minority = pd.DataFrame({"x": [0.0, 0.9, 1.2, 10.0, 10.5, 11.2],
                             "y": [0.0, 0.3, 0.0, 0.0, 0.0, 0.0],
                             "c": ["r1", "a", "r2", "b", "r3", "b"]})
    rng = np.random.RandomState(0)
    majority = pd.DataFrame({"x": rng.normal(5, 1, 60), "y": rng.normal(0, 1, 60),
                             "c": np.array(["a", "b"] * 30, dtype=object)})
    return pd.concat([minority, majority], ignore_index=True), np.array([1] * 6 + [0] * 60)


def test_min_frequency_groups_rare_values():
    # mismatch cost median_std**2 = 6.43 outweighs every distance inside a cluster. One
    # neighbour each. Every value its own category: r1 (row 0) and r2 (row 2) are nearest
    # to row 1 ('a') and take 'a'; row 1 is nearest to row 2 and takes 'r2'. Rare values
    # grouped (min_frequency=2): rows 0 and 2 match and are each other's neighbour, so
    # each keeps its own value; row 1's neighbour is still row 2, whose category (the
    # group) it copies from row 2: 'r2' (the first holder in X would give 'r1').
    X, y = grouped_frame()
    outputs = {}
    for name, encoder in [("values", None), ("grouped", OneHotEncoder(min_frequency=2))]:
        sampler = SMOTENC(categorical_features=["c"], categorical_encoder=encoder,
                          k_neighbors=1, random_state=0)
        X_res, y_res = sampler.fit_resample(X, y)
        assert Counter(y_res) == {0: 60, 1: 60}
        assert sampler.median_std_[1] == pytest.approx(2.5353, abs=1e-4)
        outputs[name] = X_res.iloc[len(X):]
    for new in outputs.values():
        assert set(new.loc[new.x > 5, "c"]) == {"b"}  # 'r3' never wins a vote of 'b's
    left = {name: new[new.x < 5] for name, new in outputs.items()}
    off_axis = {name: rows[rows.y > 1e-12] for name, rows in left.items()}
    assert set(left["values"].c) == {"a", "r2"}
    assert set(off_axis["values"].c) == {"a", "r2"}  # every segment touches row 1
    assert set(left["grouped"].c) == {"r1", "r2"}
    assert set(left["grouped"].loc[left["grouped"].y == 0, "c"]) == {"r1", "r2"}
    assert len(off_axis["grouped"]) and set(off_axis["grouped"].c) == {"r2"}


def test_grouped_values_equal_one_shared_value(mixed_frame):
    # rare values grouped by the encoder behave as one value written in their place;
    # a synthetic sample keeps one of the rare values itself
    X, y = mixed_frame
    rare_rows = np.r_[185, 190, 200, 225, 230, 235]
    tokens = [f"t{i}" for i in range(len(rare_rows))]
    X = X.copy()
    X.loc[rare_rows, "city"] = tokens
    merged = X.copy()
    merged.loc[rare_rows, "city"] = "rare"
    grouped = SMOTENC(categorical_features=["colour", "city", "floor"], random_state=0,
                      categorical_encoder=OneHotEncoder(min_frequency=5))
    X_grouped, _ = grouped.fit_resample(X, y)
    X_merged, _ = SMOTENC(categorical_features=["colour", "city", "floor"],
                          random_state=0).fit_resample(merged, y)
    assert list(grouped.categorical_encoder_.infrequent_categories_[1]) == tokens
    pd.testing.assert_frame_equal(X_grouped.drop(columns="city"),
                                  X_merged.drop(columns="city"))
    is_rare = (X_merged["city"] == "rare").to_numpy()
    assert is_rare[len(X):].sum() > 0
    assert (X_grouped["city"][~is_rare] == X_merged["city"][~is_rare]).all()
    assert set(X_grouped["city"][is_rare]) <= set(tokens)


def test_clone_get_params_set_params():
    sampler = SMOTENC(categorical_features=[1], categorical_encoder=OneHotEncoder(
        min_frequency=3))
    params = sampler.get_params(deep=True)
    assert params["categorical_encoder__min_frequency"] == 3
    copy = clone(sampler)
    assert copy.categorical_encoder is not sampler.categorical_encoder
    assert copy.get_params()["categorical_encoder__min_frequency"] == 3
    copy.set_params(categorical_encoder__min_frequency=7)
    assert copy.categorical_encoder.min_frequency == 7
    assert sampler.categorical_encoder.min_frequency == 3
    assert SMOTENC(categorical_features=[1]).get_params()["categorical_encoder"] is None


def test_grid_search_over_encoder_in_pipeline():
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.normal(size=150), rng.randint(0, 8, 150),
                         rng.normal(size=150)]).astype(float)
    y = np.array([0] * 120 + [1] * 30)
    X[y == 1, 0] += 1.0
    pipeline = make_pipeline(SMOTENC(categorical_features=[1], random_state=0),
                             DecisionTreeClassifier(random_state=0))
    grid = {"smotenc__categorical_encoder": [None, OneHotEncoder(min_frequency=25)]}
    search = GridSearchCV(pipeline, grid, cv=3, error_score="raise").fit(X, y)
    assert len(search.cv_results_["params"]) == 2
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    fitted = search.best_estimator_.named_steps["smotenc"]
    assert fitted.categorical_encoder_.categories_[0].tolist() == list(range(8))


@pytest.mark.parametrize(
    "encoder, message",
    [
        ("onehot", r"The 'categorical_encoder' parameter of SMOTENC must be an object "
                   r"implementing 'fit_transform' and 'inverse_transform' or None"),
        (OrdinalEncoder(), r"SMOTENC needs a one-hot encoding with one column per category"
                           r".*: 10 columns for these 3 feature\(s\)\. The categorical_encoder "
                           r"OrdinalEncoder\(\) returned 3 column\(s\)"),
        (OneHotEncoder(drop="first"), r"OneHotEncoder\(drop='first'\) drops a category "
                                      r"\(feature 'colour'\)"),
        (OneHotEncoder(categories=[["red", "green", "blue"], ["paris", "rome", "oslo"],
                                   [0, 1, 2]], handle_unknown="ignore"),
         r"exactly one active one-hot column .* gives row 1 0 active column\(s\) for "
         r"feature 'city'"),
        (FunctionTransformer(), r"categories_ .* FunctionTransformer\(\) has no categories_"),
    ],
)
def test_encoder_errors(mixed_frame, encoder, message):
    X, y = mixed_frame
    sampler = SMOTENC(categorical_features=["colour", "city", "floor"],
                      categorical_encoder=encoder)
    with pytest.raises((ValueError, TypeError), match=message):
        sampler.fit_resample(X, y)
