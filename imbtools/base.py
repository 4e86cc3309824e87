"""The sampler contract shared by every imbtools resampler.

A sampler's only job is its algorithm: :meth:`BaseSampler._fit_resample` receives a
validated :class:`SamplerInput` and the resolved per-class targets and returns a
:class:`Resampled` description (original rows to keep, plus synthetic rows). This module
does everything else: parameter and input validation, ``sampling_strategy`` parsing,
``sample_weight`` bookkeeping, and rebuilding the output in the caller's container
(ndarray, list, sparse matrix or DataFrame with its columns and dtypes).
"""

from __future__ import annotations

import inspect
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from imblearn.base import BaseSampler as _ImblearnBaseSampler
from imblearn.over_sampling.base import BaseOverSampler as _ImblearnOverSampler
from imblearn.under_sampling.base import BaseCleaningSampler as _ImblearnCleaningSampler
from imblearn.under_sampling.base import BaseUnderSampler as _ImblearnUnderSampler
from scipy import sparse
from sklearn.utils.validation import validate_data

from .utils._output import assemble_features, format_target, release_free_heap
from .utils._param_validation import Interval, StrOptions
from .utils._scaling import extreme_unit
from .utils.sampling_strategy import STRATEGY_NAMES, resolve_sampling_strategy, strategy_by_label
from .utils.validation import (
    check_feature_matrix,
    check_sample_weight,
    check_target,
    checked_feature_matrix,
)

__all__ = [
    "BaseCleaningSampler",
    "BaseOverSampler",
    "BaseSampler",
    "BaseUnderSampler",
    "Resampled",
    "SamplerInput",
    "SyntheticRows",
]


@dataclass
class SyntheticRows:
    """New rows a sampler creates, described so the base class can place them.

    Each synthetic row ``i`` is ``X[parent_a[i]] + step[i] * (X[parent_b[i]] - X[parent_a[i]])``
    or a perturbation of it; the parents define the synthetic row's ``sample_weight``:
    ``(1 - step) * w[parent_a] + step * w[parent_b]``.

    Parameters
    ----------
    codes : ndarray of shape (n_rows,)
        Class code of each synthetic row.
    parent_a, parent_b : ndarray of shape (n_rows,)
        Original row indices the synthetic rows derive from.
    step : ndarray of shape (n_rows,)
        Interpolation position between ``parent_a`` (0) and ``parent_b`` (1).
    fill : callable, optional
        ``fill(out)`` writes the rows into a preallocated dense array ``out`` of shape
        ``(n_rows, n_features)``; lets dense output be built with a single allocation.
    rows : ndarray or sparse matrix, optional
        The rows, already computed (used when ``fill`` is None, e.g. for sparse input).
    unit : float, default=1.0
        Factor (a power of two) applied to the rows on output: the base class sets it when
        the sampler worked on rescaled data (see :meth:`BaseSampler.fit_resample`).
    """

    codes: np.ndarray
    parent_a: np.ndarray
    parent_b: np.ndarray
    step: np.ndarray
    fill: Callable[[np.ndarray], None] | None = None
    rows: object = None
    unit: float = 1.0

    @property
    def n_rows(self):
        return self.codes.shape[0]

    def write_into(self, out):
        """Write the rows into the preallocated dense array ``out``."""
        if self.fill is not None:
            self.fill(out)
        elif sparse.issparse(self.rows):
            out[...] = self.rows.toarray()
        else:
            out[...] = self.rows
        if self.unit != 1.0:
            out *= self.unit

    def as_sparse(self, n_features, dtype):
        """The rows as a CSR matrix (for sparse input)."""
        if sparse.issparse(self.rows):
            return (self.rows.tocsr() * self.unit).astype(dtype, copy=False)
        dense = np.empty((self.n_rows, n_features), dtype=dtype)
        self.write_into(dense)
        return sparse.csr_matrix(dense)

    def weights(self, sample_weight):
        """Weights of the synthetic rows, interpolated from their parents' weights."""
        return (1.0 - self.step) * sample_weight[self.parent_a] + (
            self.step * sample_weight[self.parent_b]
        )


@dataclass
class Resampled:
    """What a sampler decided: original rows to keep and synthetic rows to add."""

    kept_indices: np.ndarray
    synthetic: SyntheticRows | None = None


class SamplerInput:
    """Validated inputs of one ``fit_resample`` call.

    Attributes
    ----------
    X : ndarray, sparse matrix or DataFrame
        Features as the caller passed them (lists become arrays); never modified.
    target : EncodedTarget
        Encoded labels, classes and class counts.
    sample_weight : ndarray or None
        A private copy of the caller's weights.
    """

    def __init__(self, X, target, sample_weight, allow_nan, accept_sparse):
        self.X = X
        self.target = target
        self.sample_weight = sample_weight
        self._allow_nan = allow_nan
        self._accept_sparse = accept_sparse

    @property
    def n_samples(self):
        return self.target.codes.shape[0]

    @cached_property
    def numeric(self):
        """Features as a float ndarray or CSR matrix (checked for NaN and infinity)."""
        numeric, self._sum_sq = checked_feature_matrix(
            self.X, allow_nan=self._allow_nan, accept_sparse=self._accept_sparse
        )
        return numeric

    @property
    def numeric_if_computed(self):
        return self.__dict__.get("numeric")

    def rescale_if_extreme(self):
        """Rescale ``numeric`` by a power of two when its magnitude is extreme.

        Neighbour searches square distances: beyond about ``1e150`` they overflow and
        below about ``1e-150`` they underflow, so every distance-based decision would be
        wrong. Where the largest absolute value lies outside ``[2**-400, 2**400]``,
        ``numeric`` becomes ``numeric / 2**e`` (see :func:`~imbtools.utils._scaling.extreme_unit`),
        which is exact, so every decision is the one made on well-scaled data. Returns
        ``2**e``, the factor that brings results back to the caller's units (``1.0``:
        the data is left untouched).
        """
        X = self.numeric_if_computed
        unit = 1.0 if X is None else extreme_unit(X, sum_sq=getattr(self, "_sum_sq", None))
        if unit != 1.0:
            self._original_numeric = X
            self.__dict__["numeric"] = X * (1.0 / unit)
        return unit

    def restore_scale(self):
        """Undo :meth:`rescale_if_extreme` (the output is built from the caller's values)."""
        original = self.__dict__.pop("_original_numeric", None)
        if original is not None:
            self.__dict__["numeric"] = original

    def class_rows(self, code):
        """Indices of the samples of class ``code``, in increasing order."""
        return np.flatnonzero(self.target.codes == code)


class BaseSampler(_ImblearnBaseSampler):
    """Base class of imbtools samplers (the imbalanced-learn ``fit_resample`` contract).

    Subclasses set ``_sampling_type`` and implement ``_fit_resample(data, targets)``,
    where ``targets`` is ``{class code: n}`` as described in
    :mod:`imbtools.utils.sampling_strategy`.

    Output containers
    -----------------
    - ndarray in, ndarray out; list in, list out; sparse in, sparse of the same format out.
    - DataFrame in, DataFrame out with the same columns. Original rows keep every
      column's dtype (categoricals, strings, nullable types included). Synthetic rows are
      computed in floating point: float32 columns stay float32, float64 stays float64,
      integer and boolean columns become float64 in the output of samplers that create
      synthetic rows (their interpolated values are not integers).
    - The output index is a fresh ``RangeIndex``: resampled data repeats and invents rows,
      so the input index cannot stay unique. ``sample_indices_`` (when the sampler has it)
      maps output rows back to input positions (for a synthetic row: the row it was
      derived from).
    - ``y`` comes back in its own container (Series with its name and dtype, DataFrame,
      list, column vector or one-vs-all indicator matrix).
    """

    _sampling_type = "bypass"
    #: whether the algorithm needs numeric features (False: rows are only selected)
    _needs_numeric = True
    _allow_nan = False
    _accept_sparse = True
    _has_sample_indices = False

    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(numbers.Real, 0, 1, closed="right"),
            StrOptions(set(STRATEGY_NAMES["over-sampling"] + STRATEGY_NAMES["under-sampling"])),
            Mapping,
            list,
            callable,
        ],
    }

    # -- public API -----------------------------------------------------------------------
    def fit(self, X, y):
        """Validate the data and compute ``sampling_strategy_``.

        Only useful for inspection: :meth:`fit_resample` is what resamples.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        self : object
        """
        self._validate_params()
        self._check_input(X, y, None)
        return self

    def fit_resample(self, X, y, *, sample_weight=None, **fit_params):
        """Resample the dataset.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Features. Never modified.
        y : array-like of shape (n_samples,)
            Class labels (integers, strings or booleans). Never modified.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights to resample alongside ``X``. Kept rows keep their weight;
            a synthetic row created between rows ``a`` and ``b`` at step ``t`` gets
            ``(1 - t) * w[a] + t * w[b]``. When given, a third output is returned; do not
            route ``sample_weight`` to a sampler inside ``imblearn.pipeline.Pipeline``,
            which expects two outputs.
        **fit_params : dict
            Further arguments some samplers document (for instance the ``segments``
            hint of :class:`~imbtools.under_sampling.EditedNearestNeighbours`); a sampler
            that takes none raises a ``TypeError`` naming the argument.

        Returns
        -------
        X_resampled : {ndarray, sparse matrix, list, DataFrame} of shape (n_samples_new, n_features)
        y_resampled : {ndarray, list, Series, DataFrame} of shape (n_samples_new,)
        sample_weight_resampled : ndarray of shape (n_samples_new,)
            Only when ``sample_weight`` is given.
        """
        self._validate_params()
        self._check_fit_params(fit_params)
        data, targets = self._check_input(X, y, sample_weight)
        unit = data.rescale_if_extreme()
        result = self._fit_resample(data, targets, **fit_params)
        data.restore_scale()
        if unit != 1.0 and result.synthetic is not None:
            result.synthetic.unit *= unit
        return self._build_output(X, y, data, result)

    # ``_fit_resample(data, targets)`` stays abstract (declared by imbalanced-learn's
    # SamplerMixin): every concrete sampler implements it.

    # -- plumbing ---------------------------------------------------------------------------
    def _check_fit_params(self, fit_params):
        accepted = inspect.signature(self._fit_resample).parameters
        unknown = sorted(set(fit_params) - (set(accepted) - {"data", "targets"}))
        if unknown:
            raise TypeError(
                f"{type(self).__name__}.fit_resample got unexpected keyword argument(s) "
                f"{unknown}; it takes X, y and sample_weight"
                + (f" and {sorted(set(accepted) - {'data', 'targets'})}"
                   if len(accepted) > 2 else "") + "."
            )

    def _check_input(self, X, y, sample_weight):
        if isinstance(X, list | tuple):
            X = np.asarray(X)
        X = check_feature_matrix(
            X, allow_nan=True, accept_sparse=self._accept_sparse, numeric=False,
            finite=not self._needs_numeric,  # data.numeric below scans the values
        )
        validate_data(self, X=X, reset=True, skip_check_array=True)
        target = check_target(y, n_samples=X.shape[0])
        weights = check_sample_weight(sample_weight, X.shape[0])
        data = SamplerInput(X, target, weights, self._allow_nan, self._accept_sparse)
        if self._needs_numeric:
            data.numeric  # validate now so errors come before any work  # noqa: B018
        targets = resolve_sampling_strategy(self.sampling_strategy, target, self._sampling_type)
        self.sampling_strategy_ = strategy_by_label(targets, target)
        return data, targets

    def _assemble_features(self, X, data, kept, synthetic):
        """Features of the output: rows ``kept`` of ``X``, then the synthetic rows.

        The one step a sampler whose synthetic rows are not plain numeric (SMOTE-NC,
        SMOTE-N) overrides; labels, weights and ``sample_indices_`` stay shared.
        """
        return assemble_features(X, data.numeric_if_computed, kept, synthetic,
                                 n_jobs=getattr(self, "n_jobs", None))

    def _build_output(self, X, y, data, result):
        kept, synthetic = result.kept_indices, result.synthetic
        has_synthetic = synthetic is not None and synthetic.n_rows
        if self._has_sample_indices:
            self.sample_indices_ = kept
            if has_synthetic:
                self.sample_indices_ = np.concatenate([kept, synthetic.parent_a])
        if self._sampling_type == "over-sampling":
            self._record_provenance(synthetic if has_synthetic else None, data.n_samples)
        if (type(y) is np.ndarray and y.ndim == 1 and not has_synthetic
                and not data.target.one_vs_all):
            # rows are only selected: take the caller's labels directly (no code array)
            y_out = y[kept]
        else:
            codes = data.target.codes[kept]
            if has_synthetic:
                codes = np.concatenate([codes, synthetic.codes])
            y_out = format_target(y, data.target, codes)
        X_source = X if not isinstance(X, list | tuple) else data.X
        n_features = data.X.shape[1]
        release_free_heap((kept.shape[0] + (synthetic.n_rows if has_synthetic else 0))
                          * n_features * 8)
        X_out = self._assemble_features(X_source, data, kept, synthetic)
        if isinstance(X, list | tuple) and not isinstance(X_out, list):
            X_out = X_out.tolist()
        if data.sample_weight is None:
            return X_out, y_out
        weights = data.sample_weight[kept]
        if has_synthetic:
            weights = np.concatenate([weights, synthetic.weights(data.sample_weight)])
        return X_out, y_out, weights

    def _record_provenance(self, synthetic, n_samples):
        """``synthetic_parents_`` (int32 while rows fit) and ``synthetic_steps_``."""
        dtype = np.int32 if n_samples < 2**31 else np.int64
        n_rows = 0 if synthetic is None else synthetic.n_rows
        self.synthetic_parents_ = np.empty((n_rows, 2), dtype=dtype)
        self.synthetic_steps_ = np.empty(0) if synthetic is None else synthetic.step
        if n_rows:
            self.synthetic_parents_[:, 0] = synthetic.parent_a
            self.synthetic_parents_[:, 1] = synthetic.parent_b

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = self._allow_nan
        tags.input_tags.string = not self._needs_numeric
        tags.input_tags.sparse = self._accept_sparse
        tags.sampler_tags.sample_indices = self._has_sample_indices
        return tags


class BaseOverSampler(BaseSampler, _ImblearnOverSampler):
    """Base class of over-samplers: ``sampling_strategy_`` counts samples to generate."""

    _sampling_type = "over-sampling"
    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(numbers.Real, 0, 1, closed="right"),
            StrOptions(set(STRATEGY_NAMES["over-sampling"])),
            Mapping,
            callable,
        ],
        "random_state": ["random_state"],
    }


class BaseUnderSampler(BaseSampler, _ImblearnUnderSampler):
    """Base class of under-samplers: ``sampling_strategy_`` counts samples to keep."""

    _sampling_type = "under-sampling"
    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(numbers.Real, 0, 1, closed="right"),
            StrOptions(set(STRATEGY_NAMES["under-sampling"])),
            Mapping,
            callable,
        ],
    }


class BaseCleaningSampler(BaseSampler, _ImblearnCleaningSampler):
    """Base class of cleaning samplers: ``sampling_strategy_`` lists the classes cleaned."""

    _sampling_type = "clean-sampling"
    _parameter_constraints: dict = {
        "sampling_strategy": [
            StrOptions(set(STRATEGY_NAMES["clean-sampling"])),
            list,
            callable,
        ],
    }
