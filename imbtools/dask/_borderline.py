"""Borderline-SMOTE (kind 1) on dask collections: the danger test as a broadcast top-k."""

from __future__ import annotations

import warnings

import numpy as np
from dask import delayed

from ..neighbors import check_neighbors, merge_nearest, nearest_among
from ..over_sampling import BorderlineSMOTE as _InMemoryBorderline
from ..over_sampling.generation import check_sample_count, danger_mask
from ..utils._random import check_generator
from ._base import DaskSampler
from ._input import checked_length, class_codes, compute, partition_values, share
from ._smote import (
    DEFAULT_MAX_MINORITY_BYTES,
    SMOTE,
    append_synthetic,
    check_gather_size,
    gather_classes,
    numeric_dtype,
)
from ._tomek import tree_reduce

__all__ = ["BorderlineSMOTE", "class_rows", "neighbor_codes"]


def _topk_in_partition(x_part, y_part, index, offset, queries, k):
    X_queries, query_rows = queries
    checked_length(x_part, y_part, index)
    X = np.asarray(partition_values(x_part), dtype=np.float64)
    return nearest_among(X_queries, X, k, query_rows=query_rows, row_offset=offset, n_jobs=1)


def _rows_of_code(y_part, classes, code):
    return np.flatnonzero(class_codes(y_part, classes) == code)


def _codes_at(y_part, classes, local_rows):
    return class_codes(y_part, classes)[local_rows]


class BorderlineSMOTE(DaskSampler, _InMemoryBorderline):
    """Borderline-SMOTE (``kind="borderline-1"``) on dask collections.

    Same parameters and draws as :class:`imbtools.over_sampling.BorderlineSMOTE`
    (in-memory input goes there). On dask input: a counting pass; the classes to
    over-sample are gathered (``max_minority_bytes``) and broadcast; every partition
    returns the ``m_neighbors`` nearest of its rows to each of them (the exact engine's
    search, :func:`imbtools.neighbors.nearest_among`: float64 direct-difference
    distances, ties to the smaller global row) and a tree reduction merges those lists;
    a pass over ``y`` reads the neighbours' classes; the danger test, the same-class
    neighbours and the draws run in memory with the in-memory functions, and the
    synthetic rows are appended as new partitions, as :class:`imbtools.dask.SMOTE`
    does. The result equals the in-memory sampler's wherever nearest neighbours are not
    tied within float64 rounding. ``kind="borderline-2"`` interpolates towards
    neighbours of other classes, whose rows would have to be gathered too: refused.

    Parameters
    ----------
    sampling_strategy, random_state, k_neighbors, m_neighbors, kind, n_jobs
        As in the in-memory class (``kind`` must be ``"borderline-1"`` on dask input).
    max_minority_bytes : int, default=1073741824
        Largest size, in bytes, of the classes gathered on the client.

    Attributes
    ----------
    sampling_strategy_ : dict
    in_danger_indices_ : dict
        ``{label: global rows in danger}``.

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.dask import BorderlineSMOTE
    >>> X_np, y_np = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X, y = da.from_array(X_np, chunks=(250, 20)), da.from_array(y_np, chunks=250)
    >>> X_res, y_res = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res.compute())
    array([898, 898])
    """

    _parameter_constraints: dict = {
        **_InMemoryBorderline._parameter_constraints,
        **{"max_minority_bytes": SMOTE._parameter_constraints["max_minority_bytes"]},
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 m_neighbors=10, kind="borderline-1", n_jobs=None,
                 max_minority_bytes=DEFAULT_MAX_MINORITY_BYTES):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state,
                         k_neighbors=k_neighbors, m_neighbors=m_neighbors, kind=kind,
                         n_jobs=n_jobs)
        self.max_minority_bytes = max_minority_bytes

    def _check_dask_params(self, X):
        if self.kind != "borderline-1":
            raise ValueError(
                f"kind={self.kind!r} is not available on dask data (it interpolates towards "
                "neighbours of other classes, which would all have to be gathered); use "
                "kind='borderline-1', or under-sample first and run it in memory."
            )
        numeric_dtype(X)  # non-numeric features fail before any pass

    def _fit_resample_dask(self, X, data, targets):
        dtype = numeric_dtype(X)
        wanted = [code for code, n_new in targets.items() if n_new > 0]
        check_gather_size(data.class_totals[wanted].sum(), data.n_features, dtype,
                          self.max_minority_bytes, "Gathering the classes to over-sample")
        gathered = gather_classes(data, wanted, dtype)
        blocks = self._draw(data, targets, gathered)
        return append_synthetic(data, blocks, dtype, self.classes_)

    def _draw(self, data, targets, gathered):
        generator = check_generator(self.random_state)
        k_searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        m = check_neighbors("m_neighbors", self.m_neighbors, n_jobs=self.n_jobs)[1]
        check_sample_count("m_neighbors", m, int(data.class_totals.sum()))
        labels = data.classes.tolist()
        self.in_danger_indices_, blocks = {}, []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            X_class = gathered[code]
            rows = class_rows(data, code)
            in_danger = danger_mask(neighbor_codes(data, X_class, rows, m), code)
            self.in_danger_indices_[labels[code]] = rows[in_danger]
            if not in_danger.any():
                warnings.warn(
                    f"BorderlineSMOTE found no sample in danger in class {labels[code]!r}, "
                    "so it generated no sample for this class. Raise m_neighbors, or use "
                    "SMOTE for this class.", UserWarning, stacklevel=3)
                continue
            block = self._borderline_1(X_class, np.arange(X_class.shape[0]), in_danger, code,
                                       n_new, k_searcher, k, labels[code], generator)
            blocks.append((code, block.source, block.seeds, block.neighbors, block.steps))
        return blocks


def class_rows(data, code):
    """Global rows of class ``code`` (from the counting pass and a pass over ``y``)."""
    parts = compute(*[delayed(_rows_of_code)(yp, data.classes, code) for yp in data.y_parts])
    return np.concatenate([offset + p for offset, p in zip(data.offsets, parts)])


def neighbor_codes(data, X_queries, query_rows, m):
    """Classes of each query's ``m`` nearest rows over every partition."""
    queries = share((X_queries, query_rows))
    parts = [delayed(_topk_in_partition)(xp, yp, p, offset, queries, m)
             for p, (xp, yp, offset) in enumerate(zip(data.x_parts, data.y_parts,
                                                      data.offsets))]
    _, nearest = compute(tree_reduce(parts, merge_nearest))[0]
    owner = np.searchsorted(data.offsets, nearest, side="right") - 1
    lookups = []
    for p, yp in enumerate(data.y_parts):
        local = nearest[owner == p] - data.offsets[p]
        lookups.append(delayed(_codes_at)(yp, data.classes, local))
    codes = np.empty(nearest.shape, dtype=np.intp)
    for p, found in enumerate(compute(*lookups)):
        codes[owner == p] = found
    return codes
