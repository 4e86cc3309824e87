from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTENC as ImblearnSMOTENC
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

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
