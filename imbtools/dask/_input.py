"""Dask inputs as lists of partitions, the counting pass, and lazy outputs.

Every estimator of :mod:`imbtools.dask` sees its data as two aligned lists of delayed
partitions (features and labels). One counting pass over the labels gives the class
counts of every partition; everything else (quotas, gathers, outputs) is planned from
those counts on the client and executed partition by partition.
"""

from __future__ import annotations

from dataclasses import dataclass

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
from dask import delayed

__all__ = [
    "PartitionedData",
    "check_dask_input",
    "checked_length",
    "class_codes",
    "compute",
    "lazy_array",
    "lazy_output",
    "partition_values",
    "share",
]


def compute(*collections):
    """``dask.compute`` -- the one place this package asks the scheduler for results."""
    return dask.compute(*collections)


def _active_client():
    """The distributed client computations go to, if any."""
    try:
        from distributed import Client, default_client
    except ImportError:
        return None
    configured = dask.config.get("scheduler", None)
    if isinstance(configured, Client):
        return configured
    if configured is not None:  # an explicit local scheduler ("sync", "threads", ...)
        return None
    try:
        return default_client()
    except ValueError:
        return None


def share(value):
    """Make an in-memory object (minority rows, a fitted model) available to tasks once.

    With a distributed client it is scattered to the workers (broadcast) so that the
    graph stays small; otherwise it becomes one delayed literal shared by every task.
    """
    client = _active_client()
    if client is None:
        return delayed(value, pure=False)
    return client.scatter(value, broadcast=True, hash=False)


def _type_name(obj):
    return f"{type(obj).__module__.split('.')[0]}.{type(obj).__name__}"


def _is_frame(obj):
    return isinstance(obj, dd.DataFrame | dd.Series)


def _check_features(X, estimator):
    if isinstance(X, da.Array):
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D; got a dask array with ndim={X.ndim}.")
        if any(np.isnan(c) for c in X.chunks[0]):
            raise ValueError(
                "X has unknown chunk sizes (NaN in X.chunks, e.g. after boolean indexing); "
                f"{estimator} plans per-partition quotas from the row counts. Call "
                "X.compute_chunk_sizes() (or build X with known chunks) first."
            )
        if len(X.chunks[1]) > 1:
            X = X.rechunk({1: -1})  # partitions are blocks of whole rows
        return X
    if isinstance(X, dd.DataFrame):
        return X
    raise TypeError(
        f"X must be a dask.array.Array or a dask.dataframe.DataFrame; got {_type_name(X)}. "
        f"For in-memory data use the {estimator} of imbtools.over_sampling / "
        "under_sampling / ensemble / threshold instead of imbtools.dask."
    )


def _check_labels(y, X):
    if isinstance(y, da.Array):
        if y.ndim != 1:
            raise ValueError(f"y must be 1-D; got a dask array with ndim={y.ndim}.")
        if any(np.isnan(c) for c in y.chunks[0]):
            raise ValueError(
                "y has unknown chunk sizes (NaN in y.chunks); call y.compute_chunk_sizes() "
                "first, or pass y as a column of the dask DataFrame X."
            )
        if isinstance(X, da.Array) and y.chunks[0] != X.chunks[0]:
            raise ValueError(
                f"y's chunks {y.chunks[0]} do not align with X's row chunks {X.chunks[0]}; "
                "every partition of y must hold the labels of the same partition of X. "
                "Use y = y.rechunk((X.chunks[0],))."
            )
    elif not isinstance(y, dd.Series):
        raise TypeError(
            f"y must be a 1-D dask.array.Array or a dask.dataframe.Series; got "
            f"{_type_name(y)}. Build it from the same source as X (e.g. y = frame['label'])."
        )
    n_x = X.numblocks[0] if isinstance(X, da.Array) else X.npartitions
    n_y = y.numblocks[0] if isinstance(y, da.Array) else y.npartitions
    if n_x != n_y:
        raise ValueError(
            f"y has {n_y} partitions but X has {n_x}; every partition of y must hold the "
            "labels of the same partition of X. Take y from the same collection as X "
            "(y = frame['label']) or y = y.rechunk((X.chunks[0],))."
        )
    if _is_frame(X) and _is_frame(y) and X.known_divisions and y.known_divisions and (
        tuple(X.divisions) != tuple(y.divisions)
    ):
        raise ValueError(
            "y's divisions do not match X's; every partition of y must hold the labels of "
            "the same partition of X. Use y = y.repartition(divisions=X.divisions)."
        )


def partition_values(part):
    """A partition's values as an ndarray (DataFrame/Series partitions converted)."""
    return part.to_numpy() if hasattr(part, "to_numpy") else np.asarray(part)


def checked_length(x_part, y_part, index):
    n_x, n_y = len(x_part), len(y_part)
    if n_x != n_y:
        raise ValueError(
            f"partition {index} of y has {n_y} labels but partition {index} of X has {n_x} "
            "rows: X and y are not aligned. Take y from the same collection as X "
            "(y = frame['label']) or rechunk y like X."
        )
    return n_x


def _label_counts(y_part):
    labels, counts = np.unique(partition_values(y_part), return_counts=True)
    return labels, counts


def class_codes(y_part, classes):
    """Class code of every label of a partition (``classes`` sorted)."""
    return np.searchsorted(classes, partition_values(y_part)).astype(np.intp)


@dataclass
class PartitionedData:
    """Aligned delayed partitions of ``X`` and ``y`` and their class counts.

    Attributes
    ----------
    X, y : the caller's collections (``X`` rechunked to whole rows if needed)
    x_parts, y_parts : list of Delayed
    classes : ndarray of shape (n_classes,)
        Sorted labels.
    counts : ndarray of shape (n_partitions, n_classes)
        Rows of each class in each partition.
    """

    X: object
    y: object
    x_parts: list
    y_parts: list
    classes: np.ndarray
    counts: np.ndarray

    @property
    def n_partitions(self):
        return len(self.x_parts)

    @property
    def class_totals(self):
        return self.counts.sum(axis=0)

    @property
    def partition_sizes(self):
        return self.counts.sum(axis=1)

    @property
    def offsets(self):
        """Global index of each partition's first row."""
        return np.concatenate([[0], np.cumsum(self.partition_sizes)[:-1]]).astype(np.int64)

    @property
    def n_features(self):
        return self.X.shape[1] if isinstance(self.X, da.Array) else len(self.X.columns)


def _delayed_parts(collection):
    parts = collection.to_delayed()
    return list(np.asarray(parts, dtype=object).ravel())


def check_dask_input(X, y, estimator):
    """Validate dask ``X``/``y`` and run the counting pass (one ``compute``)."""
    X = _check_features(X, estimator)
    _check_labels(y, X)
    x_parts, y_parts = _delayed_parts(X), _delayed_parts(y)
    per_part = compute(*[delayed(_label_counts)(yp) for yp in y_parts])
    classes = np.unique(np.concatenate([labels for labels, _ in per_part]))
    if classes.shape[0] < 2:
        raise ValueError(
            f"y must hold at least 2 classes; got {classes.shape[0]} ({classes.tolist()!r})."
        )
    counts = np.zeros((len(per_part), classes.shape[0]), dtype=np.int64)
    for row, (labels, n) in enumerate(per_part):
        counts[row, np.searchsorted(classes, labels)] = n
    return PartitionedData(X, y, x_parts, y_parts, classes, counts)


def take_rows(part, rows):
    """Rows ``rows`` of an array, DataFrame or Series partition."""
    if hasattr(part, "iloc"):
        return part.iloc[rows]
    return np.asarray(part)[rows]


def lazy_array(parts, n_rows, template):
    """Concatenate delayed ndarray parts of known lengths like the dask array ``template``."""
    blocks = []
    for part, n in zip(parts, n_rows):
        shape = (int(n),) + tuple(template.shape[1:])
        blocks.append(da.from_delayed(part, shape=shape, dtype=template.dtype,
                                      meta=template._meta))
    if not blocks:
        return template[:0]
    return da.concatenate(blocks, axis=0)


def lazy_output(parts, n_rows, template, meta=None):
    """Lazy collection of ``parts`` (delayed partitions) shaped like ``template``."""
    if isinstance(template, da.Array):
        return lazy_array(parts, n_rows, template)
    return dd.from_delayed(parts, meta=template._meta if meta is None else meta,
                           verify_meta=False)
