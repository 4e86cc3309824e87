"""RandomUnderSampler / RandomOverSampler on dask collections: exact counts, laziness."""

import pytest

pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")

import dask  # noqa: E402
import dask.array as da  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402
from dask_helpers import as_dask_arrays, as_dask_frame, class_counts, imbalanced  # noqa: E402

from imbtools.dask import RandomOverSampler, RandomUnderSampler  # noqa: E402
from imbtools.dask._plan import partition_quotas, split_ranks  # noqa: E402
from imbtools.over_sampling import RandomOverSampler as MemoryOverSampler  # noqa: E402
from imbtools.under_sampling import RandomUnderSampler as MemoryUnderSampler  # noqa: E402

UNDER_STRATEGIES = ["auto", "majority", 0.5, {0: 500}]
OVER_STRATEGIES = ["auto", "minority", 0.5, {1: 1000}]


def _expected_counts(y, sampling_strategy_, kind):
    counts = class_counts(y)
    for label, n in sampling_strategy_.items():
        counts[label] = n if kind == "under" else counts[label] + n
    return counts


@pytest.mark.parametrize("strategy", UNDER_STRATEGIES)
@pytest.mark.parametrize("replacement", [False, True])
def test_under_sampler_exact_counts_and_targets(binary, strategy, replacement):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, chunk=700)
    sampler = RandomUnderSampler(sampling_strategy=strategy, random_state=0,
                                 replacement=replacement)
    X_res, y_res = sampler.fit_resample(Xd, yd)
    memory = MemoryUnderSampler(sampling_strategy=strategy).fit(X, y)
    assert sampler.sampling_strategy_ == memory.sampling_strategy_
    y_np = y_res.compute()
    assert class_counts(y_np) == _expected_counts(y, sampler.sampling_strategy_, "under")
    X_np = X_res.compute()
    assert X_np.shape == X_res.shape == (y_np.shape[0], X.shape[1])
    # every output row is an input row with its own label
    index = {row.tobytes(): label for row, label in zip(X, y)}
    assert all(index[row.tobytes()] == label for row, label in zip(X_np, y_np))
    if not replacement:
        assert np.unique(X_np, axis=0).shape[0] == X_np.shape[0]


@pytest.mark.parametrize("strategy", OVER_STRATEGIES)
def test_over_sampler_exact_counts_and_targets(binary, strategy):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, chunk=700)
    sampler = RandomOverSampler(sampling_strategy=strategy, random_state=0)
    X_res, y_res = sampler.fit_resample(Xd, yd)
    memory = MemoryOverSampler(sampling_strategy=strategy).fit(X, y)
    assert sampler.sampling_strategy_ == memory.sampling_strategy_
    X_np, y_np = dask.compute(X_res, y_res)
    assert class_counts(y_np) == _expected_counts(y, sampler.sampling_strategy_, "over")
    np.testing.assert_array_equal(X_np[:X.shape[0]], X)  # the input comes first, unchanged
    index = {row.tobytes(): label for row, label in zip(X, y)}
    assert all(index[row.tobytes()] == label for row, label in zip(X_np, y_np))


def test_multiclass_frame_counts():
    X, y = imbalanced(n_samples=2000, weights=(0.7, 0.2), n_classes=3)
    labels = np.array(["a", "b", "c"], dtype=object)[y]
    Xd, yd = as_dask_frame(X, labels, npartitions=5)
    X_res, y_res = RandomUnderSampler(sampling_strategy="not minority",
                                      random_state=1).fit_resample(Xd, yd)
    assert isinstance(X_res, dd.DataFrame) and isinstance(y_res, dd.Series)
    n_min = min(class_counts(labels).values())
    assert class_counts(y_res.compute()) == {"a": n_min, "b": n_min, "c": n_min}
    assert list(X_res.columns) == list(Xd.columns)
    X_over, y_over = RandomOverSampler(random_state=1).fit_resample(Xd, yd)
    n_max = max(class_counts(labels).values())
    assert class_counts(y_over.compute()) == {"a": n_max, "b": n_max, "c": n_max}
    assert len(X_over.compute()) == 3 * n_max


def test_same_seed_same_output_and_seeds_differ(binary):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, chunk=500)
    first = RandomUnderSampler(random_state=3).fit_resample(Xd, yd)[0].compute()
    again = RandomUnderSampler(random_state=3).fit_resample(Xd, yd)[0].compute()
    other = RandomUnderSampler(random_state=4).fit_resample(Xd, yd)[0].compute()
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_one_counting_pass_then_lazy_and_each_partition_loaded_once(count_computes):
    """fit_resample runs one graph (the counting pass); the output reads X once."""
    loads = []

    def make_partition(i):
        loads.append(i)
        rng = np.random.default_rng(i)
        return rng.normal(size=(400, 3))

    def make_labels(i):
        return (np.random.default_rng(100 + i).random(400) < 0.1).astype(np.int64)

    n_parts = 6
    X = da.concatenate([da.from_delayed(dask.delayed(make_partition)(i), (400, 3), float)
                        for i in range(n_parts)])
    y = da.concatenate([da.from_delayed(dask.delayed(make_labels)(i), (400,), np.int64)
                        for i in range(n_parts)])
    X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    assert count_computes.n_graphs == 1 and loads == []  # only y was read
    X_np, y_np = dask.compute(X_res, y_res)
    assert count_computes.n_graphs == 2
    assert sorted(loads) == list(range(n_parts))  # every X partition read exactly once
    assert np.bincount(y_np)[0] == np.bincount(y_np)[1]


def test_partition_quotas_are_hypergeometric():
    """The split of a draw over partitions has the hypergeometric mean and sums exactly."""
    counts = np.array([100, 0, 300, 600])
    generator = np.random.default_rng(0)
    draws = np.array([partition_quotas(counts, 50, generator, False) for _ in range(4000)])
    assert (draws.sum(axis=1) == 50).all() and (draws <= counts).all()
    expected = 50 * counts / counts.sum()
    variance = 50 * counts / 1000 * (1 - counts / 1000) * (1000 - 50) / 999
    standard_error = np.sqrt(variance / draws.shape[0])
    assert (np.abs(draws.mean(axis=0) - expected) <= 5 * standard_error + 1e-12).all()
    boot = np.array([partition_quotas(counts, 2000, generator, True) for _ in range(500)])
    assert (boot.sum(axis=1) == 2000).all() and (boot[:, 1] == 0).all()


def test_split_ranks_matches_a_flat_reference():
    counts = np.array([3, 0, 5, 2])
    ranks = np.array([0, 2, 2, 3, 7, 8, 9])
    owner = np.repeat(np.arange(4), counts)
    local = np.concatenate([np.arange(c) for c in counts])
    split = split_ranks(ranks, counts)
    for p in range(4):
        np.testing.assert_array_equal(split[p], local[ranks][owner[ranks] == p])


def test_runs_on_the_local_cluster(binary, on_cluster):
    X, y = binary
    Xd, yd = as_dask_arrays(X, y, chunk=700)
    X_res, y_res = RandomUnderSampler(random_state=5).fit_resample(Xd, yd)
    on_workers = y_res.compute()
    with dask.config.set(scheduler="sync"):
        X_sync, y_sync = RandomUnderSampler(random_state=5).fit_resample(Xd, yd)
        np.testing.assert_array_equal(y_sync.compute(), on_workers)
    assert np.bincount(on_workers).tolist() == [np.bincount(y)[1]] * 2


def test_in_memory_input_goes_to_the_in_memory_sampler(binary):
    X, y = binary
    ours = RandomUnderSampler(random_state=0).fit_resample(X, y)
    theirs = MemoryUnderSampler(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(ours[0], theirs[0])
