from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import TomekLinks as ReferenceTomekLinks

from imbtools.under_sampling import TomekLinks
from imbtools.under_sampling._tomek import tomek_link_mask


def continuous_data(n_samples, weights, n_features=3, seed=0):
    """Overlapping Gaussian classes, no distance ties."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(weights), size=n_samples, p=weights)
    X = rng.normal(size=(n_samples, n_features)) + 0.7 * codes[:, None]
    return X, codes


def brute_force_links(X, codes):
    """Every sample's nearest other sample by a full distance matrix; mutual + cross-class."""
    distances = np.linalg.norm(X[:, None] - X[None], axis=2)
    np.fill_diagonal(distances, np.inf)
    nearest = distances.argmin(axis=1)
    return (codes[nearest] != codes) & (nearest[nearest] == np.arange(len(X)))


@pytest.mark.parametrize("weights", [[0.9, 0.1], [0.6, 0.3, 0.1], [0.34, 0.33, 0.33]])
def test_link_mask_equals_brute_force(weights, seed):
    X, codes = continuous_data(400, weights, seed=seed)
    in_link, _ = tomek_link_mask(X, codes)
    np.testing.assert_array_equal(in_link, brute_force_links(X, codes))


def test_queries_only_outside_the_largest_class_and_partners():
    X, codes = continuous_data(2000, [0.95, 0.05])
    in_link, queried = tomek_link_mask(X, codes)
    assert set(np.flatnonzero(codes == 1)) <= set(queried.tolist())
    assert len(queried) <= 2 * (codes == 1).sum()
    assert set(np.flatnonzero(in_link)) <= set(queried.tolist())


@pytest.mark.parametrize("strategy", ["auto", "majority", "not majority", "all", [1, 2]])
def test_same_rows_as_imblearn(strategy):
    X, y = continuous_data(600, [0.6, 0.3, 0.1])
    ours, reference = TomekLinks(sampling_strategy=strategy), ReferenceTomekLinks(
        sampling_strategy=strategy)
    X_res, y_res = ours.fit_resample(X, y)
    reference.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(reference.sample_indices_))
    np.testing.assert_array_equal(X_res, X[ours.sample_indices_])
    np.testing.assert_array_equal(y_res, y[ours.sample_indices_])


def test_string_and_bool_labels_dataframe_and_weights():
    X, codes = continuous_data(300, [0.8, 0.2])
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1].astype(np.float32),
                          "c": (X[:, 2] * 10).astype(np.int16)})
    X_before = frame.copy()
    weights = np.linspace(1, 2, 300)
    expected = TomekLinks().fit_resample(frame.to_numpy(float), codes)[1]
    for labels in (np.array(["no", "yes"], dtype=object)[codes], codes.astype(bool)):
        sampler = TomekLinks()
        X_res, y_res, w_res = sampler.fit_resample(frame, pd.Series(labels, name="t"),
                                                   sample_weight=weights)
        assert list(X_res.dtypes) == list(frame.dtypes)
        assert y_res.name == "t"
        np.testing.assert_array_equal(w_res, weights[sampler.sample_indices_])
        assert Counter(y_res) == Counter(labels[sampler.sample_indices_])
        assert len(y_res) == len(expected)
    pd.testing.assert_frame_equal(frame, X_before)


def test_errors():
    with pytest.raises(ValueError, match="sampling_strategy"):
        TomekLinks(sampling_strategy="minority").fit_resample(np.eye(4), [0, 0, 1, 1])
    with pytest.raises(ValueError, match="sampling_strategy"):
        TomekLinks(sampling_strategy=["missing"]).fit_resample(np.eye(4), [0, 0, 1, 1])
