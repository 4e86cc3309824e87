"""Random under- and over-sampling of dask collections: exact counts, no shuffle."""

from __future__ import annotations

import numpy as np
from dask import delayed

from ..over_sampling import RandomOverSampler as _InMemoryOverSampler
from ..under_sampling import RandomUnderSampler as _InMemoryUnderSampler
from ..utils._random import check_generator
from ._base import DaskSampler
from ._input import (
    checked_length,
    class_codes,
    lazy_output,
    take_rows,
)
from ._plan import partition_quotas, partition_seeds

__all__ = ["RandomOverSampler", "RandomUnderSampler", "concat_rows", "plan_quotas"]


def _under_sample_partition(x_part, y_part, index, classes, quotas, seed, replacement):
    """Rows kept in one partition: ``quotas[c]`` rows of class ``c`` (-1: all)."""
    checked_length(x_part, y_part, index)
    codes = class_codes(y_part, classes)
    generator = np.random.default_rng(seed)
    kept = []
    for code, quota in enumerate(quotas):
        rows = np.flatnonzero(codes == code)
        if quota >= 0:
            rows = rows[generator.choice(rows.shape[0], quota, replace=replacement)]
        kept.append(rows)
    kept = np.sort(np.concatenate(kept))
    return take_rows(x_part, kept), take_rows(y_part, kept)


def _copies_of_partition(x_part, y_part, index, classes, quotas, seed):
    """Bootstrap copies drawn from one partition: ``quotas[c]`` rows of class ``c``."""
    checked_length(x_part, y_part, index)
    codes = class_codes(y_part, classes)
    generator = np.random.default_rng(seed)
    copies = []
    for code, quota in enumerate(quotas):
        rows = np.flatnonzero(codes == code)
        copies.append(rows[generator.integers(0, rows.shape[0], size=quota)])
    copies = np.concatenate(copies).astype(np.intp)
    return take_rows(x_part, copies), take_rows(y_part, copies)


def _outputs(pairs, n_rows, data):
    x_parts, y_parts = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    return lazy_output(x_parts, n_rows, data.X), lazy_output(y_parts, n_rows, data.y)


def plan_quotas(targets, data, generator, replacement, default):
    """Quota matrix ``(n_partitions, n_classes)``: each targeted class split over partitions."""
    quotas = np.full(data.counts.shape, default, dtype=np.int64)
    for code, n_draw in targets.items():
        quotas[:, code] = partition_quotas(data.counts[:, code], n_draw, generator, replacement)
    return quotas


class RandomUnderSampler(DaskSampler, _InMemoryUnderSampler):
    """Random under-sampling of dask arrays and DataFrames with exact class counts.

    Same parameters and ``sampling_strategy`` forms as
    :class:`imbtools.under_sampling.RandomUnderSampler`, whose resolution is reused, so
    the per-class targets are the in-memory sampler's. In-memory inputs are passed to
    the in-memory sampler unchanged.

    On dask input, one counting pass over ``y`` gives every partition's class counts.
    Each class's draw is then split over the partitions by a multivariate
    hypergeometric draw (multinomial with ``replacement=True``) -- exactly the partition
    counts of a uniform subset of the class -- and each partition keeps its quota of
    rows, chosen uniformly within it. The totals are exact, rows keep their order within
    a partition, nothing is shuffled across partitions, and the output is lazy: nothing
    beyond the counting pass is computed until the caller asks.

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
        How many samples to keep; see :class:`imbtools.under_sampling.RandomUnderSampler`
        (a callable needs every label in memory and is refused on dask data).
    random_state : int, RandomState instance or None, default=None
        Seed of the generator created once per call; it draws the quotas and one seed per
        partition task.
    replacement : bool, default=False
        Draw with replacement.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}``.
    partition_counts_ : ndarray of shape (n_partitions, n_classes)
        Class counts of every input partition (dask input only).
    classes_ : ndarray of shape (n_classes,)
        Sorted labels (dask input only).

    See Also
    --------
    imbtools.under_sampling.RandomUnderSampler : The in-memory sampler.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from imbtools.dask import RandomUnderSampler
    >>> y_np = np.r_[np.zeros(900, dtype=int), np.ones(100, dtype=int)]
    >>> X = da.from_array(np.arange(2000.0).reshape(1000, 2), chunks=(250, 2))
    >>> y = da.from_array(y_np, chunks=250)
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> X_res.shape
    (200, 2)
    >>> np.bincount(y_res.compute())
    array([100, 100])
    """

    def _fit_resample_dask(self, X, data, targets):
        self.partition_counts_ = data.counts
        generator = check_generator(self.random_state)
        quotas = plan_quotas(targets, data, generator, self.replacement, default=-1)
        seeds = partition_seeds(generator, data.n_partitions)
        pairs = [
            delayed(_under_sample_partition, nout=2)(
                xp, yp, i, data.classes, quotas[i], seeds[i], self.replacement)
            for i, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts))
        ]
        n_rows = np.where(quotas >= 0, quotas, data.counts).sum(axis=1)
        return _outputs(pairs, n_rows, data)


class RandomOverSampler(DaskSampler, _InMemoryOverSampler):
    """Random over-sampling of dask arrays and DataFrames with exact class counts.

    Same parameters as :class:`imbtools.over_sampling.RandomOverSampler` (the smoothed
    bootstrap, ``shrinkage``, only for in-memory input). On dask input the output is the
    input's partitions unchanged followed by one partition of copies per input partition:
    each class's copies are split over the partitions by a multinomial draw (the
    partition counts of a uniform bootstrap of the class), so the totals are exact and
    nothing is shuffled. The output is lazy.

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
        How many samples to generate; see :class:`imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator created once per call.
    shrinkage : None
        Must stay None on dask input.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    partition_counts_ : ndarray of shape (n_partitions, n_classes)
        Class counts of every input partition (dask input only).
    classes_ : ndarray of shape (n_classes,)
        Sorted labels (dask input only).

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from imbtools.dask import RandomOverSampler
    >>> frame = pd.DataFrame({"x": range(10), "label": [0] * 8 + [1] * 2})
    >>> ddf = dd.from_pandas(frame, npartitions=2)
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample(
    ...     ddf[["x"]], ddf["label"])
    >>> y_res.value_counts().compute().sort_index().tolist()
    [8, 8]
    """

    def _check_dask_params(self, X):
        if self.shrinkage is not None:
            raise ValueError(
                f"shrinkage={self.shrinkage!r} (the smoothed bootstrap) needs each class's "
                "standard deviations and is only available in memory; on dask data use "
                "shrinkage=None, or imbtools.dask.SMOTE for synthetic rows."
            )

    def _fit_resample_dask(self, X, data, targets):
        self.partition_counts_ = data.counts
        self.shrinkage_ = None
        generator = check_generator(self.random_state)
        quotas = plan_quotas(targets, data, generator, True, default=0)
        seeds = partition_seeds(generator, data.n_partitions)
        pairs = [
            delayed(_copies_of_partition, nout=2)(xp, yp, i, data.classes, quotas[i], seeds[i])
            for i, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts))
        ]
        copies_x, copies_y = _outputs(pairs, quotas.sum(axis=1), data)
        return concat_rows(data.X, copies_x), concat_rows(data.y, copies_y)


def concat_rows(first, second):
    """Rows of ``first`` then of ``second`` (dask arrays or DataFrames/Series)."""
    import dask.array as da
    import dask.dataframe as dd

    if isinstance(first, da.Array):
        return da.concatenate([first, second], axis=0)
    return dd.concat([first, second])
