from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from imbtools._kernels.spheres import grow_spheres
from imbtools.combine import CCR as CombineCCR
from imbtools.combine._ccr import allocate_by_inverse_radius
from imbtools.over_sampling import CCR


def ccr_cleaning_reference(X, y, label, energy):
    """Plain loops: L1 sphere of each sample of ``label``; summed translations."""
    minority, others = np.flatnonzero(y == label), np.flatnonzero(y != label)
    radii = np.empty(len(minority))
    moved = X.copy()
    for i, row in enumerate(minority):
        dist = np.abs(X[others] - X[row]).sum(1)
        order = np.argsort(dist, kind="stable")
        r, left, j = 0.0, energy, 0
        while j < len(order) and dist[order[j]] < r + left / (j + 1):
            left -= (dist[order[j]] - r) * (j + 1)
            r = dist[order[j]]
            j += 1
        r += left / (j + 1)
        radii[i] = r
        for o in order[:j]:
            moved[others[o]] += (r - dist[o]) / dist[o] * (X[others[o]] - X[row])
    return radii, moved


def test_sphere_growth_by_hand():
    distances = np.array([[0.3, 0.5, 2.0], [np.inf, np.inf, np.inf], [0.1, 0.2, 0.3]])
    radius, inside, incomplete = grow_spheres(distances, 1.0, 10)
    # 0.3 passed (energy 0.7 left), 0.5 passed at cost 2 x 0.2 (0.3 left), then 0.3 / 3
    np.testing.assert_allclose(radius, [0.6, 1.0, 0.3 + 0.4 / 4])
    np.testing.assert_array_equal(inside, [2, 0, 3])
    np.testing.assert_array_equal(incomplete, [False, False, True])


def test_translation_moves_a_sample_to_the_sphere_surface():
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5, 5], [6, 6], [7, 7]])
    y = np.array([1, 0, 0, 0, 0])
    sampler = CCR(energy=1.0, scaling=0.0, sampling_strategy={1: 3}, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    # energy 1: 0.1 at cost 1, then 0.9 at cost 2: r = 0.55; the sample moves to 0.55
    np.testing.assert_allclose(sampler.radii_[1], [0.55])
    assert sampler.n_translated_ == 1
    np.testing.assert_allclose(X_res[:4], X[[0, 2, 3, 4]])  # unmoved rows first
    np.testing.assert_allclose(X_res[4], [0.55, 0.0])  # then the moved one
    assert y_res.tolist() == [1, 0, 0, 0, 0, 1, 1]
    assert np.all(np.abs(X_res[5:]).sum(1) <= 0.55)  # synthetic inside the L1 ball


@pytest.mark.parametrize("scale", [0.2, 0.02])  # 0.02: spheres hold more than 16 samples
def test_cleaning_and_radii_equal_reference(binary_data, scale):
    X, y = binary_data
    X = X * scale
    sampler = CCR(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    energy = 0.25 * X.shape[1] ** 0.5
    radii, moved = ccr_cleaning_reference(X, y, 1, energy)
    np.testing.assert_allclose(sampler.radii_[1], radii)
    changed = np.flatnonzero(np.any(moved != X, axis=1))
    assert sampler.n_translated_ == len(changed) > 0
    unchanged = np.setdiff1d(np.arange(len(X)), changed)
    np.testing.assert_allclose(X_res[: len(unchanged)], X[unchanged])
    np.testing.assert_allclose(X_res[len(unchanged): len(X)], moved[changed])
    assert Counter(y_res) == {0: 260, 1: 260}


def test_allocation_is_proportional_to_inverse_radius_and_exact():
    counts = allocate_by_inverse_radius(np.array([1.0, 2.0, 4.0, 4.0]), 10)
    # shares 4.44, 2.22, 1.11, 1.11 -> 4, 2, 1, 1 plus the two largest remainders
    np.testing.assert_array_equal(counts, [5, 3, 1, 1])
    assert allocate_by_inverse_radius(np.array([0.0, 1.0]), 7).tolist() == [0, 7]


def test_synthetic_samples_inside_their_spheres(binary_data):
    X, y = binary_data
    sampler = CCR(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    minority = X[y == 1]
    counts = allocate_by_inverse_radius(sampler.radii_[1], 220)
    centres = np.repeat(minority, counts, axis=0)
    radii = np.repeat(sampler.radii_[1], counts)
    assert np.all(np.abs(X_res[len(X):] - centres).sum(1) <= radii + 1e-12)


def test_exact_counts_multiclass_dict_and_weights(multiclass_data):
    X, y = multiclass_data
    _, y_res = CCR(random_state=0).fit_resample(X, y)
    assert Counter(y_res) == {"big": 200, "mid": 200, "small": 200}
    weights = np.arange(len(y), dtype=float)
    sampler = CCR(sampling_strategy={"mid": 70, "small": 45}, random_state=0)
    X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    assert Counter(y_res) == {"big": 200, "mid": 70, "small": 45}
    # every original weight survives once (moved rows keep theirs)
    np.testing.assert_array_equal(np.sort(w_res[: len(y)]), weights)


def test_seeds_dataframe_and_sparse_rejected(binary_data):
    X, y = binary_data
    first = CCR(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, CCR(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(first, CCR(random_state=4).fit_resample(X, y)[0])
    X_frame, _ = CCR(random_state=3).fit_resample(pd.DataFrame(X), y)
    np.testing.assert_allclose(X_frame.to_numpy(), first)
    with pytest.raises(TypeError, match="sparse"):
        CCR().fit_resample(sparse.csr_matrix(X), y)
    assert CombineCCR is CCR


def test_bad_parameters(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match=r"'energy' parameter of CCR must be .* Got 0"):
        CCR(energy=0).fit_resample(X, y)
