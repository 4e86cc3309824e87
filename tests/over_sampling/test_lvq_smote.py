"""LVQ-SMOTE (Nakamura et al., 2013): LVQ codebook, pair matching, pattern translation."""

import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.base import clone

from imbtools.over_sampling import LVQSMOTE
from imbtools.over_sampling._lvq_smote import lvq_codebook, matched_pairs
from imbtools.over_sampling.generation import check_generator


def lvq_reference(X, in_class, n_codebooks, n_epochs, learning_rate, generator):
    """Kohonen's LVQ1 in plain NumPy, with the same draws as ``lvq_codebook``."""
    class_rows, other_rows = np.flatnonzero(in_class), np.flatnonzero(~in_class)
    starts = np.concatenate([
        generator.choice(class_rows, n_codebooks, replace=False),
        generator.choice(other_rows, min(n_codebooks, len(other_rows)), replace=False)])
    prototypes = X[starts].astype(float)
    side = np.arange(len(starts)) < n_codebooks
    n_steps = n_epochs * len(X)
    for epoch in range(n_epochs):
        for t, i in enumerate(generator.permutation(len(X))):
            best = np.argmin(((X[i] - prototypes) ** 2).sum(axis=1))
            alpha = learning_rate * (1 - (epoch * len(X) + t) / n_steps)
            sign = 1.0 if side[best] == in_class[i] else -1.0
            prototypes[best] += sign * alpha * (X[i] - prototypes[best])
    return prototypes[:n_codebooks]


def pairs_reference(codebook):
    """Every pair against every disjoint ordered pair, one at a time."""
    m = len(codebook)
    rows = []
    for a in range(m):
        for b in range(a + 1, m):
            best, best_gap = None, np.inf
            for i in range(m):
                for j in range(m):
                    if i == j or {i, j} & {a, b}:
                        continue
                    gap = np.linalg.norm((codebook[a] - codebook[b]) - (codebook[i] - codebook[j]))
                    if gap < best_gap:
                        best, best_gap = (i, j), gap
            rows.append((a, b, *best))
    return np.array(rows)


@pytest.mark.parametrize("container", [np.asarray, sparse.csr_matrix])
def test_lvq_codebook_equals_numpy_reference(seed, container):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(size=(50, 3)), rng.normal(loc=1.0, size=(15, 3))])
    X[rng.rand(*X.shape) < 0.3] = 0.0  # stored zeros and missing entries for the CSR path
    in_class = np.arange(65) >= 50
    ours = lvq_codebook(container(X), in_class, 5, 3, 0.1, check_generator(seed))
    expected = lvq_reference(X, in_class, 5, 3, 0.1, check_generator(seed))
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-12)


def test_lvq_moves_prototypes_towards_own_class_and_away_from_the_other():
    # one class prototype at 0 between a class sample at 1 and an other-class sample at -1;
    # the other-class prototype sits far away, so both samples update the class prototype
    X = np.array([[0.0], [1.0], [-1.0], [100.0]])
    in_class = np.array([True, True, False, False])
    generator = check_generator(0)
    codebook = lvq_codebook(X, in_class, 2, 1, 0.5, generator)
    # whatever the order, every update moves a class prototype to the right (towards +1
    # or away from -1) or leaves the far prototype alone: the class codebook ends >= start
    assert codebook.min() >= 0.0 and codebook.max() > 0.0


def test_matched_pairs_on_a_square():
    # corners A(0,0) B(1,0) C(1,1) D(0,1): A - B = D - C, A - D = B - C, A - C has no twin
    square = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    pairs = {(a, b): (i, j) for a, b, i, j in matched_pairs(square)}
    assert pairs[(0, 1)] == (3, 2)  # A -> D, B -> C
    assert pairs[(0, 3)] == (1, 2)  # A -> B, D -> C
    assert pairs[(2, 3)] == (1, 0)
    assert pairs[(1, 2)] == (0, 3)
    # diagonals A - C = (-1, -1): nearest of B - D = (1, -1), D - B = (-1, 1) (a tie)
    assert pairs[(0, 2)] == (1, 3)


def test_matched_pairs_equal_the_exhaustive_loop(seed):
    codebook = np.random.RandomState(seed).normal(size=(7, 3))
    np.testing.assert_array_equal(matched_pairs(codebook), pairs_reference(codebook))


def allowed_translations(sampler, X_class, label):
    """{(class position, offset)} that the rule allows for one class."""
    codebook = sampler.codebooks_[label]
    dist = ((codebook[:, None, :] - X_class[None, :, :]) ** 2).sum(axis=2)
    near = np.argsort(dist, axis=1, kind="stable")[:, : sampler.k_neighbors]
    allowed = []
    for a, b, i, j in pairs_reference(codebook):
        for target, source in ((a, i), (b, j)):
            for x in near[source]:
                allowed.append((x, codebook[target] - codebook[source]))
    return allowed


@pytest.mark.parametrize("k_neighbors", [1, 3])
def test_each_new_sample_is_a_class_sample_moved_between_matched_codebook_vectors(
        binary_data, k_neighbors):
    X, y = binary_data
    sampler = LVQSMOTE(n_codebooks=5, k_neighbors=k_neighbors, random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    rows = np.flatnonzero(y == 1)
    allowed = allowed_translations(sampler, X[rows], 1)
    position = {row: p for p, row in enumerate(rows)}
    parents = sampler.synthetic_parents_
    np.testing.assert_array_equal(parents[:, 0], parents[:, 1])
    for new, parent in zip(X_res[len(X):], parents[:, 0]):
        x = position[parent]
        assert any(x == ax and np.allclose(new - X[parent], offset, rtol=0, atol=1e-12)
                   for ax, offset in allowed), "a new sample the rule cannot produce"


def test_a_rectangle_worked_by_hand():
    # The class is the four corners of a 2 x 1 rectangle; the other class is far away, so
    # LVQ leaves each class prototype on its own sample: the codebook is the four corners.
    corners = {"A": (0.0, 0.0), "B": (2.0, 0.0), "C": (2.0, 1.0), "D": (0.0, 1.0)}
    X_other = 50.0 + 0.1 * np.arange(12.0).reshape(6, 2)
    X = np.vstack([np.array(list(corners.values())), X_other])
    y = np.array([1] * 4 + [0] * 6)
    sampler = LVQSMOTE(sampling_strategy={1: 404}, n_codebooks=4, k_neighbors=2,
                       random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    codebook = sampler.codebooks_[1]
    assert sorted(map(tuple, codebook)) == sorted(corners.values())
    name = {point: letter for letter, point in corners.items()}
    # Each pair's twin, worked by hand: A - B = D - C, A - D = B - C, B - C = A - D,
    # C - D = B - A exactly; for the diagonal A - C = (-2, -1) the two other corners give
    # D - B = (-2, 1) (gap 2) or B - D = (2, -1) (gap 4), so A goes to D and C to B.
    twins = {("A", "B"): ("D", "C"), ("A", "C"): ("D", "B"), ("A", "D"): ("B", "C"),
             ("B", "C"): ("A", "D"), ("B", "D"): ("C", "A"), ("C", "D"): ("B", "A")}
    found = {}
    for a, b, i, j in matched_pairs(codebook):
        pa, pb, pi, pj = (name[tuple(codebook[m])] for m in (a, b, i, j))
        found[(pa, pb) if pa < pb else (pb, pa)] = (pi, pj) if pa < pb else (pj, pi)
    assert found == twins
    # A new sample moves a sample near the source corner (k_neighbors=2: the corner itself
    # or the corner above / below it, at distance 1) by target - source.
    vertical = {"A": "D", "B": "C", "C": "B", "D": "A"}
    point = {letter: np.array(xy) for letter, xy in corners.items()}
    allowed = set()
    for (a, b), (i, j) in twins.items():
        for target, source in ((a, i), (b, j)):
            for x in (source, vertical[source]):
                allowed.add(tuple(point[target] + point[x] - point[source]))
    new = set(map(tuple, X_res[len(X):]))
    assert new == allowed  # every outcome occurs among 400 draws, and nothing else
    assert (0.0, -1.0) in new  # A moved by D's offset: outside the class's rectangle


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"big": 200, "mid": 200, "small": 200}),
        ({"mid": 70, "small": 45}, {"big": 200, "mid": 70, "small": 45}),
        (lambda y: {"small": 31}, {"big": 200, "mid": 60, "small": 31}),
        ("minority", {"big": 200, "mid": 60, "small": 200}),
    ],
)
def test_exact_class_counts_multiclass(multiclass_data, strategy, expected):
    X, y = multiclass_data
    sampler = LVQSMOTE(sampling_strategy=strategy, random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res) == expected
    over_sampled = {label for label, n in expected.items() if n > Counter(y)[label]}
    assert set(sampler.codebooks_) == over_sampled


def test_float_strategy_counts(binary_data):
    X, y = binary_data
    _, y_res = LVQSMOTE(sampling_strategy=0.5, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 260, 1: 130}


def test_same_seed_same_output_different_seed_different_output(binary_data):
    X, y = binary_data
    sampler = LVQSMOTE(random_state=3)
    first = sampler.fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, sampler.fit_resample(X, y)[0])
    np.testing.assert_array_equal(first, clone(sampler).fit_resample(X, y)[0])
    assert not np.allclose(first, LVQSMOTE(random_state=4).fit_resample(X, y)[0])
    rng = np.random.RandomState(0)
    LVQSMOTE(random_state=rng).fit_resample(X, y)
    assert LVQSMOTE(random_state=rng).get_params()["random_state"] is rng


def test_containers_and_sample_weight(binary_data):
    X, y = binary_data
    dense = LVQSMOTE(random_state=0).fit_resample(X, y)[0]
    np.testing.assert_array_equal(dense[: len(X)], X)
    X_sparse = LVQSMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)[0]
    assert sparse.issparse(X_sparse) and X_sparse.format == "csr"
    np.testing.assert_allclose(X_sparse.toarray(), dense, rtol=1e-12, atol=1e-12)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = pd.Series(np.where(y == 1, "sick", "well"), name="status")
    X_frame, y_series = LVQSMOTE(random_state=0).fit_resample(frame, labels)
    assert list(X_frame.columns) == list(frame.columns) and y_series.name == "status"
    np.testing.assert_allclose(X_frame.to_numpy(), dense)
    assert Counter(y_series) == {"sick": 260, "well": 260}
    weights = np.arange(len(y), dtype=float)
    sampler = LVQSMOTE(random_state=0)
    _, y_res, w_res = sampler.fit_resample(X, y, sample_weight=weights)
    assert w_res.shape == y_res.shape
    np.testing.assert_array_equal(w_res[len(y):], weights[sampler.synthetic_parents_[:, 0]])


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n_codebooks": 3}, r"n_codebooks.*range \[4, inf\).*Got 3 instead"),
        ({"n_codebooks": 4.0}, r"n_codebooks.*Got 4\.0 instead"),
        ({"k_neighbors": 0}, r"k_neighbors.*Got 0 instead"),
        ({"n_epochs": 0}, r"n_epochs.*Got 0 instead"),
        ({"learning_rate": 0.0}, r"learning_rate.*range \(0\.0, 1\.0\].*Got 0\.0 instead"),
        ({"learning_rate": 1.5}, r"learning_rate.*Got 1\.5 instead"),
    ],
)
def test_bad_parameters_name_the_parameter_and_value(binary_data, params, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        LVQSMOTE(**params).fit_resample(X, y)


@pytest.mark.parametrize(
    "params, match",
    [
        ({}, r"at least 4 samples in each class.*class 'sick' has 3\..*RandomOverSampler"),
        ({"n_codebooks": 4, "k_neighbors": 7},
         r"k_neighbors=7 needs at least 7 samples.*class 'sick' has 3\..*RandomOverSampler"),
    ],
)
def test_too_small_class_is_a_clear_error(params, match):
    X = np.random.RandomState(0).normal(size=(33, 3))
    y = np.array(["well"] * 30 + ["sick"] * 3)
    if "k_neighbors" not in params:
        params = {**params, "k_neighbors": 2}
    with pytest.raises(ValueError, match=match):
        LVQSMOTE(**params).fit_resample(X, y)


def test_class_smaller_than_n_codebooks_uses_one_vector_per_sample_with_a_warning():
    X = np.random.RandomState(0).normal(size=(36, 3))
    y = np.array(["well"] * 30 + ["sick"] * 6)
    sampler = LVQSMOTE(k_neighbors=3, random_state=0)
    with pytest.warns(UserWarning, match=r"n_codebooks=10 exceeds the 6 samples of class "
                                         r"'sick'; 6 codebook vectors.*n_codebooks=6"):
        X_out, y_out = sampler.fit_resample(X, y)
    assert sampler.codebooks_["sick"].shape == (6, 3)
    assert np.sum(y_out == "sick") == 30
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        X_same, _ = LVQSMOTE(n_codebooks=6, k_neighbors=3, random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_out, X_same)
