"""SMOTE on dask collections: gather the minority, interpolate in memory, append."""

from __future__ import annotations

import numbers

import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask import delayed

from ..neighbors import check_neighbors, neighbors_excluding_self
from ..over_sampling import SMOTE as _InMemorySMOTE
from ..over_sampling.generation import Interpolation, check_class_size, draw_smote_pairs
from ..utils._param_validation import Interval
from ..utils._random import check_generator
from ._base import DaskSampler
from ._input import (
    checked_length,
    class_codes,
    compute,
    lazy_output,
    partition_values,
    share,
)
from ._random import concat_rows

__all__ = ["SMOTE", "append_synthetic", "check_gather_size", "gather_classes", "numeric_dtype"]

#: default bound on the bytes of the class rows gathered on the client (1 GiB)
DEFAULT_MAX_MINORITY_BYTES = 1 << 30


def numeric_dtype(X):
    """dtype of the synthetic rows: float32 or float64 as the in-memory samplers use."""
    dtypes = [X.dtype] if isinstance(X, da.Array) else list(X._meta.dtypes)
    for dtype in dtypes:
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)):
            raise TypeError(
                f"X has a non-numeric column of dtype {dtype}; SMOTE interpolates, so every "
                "feature must be numeric. Encode the column first, or use "
                "imbtools.dask.RandomOverSampler, which copies rows of any dtype."
            )
    if all(np.dtype(d) == np.float32 for d in dtypes):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def check_gather_size(n_rows, n_features, dtype, max_minority_bytes, what):
    """Refuse to gather more than ``max_minority_bytes`` on the client."""
    n_bytes = int(n_rows) * int(n_features) * np.dtype(dtype).itemsize
    if n_bytes > max_minority_bytes:
        raise ValueError(
            f"{what} needs {int(n_rows)} rows x {n_features} features = {n_bytes} bytes in "
            f"memory, more than max_minority_bytes={max_minority_bytes}. Raise "
            "max_minority_bytes if the client has the memory, or under-sample first "
            "(imbtools.dask.RandomUnderSampler, SelfPacedEnsembleClassifier)."
        )


def _class_rows_of_partition(x_part, y_part, index, classes, codes_wanted, dtype):
    checked_length(x_part, y_part, index)
    codes = class_codes(y_part, classes)
    values = partition_values(x_part)
    return {int(c): np.asarray(values[codes == c], dtype=dtype) for c in codes_wanted}


def gather_classes(data, codes_wanted, dtype):
    """Rows of the classes ``codes_wanted`` in global row order, in one ``compute``.

    Returns ``{code: ndarray (n_class, n_features)}``.
    """
    parts = compute(*[
        delayed(_class_rows_of_partition)(xp, yp, i, data.classes, list(codes_wanted), dtype)
        for i, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts))
    ])
    return {
        int(c): np.ascontiguousarray(np.concatenate([p[int(c)] for p in parts]))
        for c in codes_wanted
    }


def _interpolate(X_class, seeds, neighbors, steps):
    out = np.empty((seeds.shape[0], X_class.shape[1]), dtype=X_class.dtype)
    rows = np.arange(X_class.shape[0])
    Interpolation(0, rows, X_class, seeds, neighbors, steps).write_into(out)
    return out


def _as_frame(values, columns):
    return pd.DataFrame(values, columns=columns)


def _labels(label, n, y_meta):
    if isinstance(y_meta, pd.Series):
        return pd.Series(np.full(n, label, dtype=y_meta.dtype), name=y_meta.name)
    return np.full(n, label, dtype=y_meta.dtype)


class SMOTE(DaskSampler, _InMemorySMOTE):
    """SMOTE for dask arrays and DataFrames whose minority classes fit in memory.

    Same algorithm, parameters and random draws as :class:`imbtools.over_sampling.SMOTE`:
    on the same data and seed the synthetic rows are the in-memory sampler's, exactly.
    In-memory inputs go to the in-memory sampler.

    On dask input: one counting pass over ``y``; one pass gathering the rows of each
    class to over-sample (checked first against ``max_minority_bytes``); the same-class
    neighbours and the (seed, neighbour, step) draws are computed on the client with the
    in-memory functions; the synthetic rows are interpolated lazily in tasks (the class
    rows are broadcast once) and appended to the input as new partitions.

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
        How many samples to generate; see :class:`imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator created once per call.
    k_neighbors : int or object, default=5
        Number of same-class nearest neighbours, or a neighbours object.
    n_jobs : int, default=None
        Threads of the in-memory neighbour search.
    max_minority_bytes : int, default=1073741824
        Largest size, in bytes, of the class rows gathered on the client; a larger
        minority raises a ``ValueError`` before anything is gathered.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    classes_ : ndarray of shape (n_classes,)
        Sorted labels (dask input only).

    Notes
    -----
    Memory on the client: the gathered classes plus 24 bytes per synthetic row (its two
    parents and its step). Integer and boolean DataFrame columns become float64, as in
    memory.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.dask import SMOTE
    >>> X_np, y_np = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X, y = da.from_array(X_np, chunks=(250, 20)), da.from_array(y_np, chunks=250)
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> X_res.shape
    (1796, 20)
    >>> np.bincount(y_res.compute())
    array([898, 898])
    """

    _parameter_constraints: dict = {
        **_InMemorySMOTE._parameter_constraints,
        "max_minority_bytes": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 n_jobs=None, max_minority_bytes=DEFAULT_MAX_MINORITY_BYTES):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state,
                         k_neighbors=k_neighbors, n_jobs=n_jobs)
        self.max_minority_bytes = max_minority_bytes

    def _check_dask_params(self, X):
        numeric_dtype(X)  # non-numeric features fail before any pass

    def _fit_resample_dask(self, X, data, targets):
        dtype = numeric_dtype(X)
        wanted = [code for code, n_new in targets.items() if n_new > 0]
        check_gather_size(data.class_totals[wanted].sum(), data.n_features, dtype,
                          self.max_minority_bytes, "Gathering the classes to over-sample")
        blocks = self._draw(gather_classes(data, wanted, dtype), targets)
        return append_synthetic(data, blocks, dtype, self.classes_)

    def _draw(self, class_rows, targets):
        """The in-memory SMOTE's draws, class by class with one generator."""
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        labels = self.classes_.tolist()
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            X_class = class_rows[code]
            check_class_size(X_class.shape[0], k + 1, labels[code])
            neighbor_index = neighbors_excluding_self(searcher, X_class, k)
            seeds, neighbors, steps = draw_smote_pairs(neighbor_index, n_new, generator)
            blocks.append((code, X_class, seeds, neighbors, steps))
        return blocks


def append_synthetic(data, blocks, dtype, classes):
    """The input, then the synthetic rows as lazily interpolated partitions.

    ``blocks`` holds ``(code, X_class, seeds, neighbors, steps)`` per class: synthetic row
    ``i`` is ``X_class[seeds[i]] + steps[i] * (X_class[neighbors[i]] - X_class[seeds[i]])``.
    """
    chunk = max(1, int(np.ceil(data.partition_sizes.mean())))
    frame = isinstance(data.X, dd.DataFrame)
    columns = list(data.X.columns) if frame else None
    x_parts, y_parts, n_rows = [], [], []
    for code, X_class, seeds, neighbors, steps in blocks:
        shared = share(X_class)
        label = classes[code]
        for start in range(0, seeds.shape[0], chunk):
            stop = min(start + chunk, seeds.shape[0])
            rows = delayed(_interpolate)(shared, seeds[start:stop],
                                         neighbors[start:stop], steps[start:stop])
            x_parts.append(delayed(_as_frame)(rows, columns) if frame else rows)
            y_parts.append(delayed(_labels)(label, stop - start, data.y._meta))
            n_rows.append(stop - start)
    X_in = data.X.astype(dtype)
    if not x_parts:
        return X_in, data.y
    meta = X_in._meta if frame else None
    X_new = lazy_output(x_parts, n_rows, X_in, meta=meta)
    y_new = lazy_output(y_parts, n_rows, data.y)
    return concat_rows(X_in, X_new), concat_rows(data.y, y_new)
