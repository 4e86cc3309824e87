"""Input handling every public sampler shares (issue 12: defects 5, 6 and ``n_jobs``)."""

import importlib

import numpy as np
import pandas as pd
import pytest

MODULES = ("imbtools.over_sampling", "imbtools.under_sampling", "imbtools.combine")


def public_sampler_classes():
    """Every public sampler class, lazily exported ones included, sorted by name."""
    classes = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in [*module.__all__, *getattr(module, "_LAZY", {})]:
            classes[attr] = getattr(module, attr)
    return [classes[name] for name in sorted(classes)]


SAMPLERS = public_sampler_classes()
#: required constructor arguments, and settings that make small data work
EXTRA_PARAMS = {
    "SMOTENC": {"categorical_features": [3]},
    "KMeansSMOTE": {"cluster_balance_threshold": 0.0},
}


def make_sampler(cls, **params):
    sampler = cls(**{**EXTRA_PARAMS.get(cls.__name__, {}), **params})
    if "random_state" in sampler.get_params() and "random_state" not in params:
        sampler.set_params(random_state=0)
    return sampler


def small_data():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(60, 4)), rng.normal(1.0, size=(20, 4))])
    X[:, 3] = rng.randint(0, 3, size=80)
    return X, np.repeat([0, 1], [60, 20])


def test_every_public_sampler_is_found():
    names = {cls.__name__ for cls in SAMPLERS}
    assert {"SMOTE", "SMOTENC", "ADASYN", "TomekLinks", "AllKNN", "ClusterCentroids",
            "SMOTEENN", "SMOTETomek", "SelfPacedUnderSampler"} <= names
    assert len(names) >= 22


# -- defect 5: nullable pandas dtypes ---------------------------------------------------------


def nullable_frame(X):
    return pd.DataFrame({
        "Int64": pd.array(np.round(3 * X[:, 0]).astype(int), dtype="Int64"),
        "Float64": pd.array(X[:, 1], dtype="Float64"),
        "boolean": pd.array(X[:, 2] > 0.5, dtype="boolean"),
        "category_code": X[:, 3].astype(int),
        "int64": np.round(2 * X[:, 2]).astype(np.int64),
        "bool": X[:, 0] > 0,
        "float32": X[:, 1].astype(np.float32),
        "Float32": pd.array(X[:, 2], dtype="Float32"),
    })


# SMOTE-N copies every value from existing rows, so every column keeps its dtype.
CREATES_ROWS = [cls for cls in SAMPLERS if cls.__name__ in {
    "ADASYN", "BorderlineSMOTE", "ClusterCentroids", "KMeansSMOTE", "RandomOverSampler",
    "SMOTE", "SMOTEENN", "SMOTENC", "SMOTETomek", "SVMSMOTE"}]


@pytest.mark.parametrize("cls", CREATES_ROWS, ids=lambda cls: cls.__name__)
def test_nullable_columns_follow_the_interpolated_dtype_rule(cls):
    X, y = small_data()
    frame = nullable_frame(X)
    before = frame.copy()
    params = {"shrinkage": 0.5} if cls.__name__ == "RandomOverSampler" else {}
    sampler = make_sampler(cls, **params)
    X_res, _ = sampler.fit_resample(frame, y)
    expected = {"Int64": "float64", "Float64": "Float64", "boolean": "float64",
                "category_code": "float64", "int64": "float64", "bool": "float64",
                "float32": "float32", "Float32": "Float32"}
    if cls.__name__ == "SMOTENC":  # column 3 is categorical: values copied, dtype kept
        expected["category_code"] = "int64"
    assert X_res.dtypes.astype(str).to_dict() == expected
    assert not X_res.isna().any().any()
    pd.testing.assert_frame_equal(frame, before)
    # the values are those of the same data given as plain numpy columns
    plain = frame.astype({"Int64": np.float64, "Float64": np.float64, "boolean": np.float64})
    X_plain, _ = make_sampler(cls, **params).fit_resample(plain, y)
    np.testing.assert_array_equal(X_res.to_numpy(np.float64), X_plain.to_numpy(np.float64))


def test_smoten_keeps_every_nullable_dtype():
    from imbtools.over_sampling import SMOTEN

    X, y = small_data()
    frame = nullable_frame(X)[["Int64", "boolean", "category_code"]]
    X_res, y_res = SMOTEN(random_state=0).fit_resample(frame, y)
    assert (X_res.dtypes == frame.dtypes).all() and len(y_res) == 120


# -- n_jobs=0 ---------------------------------------------------------------------------------

WITH_N_JOBS = [cls for cls in SAMPLERS if "n_jobs" in make_sampler(cls).get_params()]


def test_samplers_with_n_jobs_are_found():
    without = {cls.__name__ for cls in SAMPLERS} - {cls.__name__ for cls in WITH_N_JOBS}
    # no neighbour search nor threaded kernel: nothing for n_jobs to set
    assert without <= {"ClusterCentroids", "RandomOverSampler", "RandomUnderSampler",
                       "SelfPacedUnderSampler", "PolynomialFitSMOTE", "TRIMSMOTE"}


@pytest.mark.parametrize("method", ["fit", "fit_resample"])
@pytest.mark.parametrize("cls", WITH_N_JOBS, ids=lambda cls: cls.__name__)
def test_n_jobs_zero_is_refused(cls, method):
    X, y = small_data()
    sampler = make_sampler(cls, n_jobs=0)
    with pytest.raises(ValueError, match=r"'n_jobs' parameter .* range \[1, inf\) .*Got 0"):
        getattr(sampler, method)(X, y)


@pytest.mark.parametrize("cls", WITH_N_JOBS, ids=lambda cls: cls.__name__)
def test_n_jobs_one_and_minus_one_give_the_same_rows(cls):
    X, y = small_data()
    X_one, y_one = make_sampler(cls, n_jobs=1).fit_resample(X, y)
    X_all, y_all = make_sampler(cls, n_jobs=-1).fit_resample(X, y)
    np.testing.assert_array_equal(X_one, X_all)
    np.testing.assert_array_equal(y_one, y_all)


# -- defect 6: a scalar sample_weight is checked like an array --------------------------------


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize(("weight", "shown"), [(-1.0, r"-1\.0"), (np.nan, "nan"),
                                               (np.inf, "inf")])
@pytest.mark.parametrize("as_array", [False, True], ids=["scalar", "array"])
def test_bad_sample_weight_is_refused_as_scalar_and_as_array(cls, weight, shown, as_array):
    X, y = small_data()
    sample_weight = np.full(len(y), weight) if as_array else weight
    with pytest.raises(ValueError, match=r"sample_weight must contain finite, non-negative "
                                         rf"numbers only; got {shown} \(sample 0\)"):
        make_sampler(cls).fit_resample(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("cls", SAMPLERS, ids=lambda cls: cls.__name__)
def test_scalar_sample_weight_is_that_weight_on_every_sample(cls):
    X, y = small_data()
    X_scalar, y_scalar, w_scalar = make_sampler(cls).fit_resample(X, y, sample_weight=2.5)
    X_array, y_array, w_array = make_sampler(cls).fit_resample(
        X, y, sample_weight=np.full(len(y), 2.5))
    np.testing.assert_array_equal(X_scalar, X_array)
    np.testing.assert_array_equal(w_scalar, w_array)
    np.testing.assert_allclose(w_scalar, 2.5, rtol=1e-15)
