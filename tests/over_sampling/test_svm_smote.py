from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SVMSMOTE as ImblearnSVMSMOTE
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from imbtools.over_sampling import SVMSMOTE


def knn_reference(X_ref, queries, k, own):
    d2 = ((queries[:, None, :] - X_ref[None, :, :]) ** 2).sum(-1)
    d2[np.arange(len(own)), own] = np.inf
    return np.argsort(d2, axis=1, kind="stable")[:, :k]


def test_seeds_are_support_vectors_and_steps_follow_their_group(binary_data):
    X, y = binary_data
    k, m = 5, 10
    sampler = SVMSMOTE(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    support = np.sort(sampler.svm_estimator_.support_[y[sampler.svm_estimator_.support_] == 1])
    n_foreign = (y[knn_reference(X, X[support], m, support)] != 1).sum(1)
    danger = (n_foreign >= m / 2) & (n_foreign < m)
    safe = n_foreign < m / 2
    minority = np.flatnonzero(y == 1)
    X_class = X[minority]
    lines = []
    for group, mask, low, high in (("danger", danger, 0, 1), ("safe", safe, -0.5, 0)):
        local = np.searchsorted(minority, support[mask])
        neighbours = knn_reference(X_class, X_class[local], k, local)
        starts = np.repeat(X_class[local], k, axis=0)
        lines.append((group, starts, X_class[neighbours.ravel()] - starts, low, high))
    used = Counter()
    for point in X_res[len(X):]:
        # on a line seed + t * (neighbour - seed) with t in its group's range
        fits = []
        for group, starts, direction, low, high in lines:
            t = ((point - starts) * direction).sum(1) / (direction**2).sum(1)
            gap = np.linalg.norm(starts + t[:, None] * direction - point, axis=1)
            on_line = (gap < 1e-9) & (t >= low - 1e-12) & (t <= high + 1e-12)
            if on_line.any():
                fits.append(group)
        assert fits
        used[fits[0] if len(fits) == 1 else "either"] += 1
    assert used["danger"] > 0 and used["safe"] > 0


def test_all_support_vectors_noise_is_a_clear_error():
    # isolated minority samples, each inside a tight majority cluster
    rng = np.random.RandomState(0)
    centres = np.column_stack([np.arange(20) * 10.0, np.zeros(20)])
    majority = np.repeat(centres, 10, axis=0) + rng.normal(scale=0.1, size=(200, 2))
    X = np.vstack([majority, centres])
    y = np.array([0] * 200 + [1] * 20)
    with pytest.raises(ValueError, match=r"all of them noise .* try BorderlineSMOTE"):
        SVMSMOTE(m_neighbors=3, random_state=0).fit_resample(X, y)


@pytest.mark.parametrize(
    "strategy", ["auto", "minority", "not majority", {"mid": 90, "small": 70},
                 lambda y: {"small": 45}]
)
def test_class_counts_equal_imblearn(multiclass_data, strategy):
    X, y = multiclass_data
    ours = SVMSMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    theirs = ImblearnSVMSMOTE(sampling_strategy=strategy, random_state=0).fit_resample(X, y)[1]
    assert Counter(ours) == Counter(theirs)


def test_dataframe_and_sample_weight(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=list("abcde")).astype({"b": np.float32})
    X_res, y_res, w_res = SVMSMOTE(random_state=0).fit_resample(
        frame, y, sample_weight=np.ones(len(y)))
    assert X_res.dtypes["b"] == np.float32 and len(X_res) == len(w_res) == 520
    np.testing.assert_allclose(w_res, 1.0)


def test_custom_svm_and_error_without_support_vectors(binary_data):
    X, y = binary_data
    sampler = SVMSMOTE(svm_estimator=SVC(kernel="linear"), random_state=0)
    assert Counter(sampler.fit_resample(X, y)[1]) == {0: 260, 1: 260}
    assert sampler.svm_estimator_.kernel == "linear"
    with pytest.raises(ValueError, match=r"svm_estimator=LogisticRegression has no support_"):
        SVMSMOTE(svm_estimator=LogisticRegression()).fit_resample(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"out_step": 2.0}, r"The 'out_step' parameter of SVMSMOTE must be"),
        ({"m_neighbors": 400}, r"m_neighbors=400 needs at least 401 samples"),
        ({"k_neighbors": 45}, r"k_neighbors=45 needs at least 46 samples .* class 1 has 40"),
    ],
)
def test_bad_parameters(binary_data, params, message):
    X, y = binary_data
    with pytest.raises(ValueError, match=message):
        SVMSMOTE(**params).fit_resample(X, y)
