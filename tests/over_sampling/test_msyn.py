from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from scipy.spatial.distance import cdist

from imbtools.over_sampling import MSYN
from imbtools.over_sampling._msyn import margin_changes


def summed_margins(X, is_minority):
    """Sum of 1-NN hypothesis margins of the minority and of the other samples."""
    d = cdist(X, X)
    np.fill_diagonal(d, np.inf)
    same = is_minority[:, None] == is_minority[None, :]
    hit = np.where(same, d, np.inf).min(axis=1)
    miss = np.where(~same, d, np.inf).min(axis=1)
    margin = (miss - hit) / 2
    return margin[is_minority].sum(), margin[~is_minority].sum()


def smote_candidates(X_min, rng, n_candidates, k=3):
    """SMOTE's draws: a seed, one of its k nearest other minority samples, a step."""
    d = cdist(X_min, X_min)
    np.fill_diagonal(d, np.inf)
    neighbors = np.argsort(d, axis=1, kind="stable")[:, :k]
    seeds = rng.randint(len(X_min), size=n_candidates)
    ends = neighbors[seeds, rng.randint(k, size=n_candidates)]
    return seeds, ends, rng.uniform(size=n_candidates)


def nearest_hit_and_miss(X_min, X_other):
    d_min = cdist(X_min, X_min)
    np.fill_diagonal(d_min, np.inf)
    return d_min.min(axis=1), cdist(X_other, X_min).min(axis=1)


def test_margin_changes_equal_recomputing_every_margin():
    rng = np.random.RandomState(0)
    X_min, X_other = rng.normal(size=(15, 3)), rng.normal(loc=1, size=(40, 3))
    seeds, ends, steps = smote_candidates(X_min, rng, 12)
    candidates = X_min[seeds] + steps[:, None] * (X_min[ends] - X_min[seeds])
    X = np.vstack([X_min, X_other])
    is_minority = np.r_[np.ones(15, bool), np.zeros(40, bool)]
    hit, miss = nearest_hit_and_miss(X_min, X_other)
    gain, loss = margin_changes(X_min, seeds, ends, steps, hit, X_other, miss)
    before = summed_margins(X, is_minority)
    for i, x in enumerate(candidates):
        # the candidate's own margin is not counted: compare the old samples only
        X_new = np.vstack([X, x])
        d = cdist(X_new, X_new)
        np.fill_diagonal(d, np.inf)
        labels = np.r_[is_minority, True]
        same = labels[:, None] == labels[None, :]
        margin = (np.where(~same, d, np.inf).min(1) - np.where(same, d, np.inf).min(1)) / 2
        np.testing.assert_allclose(gain[i], margin[:15].sum() - before[0], atol=1e-12)
        np.testing.assert_allclose(loss[i], margin[15:55].sum() - before[1], atol=1e-12)


@pytest.mark.parametrize("grid", [False, True])
@pytest.mark.parametrize("offset", [0.0, 1e4])
def test_margin_changes_equal_every_pair_measured(grid, offset):
    # margin_changes measures only the pairs near a segment; a plain sum over every
    # (candidate, sample) pair must agree, with duplicate samples, a majority sample on
    # a minority one, steps of 0 and 1, integer data (exact ties at the radius) and a
    # large common offset
    rng = np.random.RandomState(1)
    for n_features in (1, 2, 5):
        X_min = rng.normal(size=(40, n_features))
        X_other = rng.normal(loc=0.7, size=(120, n_features))
        if grid:
            X_min, X_other = np.round(2 * X_min), np.round(2 * X_other)
        X_min[5], X_min[7] = X_min[6], X_min[8]
        X_other[3] = X_min[2]
        X_min, X_other = X_min + offset, X_other + offset
        seeds, ends, steps = smote_candidates(X_min, rng, 300)
        steps[:20], steps[20:40] = 0.0, 1.0
        hit, miss = nearest_hit_and_miss(X_min, X_other)
        gain, loss = margin_changes(X_min, seeds, ends, steps, hit, X_other, miss)
        candidates = X_min[seeds] + steps[:, None] * (X_min[ends] - X_min[seeds])
        expected_gain = np.maximum(hit[None, :] - cdist(candidates, X_min), 0).sum(1) / 2
        expected_loss = -np.maximum(miss[None, :] - cdist(candidates, X_other), 0).sum(1) / 2
        np.testing.assert_allclose(gain, expected_gain, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(loss, expected_loss, rtol=1e-12, atol=1e-9)


def test_margin_changes_search_again_rows_near_many_segments(monkeypatch):
    # more segments near a sample than the first search keeps room for: same sums
    import imbtools.over_sampling._msyn as msyn

    rng = np.random.RandomState(2)
    X_min, X_other = rng.normal(size=(30, 2)), rng.normal(size=(50, 2))
    seeds, ends, steps = smote_candidates(X_min, rng, 200)
    hit, miss = nearest_hit_and_miss(X_min, X_other)
    expected = margin_changes(X_min, seeds, ends, steps, hit, X_other, miss)
    monkeypatch.setattr(msyn, "_HIT_CAPACITY", 1)
    monkeypatch.setattr(msyn, "_DISTANCE_CHUNK", 64)
    for got, want in zip(margin_changes(X_min, seeds, ends, steps, hit, X_other, miss),
                         expected):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


def test_keeps_the_candidates_that_shrink_the_other_class_margins_least():
    # minority cluster around 0 with a tail towards a majority cluster around 10;
    # candidates in the tail come closer to majority samples than their nearest miss
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(scale=0.3, size=(20, 2)), [[3.0, 0], [5.0, 0], [7.0, 0]],
                   rng.normal(loc=[10, 0], scale=0.5, size=(80, 2))])
    y = np.r_[np.ones(23, int), np.zeros(80, int)]
    X_res, _ = MSYN(sampling_strategy={1: 43}, pressure=5, random_state=0).fit_resample(X, y)
    new = X_res[len(X):]
    assert new.shape == (20, 2)
    assert np.all(new[:, 0] < 5.0)  # nothing generated between 5 and 7, next to the majority


@pytest.mark.parametrize("strategy, expected", [
    ("auto", {"big": 200, "mid": 200, "small": 200}),
    ({"mid": 64, "small": 99}, {"big": 200, "mid": 64, "small": 99}),
])
def test_exact_class_counts(multiclass_data, strategy, expected):
    X, y = multiclass_data
    _, y_res = MSYN(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_res.tolist()) == expected


def test_same_seed_same_output_and_different_seed_different_output(binary_data):
    X, y = binary_data
    a = MSYN(random_state=3).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, MSYN(random_state=3).fit_resample(X, y)[0])
    assert not np.allclose(a[len(X):], MSYN(random_state=4).fit_resample(X, y)[0][len(X):])


def test_sparse_and_dataframe_round_trips(binary_data):
    X, y = binary_data
    dense = MSYN(random_state=0).fit_resample(X, y)[0]
    X_sparse, _ = MSYN(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), dense)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(5)])
    X_frame, _ = MSYN(random_state=0).fit_resample(frame, y)
    np.testing.assert_allclose(X_frame.to_numpy(), dense)


def test_errors():
    X = np.arange(20.0).reshape(10, 2)
    with pytest.raises(ValueError, match="k_neighbors=5 needs at least 6 samples.*class 1"):
        MSYN().fit_resample(X, [0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match="pressure"):
        MSYN(pressure=0.5).fit_resample(X, [0] * 7 + [1] * 3)
