"""ADASYN on dask collections: the foreign-neighbour counts as a broadcast top-k."""

from __future__ import annotations

import numpy as np

from ..neighbors import check_neighbors, neighbors_excluding_self
from ..over_sampling import ADASYN as _InMemoryADASYN
from ..over_sampling.generation import adasyn_counts, check_class_size
from ..utils._random import check_generator
from ._base import DaskSampler
from ._borderline import class_rows, neighbor_codes
from ._smote import (
    DEFAULT_MAX_MINORITY_BYTES,
    SMOTE,
    append_synthetic,
    check_gather_size,
    gather_classes,
    numeric_dtype,
)

__all__ = ["ADASYN"]


class ADASYN(DaskSampler, _InMemoryADASYN):
    """ADASYN on dask collections, equal to :class:`imbtools.over_sampling.ADASYN`.

    Same parameters and draws as the in-memory sampler (in-memory input goes there). On
    dask input: a counting pass; the classes to over-sample are gathered
    (``max_minority_bytes``) and broadcast; each partition returns the ``n_neighbors``
    nearest of its rows to each of them (the exact engine's search,
    :func:`imbtools.neighbors.nearest_among`: float64 direct-difference distances, ties
    to the smaller global row), merged by a tree reduction; a pass over ``y`` reads the neighbours'
    classes; the per-sample counts, same-class neighbours and draws run in memory with
    the in-memory functions; the synthetic rows are appended as new partitions. Equal to
    the in-memory result wherever nearest neighbours are not tied within float64
    rounding.

    Parameters
    ----------
    sampling_strategy, random_state, n_neighbors, n_jobs
        As in the in-memory class.
    max_minority_bytes : int, default=1073741824
        Largest size, in bytes, of the classes gathered on the client.

    Attributes
    ----------
    sampling_strategy_ : dict

    Examples
    --------
    >>> import dask.array as da
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.dask import ADASYN
    >>> X_np, y_np = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X, y = da.from_array(X_np, chunks=(250, 20)), da.from_array(y_np, chunks=250)
    >>> X_res, y_res = ADASYN(random_state=0).fit_resample(X, y)
    >>> X_res.shape[0] > X.shape[0]
    True
    """

    _parameter_constraints: dict = {
        **_InMemoryADASYN._parameter_constraints,
        "max_minority_bytes": SMOTE._parameter_constraints["max_minority_bytes"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5,
                 n_jobs=None, max_minority_bytes=DEFAULT_MAX_MINORITY_BYTES):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state,
                         n_neighbors=n_neighbors, n_jobs=n_jobs)
        self.max_minority_bytes = max_minority_bytes

    def _check_dask_params(self, X):
        numeric_dtype(X)  # non-numeric features fail before any pass

    def _fit_resample_dask(self, X, data, targets):
        dtype = numeric_dtype(X)
        wanted = [code for code, n_new in targets.items() if n_new > 0]
        check_gather_size(data.class_totals[wanted].sum(), data.n_features, dtype,
                          self.max_minority_bytes, "Gathering the classes to over-sample")
        blocks = self._draw(data, targets, gather_classes(data, wanted, dtype))
        return append_synthetic(data, blocks, dtype, self.classes_)

    def _draw(self, data, targets, gathered):
        generator = check_generator(self.random_state)
        k = check_neighbors("n_neighbors", self.n_neighbors, n_jobs=self.n_jobs)[1]
        labels = data.classes.tolist()
        blocks = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            X_class = gathered[code]
            check_class_size(X_class.shape[0], k + 1, labels[code], "n_neighbors")
            foreign = neighbor_codes(data, X_class, class_rows(data, code), k)
            per_seed = adasyn_counts(foreign, code, n_new, labels[code])
            class_searcher = check_neighbors("n_neighbors", self.n_neighbors,
                                             n_jobs=self.n_jobs)[0]
            neighbor_index = neighbors_excluding_self(class_searcher, X_class, k)
            seeds = np.repeat(np.arange(X_class.shape[0]), per_seed)
            picks = generator.integers(0, k, size=seeds.shape[0])
            steps = generator.random(seeds.shape[0])
            blocks.append((code, X_class, seeds, neighbor_index[seeds, picks], steps))
        return blocks
