"""Polynomial-fit SMOTE (Gazzah & Ben Amara, 2008): star, bus, mesh and curve."""

import numpy as np
import pytest

from imbtools.over_sampling import PolynomialFitSMOTE
from imbtools.over_sampling._polynomial_fit_smote import curve_parameter


def with_other_class(X_class):
    X_other = np.random.RandomState(0).normal(20, 1, size=(200, X_class.shape[1]))
    X = np.vstack([X_class, X_other])
    return X, np.r_[np.ones(len(X_class), dtype=int), np.zeros(200, dtype=int)]


def distance_to_segment(points, a, b):
    direction = b - a
    t = np.clip(((points - a) @ direction) / (direction @ direction), 0, 1)
    return np.linalg.norm(points - (a + t[:, None] * direction), axis=1)


def new_rows(topology, X_class, n_total, **params):
    X, y = with_other_class(X_class)
    sampler = PolynomialFitSMOTE(topology=topology, sampling_strategy={1: n_total},
                                 random_state=0, **params)
    return sampler.fit_resample(X, y)[0][len(X):]


TRIANGLE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])  # A, B, C in data order


def test_star_samples_lie_on_the_links_to_the_mean_each_used_equally():
    new = new_rows("star", TRIANGLE, 3 + 300)
    mean = TRIANGLE.mean(axis=0)
    distances = np.column_stack([distance_to_segment(new, p, mean) for p in TRIANGLE])
    assert np.all(distances.min(axis=1) < 1e-12)
    np.testing.assert_array_equal(np.bincount(distances.argmin(axis=1)), [100, 100, 100])


def test_bus_links_consecutive_rows_only():
    new = new_rows("bus", TRIANGLE, 3 + 200)
    on_ab = distance_to_segment(new, TRIANGLE[0], TRIANGLE[1]) < 1e-12
    on_bc = distance_to_segment(new, TRIANGLE[1], TRIANGLE[2]) < 1e-12
    # every new sample on A-B or B-C (none inside A-C), 100 on each link
    assert np.all(on_ab | on_bc) and on_ab.sum() == on_bc.sum() == 100


def test_mesh_links_every_pair():
    new = new_rows("mesh", TRIANGLE, 3 + 600)
    on_links = np.column_stack([
        distance_to_segment(new, TRIANGLE[i], TRIANGLE[j]) < 1e-12
        for i, j in ((0, 1), (1, 2), (0, 2))])
    assert np.all(on_links.any(axis=1))
    interior = on_links & (on_links.sum(axis=1) == 1)[:, None]  # not at a shared end
    assert np.all(interior.sum(axis=0) > 150)  # all three links, about 200 each


def test_polynomial_curve_recovers_a_parabola():
    s = np.linspace(-1, 1, 21)
    parabola = np.column_stack([s, s**2])
    np.testing.assert_allclose(np.abs(curve_parameter(parabola)), np.abs(s), atol=1e-12)
    new = new_rows("polynomial", parabola, 21 + 500, degree=2)
    np.testing.assert_allclose(new[:, 1], new[:, 0] ** 2, atol=1e-9)
    assert new[:, 0].min() >= -1 - 1e-12 and new[:, 0].max() <= 1 + 1e-12
    assert np.ptp(new[:, 0]) > 1.8  # spread over the whole curve


def star_reference(X, y, label, n_new, seed):
    rng = np.random.default_rng(np.random.RandomState(seed).randint(np.iinfo(np.int32).max))
    X_class = X[y == label]
    n = len(X_class)
    seeds = np.r_[np.tile(np.arange(n), n_new // n), rng.choice(n, n_new % n, replace=False)]
    steps = rng.random(n_new)
    start = X_class[seeds]
    return np.vstack([X, start + steps[:, None] * (X_class.mean(axis=0) - start)])


def test_star_equals_numpy_reference(binary_data, seed):
    X, y = binary_data
    X_res, _ = PolynomialFitSMOTE(random_state=seed).fit_resample(X, y)
    np.testing.assert_allclose(X_res, star_reference(X, y, 1, 220, seed), rtol=1e-12)


@pytest.mark.parametrize("topology, params, n_class, message", [
    ("bus", {}, 1, r"topology='bus' needs at least 2 samples .* class 1 has 1"),
    ("mesh", {}, 1, r"topology='mesh' needs at least 2 samples .* class 1 has 1"),
    ("polynomial", {"degree": 3}, 3, r"degree=3 needs at least 4 samples .* class 1 has 3"),
])
def test_too_small_class_is_a_clear_error(topology, params, n_class, message):
    X, y = with_other_class(np.arange(2.0 * n_class).reshape(n_class, 2))
    with pytest.raises(ValueError, match=message):
        PolynomialFitSMOTE(topology=topology, **params).fit_resample(X, y)


@pytest.mark.parametrize("topology", ["bus", "mesh", "polynomial"])
def test_every_topology_gives_exact_counts_and_seeded_output(multiclass_data, topology):
    X, y = multiclass_data
    sampler = PolynomialFitSMOTE(topology=topology, sampling_strategy={"mid": 70, "small": 45},
                                 random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sorted(zip(*np.unique(y_res, return_counts=True))) == [
        ("big", 200), ("mid", 70), ("small", 45)]
    np.testing.assert_array_equal(X_res, sampler.fit_resample(X, y)[0])
