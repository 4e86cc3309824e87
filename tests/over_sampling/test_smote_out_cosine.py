"""SMOTE-Out and SMOTE-Cosine (Koto, 2014): the paper's rule and a NumPy reference."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools.neighbors import NearestNeighbors
from imbtools.over_sampling import SMOTECosine, SMOTEOut
from imbtools.over_sampling._smote_cosine import composite_neighbors


def vote_reference(euclidean, cosine):
    """The vote, one row at a time with Python sorting."""
    k = euclidean.shape[1]
    out = []
    for e_row, c_row in zip(euclidean.tolist(), cosine.tolist()):
        def pos(item, ranking):
            return ranking.index(item) + 1 if item in ranking else k + 1
        candidates = list(dict.fromkeys(e_row + c_row))
        candidates.sort(key=lambda c: (pos(c, e_row) + pos(c, c_row), pos(c, e_row)))
        out.append(candidates[:k])
    return np.array(out)


def same_class_reference(X_class, k, cosine):
    nn = SklearnNeighbors(n_neighbors=k + 1).fit(X_class)
    euclidean = nn.kneighbors(X_class, return_distance=False)[:, 1:]
    if not cosine:
        return euclidean
    nn_cos = SklearnNeighbors(n_neighbors=k + 1, metric="cosine").fit(X_class)
    return vote_reference(euclidean, nn_cos.kneighbors(X_class, return_distance=False)[:, 1:])


def smote_out_reference(X, y, label, n_new, k, m, seed, cosine):
    rng = np.random.default_rng(np.random.RandomState(seed).randint(np.iinfo(np.int32).max))
    X_class, X_other = X[y == label], X[y != label]
    same = same_class_reference(X_class, k, cosine)
    other = SklearnNeighbors(n_neighbors=m).fit(X_other).kneighbors(
        X_class, return_distance=False)
    draws = rng.integers(0, len(X_class) * k, size=n_new)
    seeds, x_pick = draws // k, draws % k
    rng.random(n_new)  # SMOTE's steps, drawn and unused
    v_pick = rng.integers(0, m, size=n_new)
    r1, r2 = 0.3 * rng.random(n_new), 0.5 * rng.random(n_new)
    u, v = X_class[seeds], X_other[other[seeds, v_pick]]
    x = X_class[same[seeds, x_pick]]
    uu = u + r1[:, None] * (u - v)
    return np.vstack([X, x + r2[:, None] * (uu - x)])


@pytest.mark.parametrize("sampler, cosine", [(SMOTEOut, False), (SMOTECosine, True)])
def test_equals_numpy_reference(binary_data, seed, sampler, cosine):
    X, y = binary_data
    X_res, _ = sampler(random_state=seed, majority_neighbors=4).fit_resample(X, y)
    expected = smote_out_reference(X, y, 1, 220, 5, 4, seed, cosine)
    np.testing.assert_allclose(X_res, expected, rtol=1e-10)


@pytest.mark.parametrize("sampler", [SMOTEOut, SMOTECosine])
def test_new_samples_leave_the_class_range_away_from_the_other_class_only(sampler):
    # 1-D: the other class lies left of the class, so seeds are pushed right
    X = np.r_[np.arange(0.0, 6.0), np.arange(10.0, 16.0)][:, None] + 1.0
    y = np.array([0] * 6 + [1] * 6)
    X_res, _ = sampler(sampling_strategy={1: 400}, k_neighbors=3,
                       random_state=0).fit_resample(X, y)
    new = X_res[len(X):, 0]
    assert new.min() >= 11.0  # never towards the other class
    assert new.max() > 16.0  # beyond the class's largest sample
    # bound: x + 0.5 * (u + 0.3 * (u - v) - x) with u = 16, x = 15 and v = 2 (the
    # farthest of the 5 nearest other-class samples)
    assert new.max() < 15.0 + 0.5 * (16.0 + 0.3 * 14.0 - 15.0)


def test_vote_on_hand_made_lists():
    euclidean = np.array([[1, 2, 3]])
    cosine = np.array([[3, 4, 1]])
    # scores: 1 -> 1+3, 3 -> 3+1 (tie: Euclidean position), 2 -> 2+4, 4 -> 4+2
    np.testing.assert_array_equal(composite_neighbors(euclidean, cosine), [[1, 3, 2]])


def test_vote_equals_python_reference():
    rng = np.random.default_rng(0)
    euclidean = np.array([rng.permutation(12)[:4] for _ in range(200)])
    cosine = np.array([rng.permutation(12)[:4] for _ in range(200)])
    np.testing.assert_array_equal(composite_neighbors(euclidean, cosine),
                                  vote_reference(euclidean, cosine))


def test_cosine_vote_prefers_a_neighbour_in_the_same_direction():
    # from the seed (1, 0): B = (1, 0.3) is nearest, C = (0.5, -0.8) second (0.94) but
    # 58 degrees away, A = (2, 0) third (1.0) in the very same direction
    X_class = np.array([[1.0, 0.0], [2.0, 0.0], [1.0, 0.3], [0.5, -0.8],
                        [-3.0, 4.0], [-4.0, -3.0]])
    assert same_class_reference(X_class, 2, cosine=False)[0].tolist() == [2, 3]
    elected = SMOTECosine(k_neighbors=2)._same_class_neighbors(
        NearestNeighbors(n_neighbors=2), X_class, 2)
    assert elected[0].tolist() == [2, 1]  # B (1 + 2), then A (3 + 1) before C (2 + 3)


def test_too_few_other_class_samples_is_a_clear_error():
    X = np.arange(11.0)[:, None]
    y = np.array([0] * 8 + [1] * 3)
    with pytest.raises(ValueError, match=r"majority_neighbors=5 needs at least 5 samples "
                                         r"of the other classes, but there are 3"):
        SMOTEOut(sampling_strategy={0: 10}).fit_resample(X, y)
