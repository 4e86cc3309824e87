from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.under_sampling import EditedNearestNeighbours as ReferenceENN
from imblearn.under_sampling import NeighbourhoodCleaningRule as ReferenceNCR

from imbtools.under_sampling import NeighbourhoodCleaningRule


def continuous_data(n_samples, weights, n_features=3, seed=0):
    """Overlapping Gaussian classes, no distance ties."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(weights), size=n_samples, p=weights)
    X = rng.normal(size=(n_samples, n_features)) + 0.8 * codes[:, None]
    return X, codes


@pytest.mark.parametrize("params", [
    {}, {"n_neighbors": 5}, {"sampling_strategy": "all"}, {"sampling_strategy": "majority"},
    {"threshold_cleaning": 3.0}, {"threshold_cleaning": 0.1, "n_neighbors": 4},
])
@pytest.mark.parametrize("weights", [[0.8, 0.2], [0.5, 0.3, 0.2], [0.5, 0.4, 0.1]])
def test_same_rows_as_imblearn(params, weights, seed):
    X, y = continuous_data(400, weights, seed=seed)
    ours, ref = NeighbourhoodCleaningRule(**params), ReferenceNCR(**params)
    X_res, _ = ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))
    assert ours.classes_to_clean_ == sorted(ref.classes_to_clean_)
    np.testing.assert_array_equal(X_res, X[ours.sample_indices_])


def test_custom_editor_is_used():
    X, y = continuous_data(300, [0.7, 0.3])
    editor = ReferenceENN(kind_sel="all")
    ours = NeighbourhoodCleaningRule(edited_nearest_neighbours=editor)
    ref = ReferenceNCR(edited_nearest_neighbours=editor)
    ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))


def test_string_labels_dataframe_and_weights():
    X, codes = continuous_data(300, [0.6, 0.25, 0.15])
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": X[:, 2]})
    before, weights = frame.copy(), np.linspace(1, 2, 300)
    labels = np.array(["a", "b", "c"], dtype=object)[codes]
    sampler = NeighbourhoodCleaningRule()
    X_res, y_res, w_res = sampler.fit_resample(frame, labels, sample_weight=weights)
    assert list(X_res.dtypes) == list(frame.dtypes)
    np.testing.assert_array_equal(w_res, weights[sampler.sample_indices_])
    assert Counter(y_res) == Counter(labels[sampler.sample_indices_])
    assert Counter(y_res)["c"] == Counter(labels)["c"]
    pd.testing.assert_frame_equal(frame, before)


def test_errors():
    X, y = continuous_data(10, [0.5, 0.5])
    with pytest.raises(ValueError, match=r"n_neighbors=12 .* at most 9"):
        NeighbourhoodCleaningRule(n_neighbors=12).fit_resample(X, y)
    with pytest.raises(ValueError, match="threshold_cleaning"):
        NeighbourhoodCleaningRule(threshold_cleaning=0).fit_resample(X, y)
