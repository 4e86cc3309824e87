"""Bad dask input gets a clear error naming the remedy."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask.array as da  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame  # noqa: E402

from imbtools.dask import (  # noqa: E402
    SMOTE,
    RandomOverSampler,
    RandomUnderSampler,
    SelfPacedEnsembleClassifier,
    ThresholdCalibratedClassifier,
)

ALL_SAMPLERS = [RandomUnderSampler, RandomOverSampler, SMOTE]


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_misaligned_chunks(binary, sampler):
    X, y = binary
    Xd = da.from_array(X, chunks=(700, 6))
    yd = da.from_array(y, chunks=1000)
    with pytest.raises(ValueError, match=r"do not align.*y\.rechunk\(\(X\.chunks\[0\],\)\)"):
        sampler().fit_resample(Xd, yd)


@pytest.mark.parametrize("sampler", ALL_SAMPLERS)
def test_unknown_chunk_sizes(binary, sampler):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, 700)
    keep = yd >= 0
    with pytest.raises(ValueError, match=r"X has unknown chunk sizes.*compute_chunk_sizes"):
        sampler().fit_resample(Xd[keep], yd[keep])
    with pytest.raises(ValueError, match=r"y has unknown chunk sizes.*compute_chunk_sizes"):
        sampler().fit_resample(Xd[keep].compute_chunk_sizes(), yd[keep])


def test_partition_count_mismatch(binary):
    X, y = binary
    Xd, _ = as_dask_frame(X, y, npartitions=3)
    yd = dd.from_pandas(pd.Series(y), npartitions=2)
    with pytest.raises(ValueError, match=r"y has 2 partitions but X has 3"):
        RandomUnderSampler().fit_resample(Xd, yd)


def test_partition_length_mismatch_found_in_the_task(binary):
    X, y = binary
    Xd = dd.from_pandas(pd.DataFrame(X), npartitions=2, sort=False)
    yd = da.from_array(y, chunks=((1600, 1400),))
    X_res, _ = RandomUnderSampler().fit_resample(Xd, yd)
    message = r"partition [01] of y has 1[46]00 labels but partition [01] of X has 1500 rows"
    with pytest.raises(ValueError, match=message):
        X_res.compute()


def test_in_memory_features_with_dask_labels(binary):
    X, y = binary
    with pytest.raises(TypeError, match=r"X must be a dask\.array\.Array or a dask\.dataframe"
                                        r"\.DataFrame; got numpy\.ndarray"):
        RandomUnderSampler().fit_resample(X, da.from_array(y))
    with pytest.raises(TypeError, match=r"y must be a 1-D dask\.array\.Array.*got numpy"):
        RandomUnderSampler().fit_resample(da.from_array(X), y)


def test_callable_strategy_and_weights_refused(binary):
    Xd, yd = as_dask_arrays(*binary, 700)
    with pytest.raises(TypeError, match="callable, which needs every label in memory"):
        RandomUnderSampler(sampling_strategy=lambda y: {0: 10}).fit_resample(Xd, yd)
    with pytest.raises(TypeError, match="sample_weight is not supported"):
        RandomUnderSampler().fit_resample(Xd, yd, sample_weight=np.ones(3000))
    with pytest.raises(ValueError, match=r"shrinkage=0\.5 .*only available in memory"):
        RandomOverSampler(shrinkage=0.5).fit_resample(Xd, yd)


@pytest.mark.parametrize("param", ["soft_resample", "warm_start"])
def test_ensemble_options_without_a_distributed_form(binary, param):
    Xd, yd = as_dask_arrays(*binary, 700)
    with pytest.raises(ValueError, match=rf"{param} is not supported by the dask fit.*"
                                         rf"{param}=False"):
        SelfPacedEnsembleClassifier(**{param: True}).fit(Xd, yd)


def test_threshold_needs_prefit(binary):
    Xd, yd = as_dask_arrays(*binary, 700)
    from sklearn.linear_model import LogisticRegression

    with pytest.raises(ValueError, match=r"cv=5 is not supported on dask data.*cv='prefit'"):
        ThresholdCalibratedClassifier(LogisticRegression()).fit(Xd, yd)


def test_sampler_without_a_distributed_form_is_not_exported():
    """Samplers that need the whole data at once are not in imbtools.dask (say which)."""
    import imbtools.dask as imbdask

    assert sorted(imbdask.__all__) == sorted([
        "ADASYN", "SMOTE", "BorderlineSMOTE", "NearMiss", "RandomOverSampler", "RandomUnderSampler",
        "SelfPacedEnsembleClassifier", "ThresholdCalibratedClassifier", "TomekLinks"])
    with pytest.raises(AttributeError, match=r"EditedNearestNeighbours is not available: "
                                             r"EditedNearestNeighbours needs the whole"):
        imbdask.EditedNearestNeighbours  # noqa: B018
