from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import BorderlineSMOTE as ImblearnBorderline
from scipy import sparse

from imbtools.over_sampling import BorderlineSMOTE


def knn_reference(X_ref, queries, k, own=None):
    """Indices of the k nearest rows of X_ref for each query (plain NumPy, ties by index)."""
    d2 = ((queries[:, None, :] - X_ref[None, :, :]) ** 2).sum(-1)
    if own is not None:
        d2[np.arange(len(own)), own] = np.inf
    return np.argsort(d2, axis=1, kind="stable")[:, :k]


def danger_reference(X, y, label, m):
    rows = np.flatnonzero(y == label)
    neighbours = knn_reference(X, X[rows], m, own=rows)
    n_foreign = (y[neighbours] != label).sum(1)
    return rows[(n_foreign >= m / 2) & (n_foreign < m)]


def segment_positions(points, starts, ends):
    """For each point: (distance to the closest segment, its step, its index)."""
    direction = ends - starts
    result = []
    for point in points:
        t = ((point - starts) * direction).sum(1) / (direction**2).sum(1)
        t = np.clip(t, 0, 1)
        gap = np.linalg.norm(starts + t[:, None] * direction - point, axis=1)
        best = int(np.argmin(gap))
        result.append((gap[best], t[best], best))
    return result


def test_danger_samples_equal_numpy_reference(binary_data):
    X, y = binary_data
    sampler = BorderlineSMOTE(random_state=0).fit(X, y)
    sampler.fit_resample(X, y)
    expected = danger_reference(X, y, 1, 10)
    assert 0 < len(expected) < 40
    np.testing.assert_array_equal(sampler.in_danger_indices_[1], expected)


@pytest.mark.parametrize("m", [4, 10])
def test_borderline_1_points_on_segments_from_danger_seeds(binary_data, m):
    X, y = binary_data
    k = 3
    X_res, y_res = BorderlineSMOTE(k_neighbors=k, m_neighbors=m, random_state=0).fit_resample(
        X, y)
    danger = danger_reference(X, y, 1, m)
    minority = np.flatnonzero(y == 1)
    local = np.searchsorted(minority, danger)
    neighbours = knn_reference(X[minority], X[danger], k, own=local)
    starts = np.repeat(X[danger], k, axis=0)
    ends = X[minority][neighbours.ravel()]
    synthetic = X_res[len(X):]
    assert len(synthetic) == 220
    for gap, _, _ in segment_positions(synthetic, starts, ends):
        assert gap < 1e-9


def test_borderline_2_half_steps_towards_foreign_neighbours(binary_data):
    X, y = binary_data
    k = 5
    X_res, _ = BorderlineSMOTE(kind="borderline-2", random_state=1).fit_resample(X, y)
    danger = danger_reference(X, y, 1, 10)
    neighbours = knn_reference(X, X[danger], k, own=danger)
    starts = np.repeat(X[danger], k, axis=0)
    ends = X[neighbours.ravel()]
    foreign = y[neighbours.ravel()] != 1
    foreign_steps = []
    for gap, t, best in segment_positions(X_res[len(X):], starts, ends):
        assert gap < 1e-9
        if foreign[best]:
            foreign_steps.append(t)
    assert len(foreign_steps) > 20
    assert 0 <= min(foreign_steps) and max(foreign_steps) < 0.5


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
@pytest.mark.parametrize(
    "strategy", ["auto", "minority", "not majority", {"mid": 90, "small": 70},
                 lambda y: {"small": 45}]
)
def test_class_counts_equal_imblearn(multiclass_data, kind, strategy):
    X, y = multiclass_data
    # a wider overlap so every class has samples in danger
    X = X * 0.4
    ours = BorderlineSMOTE(kind=kind, sampling_strategy=strategy, random_state=0)
    theirs = ImblearnBorderline(kind=kind, sampling_strategy=strategy, random_state=0)
    assert Counter(ours.fit_resample(X, y)[1]) == Counter(theirs.fit_resample(X, y)[1])


def test_class_without_danger_generates_nothing_with_warning():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(100, 2)), rng.normal(loc=50, size=(20, 2))])
    y = np.array([0] * 100 + [1] * 20)
    with pytest.warns(UserWarning, match=r"no sample in danger in class 1 .* generated no"):
        _, y_res = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {0: 100, 1: 20}
    # imbalanced-learn generates nothing either
    assert Counter(ImblearnBorderline().fit_resample(X, y)[1]) == Counter(y_res)


def test_same_seed_same_output(binary_data):
    X, y = binary_data
    first = BorderlineSMOTE(random_state=3, kind="borderline-2").fit_resample(X, y)[0]
    again = BorderlineSMOTE(random_state=3, kind="borderline-2").fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, again)


def test_sparse_equals_dense(binary_data):
    X, y = binary_data
    for kind in ("borderline-1", "borderline-2"):
        dense = BorderlineSMOTE(random_state=0, kind=kind).fit_resample(X, y)[0]
        X_sp, _ = BorderlineSMOTE(random_state=0, kind=kind).fit_resample(
            sparse.csr_matrix(X), y)
        assert sparse.issparse(X_sp)
        np.testing.assert_allclose(X_sp.toarray(), dense, rtol=1e-12)


def test_dataframe_and_sample_weight(binary_data):
    X, y = binary_data
    frame = pd.DataFrame({"a": X[:, 0].astype(np.float32), "b": X[:, 1], "c": X[:, 2]})
    target = pd.Series(np.where(y == 1, "rare", "common"), name="label")
    weights = np.linspace(1, 2, len(y))
    X_res, y_res, w_res = BorderlineSMOTE(random_state=0).fit_resample(
        frame, target, sample_weight=weights)
    assert X_res.dtypes.to_dict() == {"a": np.float32, "b": np.float64, "c": np.float64}
    assert y_res.name == "label" and Counter(y_res) == {"common": 260, "rare": 260}
    assert len(w_res) == len(y_res)
    np.testing.assert_allclose(w_res[:300], weights)
    assert np.all((w_res[300:] >= 1) & (w_res[300:] <= 2))


def test_boolean_labels(binary_data):
    X, y = binary_data
    _, y_res = BorderlineSMOTE(random_state=0).fit_resample(X, y == 1)
    assert y_res.dtype == bool and Counter(y_res) == {False: 260, True: 260}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"kind": "borderline-3"}, r"The 'kind' parameter of BorderlineSMOTE must be"),
        ({"m_neighbors": 0}, r"The 'm_neighbors' parameter of BorderlineSMOTE must be"),
        ({"k_neighbors": 45}, r"k_neighbors=45 needs at least 46 samples .* class 1 has 40"),
        ({"m_neighbors": 400}, r"m_neighbors=400 needs at least 401 samples, but X has 300"),
    ],
)
def test_bad_parameters(binary_data, params, message):
    X, y = binary_data
    with pytest.raises(ValueError, match=message):
        BorderlineSMOTE(**params).fit_resample(X, y)
