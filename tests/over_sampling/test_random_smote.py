from collections import Counter

import numpy as np

from imbtools.over_sampling import RandomSMOTE
from imbtools.over_sampling._random_smote import balanced_seeds, draw_two_others


def random_smote_reference(X, y, label, n_new, seed):
    """Plain NumPy Random-SMOTE drawing the sampler's random stream."""
    rng = np.random.default_rng(np.random.RandomState(seed).randint(np.iinfo(np.int32).max))
    X_class = X[y == label]
    n = len(X_class)
    seeds = np.concatenate([np.tile(np.arange(n), n_new // n),
                            rng.choice(n, size=n_new % n, replace=False)])
    first = (seeds + 1 + rng.integers(0, n - 1, size=n_new)) % n
    second_draw = rng.integers(0, n - 2, size=n_new)
    r1, r2 = rng.random(n_new), rng.random(n_new)
    rows = []
    for i in range(n_new):
        others = [j for j in range(n) if j not in (seeds[i], first[i])]
        y1, y2 = X_class[first[i]], X_class[others[second_draw[i]]]
        t = y1 + r1[i] * (y2 - y1)
        rows.append(X_class[seeds[i]] + r2[i] * (t - X_class[seeds[i]]))
    return np.vstack([X, rows])


def test_equals_numpy_reference(binary_data, seed):
    X, y = binary_data
    X_res, _ = RandomSMOTE(random_state=seed).fit_resample(X, y)
    np.testing.assert_allclose(X_res, random_smote_reference(X, y, 1, 220, seed), rtol=1e-12)


def test_new_samples_fill_the_triangle_of_a_three_sample_class():
    triangle = np.array([[0.0, 0.0], [4.0, 0.0], [0.0, 3.0]])
    X = np.vstack([np.random.RandomState(0).normal(10, 1, size=(300, 2)), triangle])
    y = np.array([0] * 300 + [1] * 3)
    X_res, _ = RandomSMOTE(random_state=0).fit_resample(X, y)
    new = X_res[len(X):]
    # barycentric coordinates in the triangle: all >= 0
    lam1, lam2 = new[:, 0] / 4.0, new[:, 1] / 3.0
    lam0 = 1.0 - lam1 - lam2
    coords = np.column_stack([lam0, lam1, lam2])
    assert np.all(coords >= -1e-12)
    # inside the triangle, not only on its edges (as SMOTE's segments would be)
    assert np.mean(coords.min(axis=1) > 0.05) > 0.3


def test_each_sample_is_a_seed_equally_often():
    counts = np.bincount(balanced_seeds(5, 12, np.random.default_rng(0)), minlength=5)
    assert sorted(counts.tolist()) == [2, 2, 2, 3, 3]


def test_the_two_others_differ_from_the_seed_and_each_other():
    rng = np.random.default_rng(0)
    seeds = rng.integers(0, 4, size=5000)
    first, second = draw_two_others(seeds, 4, rng)
    assert np.all((first != seeds) & (second != seeds) & (first != second))
    # uniform over the 3 * 2 ordered pairs of the other samples
    pairs = Counter(zip(seeds[seeds == 0].tolist(), first[seeds == 0].tolist(),
                        second[seeds == 0].tolist()))
    assert len(pairs) == 6 and min(pairs.values()) > 0.7 * max(pairs.values())
