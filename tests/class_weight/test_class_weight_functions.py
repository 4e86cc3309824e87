"""compute_class_weights, cost_sensitive_sample_weight and the search-path functions."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight

from imbtools.class_weight import compute_class_weights, cost_sensitive_sample_weight
from imbtools.class_weight._search_path import (
    _parabola_vertex,
    coarse_points,
    n_coarse_points,
    propose_next,
    search_space,
)
from imbtools.utils._param_validation import InvalidParameterError


def _as_array(weights):
    return np.array(list(weights.values()))


def _counts(y):
    return np.unique(y, return_counts=True)[1]


def test_balanced_equals_sklearn_and_power_one(multiclass_data):
    _, y = multiclass_data
    classes = np.unique(y)
    reference = compute_class_weight("balanced", classes=classes, y=y)
    balanced = compute_class_weights(y)
    assert list(balanced) == classes.tolist()
    np.testing.assert_allclose(_as_array(balanced), reference)
    np.testing.assert_allclose(_as_array(compute_class_weights(y, "power", alpha=1.0)), reference)


@pytest.mark.parametrize(
    "method, kwargs",
    [
        ("power", {"alpha": 0.3}),
        ("power", {"alpha": 2.7}),
        ("power", {"alpha": -0.5}),
        ("effective_number", {"beta": 0.9}),
        ("effective_number", {"beta": 0.99999}),
    ],
)
def test_weighted_count_equals_n(multiclass_data, method, kwargs):
    _, y = multiclass_data
    weights = _as_array(compute_class_weights(y, method, **kwargs))
    assert np.dot(_counts(y), weights) == pytest.approx(len(y))


def test_power_matches_naive_formula(seed):
    rng = np.random.RandomState(seed)
    y = rng.choice(4, size=500, p=[0.6, 0.25, 0.1, 0.05])
    alpha = rng.uniform(0, 3)
    counts = _counts(y).astype(float)
    naive = counts**-alpha
    naive *= len(y) / np.dot(counts, naive)
    np.testing.assert_allclose(_as_array(compute_class_weights(y, "power", alpha=alpha)), naive)


def test_power_zero_is_no_weighting(binary_data):
    _, y = binary_data
    np.testing.assert_allclose(_as_array(compute_class_weights(y, "power", alpha=0.0)), 1.0)


def test_power_large_alpha_does_not_overflow():
    y = np.array([0] * 10_000 + [1] * 3)
    weights = _as_array(compute_class_weights(y, "power", alpha=200.0))
    assert np.all(np.isfinite(weights))
    assert np.dot(_counts(y), weights) == pytest.approx(len(y))


def test_effective_number_matches_cui_formula(multiclass_data):
    _, y = multiclass_data
    beta = 0.97
    counts = _counts(y).astype(float)
    naive = (1 - beta) / (1 - beta**counts)
    naive *= len(y) / np.dot(counts, naive)
    got = _as_array(compute_class_weights(y, "effective_number", beta=beta))
    np.testing.assert_allclose(got, naive)


def test_effective_number_limits(multiclass_data):
    _, y = multiclass_data
    np.testing.assert_allclose(
        _as_array(compute_class_weights(y, "effective_number", beta=0.0)), 1.0
    )
    balanced = _as_array(compute_class_weights(y))
    near_one = _as_array(compute_class_weights(y, "effective_number", beta=1 - 1e-9))
    np.testing.assert_allclose(near_one, balanced, rtol=1e-5)


def test_ratio_form_is_a_power_reparameterisation(binary_data):
    _, y = binary_data
    weights = compute_class_weights(y, "ratio", ratio=4.0)
    assert weights[1] / weights[0] == pytest.approx(4.0)
    imbalance_ratio = 260 / 40
    alpha = np.log(4.0) / np.log(imbalance_ratio)
    np.testing.assert_allclose(
        _as_array(weights), _as_array(compute_class_weights(y, "power", alpha=alpha))
    )


def test_ratio_form_rejects_multiclass(multiclass_data):
    _, y = multiclass_data
    with pytest.raises(ValueError, match="'ratio' class-weight family needs a binary target"):
        compute_class_weights(y, "ratio", ratio=2.0)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"method": "inverse"}, "'method' parameter .* must be a str among"),
        (
            {"method": "effective_number", "beta": 1.0},
            "'beta' parameter .* range \\[0.0, 1.0\\). Got 1.0",
        ),
        ({"method": "ratio", "ratio": 0.0}, "'ratio' parameter .* range \\(0.0, inf\\). Got 0.0"),
    ],
)
def test_compute_class_weights_rejects_bad_parameters(binary_data, kwargs, match):
    _, y = binary_data
    with pytest.raises(InvalidParameterError, match=match):
        compute_class_weights(y, **kwargs)


def test_weights_usable_as_class_weight(multiclass_data):
    X, y = multiclass_data
    weights = compute_class_weights(y, "power", alpha=0.5)
    model = LogisticRegression().fit(X, y)
    weighted = LogisticRegression(class_weight=weights).fit(X, y)
    # Up-weighting the rare classes predicts them more often.
    assert (weighted.predict(X) == "small").sum() > (model.predict(X) == "small").sum()


# --------------------------------------------------------------------------- costs
def test_cost_weights_binary_reduction():
    y = np.array(["a", "a", "b", "a", "b"])
    costs = [[1.0, 3.0], [8.5, 0.5]]  # truth a: regret 2; truth b: regret 8
    raw = cost_sensitive_sample_weight(y, costs, normalize=False)
    np.testing.assert_allclose(raw, [2, 2, 8, 2, 8])
    normalised = cost_sensitive_sample_weight(y, costs)
    np.testing.assert_allclose(normalised, raw * len(y) / raw.sum())


def test_cost_weights_multiclass_mean_regret_and_label_order():
    y = np.array([2, 0, 1, 1])
    costs = np.array([[0, 2, 4], [1, 0, 1], [6, 0, 0]])  # rows in order labels
    weights = cost_sensitive_sample_weight(y, costs, labels=[2, 0, 1], normalize=False)
    # class 2 is row 0: mean(2, 4) = 3; class 0 is row 1: 1; class 1 is row 2: mean(6, 0) = 3
    np.testing.assert_allclose(weights, [3, 1, 3, 3])


def test_cost_weighted_fit_moves_the_decision_like_the_cost_threshold(binary_data):
    X, y = binary_data
    costs = [[0, 1], [9, 0]]
    weights = cost_sensitive_sample_weight(y, costs)
    weighted = LogisticRegression().fit(X, y, sample_weight=weights)
    plain = LogisticRegression().fit(X, y)
    # Elkan: with costs c01 = 1, c10 = 9 the optimal threshold on P(y=1) is 0.1.
    cost_rule = plain.predict_proba(X)[:, 1] >= 0.1
    agreement = np.mean(weighted.predict(X) == cost_rule)
    assert agreement > 0.9
    assert weighted.predict(X).sum() > plain.predict(X).sum()


@pytest.mark.parametrize(
    "costs, kwargs, error, match",
    [
        ([[0, 1, 1], [1, 0, 1], [1, 1, 0]], {}, ValueError, r"shape \(n_classes, n_classes\)"),
        ([[0, 1], [np.nan, 0]], {}, ValueError, "finite numbers only"),
        ([[2, 1], [1, 0]], {}, ValueError, r"cost_matrix\[0, 1\] = 1.0 is below"),
        ([[0, 0], [0, 0]], {}, ValueError, "every sample of y a zero weight"),
        ([[0, 1], [1, 0]], {"labels": [0, 2]}, ValueError, r"label\(s\) \[1\] that are not"),
    ],
)
def test_cost_weights_errors(costs, kwargs, error, match):
    with pytest.raises(error, match=match):
        cost_sensitive_sample_weight([0, 1, 1, 0], costs, **kwargs)


# ---------------------------------------------------------------------- search path
def test_parabola_vertex_of_a_quadratic():
    def f(x):
        return -((x - 0.3) ** 2)

    assert _parabola_vertex([0.0, 0.5, 1.0], [f(0.0), f(0.5), f(1.0)]) == pytest.approx(0.3)
    assert _parabola_vertex([0.0, 0.5, 1.0], [1.0, 0.0, 1.0]) is None  # a minimum
    assert _parabola_vertex([0.0, 0.5, 1.0], [1.0, 1.0, 1.0]) is None  # flat


@pytest.mark.parametrize("optimum", [0.0, 0.37, 1.0, 1.62, 2.0])
def test_refinement_converges_on_a_unimodal_curve(optimum):
    def score(u):
        return -(abs(u - optimum) ** 1.5)

    points = coarse_points(search_space("power", [90, 10]), 3)
    assert points == [0.0, 1.0, 2.0]
    for _ in range(12):
        proposal = propose_next(points, [score(u) for u in points], min_gap=1e-4)
        if proposal is None:
            break
        assert 0.0 <= proposal <= 2.0
        assert min(abs(proposal - p) for p in points) >= 1e-4
        points.append(proposal)
    best = max(points, key=score)
    assert abs(best - optimum) < 0.02


def test_golden_step_goes_into_the_larger_side_of_the_bracket():
    step = 0.3819660112501051
    # Best at 1 with equal sides: the tie goes to the left side (smaller weights).
    assert propose_next([0, 1, 2], [0.1, 0.5, 0.3], min_gap=1e-3, parabolic=False) == (
        pytest.approx(1 - step)
    )
    # A parabola through the same points would go right of 1 instead.
    assert propose_next([0, 1, 2], [0.1, 0.5, 0.3], min_gap=1e-3) > 1.0
    # Best at the end of the range: step inwards from it.
    assert propose_next([0, 1, 2], [0.1, 0.2, 0.3], min_gap=1e-3) == pytest.approx(2 - step)
    assert propose_next([0, 1, 2, 0.5], [0.1, 0.4, 0.0, 0.3], min_gap=1e-3, parabolic=False) == (
        pytest.approx(1 + step)
    )


def test_refinement_stops_when_the_bracket_is_exhausted():
    points, scores = [0.0, 1e-4, 2e-4], [0.0, 1.0, 0.0]
    assert propose_next(points, scores, min_gap=1e-3) is None


def test_coarse_grid_size_is_about_half_the_budget():
    assert [n_coarse_points(n) for n in (2, 3, 4, 5, 10, 20)] == [2, 2, 3, 3, 5, 10]


def test_search_space_round_trip():
    counts = np.array([990, 10])
    for family in ("power", "ratio", "effective_number"):
        space = search_space(family, counts)
        for u in np.linspace(space.lower, space.upper, 7):
            assert space.coordinate(space.value(u)) == pytest.approx(u, abs=1e-9)
    ratio = search_space("ratio", counts)
    assert ratio.value(ratio.upper) == pytest.approx(99.0**2)
    beta = search_space("effective_number", counts)
    assert beta.value(beta.lower) == 0.0
