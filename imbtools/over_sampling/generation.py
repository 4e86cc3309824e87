"""The public toolkit for writing an over-sampler.

An imbtools over-sampler is one class: it subclasses :class:`imbtools.base.BaseOverSampler`
and implements ``_fit_resample(data, targets)``, where ``data`` is a validated
:class:`imbtools.base.SamplerInput` and ``targets`` maps each class code to the number of
samples to create. The base class does everything else (validation, ``sampling_strategy``,
``sample_weight``, DataFrame/sparse/list round trips). This module holds the pieces every
SMOTE-like method repeats, so a new method only states its rule:

- :func:`classes_to_oversample` walks the classes that need new samples and checks that
  each is large enough;
- :func:`class_matrix` gives a class's rows as a matrix the neighbour engine and the
  kernels can use (the neighbour questions themselves live in :mod:`imbtools.neighbors`);
- :func:`check_generator` makes the fit's one random generator from ``random_state``;
- :func:`draw_smote_pairs` draws SMOTE's (seed, neighbour, step) triples;
- :func:`danger_mask`, :func:`adasyn_counts` and :func:`check_sample_count`: the seed
  selection of Borderline-SMOTE / SVM-SMOTE and the seed weights of ADASYN, from the
  classes of each sample's neighbours (also used by :mod:`imbtools.dask`);
- :class:`Interpolation` (a point on the segment between two samples),
  :class:`AffineRows` (a weighted sum of several samples, e.g. a point in a triangle)
  and :class:`ExplicitRows` (rows the method computed itself) describe synthetic rows,
  and :func:`oversampled` turns a list of them into the sampler's result.

Examples
--------
SMOTE itself, written with the toolkit (the library's :class:`~imbtools.over_sampling.SMOTE`
is this, plus parameter checks and the option of a user's neighbour object):

>>> from imbtools.base import BaseOverSampler
>>> from imbtools.neighbors import NearestNeighbors, neighbors_excluding_self
>>> from imbtools.over_sampling.generation import (
...     Interpolation, check_generator, class_matrix, classes_to_oversample,
...     draw_smote_pairs, oversampled)
>>> class PlainSMOTE(BaseOverSampler):
...     def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
...         self.sampling_strategy = sampling_strategy
...         self.random_state = random_state
...         self.k_neighbors = k_neighbors
...
...     def _fit_resample(self, data, targets):
...         generator = check_generator(self.random_state)
...         blocks = []
...         for group in classes_to_oversample(data, targets, min_samples=self.k_neighbors + 1,
...                                            param="k_neighbors"):
...             X_class = class_matrix(data.numeric, group.rows)
...             neighbors = neighbors_excluding_self(
...                 NearestNeighbors(), X_class, self.k_neighbors)
...             seeds, ends, steps = draw_smote_pairs(neighbors, group.n_new, generator)
...             blocks.append(Interpolation(group.code, group.rows, X_class, seeds, ends, steps))
...         return oversampled(data, blocks)
>>> from collections import Counter
>>> from sklearn.datasets import make_classification
>>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
>>> X_res, y_res = PlainSMOTE(random_state=0).fit_resample(X, y)
>>> sorted(Counter(y_res.tolist()).items())
[(0, 180), (1, 180)]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .._kernels.affine import affine_rows
from .._kernels.interpolate import interpolate_rows
from ..base import Resampled, SyntheticRows
from ..utils._parallel import NUMPY_MAX_WORK, numba_thread_limit
from ..utils._random import check_generator

__all__ = [
    "AffineRows",
    "ClassToOversample",
    "ExplicitRows",
    "Interpolation",
    "adasyn_counts",
    "check_class_size",
    "check_sample_count",
    "check_generator",
    "class_matrix",
    "classes_to_oversample",
    "danger_mask",
    "draw_smote_pairs",
    "oversampled",
    "synthetic_rows",
]


@dataclass(frozen=True)
class ClassToOversample:
    """One class that needs new samples.

    Attributes
    ----------
    code : int
        The class's code (its position in ``data.target.classes``).
    label : object
        The class label as the user gave it (a plain Python value).
    rows : ndarray of shape (n_class_samples,), int64
        Rows of ``X`` that belong to the class, in increasing order.
    n_new : int
        Number of samples to create for the class.
    """

    code: int
    label: object
    rows: np.ndarray
    n_new: int


def check_class_size(n_class, min_samples, label, param="k_neighbors"):
    """Raise a ``ValueError`` unless a class has at least ``min_samples`` samples.

    Parameters
    ----------
    n_class : int
        Number of samples in the class.
    min_samples : int
        Samples the method needs in the class (for ``k`` neighbours: ``k + 1``).
    label : object
        The class label, for the message.
    param : str, default="k_neighbors"
        The parameter that sets the requirement, for the message.
    """
    if n_class < min_samples:
        raise ValueError(
            f"{param}={min_samples - 1} needs at least {min_samples} samples in each class "
            f"to over-sample, but class {label!r} has {n_class}. Lower {param} to at most "
            f"{max(n_class - 1, 0)}, or use RandomOverSampler for this class."
        )


def classes_to_oversample(data, targets, *, min_samples=1, param="k_neighbors"):
    """The classes that need new samples, each checked to hold ``min_samples`` samples.

    Parameters
    ----------
    data : SamplerInput
        The validated input of ``_fit_resample``.
    targets : dict
        ``{class code: number of samples to create}`` (the second argument of
        ``_fit_resample``); classes with 0 are skipped.
    min_samples : int, default=1
        Samples each such class needs (see :func:`check_class_size`).
    param : str, default="k_neighbors"
        The parameter named when a class is too small.

    Returns
    -------
    list of ClassToOversample
    """
    labels = data.target.classes.tolist()
    groups = []
    for code, n_new in targets.items():
        if n_new == 0:
            continue
        rows = data.class_rows(code)
        check_class_size(rows.shape[0], min_samples, labels[code], param)
        groups.append(ClassToOversample(int(code), labels[code], rows, int(n_new)))
    return groups


def class_matrix(X, rows):
    """``X[rows]`` as a C-contiguous float array (dense ``X``) or a CSR matrix (sparse)."""
    if sparse.issparse(X):
        return X[rows]
    return np.ascontiguousarray(X[rows])


def draw_smote_pairs(neighbor_index, n_new, generator):
    """Draw SMOTE's (seed, neighbour, step) triples.

    Each synthetic sample picks a seed row uniformly, one of its ``k`` neighbours
    uniformly, and a step uniformly in ``[0, 1)``.

    Parameters
    ----------
    neighbor_index : ndarray of shape (n_seeds, k)
        Row ``i`` holds the ``k`` neighbours of seed ``i``.
    n_new : int
        Number of synthetic samples.
    generator : numpy.random.Generator
        The fit's generator (create it once per fit and pass it down).

    Returns
    -------
    seeds, neighbors : ndarray of shape (n_new,), int64
        ``seeds`` index the rows of ``neighbor_index``; ``neighbors`` are entries of it.
    steps : ndarray of shape (n_new,), float64
    """
    n_seeds, k = neighbor_index.shape
    draws = generator.integers(0, n_seeds * k, size=n_new, dtype=np.int64)
    seeds = draws // k
    neighbors = neighbor_index[seeds, draws % k]
    steps = generator.random(n_new)
    return seeds, neighbors, steps


@dataclass(frozen=True)
class Interpolation:
    """Synthetic rows ``source[seeds] + steps * (source[neighbors] - source[seeds])``.

    Attributes
    ----------
    code : int
        Class code of every row of the block.
    rows : ndarray of shape (n_source,), int64
        The row of ``X`` that each row of ``source`` is (``np.arange(n_samples)`` when
        ``source`` is ``X`` itself).
    source : ndarray or sparse matrix of shape (n_source, n_features)
        The rows interpolated between: C-contiguous float (see :func:`class_matrix`).
    seeds, neighbors : ndarray of shape (n_new,), int
        Rows of ``source`` at step 0 and step 1.
    steps : ndarray of shape (n_new,), float
        Position on the segment; values outside ``[0, 1]`` extrapolate.
    """

    code: int
    rows: np.ndarray
    source: object
    seeds: np.ndarray
    neighbors: np.ndarray
    steps: np.ndarray

    @property
    def n_rows(self):
        return self.seeds.shape[0]

    def write_into(self, out):
        if out.size <= NUMPY_MAX_WORK:
            # the kernel's arithmetic in NumPy (same bits): no Numba start-up for a few rows
            start = self.source[self.seeds]
            np.add(start, self.steps[:, None] * (self.source[self.neighbors] - start),
                   out=out, casting="same_kind")
            return
        interpolate_rows(self.source, self.seeds, self.neighbors, self.steps, out)

    def sparse_rows(self):
        start = self.source[self.seeds]
        return start + sparse.diags(self.steps) @ (self.source[self.neighbors] - start)

    def parents(self):
        return self.rows[self.seeds], self.rows[self.neighbors], self.steps


@dataclass(frozen=True)
class AffineRows:
    """Synthetic rows ``sum_m coefs[:, m] * source[parent_rows[:, m]]``.

    The block for methods whose new rows combine more than two samples (a point in the
    triangle of three samples, a point pushed away from one sample then pulled towards
    another, ...). Dense rows are written by a Numba kernel straight into the output;
    sparse rows are built with sparse products. The coefficients need not be convex:
    negative ones extrapolate.

    Attributes
    ----------
    code : int
        Class code of every row of the block.
    rows : ndarray of shape (n_source,), int64
        The row of ``X`` that each row of ``source`` is (``np.arange(n_samples)`` when
        ``source`` is ``X`` itself).
    source : ndarray or CSR matrix of shape (n_source, n_features)
        The rows combined: C-contiguous float (see :func:`class_matrix`).
    parent_rows : ndarray of shape (n_new, n_parents), int64
        Rows of ``source`` combined into each new row.
    coefs : ndarray of shape (n_new, n_parents), float64
        Their coefficients (usually summing to 1 in each row).
    weight_parents : tuple of (ndarray, ndarray, ndarray)
        ``(a, b, step)``: two rows of ``source`` and a step per new row that give its
        ``sample_weight`` (``(1 - step) * w[a] + step * w[b]``) and its
        ``sample_indices_`` entry (``a``).

    Examples
    --------
    The centroid of the triangle of rows 0, 1 and 2 of a class (here the whole ``X``):

    >>> import numpy as np
    >>> from imbtools.over_sampling.generation import AffineRows
    >>> X = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    >>> block = AffineRows(code=1, rows=np.arange(3), source=X,
    ...                    parent_rows=np.array([[0, 1, 2]]),
    ...                    coefs=np.full((1, 3), 1 / 3),
    ...                    weight_parents=(np.array([0]), np.array([1]), np.array([0.5])))
    >>> out = np.empty((block.n_rows, 2))
    >>> block.write_into(out)
    >>> out
    array([[1., 1.]])
    """

    code: int
    rows: np.ndarray
    source: object
    parent_rows: np.ndarray
    coefs: np.ndarray
    weight_parents: tuple

    @property
    def n_rows(self):
        return self.parent_rows.shape[0]

    def write_into(self, out):
        source = self.source.toarray() if sparse.issparse(self.source) else self.source
        affine_rows(np.ascontiguousarray(source, dtype=out.dtype), self.parent_rows,
                    self.coefs, out)

    def sparse_rows(self):
        result = None
        for m in range(self.parent_rows.shape[1]):
            term = sparse.diags(self.coefs[:, m]) @ self.source[self.parent_rows[:, m]]
            result = term if result is None else result + term
        return sparse.csr_matrix(result)

    def parents(self):
        a, b, step = self.weight_parents
        return self.rows[a], self.rows[b], step


@dataclass(frozen=True)
class ExplicitRows:
    """Synthetic rows a method computed itself (not a two-point interpolation).

    ``parent_a``, ``parent_b`` and ``step`` still describe each row's provenance: they
    give its ``sample_weight`` (``(1 - step) * w[a] + step * w[b]``) and its entry in
    ``sample_indices_`` (``parent_a``). For a row derived from one sample, use that
    sample as both parents.

    Attributes
    ----------
    code : int
        Class code of every row of the block.
    values : ndarray or sparse matrix of shape (n_new, n_features)
    parent_a, parent_b : ndarray of shape (n_new,), int
        Rows of ``X``.
    step : ndarray of shape (n_new,), float
    """

    code: int
    values: object
    parent_a: np.ndarray
    parent_b: np.ndarray
    step: np.ndarray

    @property
    def n_rows(self):
        return self.values.shape[0]

    def write_into(self, out):
        out[...] = self.values.toarray() if sparse.issparse(self.values) else self.values

    def sparse_rows(self):
        return sparse.csr_matrix(self.values)

    def parents(self):
        return self.parent_a, self.parent_b, self.step


def synthetic_rows(blocks, *, sparse_output=False, n_jobs=None):
    """Describe the rows of every block as one :class:`imbtools.base.SyntheticRows`.

    Parameters
    ----------
    blocks : list of Interpolation, AffineRows or ExplicitRows
    sparse_output : bool, default=False
        Build the rows as a CSR matrix now (for sparse ``X``); otherwise they are written
        into the dense output array when the base class assembles it.
    n_jobs : int, default=None
        Threads for the interpolation kernel.
    """
    blocks = [block for block in blocks if block.n_rows]
    if not blocks:
        empty = np.empty(0, dtype=np.int64)
        return SyntheticRows(empty, empty, empty, np.empty(0))
    codes = np.concatenate([np.full(b.n_rows, b.code, dtype=np.intp) for b in blocks])
    parent_a, parent_b, step = (np.concatenate(parts) for parts in
                                zip(*(b.parents() for b in blocks)))
    if sparse_output:
        rows = sparse.vstack([b.sparse_rows() for b in blocks]).tocsr()
        return SyntheticRows(codes, parent_a, parent_b, step, rows=rows)

    def write_all(out):
        offset = 0
        for block in blocks:
            block.write_into(out[offset : offset + block.n_rows])
            offset += block.n_rows

    def fill(out):
        if out.size <= NUMPY_MAX_WORK and all(
                isinstance(block, (Interpolation, ExplicitRows)) for block in blocks):
            write_all(out)  # in NumPy: no Numba threads to limit (or to start)
            return
        with numba_thread_limit(n_jobs, work=out.size):
            write_all(out)

    return SyntheticRows(codes, parent_a, parent_b, step, fill=fill)


def oversampled(data, blocks, *, n_jobs=None):
    """The result of an over-sampler: every original row, then the blocks' rows.

    Parameters
    ----------
    data : SamplerInput
        The validated input of ``_fit_resample``.
    blocks : list of Interpolation, AffineRows or ExplicitRows
    n_jobs : int, default=None
        Threads for the interpolation kernel.

    Returns
    -------
    Resampled
    """
    rows = synthetic_rows(blocks, sparse_output=sparse.issparse(data.numeric_if_computed),
                          n_jobs=n_jobs)
    return Resampled(np.arange(data.n_samples), rows)


# -- seed selection and weights of the danger-based variants ---------------------------


def danger_mask(neighbor_codes, code):
    """Which samples are "in danger": at least half, but not all, neighbours are foreign.

    Parameters
    ----------
    neighbor_codes : ndarray of shape (n_samples, m)
        Class codes of each sample's ``m`` nearest neighbours.
    code : int
        The samples' own class code.

    Returns
    -------
    ndarray of shape (n_samples,), bool
        ``m / 2 <= n_foreign < m``. Samples whose neighbours are all foreign are noise,
        those with fewer than half foreign are safe.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.over_sampling.generation import danger_mask
    >>> danger_mask(np.array([[1, 1, 0, 0], [1, 1, 1, 0], [0, 0, 0, 0]]), code=1)
    array([ True, False, False])
    """
    m = neighbor_codes.shape[1]
    n_foreign = np.count_nonzero(neighbor_codes != code, axis=1)
    return (2 * n_foreign >= m) & (n_foreign < m)


def adasyn_counts(neighbor_codes, code, n_new, label):
    """Number of synthetic samples to draw from each seed.

    Parameters
    ----------
    neighbor_codes : ndarray of shape (n_class_samples, k)
        Class codes of each sample's ``k`` nearest neighbours in the whole dataset.
    code : int
        The samples' own class code.
    n_new : int
        Number of samples requested for the class.
    label : object
        The class label, for error messages.

    Returns
    -------
    ndarray of shape (n_class_samples,), int64
        ``rint(n_new * r_i / sum(r))`` where ``r_i`` is the fraction of foreign neighbours
        of sample ``i``. Rounding each seed on its own (as imbalanced-learn does) makes
        the total differ from ``n_new`` by a few samples.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.over_sampling.generation import adasyn_counts
    >>> adasyn_counts(np.array([[1, 0], [0, 0], [1, 1]]), code=1, n_new=6, label="yes")
    array([2, 4, 0])
    """
    foreign_fraction = np.count_nonzero(neighbor_codes != code, axis=1) / neighbor_codes.shape[1]
    total = foreign_fraction.sum()
    if total == 0:
        raise RuntimeError(
            f"ADASYN cannot weight the seeds of class {label!r}: none of its samples has a "
            "neighbour of another class among its n_neighbors, so every weight is 0. Use "
            "SMOTE for this class, or raise n_neighbors."
        )
    counts = np.rint(foreign_fraction / total * n_new).astype(np.int64)
    if counts.sum() == 0:
        raise ValueError(
            f"ADASYN would generate no sample for class {label!r}: {n_new} requested "
            "samples round to 0 for every seed. Ask for more samples in sampling_strategy."
        )
    return counts


def check_sample_count(param, k, n_samples):
    """Raise a ``ValueError`` unless ``n_samples`` leave ``k`` neighbours besides each query.

    Parameters
    ----------
    param : str
        Name of the neighbour parameter, for the message (``"m_neighbors"``).
    k : int
        Neighbours per sample, the sample itself not counted.
    n_samples : int
        Samples searched.

    Examples
    --------
    >>> from imbtools.over_sampling.generation import check_sample_count
    >>> check_sample_count("m_neighbors", 10, 11)
    >>> check_sample_count("m_neighbors", 10, 5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: m_neighbors=10 needs at least 11 samples, but X has 5. Lower ...
    """
    if n_samples < k + 1:
        raise ValueError(
            f"{param}={k} needs at least {k + 1} samples, but X has {n_samples}. Lower "
            f"{param} to at most {max(n_samples - 1, 0)}."
        )
