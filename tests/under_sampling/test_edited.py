from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn import under_sampling as reference
from sklearn.neighbors import NearestNeighbors as SklearnNeighbors

from imbtools._kernels.ann import join_leaves
from imbtools._kernels.votes import row_modes
from imbtools.neighbors import SegmentCover, _certificate, class_agreement
from imbtools.neighbors._certificate import ApproximateNeighbourhoods
from imbtools.under_sampling import (
    AllKNN,
    EditedNearestNeighbours,
    RepeatedEditedNearestNeighbours,
)

SAMPLERS = [EditedNearestNeighbours, RepeatedEditedNearestNeighbours, AllKNN]


def edited_keep_mask(X, codes, cleaned, k, rule, hint=None):
    """One pass of Wilson's editing through the engine's class-agreement question."""
    asked = np.flatnonzero(np.isin(codes, cleaned))
    keep = np.ones(codes.shape[0], dtype=bool)
    keep[asked[~class_agreement(X, codes, asked, k, rule=rule, hint=hint)]] = False
    return keep


def continuous_data(n_samples, weights, n_features=3, seed=0):
    """Overlapping Gaussian classes, no distance ties."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(len(weights), size=n_samples, p=weights)
    X = rng.normal(size=(n_samples, n_features)) + 0.8 * codes[:, None]
    return X, codes


def reference_of(sampler_class):
    return getattr(reference, sampler_class.__name__)


@pytest.mark.parametrize("sampler_class", SAMPLERS)
@pytest.mark.parametrize("params", [
    {}, {"kind_sel": "mode"}, {"n_neighbors": 5}, {"sampling_strategy": "all"},
    {"sampling_strategy": "majority"}, {"sampling_strategy": [0, 2]},
])
def test_same_rows_as_imblearn(sampler_class, params):
    X, y = continuous_data(500, [0.55, 0.3, 0.15])
    ours, ref = sampler_class(**params), reference_of(sampler_class)(**params)
    X_res, y_res = ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))
    np.testing.assert_array_equal(X_res, X[ours.sample_indices_])
    if hasattr(ref, "n_iter_"):
        assert ours.n_iter_ == ref.n_iter_


def test_allknn_allow_minority_and_renn_max_iter():
    X, y = continuous_data(400, [0.5, 0.5], seed=3)
    for params in ({"allow_minority": True}, {"allow_minority": False}):
        ours, ref = AllKNN(**params, n_neighbors=6), reference.AllKNN(**params, n_neighbors=6)
        ours.fit_resample(X, y)
        ref.fit_resample(X, y)
        np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))
    ours = RepeatedEditedNearestNeighbours(max_iter=1)
    ref = reference.RepeatedEditedNearestNeighbours(max_iter=1)
    ours.fit_resample(X, y)
    ref.fit_resample(X, y)
    assert ours.n_iter_ == 1
    np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))


def test_certificate_path_is_exact(monkeypatch):
    """The pure-neighbourhood certificate only skips searches; the result is unchanged."""
    X, y = continuous_data(3000, [0.95, 0.05], n_features=6, seed=1)
    monkeypatch.setattr(_certificate, "CERTIFY_MIN_CLASS", 100)
    for kind_sel in ("all", "mode"):
        ours = EditedNearestNeighbours(kind_sel=kind_sel)
        ours.fit_resample(X, y)
        ref = reference.EditedNearestNeighbours(kind_sel=kind_sel)
        ref.fit_resample(X, y)
        np.testing.assert_array_equal(ours.sample_indices_, np.sort(ref.sample_indices_))


def recording_certificates(monkeypatch):
    """Lower the certificate threshold and record the fraction certified per call."""
    fractions = []
    certify = _certificate._pure_neighbourhoods

    def recorded(*args):
        certified = certify(*args)
        fractions.append(None if certified is None else certified.mean())
        return certified

    monkeypatch.setattr(_certificate, "CERTIFY_MIN_CLASS", 100)
    monkeypatch.setattr(_certificate, "_pure_neighbourhoods", recorded)
    return fractions


@pytest.mark.parametrize("kind_sel", ["all", "mode"])
@pytest.mark.parametrize("ties", [False, True])
def test_certificate_equals_the_plain_search_with_ties(monkeypatch, kind_sel, ties):
    X, y = continuous_data(3000, [0.9, 0.06, 0.04], n_features=4, seed=1)
    if ties:  # a coarse grid: many equal distances, and duplicated rows across classes
        X = np.round(X, 1)
        X[:60] = X[60:120]
    plain = edited_keep_mask(X, y, [0, 1, 2], 3, kind_sel)
    fractions = recording_certificates(monkeypatch)
    certified = edited_keep_mask(X, y, [0, 1, 2], 3, kind_sel)
    np.testing.assert_array_equal(certified, plain)
    # the big class is certified for the most part; the small ones are not worth it
    assert fractions[0] > 0.5 and fractions[1:] == [None, None]


def test_blocked_float32_search_of_the_undecided_rows_changes_nothing(monkeypatch):
    from imbtools.neighbors import _float32 as neighbors

    X, y = continuous_data(3000, [0.9, 0.1], n_features=10, seed=3)
    plain = edited_keep_mask(X, y, [0, 1], 3, "all")
    calls = []
    blocked = _certificate.blocked_neighbors_of_rows

    def spy(*args, **kwargs):
        calls.append(len(args[1]))
        return blocked(*args, **kwargs)

    monkeypatch.setattr(neighbors, "_FLOAT32_MIN_WORK", 1.0)
    monkeypatch.setattr(neighbors, "_FLOAT32_REF_BLOCK", 1000)
    monkeypatch.setattr(_certificate, "blocked_neighbors_of_rows", spy)
    mask = edited_keep_mask(X, y, [0, 1], 3, "all")
    np.testing.assert_array_equal(mask, plain)
    assert calls == [np.sum(y == 0), np.sum(y == 1)]  # every row of both classes


def test_a_wrong_segment_cover_changes_nothing(monkeypatch):
    X, y = continuous_data(2000, [0.85, 0.15], n_features=3, seed=2)
    plain = edited_keep_mask(X, y, [0, 1], 3, "all")
    rng = np.random.default_rng(0)
    start, end = np.arange(2000), np.arange(2000)
    start[1000:], end[1000:] = rng.integers(0, 2000, 1000), rng.integers(0, 2000, 1000)
    cover = SegmentCover(X, start, end)
    fractions = recording_certificates(monkeypatch)
    mask = edited_keep_mask(X, y, [0, 1], 3, "all", hint=cover)
    np.testing.assert_array_equal(mask, plain)
    assert fractions[0] is not None  # the certificate ran (random segments make it loose)


def test_segment_cover_measures_each_row_off_its_segment():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.5, 0.0], [1.0, 0.5], [3.0, 0.0], [1.0, 1.0]])
    cover = SegmentCover(X, [0, 1, 0, 0, 0, 5], [0, 1, 1, 1, 1, 5])
    # on the segment, half a unit off it, one unit past its end; originals exact
    np.testing.assert_allclose(cover.slack, [0.0, 0.0, 0.0, 0.5, 1.0, 0.0], atol=1e-11)
    start, end, slack = cover.segments_of(np.array([2, 3, 4]))
    assert start.tolist() == [0] and end.tolist() == [1]
    assert slack[0] == pytest.approx(1.0)


def test_approximate_bounds_are_upper_bounds_and_leaf_kernel_matches_numpy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(700, 4))
    X[5] = X[6]  # a duplicate: distance 0
    exact = np.sort(np.linalg.norm(X[:, None] - X[None], axis=2), axis=1)[:, 1:]
    bounds = ApproximateNeighbourhoods(X, np.arange(700), 3, rng, leaf_size=32, n_trees=1)
    bounds.refine_joined(np.arange(700), np.zeros(700))  # a goal of 0: nobody stops
    assert np.all(bounds.kth_distance() >= exact[:, 2] - 1e-12)
    assert bounds.kth_distance()[5] == pytest.approx(exact[5, 2])
    # One leaf holding everything: the kernel's top-k is the exact top-k.
    k = 4
    best_dist, best_idx = np.full((700, k), np.inf), np.full((700, k), -1, dtype=np.int32)
    join_leaves(X, np.arange(700), np.arange(700), np.array([0, 700]), best_dist, best_idx,
                np.zeros((700, k), dtype=bool))
    np.testing.assert_allclose(np.sqrt(best_dist), exact[:, :k], atol=1e-12)


def test_row_modes_matches_numpy_with_smallest_on_ties():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 4, size=(500, 5))
    labels[0] = [3, 3, 1, 1, 2]
    expected = [np.bincount(row, minlength=4).argmax() for row in labels]
    np.testing.assert_array_equal(row_modes(labels), expected)
    assert row_modes(labels)[0] == 1


def test_user_neighbour_object_counts_the_sample_itself():
    X, y = continuous_data(300, [0.7, 0.3])
    ours = EditedNearestNeighbours(n_neighbors=SklearnNeighbors(n_neighbors=4))
    ours.fit_resample(X, y)
    expected = EditedNearestNeighbours(n_neighbors=3)
    expected.fit_resample(X, y)
    np.testing.assert_array_equal(ours.sample_indices_, expected.sample_indices_)


@pytest.mark.parametrize("sampler_class", SAMPLERS)
def test_string_bool_labels_dataframe_weights_and_inputs_untouched(sampler_class):
    X, codes = continuous_data(300, [0.6, 0.25, 0.15])
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1].astype(np.float32), "c": X[:, 2]})
    frame_before, weights = frame.copy(), np.linspace(1, 2, 300)
    expected = sampler_class(kind_sel="mode").fit_resample(frame.to_numpy(float), codes)[1]
    labels = np.array(["a-low", "b-mid", "c-high"], dtype=object)[codes]  # sorted as codes
    sampler = sampler_class(kind_sel="mode")
    X_res, y_res, w_res = sampler.fit_resample(frame, pd.Series(labels, name="t"),
                                               sample_weight=weights)
    assert list(X_res.dtypes) == list(frame.dtypes) and y_res.name == "t"
    np.testing.assert_array_equal(w_res, weights[sampler.sample_indices_])
    assert Counter(y_res) == Counter(labels[sampler.sample_indices_])
    assert sorted(Counter(y_res).values()) == sorted(Counter(expected).values())
    pd.testing.assert_frame_equal(frame, frame_before)
    binary = codes == 0
    _, y_bool = sampler_class().fit_resample(X, binary)
    assert y_bool.dtype == bool


def test_mask_only_cleans_the_given_classes():
    X, y = continuous_data(400, [0.5, 0.3, 0.2])
    keep = edited_keep_mask(X, y, [1], 3, "all")
    assert keep[y != 1].all() and not keep[y == 1].all()


@pytest.mark.parametrize("sampler_class", SAMPLERS)
def test_errors_name_the_parameter(sampler_class):
    X, y = continuous_data(10, [0.5, 0.5])
    with pytest.raises(ValueError, match=r"n_neighbors=20 .* at most 9"):
        sampler_class(n_neighbors=20).fit_resample(X, y)
    with pytest.raises(ValueError, match="sampling_strategy"):
        sampler_class(sampling_strategy="minority").fit_resample(X, y)
    with pytest.raises(ValueError, match="kind_sel"):
        sampler_class(kind_sel="any").fit_resample(X, y)
