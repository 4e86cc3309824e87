"""NearMiss-1 and -2 on dask collections: majority rows scored against the broadcast minority.

Every row of an under-sampled class gets its NearMiss score (the sum of the distances to
its ``n_neighbors`` nearest, version 1, or farthest, version 2, minority samples) in its
own partition, with the in-memory scoring functions and the minority broadcast once.
Each partition returns its ``n_keep`` best rows (stable order: ties by row); the client
merges those short lists by (score, global row), which is the in-memory stable sort.
"""

from __future__ import annotations

import numbers

import numpy as np
from dask import delayed

from ..under_sampling import NearMiss as _InMemoryNearMiss
from ..under_sampling import farthest_distance_sum, nearest_distance_sum
from ..utils._param_validation import Interval
from ._base import DaskSampler
from ._input import (
    checked_length,
    class_codes,
    compute,
    lazy_output,
    partition_values,
    share,
    take_rows,
)
from ._smote import DEFAULT_MAX_MINORITY_BYTES, check_gather_size, gather_classes

__all__ = ["NearMiss"]


def _best_of_partition(x_part, y_part, index, classes, targets, offset, reference, version):
    """``{code: (scores, global rows)}``: the partition's ``n_keep`` best rows per class."""
    searcher, X_minority, k = reference
    checked_length(x_part, y_part, index)
    codes = class_codes(y_part, classes)
    X = np.asarray(partition_values(x_part), dtype=np.float64)
    best = {}
    for code, n_keep in targets.items():
        rows = np.flatnonzero(codes == code)
        X_class = np.ascontiguousarray(X[rows])
        if rows.shape[0] == 0:
            score = np.empty(0)
        elif version == 1:
            score = nearest_distance_sum(searcher, X_class, k)
        else:
            score = farthest_distance_sum(X_class, X_minority, k)
        order = np.argsort(score, kind="stable")[:n_keep]
        best[code] = (score[order], offset + rows[order])
    return best


def _keep_rows(x_part, y_part, index, classes, targeted, kept_rows):
    """The partition's rows of untargeted classes and its ``kept_rows`` (in order)."""
    checked_length(x_part, y_part, index)
    codes = class_codes(y_part, classes)
    untouched = np.flatnonzero(~np.isin(codes, targeted))
    kept = np.sort(np.concatenate([untouched, kept_rows]))
    return take_rows(x_part, kept), take_rows(y_part, kept)


class NearMiss(DaskSampler, _InMemoryNearMiss):
    """NearMiss versions 1 and 2 on dask collections, equal to the in-memory sampler.

    Same parameters as :class:`imbtools.under_sampling.NearMiss` (in-memory input goes
    there). On dask input: a counting pass over ``y``; the minority class is gathered
    (checked against ``max_minority_bytes``) and broadcast with its fitted neighbour
    index; a scoring pass where every partition scores its rows of the under-sampled
    classes and returns its ``n_keep`` best; the client merges those lists by score,
    ties by global row order (the in-memory stable sort); the output is lazy (a second
    read of ``X`` when computed). Version 3 short-lists majority rows per minority
    sample, a top-k merge this class does not implement: it raises a ``ValueError``.

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
    version : {1, 2}, default=1
    n_neighbors : int or estimator with ``kneighbors``, default=3
    n_neighbors_ver3 : int, default=3
        Unused (version 3 is in-memory only).
    n_jobs : int, default=None
    max_minority_bytes : int, default=1073741824
        Largest size, in bytes, of the minority class gathered on the client.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}``.
    sample_indices_ : ndarray
        Kept global rows of the under-sampled classes, increasing (dask input: only those
        classes; the other classes are kept whole).

    Examples
    --------
    >>> import dask.array as da
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.dask import NearMiss
    >>> X_np, y_np = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X, y = da.from_array(X_np, chunks=(250, 20)), da.from_array(y_np, chunks=250)
    >>> X_res, y_res = NearMiss(version=2).fit_resample(X, y)
    >>> np.bincount(y_res.compute())
    array([102, 102])
    """

    _parameter_constraints: dict = {
        **_InMemoryNearMiss._parameter_constraints,
        "max_minority_bytes": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", version=1, n_neighbors=3,
                 n_neighbors_ver3=3, n_jobs=None, max_minority_bytes=DEFAULT_MAX_MINORITY_BYTES):
        super().__init__(sampling_strategy=sampling_strategy, version=version,
                         n_neighbors=n_neighbors, n_neighbors_ver3=n_neighbors_ver3,
                         n_jobs=n_jobs)
        self.max_minority_bytes = max_minority_bytes

    def _check_dask_params(self, X):
        if self.version == 3:
            raise ValueError(
                "version=3 is not available on dask data (its short list is a top-k search "
                "per minority sample over the whole class); use version=1 or 2, or "
                "under-sample first and run the in-memory NearMiss(version=3)."
            )

    def _fit_resample_dask(self, X, data, targets):
        minority = int(np.argmin(data.class_totals))
        check_gather_size(data.class_totals[minority], data.n_features, np.float64,
                          self.max_minority_bytes, "Gathering the minority class")
        X_minority = gather_classes(data, [minority], np.float64)[minority]
        searcher, k = self._resolve("n_neighbors", self.n_neighbors, X_minority.shape[0],
                                    "minority samples")
        searcher.fit(X_minority)
        reference = share((searcher, X_minority, k))
        best = compute(*[
            delayed(_best_of_partition)(xp, yp, p, data.classes, targets, offset, reference,
                                        self.version)
            for p, (xp, yp, offset) in enumerate(zip(data.x_parts, data.y_parts,
                                                     data.offsets))
        ])
        selected = np.sort(np.concatenate([_merge(best, code, n) for code, n in targets.items()]
                                          or [np.empty(0, dtype=np.int64)]))
        self.sample_indices_ = selected
        return self._output(data, targets, selected)

    @staticmethod
    def _output(data, targets, selected):
        bounds = np.searchsorted(selected, np.r_[data.offsets, data.partition_sizes.sum()])
        targeted = np.array(list(targets), dtype=np.intp)
        pairs, n_rows = [], []
        for p, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts)):
            local = selected[bounds[p]:bounds[p + 1]] - data.offsets[p]
            pairs.append(delayed(_keep_rows, nout=2)(xp, yp, p, data.classes, targeted, local))
            untouched = np.delete(data.counts[p], targeted).sum()
            n_rows.append(int(untouched + local.shape[0]))
        return (lazy_output([pair[0] for pair in pairs], n_rows, data.X),
                lazy_output([pair[1] for pair in pairs], n_rows, data.y))


def _merge(best, code, n_keep):
    """The ``n_keep`` smallest scores over the partitions' lists, ties by global row."""
    scores = np.concatenate([part[code][0] for part in best])
    rows = np.concatenate([part[code][1] for part in best])
    return rows[np.lexsort((rows, scores))[:n_keep]]
