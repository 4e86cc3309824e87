from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import NearMiss as ReferenceNearMiss
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.under_sampling import NearMiss, farthest_distance_sum


def continuous_data(n_samples, weights, n_features=3, seed=0):
    """Overlapping Gaussian classes, no distance ties."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(weights), size=n_samples, p=weights)
    X = rng.normal(size=(n_samples, n_features)) + 0.8 * codes[:, None]
    return X, codes


@pytest.mark.filterwarnings("ignore:.*(short-listed|larger than the number)")
@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("params", [
    {}, {"n_neighbors": 5}, {"sampling_strategy": "majority"}, {"sampling_strategy": "all"},
    {"sampling_strategy": {0: 150, 1: 60}}, {"n_neighbors_ver3": 6},
])
def test_same_rows_as_imblearn(version, params):
    X, y = continuous_data(500, [0.6, 0.3, 0.1])
    ours = NearMiss(version=version, **params)
    ref = ReferenceNearMiss(version=version, **params)
    X_res, y_res = ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))
    np.testing.assert_array_equal(X_res, X[ours.sample_indices_])
    assert ours.sampling_strategy_ == ref.sampling_strategy_


@pytest.mark.filterwarnings("ignore:.*(short-listed|larger than the number)")
def test_float_strategy_counts_and_neighbour_object():
    X, y = continuous_data(400, [0.8, 0.2])
    for version in (1, 2, 3):
        _, y_res = NearMiss(version=version, sampling_strategy=0.5).fit_resample(X, y)
        _, y_ref = ReferenceNearMiss(version=version, sampling_strategy=0.5).fit_resample(X, y)
        assert Counter(y_res) == Counter(y_ref)
    ours = NearMiss(n_neighbors=SklearnNeighbors(n_neighbors=4))
    ours.fit_resample(X, y)
    expected = NearMiss(n_neighbors=4)
    expected.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, expected.sample_indices_)


def testfarthest_distance_sum_matches_numpy():
    rng = np.random.default_rng(0)
    queries, refs = rng.normal(size=(50, 4)), rng.normal(size=(30, 4))
    full = np.sort(np.linalg.norm(queries[:, None] - refs[None], axis=2), axis=1)
    np.testing.assert_allclose(farthest_distance_sum(queries, refs, 3), full[:, -3:].sum(1))


def test_version_3_warns_when_the_short_list_is_short():
    X, y = continuous_data(300, [0.9, 0.1])
    with pytest.warns(UserWarning, match="n_neighbors_ver3"):
        _, y_res = NearMiss(version=3, n_neighbors_ver3=1).fit_resample(X, y)
    assert Counter(y_res)[0] < Counter(y_res)[1]


def test_string_labels_dataframe_and_weights():
    X, codes = continuous_data(300, [0.6, 0.25, 0.15])
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": X[:, 2]})
    before, weights = frame.copy(), np.linspace(1, 2, 300)
    labels = np.array(["x", "y", "z"], dtype=object)[codes]
    sampler = NearMiss(version=2)
    X_res, y_res, w_res = sampler.fit_resample(frame, labels, sample_weight=weights)
    assert list(X_res.dtypes) == list(frame.dtypes)
    np.testing.assert_array_equal(w_res, weights[sampler.sample_indices_])
    n_min = Counter(labels)["z"]
    assert Counter(y_res) == {"x": n_min, "y": n_min, "z": n_min}
    pd.testing.assert_frame_equal(frame, before)
    _, y_bool = NearMiss().fit_resample(X, codes == 0)
    assert y_bool.dtype == bool


def test_errors():
    X, y = continuous_data(60, [0.9, 0.1])
    n_min = int(np.bincount(y).min())
    with pytest.raises(ValueError, match=rf"n_neighbors=40 .* at most {n_min}"):
        NearMiss(n_neighbors=40).fit_resample(X, y)
    with pytest.raises(ValueError, match="version"):
        NearMiss(version=4).fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy"):
        NearMiss(sampling_strategy="minority").fit_resample(X, y)
