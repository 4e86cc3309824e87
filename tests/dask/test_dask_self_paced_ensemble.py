"""SelfPacedEnsembleClassifier fitted on dask data: the in-memory fit's members."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask.array as da  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, imbalanced  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from imbtools.dask import SelfPacedEnsembleClassifier  # noqa: E402
from imbtools.ensemble import SelfPacedEnsembleClassifier as MemorySPE  # noqa: E402


def _same_members(ours, theirs):
    return all(np.array_equal(a, b)
               for a, b in zip(ours.estimators_samples_, theirs.estimators_samples_))


@pytest.mark.parametrize("params", [{}, {"replacement": True, "k_bins": 3},
                                    {"bootstrap": False, "hardness": "cross_entropy"}])
def test_single_partition_equals_in_memory_fit(seed, params):
    X, y = imbalanced(n_samples=3000, weights=(0.95,), seed=seed)
    Xd, yd = as_dask_arrays(X, y, 3000)
    ours = SelfPacedEnsembleClassifier(n_estimators=5, random_state=seed, **params).fit(Xd, yd)
    theirs = MemorySPE(n_estimators=5, random_state=seed, **params).fit(X, y)
    assert _same_members(ours, theirs)
    proba = ours.predict_proba(Xd)
    assert isinstance(proba, da.Array)
    np.testing.assert_array_equal(proba.compute(), theirs.predict_proba(X))
    np.testing.assert_array_equal(ours.predict(Xd).compute(), theirs.predict(X))


def test_many_partitions_multiclass_frame():
    """Same draws as in memory up to float sums across partitions; checked statistically."""
    X, y = imbalanced(n_samples=4000, weights=(0.8, 0.15), n_classes=3, seed=1)
    Xd, yd = as_dask_frame(X, y, npartitions=6)
    ours = SelfPacedEnsembleClassifier(n_estimators=6, random_state=0).fit(Xd, yd)
    theirs = MemorySPE(n_estimators=6, random_state=0).fit(X, y)
    n_min = np.bincount(y).min()
    for subset in ours.estimators_samples_:
        assert np.bincount(y[subset], minlength=3).tolist() == [n_min] * 3
    # the draws map global ranks to partitions, so here they coincide exactly too
    assert _same_members(ours, theirs)
    proba = ours.predict_proba(Xd).compute()
    assert proba.shape == (4000, 3)
    auc_ours = roc_auc_score(y, proba, multi_class="ovr")
    auc_theirs = roc_auc_score(y, theirs.predict_proba(X), multi_class="ovr")
    assert abs(auc_ours - auc_theirs) < 0.02


def test_statistically_equivalent_across_seeds():
    """Over seeds, the dask fit on 8 partitions scores like the in-memory fit."""
    X, y = imbalanced(n_samples=6000, weights=(0.97,), seed=3, flip_y=0.01)
    X_test, y_test = X[3000:], y[3000:]
    Xd, yd = as_dask_arrays(X[:3000], y[:3000], 375)
    ours, theirs = [], []
    for seed in range(4):
        fitted = SelfPacedEnsembleClassifier(n_estimators=4, random_state=seed).fit(Xd, yd)
        ours.append(roc_auc_score(y_test, fitted.predict_proba(X_test)[:, 1]))
        memory = MemorySPE(n_estimators=4, random_state=seed).fit(X[:3000], y[:3000])
        theirs.append(roc_auc_score(y_test, memory.predict_proba(X_test)[:, 1]))
    assert abs(np.mean(ours) - np.mean(theirs)) < 0.03


def test_passes_per_member(binary, count_computes):
    """Counting + minority gather, then per member: (bounds and histogram,) gather, update."""
    Xd, yd = as_dask_arrays(*binary, 700)
    SelfPacedEnsembleClassifier(n_estimators=4, random_state=0).fit(Xd, yd)
    # 2 + member 0: gather + persist; members 1, 2: 3 each; member 3: 2 (no update)
    assert count_computes.n_graphs == 2 + 2 + 3 + 3 + 2


def test_on_the_local_cluster(on_cluster):
    X, y = imbalanced(n_samples=3000, weights=(0.95,), seed=0)
    Xd, yd = as_dask_arrays(X, y, 1000)
    ours = SelfPacedEnsembleClassifier(n_estimators=3, random_state=0).fit(Xd, yd)
    theirs = MemorySPE(n_estimators=3, random_state=0).fit(X, y)
    assert _same_members(ours, theirs)
    np.testing.assert_array_equal(ours.predict(Xd).compute(), theirs.predict(X))


def test_minority_too_large(binary):
    Xd, yd = as_dask_arrays(*binary, 700)
    with pytest.raises(ValueError, match="Gathering the smallest classes.*max_minority_bytes=10"):
        SelfPacedEnsembleClassifier(max_minority_bytes=10).fit(Xd, yd)
