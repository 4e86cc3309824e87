import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools._kernels.optics import count_within_radius, optics_reachability
from imbtools.over_sampling import SMOBD
from imbtools.over_sampling._smobd import smobd_density


def reachability_reference(X, core, max_eps):
    """Plain NumPy OPTICS reachability (same processing order as the kernel)."""
    n = len(X)
    reach = np.full(n, np.inf)
    processed = np.zeros(n, dtype=bool)
    dist = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    for _ in range(n):
        unprocessed = np.flatnonzero(~processed)
        point = unprocessed[np.argmin(reach[unprocessed])]
        processed[point] = True
        if core[point] > max_eps:
            continue
        update = ~processed & (dist[point] <= max_eps)
        reach[update] = np.minimum(reach[update], np.maximum(core[point], dist[point, update]))
    return reach


@pytest.mark.parametrize("max_eps", [np.inf, 1.0, 0.4])
def test_kernels_equal_numpy_references(max_eps):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(120, 3))
    X[5] = X[6]  # a duplicate
    core = rng.uniform(0.2, 0.6, size=120)
    core[::7] = np.inf
    np.testing.assert_allclose(optics_reachability(X, core, max_eps),
                               reachability_reference(X, core, max_eps))
    dist = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    np.testing.assert_array_equal(count_within_radius(X, 0.5), (dist <= 0.5).sum(1))


def test_density_weights_and_noise_rule():
    core = np.array([1.0, 1.0, 2.0, 10.0])
    reach = np.array([np.inf, 1.0, 2.0, 10.0])
    counts = np.array([4, 4, 2, 1])
    # the last sample: core 10 > 1.8 * 3.5 and reachability 10 > 1.8 * 13/3: noise
    prob, noise = smobd_density(core, reach, counts, eta1=1.0, t=1.8)
    np.testing.assert_array_equal(noise, [False, False, False, True])
    np.testing.assert_allclose(prob, [0.25, 0.25, 0.5, 0.0])
    prob, _ = smobd_density(core, reach, counts, eta1=0.0, t=1.8)
    np.testing.assert_allclose(prob, [0.4, 0.4, 0.2, 0.0])
    # only one of the two distances above the threshold: not noise
    _, noise = smobd_density(core, np.array([1.0, 1.0, 2.0, 2.0]), counts, eta1=0.5, t=1.8)
    assert not noise.any()


def test_outlier_is_noise_and_never_a_seed():
    rng = np.random.RandomState(0)
    grid = np.stack(np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 4)), -1)
    minority = np.vstack([grid.reshape(-1, 2), [[30.0, 30.0]]])
    X = np.vstack([rng.uniform(5, 10, size=(60, 2)), minority])
    y = np.array([0] * 60 + [1] * 21)
    sampler = SMOBD(max_eps=2.0, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(sampler.noise_indices_[1], [80])
    # the outlier is nobody's near neighbour, and as a seed it would give samples far out
    assert np.all(X_res[len(X):] <= 1.0)


def test_radius_without_core_sample_warns_and_falls_back(binary_data):
    X, y = binary_data
    sampler = SMOBD(max_eps=1e-3, random_state=0)
    with pytest.warns(UserWarning, match=r"max_eps=0.001 leaves no core sample in class 1"):
        _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res) == {0: 260, 1: 260}
    assert sampler.max_eps_[1] > 1e-3


def test_max_eps_none_is_the_fallback_rule_without_warning(binary_data):
    X, y = binary_data
    with pytest.warns(UserWarning, match="no core sample"):
        fallback = SMOBD(max_eps=1e-3, random_state=0).fit_resample(X, y)[0]
    sampler = SMOBD(max_eps=None, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(sampler.fit_resample(X, y)[0], fallback)


def test_exact_counts_multiclass_and_dict(multiclass_data):
    X, y = multiclass_data
    _, y_res = SMOBD(max_eps=3.0, random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    _, y_res = SMOBD(sampling_strategy={"mid": 70, "small": 45}, max_eps=3.0,
                     random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}


def test_seeds_sparse_and_dataframe(binary_data):
    X, y = binary_data
    first = SMOBD(max_eps=3.0, random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, SMOBD(max_eps=3.0, random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, SMOBD(max_eps=3.0, random_state=4).fit_resample(X, y)[0])
    X_sparse, _ = SMOBD(max_eps=3.0, random_state=3).fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), first)
    X_frame, _ = SMOBD(max_eps=3.0, random_state=3).fit_resample(pd.DataFrame(X), y)
    np.testing.assert_allclose(X_frame.to_numpy(), first)


def test_class_too_small_and_bad_parameters():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 6 + [1] * 4)
    with pytest.raises(ValueError, match=r"min_samples=5 needs at least 6 samples.*class 1"):
        SMOBD().fit_resample(X, y)
    with pytest.raises(ValueError, match=r"'eta1' parameter of SMOBD must be .* Got 2"):
        SMOBD(eta1=2).fit_resample(X, y)
