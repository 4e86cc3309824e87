"""The public over-sampling toolkit: a new method written with it alone behaves like ours."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.datasets import make_classification

from imbtools.base import BaseOverSampler
from imbtools.neighbors import NearestNeighbors, neighbors_excluding_self
from imbtools.over_sampling import SMOTE
from imbtools.over_sampling.generation import (
    AffineRows,
    ExplicitRows,
    Interpolation,
    check_class_size,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    oversampled,
)


class ToolkitSMOTE(BaseOverSampler):
    """SMOTE written with the public toolkit only (no private import)."""

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=self.k_neighbors + 1):
            X_class = class_matrix(data.numeric, group.rows)
            index = neighbors_excluding_self(NearestNeighbors(), X_class, self.k_neighbors)
            seeds, ends, steps = draw_smote_pairs(index, group.n_new, generator)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, ends, steps))
        return oversampled(data, blocks)


class MidpointOfTwo(BaseOverSampler):
    """Each new row is the midpoint of two random class rows, computed explicitly."""

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=2, param="rows"):
            a = group.rows[generator.integers(0, group.rows.shape[0], group.n_new)]
            b = group.rows[generator.integers(0, group.rows.shape[0], group.n_new)]
            X = data.numeric
            values = (X[a] + X[b]) / 2
            blocks.append(ExplicitRows(group.code, values, a, b, np.full(group.n_new, 0.5)))
        return oversampled(data, blocks)


class TriangleCentroid(BaseOverSampler):
    """Each new row is the centroid of three random class rows (an AffineRows block)."""

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=3, param="rows"):
            parents = generator.integers(0, group.rows.shape[0], size=(group.n_new, 3))
            coefs = np.full((group.n_new, 3), 1 / 3)
            blocks.append(AffineRows(group.code, group.rows,
                                     class_matrix(data.numeric, group.rows), parents, coefs,
                                     (parents[:, 0], parents[:, 1], np.full(group.n_new, 0.5))))
        return oversampled(data, blocks)


@pytest.fixture
def data():
    return make_classification(n_samples=300, n_features=5, n_informative=3, n_classes=3,
                               weights=[0.6, 0.3, 0.1], random_state=1)


def test_toolkit_smote_equals_library_smote(data):
    X, y = data
    ours = ToolkitSMOTE(random_state=3).fit_resample(X, y)
    library = SMOTE(random_state=3).fit_resample(X, y)
    np.testing.assert_array_equal(ours[0], library[0])
    np.testing.assert_array_equal(ours[1], library[1])


def test_interpolated_rows_lie_on_segments_with_sample_weight(data):
    X, y = data
    w = np.random.default_rng(0).random(X.shape[0])
    X_res, y_res, w_res = ToolkitSMOTE(random_state=0).fit_resample(X, y, sample_weight=w)
    counts = np.bincount(y)
    assert np.bincount(y_res).tolist() == [counts.max()] * 3
    new = X_res[X.shape[0]:]
    for row, label in zip(new[:50], y_res[X.shape[0]:][:50]):
        members = X[y == label]
        start = members[:, None, :]  # a
        direction = members[None, :, :] - start  # b - a, for every pair (a, b)
        length_sq = np.einsum("ijk,ijk->ij", direction, direction)
        t = np.einsum("ijk,ijk->ij", row - start, direction) / np.where(length_sq, length_sq, 1)
        on_line = np.linalg.norm(start + t[..., None] * direction - row, axis=2)
        inside = (t >= 0) & (t <= 1) & (length_sq > 0)
        assert on_line[inside].min() < 1e-9
    assert np.all((w_res[X.shape[0]:] >= w.min()) & (w_res[X.shape[0]:] <= w.max()))


def test_explicit_rows_values_and_weights(data):
    X, y = data
    w = np.arange(X.shape[0], dtype=float)
    sampler = MidpointOfTwo(random_state=0)
    X_res, y_res, w_res = sampler.fit_resample(X, y, sample_weight=w)
    n = X.shape[0]
    assert X_res.shape[0] == y_res.shape[0] == w_res.shape[0]
    assert np.bincount(y_res).tolist() == [np.bincount(y).max()] * 3
    # replay the sampler's draws: classes 1 and 2 (not the majority), in code order
    generator = check_generator(0)
    expected_rows, expected_w = [], []
    for label in (1, 2):
        rows = np.flatnonzero(y == label)
        n_new = np.bincount(y).max() - rows.shape[0]
        a = rows[generator.integers(0, rows.shape[0], n_new)]
        b = rows[generator.integers(0, rows.shape[0], n_new)]
        expected_rows.append((X[a] + X[b]) / 2)
        expected_w.append((w[a] + w[b]) / 2)
    np.testing.assert_array_equal(X_res[n:], np.concatenate(expected_rows))
    np.testing.assert_allclose(w_res[n:], np.concatenate(expected_w))


def test_sparse_input_gives_the_dense_rows(data):
    X, y = data
    dense = ToolkitSMOTE(random_state=0).fit_resample(X, y)[0]
    X_sparse, _ = ToolkitSMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), dense, rtol=1e-12, atol=1e-12)
    dense = MidpointOfTwo(random_state=0).fit_resample(X, y)[0]
    X_sparse, _ = MidpointOfTwo(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    np.testing.assert_allclose(X_sparse.toarray(), dense)


def test_class_too_small_names_parameter_and_class():
    X = np.arange(20.0).reshape(10, 2)
    y = np.array([0] * 7 + [1] * 3)
    with pytest.raises(ValueError, match=r"k_neighbors=5 needs at least 6 samples .* "
                                         r"class 1 has 3\. Lower k_neighbors to at most 2"):
        ToolkitSMOTE().fit_resample(X, y)
    with pytest.raises(ValueError, match="class 'b' has 1"):
        check_class_size(1, 2, "b", "rows")


def test_no_class_to_oversample_returns_input(data):
    X, y = data
    X_res, y_res = ToolkitSMOTE(sampling_strategy={0: int(np.sum(y == 0))}).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X)
    np.testing.assert_array_equal(y_res, y)


def test_provenance_attributes_rebuild_every_synthetic_row(data):
    X, y = data
    sampler = SMOTE(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    parents, steps = sampler.synthetic_parents_, sampler.synthetic_steps_
    assert parents.shape == (X_res.shape[0] - X.shape[0], 2)
    a, b = X[parents[:, 0]], X[parents[:, 1]]
    np.testing.assert_array_equal(X_res[X.shape[0]:], a + steps[:, None] * (b - a))
    sampler.fit_resample(X, y, sample_weight=None)
    assert (SMOTE(sampling_strategy={0: int(np.sum(y == 0))}).fit_resample(X, y)[0].shape
            == X.shape)


def test_affine_rows_values_weights_and_sparse(data):
    X, y = data
    w = np.arange(X.shape[0], dtype=float)
    X_res, y_res, w_res = TriangleCentroid(random_state=0).fit_resample(X, y, sample_weight=w)
    n = X.shape[0]
    assert np.bincount(y_res).tolist() == [np.bincount(y).max()] * 3
    generator = check_generator(0)
    expected_rows, expected_w = [], []
    for label in (1, 2):
        rows = np.flatnonzero(y == label)
        n_new = np.bincount(y).max() - rows.shape[0]
        parents = rows[generator.integers(0, rows.shape[0], size=(n_new, 3))]
        expected_rows.append(X[parents].mean(axis=1))
        expected_w.append((w[parents[:, 0]] + w[parents[:, 1]]) / 2)
    np.testing.assert_allclose(X_res[n:], np.concatenate(expected_rows), rtol=1e-12)
    np.testing.assert_allclose(w_res[n:], np.concatenate(expected_w))
    X_sparse, _ = TriangleCentroid(random_state=0).fit_resample(sparse.csr_matrix(X), y)
    assert sparse.issparse(X_sparse)
    np.testing.assert_allclose(X_sparse.toarray(), X_res, rtol=1e-12, atol=1e-12)
