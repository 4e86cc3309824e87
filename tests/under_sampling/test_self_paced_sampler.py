"""Self-paced under-sampling: the algorithm steps against the paper's formulas, the sampler."""

import numpy as np
import pytest
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression

from imbtools.under_sampling import SelfPacedUnderSampler
from imbtools.under_sampling.self_paced_steps import (
    assign_hardness_bins,
    bin_sample_counts,
    compute_hardness,
    positions_in_bin,
    resolve_hardness,
    self_paced_alpha,
    self_paced_bin_weights,
    self_paced_under_sample,
)

# A hand-made hardness vector over [0, 1] with 5 bins of width 0.2:
# bin 0: 0.0, 0.05, 0.1, 0.1 | bin 1: 0.3 | bin 2: (empty) | bin 3: 0.7, 0.75 | bin 4: 0.9, 1.0
HAND_HARDNESS = np.array([0.05, 0.7, 0.1, 1.0, 0.0, 0.3, 0.9, 0.1, 0.75])


def paper_bins(hardness, k):
    """The paper's bins written from its definition: B_l = {h : lo + l w <= h < lo + (l+1) w}."""
    lo, hi = hardness.min(), hardness.max()
    width = (hi - lo) / k
    members = []
    for bin_index in range(k):
        inside = (hardness >= lo + bin_index * width) & (hardness < lo + (bin_index + 1) * width)
        if bin_index == k - 1:
            inside |= hardness == hi
        members.append(np.flatnonzero(inside))
    return members


def test_alpha_schedule_follows_the_paper():
    n = 7
    expected = [np.tan(i * np.pi / (2 * (n - 1))) for i in range(n)]
    got = [self_paced_alpha(i, n) for i in range(n)]
    np.testing.assert_allclose(got[:-1], expected[:-1])
    assert got[0] == 0.0
    assert got[n // 2] == pytest.approx(1.0)  # tan(pi / 4)
    assert got[-1] > 1e15  # tan(pi / 2) in floating point: every bin gets the same weight
    assert np.all(np.diff(got) > 0)
    assert self_paced_alpha(0, 1) == 0.0


def test_bins_and_weights_follow_the_paper_on_a_hand_made_vector():
    k, alpha = 5, self_paced_alpha(2, 5)  # tan(pi / 4) = 1
    bin_of, populations, mean_hardness = assign_hardness_bins(HAND_HARDNESS, k)
    members = paper_bins(HAND_HARDNESS, k)
    for bin_index, rows in enumerate(members):
        np.testing.assert_array_equal(np.flatnonzero(bin_of == bin_index), rows)
    np.testing.assert_array_equal(populations, [4, 1, 0, 2, 2])
    assert populations.sum() == HAND_HARDNESS.size  # the bins cover every sample
    expected_means = [HAND_HARDNESS[rows].mean() if rows.size else np.nan for rows in members]
    np.testing.assert_allclose(mean_hardness, expected_means)

    weights = self_paced_bin_weights(mean_hardness, populations, alpha)
    expected_weights = [1 / (m + alpha) if rows.size else 0.0
                        for m, rows in zip(expected_means, members)]
    np.testing.assert_allclose(weights, expected_weights)

    # With replacement the counts are the paper's n * p_l / sum(p), rounded to sum to n.
    n_target = 40
    counts = bin_sample_counts(weights, populations, n_target, replacement=True)
    ideal = n_target * np.array(expected_weights) / np.sum(expected_weights)
    assert counts.sum() == n_target
    assert np.all(np.abs(counts - ideal) < 1)


def test_alpha_extremes_harmonise_then_equalise():
    hardness = np.r_[np.full(90, 0.05), np.full(10, 0.95)]
    _, populations, mean_hardness = assign_hardness_bins(hardness, 2)
    equal = bin_sample_counts(self_paced_bin_weights(mean_hardness, populations, 1e16),
                              populations, 20)
    np.testing.assert_array_equal(equal, [10, 10])  # alpha -> inf: same count per bin
    harmonised = bin_sample_counts(self_paced_bin_weights(mean_hardness, populations, 0.0),
                                   populations, 20)
    np.testing.assert_array_equal(harmonised, [19, 1])  # counts * hardness equal: 19:1


def test_counts_without_replacement_are_capped_and_exact():
    weights = np.array([1.0, 1.0, 1.0, 0.0])
    populations = np.array([100, 3, 5, 0])
    counts = bin_sample_counts(weights, populations, 30)
    np.testing.assert_array_equal(counts, [22, 3, 5, 0])
    with pytest.raises(ValueError, match=r"n_target=200 exceeds the 108 samples"):
        bin_sample_counts(weights, populations, 200)


def test_infinite_weight_bins_are_filled_first():
    _, populations, mean_hardness = assign_hardness_bins(np.r_[np.zeros(5), np.ones(5)], 2)
    weights = self_paced_bin_weights(mean_hardness, populations, 0.0)
    assert np.isinf(weights[0])
    np.testing.assert_array_equal(bin_sample_counts(weights, populations, 7), [5, 2])


@pytest.mark.parametrize("soft_resample", [False, True])
@pytest.mark.parametrize("replacement", [False, True])
def test_draw_size_and_bin_counts(seed, soft_resample, replacement):
    rng = np.random.RandomState(seed)
    hardness = rng.beta(0.3, 3, size=2000)
    positions = self_paced_under_sample(
        hardness, 300, k_bins=10, alpha=0.5, random_state=rng,
        soft_resample=soft_resample, replacement=replacement,
    )
    assert positions.shape == (300,)
    assert np.all(np.diff(positions) >= 0)
    if not replacement:
        assert np.unique(positions).size == 300
    if not soft_resample:
        bin_of, populations, means = assign_hardness_bins(hardness, 10)
        expected = bin_sample_counts(self_paced_bin_weights(means, populations, 0.5),
                                     populations, 300, replacement)
        np.testing.assert_array_equal(np.bincount(bin_of[positions], minlength=10), expected)


def test_equal_hardness_is_random_under_sampling(seed):
    positions = self_paced_under_sample(np.full(50, 0.3), 10, k_bins=5, alpha=1.0,
                                        random_state=np.random.RandomState(seed))
    assert np.unique(positions).size == 10


def test_chunked_binning_equals_one_pass_numpy(seed, monkeypatch):
    import imbtools.under_sampling.self_paced_steps as module

    monkeypatch.setattr(module, "CHUNK_ROWS", 37)  # many chunks, a ragged last one
    hardness = np.random.RandomState(seed).beta(0.4, 3.0, size=1000)
    hardness[[3, 500]] = hardness.min(), hardness.max()
    for k_bins in (1, 7, 300):  # one bin; uint8 bins; uint16 bins
        bin_of, populations, means = assign_hardness_bins(hardness, k_bins)
        scaled = (hardness - hardness.min()) * (k_bins / np.ptp(hardness))
        expected = np.minimum(scaled.astype(np.intp), k_bins - 1)
        np.testing.assert_array_equal(bin_of, expected)
        assert bin_of.dtype == (np.uint8 if k_bins <= 256 else np.uint16)
        np.testing.assert_array_equal(populations, np.bincount(expected, minlength=k_bins))
        sums = np.bincount(expected, weights=hardness, minlength=k_bins)
        with np.errstate(invalid="ignore", divide="ignore"):
            np.testing.assert_allclose(means, sums / populations, rtol=1e-12)


def test_positions_in_bin_equal_flatnonzero(seed, monkeypatch):
    import imbtools.under_sampling.self_paced_steps as module

    monkeypatch.setattr(module, "CHUNK_ROWS", 29)
    rng = np.random.RandomState(seed)
    bin_of = rng.choice(4, size=500, p=[0.7, 0.2, 0.1, 0.0]).astype(np.uint8)
    for bin_index in range(3):
        members = np.flatnonzero(bin_of == bin_index)
        ranks = rng.choice(members.size, 40, replace=True)  # repeats allowed
        np.testing.assert_array_equal(positions_in_bin(bin_of, bin_index, ranks),
                                      np.sort(members[ranks]))
    assert positions_in_bin(bin_of, 3, np.array([], dtype=np.intp)).size == 0


@pytest.mark.parametrize("name", ["absolute_error", "squared_error", "cross_entropy"])
def test_hardness_in_place_equals_new_array(name):
    p = np.random.RandomState(0).uniform(-0.1, 1.1, size=100)  # clipped to [0, 1]
    expected = compute_hardness(resolve_hardness(name), p)
    buffer = p.copy()
    got = compute_hardness(resolve_hardness(name), buffer, out=buffer)
    assert got is buffer
    np.testing.assert_array_equal(got, expected)


def test_hardness_functions():
    p = np.array([0.0, 0.25, 1.0])
    np.testing.assert_allclose(resolve_hardness("absolute_error")(p), [1, 0.75, 0])
    np.testing.assert_allclose(resolve_hardness("squared_error")(p), [1, 0.5625, 0])
    np.testing.assert_allclose(resolve_hardness("cross_entropy")(p),
                               [-np.log(1e-12), -np.log(0.25), 0])
    with pytest.raises(ValueError, match="hardness must return one finite, non-negative"):
        compute_hardness(lambda q: q - 1, p)
    with pytest.raises(ValueError, match="hardness must return one finite, non-negative"):
        compute_hardness(lambda q: np.where(q > 0.5, np.nan, q), p)
    with pytest.raises(ValueError, match="hardness must return one finite, non-negative"):
        compute_hardness(lambda q: q[:2], p)


def test_sampler_balances_and_prefers_by_hardness(binary_data):
    X, y = binary_data
    sampler = SelfPacedUnderSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [40, 40]
    np.testing.assert_array_equal(X_res, X[sampler.sample_indices_])
    assert sampler.hardness_.shape == y.shape
    again = SelfPacedUnderSampler(random_state=0).fit_resample(X, y)[0]
    np.testing.assert_array_equal(X_res, again)


def test_sampler_multiclass_dataframe_and_weights(multiclass_data):
    pd = pytest.importorskip("pandas")
    X, y = multiclass_data
    frame = pd.DataFrame(X, columns=list("abcd"))
    X_res, y_res, w_res = SelfPacedUnderSampler(
        estimator=LogisticRegression(), random_state=0
    ).fit_resample(frame, y, sample_weight=np.arange(len(y), dtype=float))
    assert list(X_res.columns) == list("abcd")
    assert sorted(np.unique(y_res, return_counts=True)[1].tolist()) == [30, 30, 30]
    assert w_res.shape == (90,)


def test_sampler_in_imblearn_pipeline(binary_data):
    X, y = binary_data
    model = Pipeline([("spu", SelfPacedUnderSampler(random_state=0)),
                      ("clf", LogisticRegression())]).fit(X, y)
    assert model.score(X, y) > 0.7


@pytest.mark.parametrize(
    "params, match",
    [
        ({"k_bins": 0}, r"The 'k_bins' parameter .* must be an int in the range \[1, inf\)"),
        ({"alpha": -1.0}, r"The 'alpha' parameter .* Got -1.0"),
        ({"hardness": "hinge"}, r"The 'hardness' parameter .* Got 'hinge'"),
        ({"estimator": object()}, r"The 'estimator' parameter .*predict_proba"),
    ],
)
def test_sampler_parameter_errors(binary_data, params, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        SelfPacedUnderSampler(**params).fit_resample(X, y)
