"""Input validation shared by every imbtools estimator.

Each check raises a ``ValueError`` or ``TypeError`` whose message names the parameter,
says what was received and what would be accepted. None of them modifies its input.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils.multiclass import type_of_target

from ._scaling import sum_of_squares

__all__ = [
    "EncodedTarget",
    "check_feature_matrix",
    "check_sample_weight",
    "check_target",
    "checked_feature_matrix",
    "encode_labels",
]

_SUPPORTED_TARGETS = ("binary", "multiclass")


@dataclass(frozen=True)
class EncodedTarget:
    """A validated class target.

    Attributes
    ----------
    codes : ndarray of shape (n_samples,), dtype intp
        Class index of each sample, ``0 .. n_classes - 1`` in the order of ``classes``.
    classes : ndarray of shape (n_classes,)
        Sorted distinct labels, with the dtype of the caller's ``y``.
    counts : ndarray of shape (n_classes,)
        Number of samples in each class.
    one_vs_all : bool
        Whether ``y`` was given as a one-vs-all indicator matrix.
    """

    codes: np.ndarray
    classes: np.ndarray
    counts: np.ndarray
    one_vs_all: bool = False

    def counts_by_label(self):
        """Return ``{label: count}`` in the order of ``classes``."""
        return {label: int(n) for label, n in zip(self.classes.tolist(), self.counts)}


def encode_labels(labels):
    """Encode a 1-D label array as ``(codes, classes)`` with sorted ``classes``.

    Small non-negative integer labels take an O(n) counting path; anything else goes
    through :func:`pandas.factorize`, which hashes instead of sorting the whole array.
    """
    labels = np.asarray(labels)
    if labels.dtype.kind in "iub" and labels.size:
        as_int = labels.astype(np.intp, copy=False)
        low, high = as_int.min(), as_int.max()
        if low >= 0 and high <= max(4 * labels.size, 1024):
            present = np.bincount(as_int)
            class_index = np.flatnonzero(present)
            lookup = np.full(present.shape[0], -1, dtype=np.intp)
            lookup[class_index] = np.arange(class_index.size)
            return lookup[as_int], class_index.astype(labels.dtype)
    codes, classes = pd.factorize(labels, sort=True, use_na_sentinel=True)
    if (codes < 0).any():
        first = int(np.flatnonzero(codes < 0)[0])
        raise ValueError(
            f"y contains a missing label (NaN or None) at position {first}; every sample "
            "needs a class label. Drop or impute those rows first."
        )
    return codes.astype(np.intp, copy=False), np.asarray(classes)


def check_target(y, *, n_samples=None, min_classes=2):
    """Validate a classification target and encode it.

    Parameters
    ----------
    y : array-like of shape (n_samples,) or (n_samples, 1), or one-vs-all indicator
        Class labels: integers, strings, booleans or any hashable values.
    n_samples : int, default=None
        Number of rows of ``X``; when given, ``y`` must have as many entries.
    min_classes : int, default=2
        Fewest distinct classes accepted.

    Returns
    -------
    EncodedTarget
    """
    if y is None:
        raise ValueError(
            "This method requires y to be passed, but the target y is None; pass the class "
            "label of every sample."
        )
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(
                "Multilabel and multioutput targets are not supported: y is a DataFrame "
                f"with {y.shape[1]} columns; pass a single column of class labels."
            )
        y = y.iloc[:, 0]
    if isinstance(y, pd.Series):
        values = y.to_numpy()
        if isinstance(y.dtype, pd.CategoricalDtype):
            values = np.asarray(y.astype(object))
    else:
        values = np.asarray(y) if not sparse.issparse(y) else y.toarray()
    if values.ndim == 0:
        raise ValueError(f"y must be a 1-D array of class labels; got the scalar {values!r}.")
    if values.size == 0:
        raise ValueError("y is empty (0 samples); at least two classes are needed.")
    if values.ndim > 2:
        raise ValueError(f"y must be 1-D; got an array with shape {values.shape}.")

    one_vs_all = False
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    elif values.ndim == 2:
        if type_of_target(values) == "multilabel-indicator" and np.all(values.sum(axis=1) == 1):
            one_vs_all = True
            values = np.asarray(values).argmax(axis=1)
        else:
            raise ValueError(
                "Multilabel and multioutput targets are not supported: y has shape "
                f"{values.shape}; pass one class label per sample (a 1-D array), or a "
                "one-vs-all indicator matrix with exactly one 1 per row."
            )

    if n_samples is not None and values.shape[0] != n_samples:
        raise ValueError(
            f"X and y have inconsistent numbers of samples: X has {n_samples} rows, "
            f"y has {values.shape[0]} labels."
        )
    if values.dtype.kind in "fc":
        if values.dtype.kind == "c" or not np.all(np.isfinite(values)):
            raise ValueError(
                "y contains NaN, infinity or complex values; class labels must be finite."
            )
        if np.any(values != np.round(values)):
            raise ValueError(
                "Unknown label type: y looks continuous (non-integer floats such as "
                f"{values[values != np.round(values)][0]!r}); imbalance methods need class "
                "labels. Use a regressor or bin the target."
            )
    if values.dtype.kind == "O":
        missing = pd.isna(values)
        if missing.any():
            raise ValueError(
                "y contains a missing label (NaN or None) at position "
                f"{int(np.flatnonzero(missing)[0])}; every sample needs a class label. Drop "
                "or impute those rows first."
            )
        _check_one_label_type(values)
        kind = type_of_target(values)
        if kind not in _SUPPORTED_TARGETS:
            raise ValueError(
                f"Unknown label type: y is of type {kind!r}; accepted are binary or "
                "multiclass labels (integers, strings or booleans)."
            )

    codes, classes = encode_labels(values)
    counts = np.bincount(codes, minlength=classes.shape[0])
    if classes.shape[0] < min_classes:
        raise ValueError(
            f"y has {classes.shape[0]} class ({classes.tolist()!r}); resampling needs at "
            f"least {min_classes} classes, so there is no imbalance to correct."
        )
    return EncodedTarget(codes=codes, classes=classes, counts=counts, one_vs_all=one_vs_all)


def _check_one_label_type(values):
    """Refuse an object array of labels that mixes strings with other values."""
    if pd.api.types.infer_dtype(values, skipna=False) not in ("mixed", "mixed-integer"):
        return
    is_text = np.fromiter((isinstance(v, str) for v in values), dtype=bool, count=len(values))
    if is_text.any() and not is_text.all():
        text, other = (value.item() if isinstance(value, np.generic) else value
                       for value in (values[np.argmax(is_text)], values[np.argmin(is_text)]))
        raise ValueError(
            f"y mixes label types: strings such as {text!r} and {type(other).__name__} "
            f"values such as {other!r}; class labels must all be strings or all be numbers. "
            "Convert them to one type first, for example with y.astype(str)."
        )


def _describe_bad_cells(mask, columns=None):
    rows, cols = np.nonzero(mask)
    col = cols[0] if columns is None else repr(columns[cols[0]])
    return f"{rows.shape[0]} value(s), the first at row {rows[0]}, column {col}"


def check_feature_matrix(X, *, allow_nan=False, accept_sparse=True, numeric=True, finite=True,
                         param="X"):
    """Validate a feature matrix without copying it when it is already usable.

    Parameters
    ----------
    X : array-like, sparse matrix or DataFrame of shape (n_samples, n_features)
    allow_nan : bool, default=False
        Accept NaN (never infinity).
    accept_sparse : bool, default=True
        Accept scipy sparse matrices (returned in CSR format).
    numeric : bool, default=True
        Convert to a float array (``float32`` stays ``float32``, everything else becomes
        ``float64``). When False, arrays are only checked for shape and returned as given.
    finite : bool, default=True
        Check for NaN (unless ``allow_nan``) and infinity. Callers that validate the
        same values again as numeric pass False to scan them once.
    param : str, default="X"
        Name used in error messages.

    Returns
    -------
    X_checked : ndarray or scipy.sparse.csr_matrix or DataFrame
    """
    return checked_feature_matrix(X, allow_nan=allow_nan, accept_sparse=accept_sparse,
                                  numeric=numeric, finite=finite, param=param)[0]


def checked_feature_matrix(X, *, allow_nan=False, accept_sparse=True, numeric=True,
                           finite=True, param="X"):
    """:func:`check_feature_matrix`, also returning the finiteness screen's sum of squares.

    Returns ``(X_checked, sum_sq)``: ``sum_sq`` is the sum of the squares of the values
    (see :func:`imbtools.utils._scaling.sum_of_squares`) when the finiteness check
    computed it, else ``None``; the extreme-scale check can reuse it instead of reading
    the data again.
    """
    if sparse.issparse(X):
        if not accept_sparse:
            raise TypeError(
                f"{param} is a sparse matrix, which this method does not accept; pass a "
                "dense array (X.toarray()) or a DataFrame."
            )
        X_checked = X.tocsr() if X.format != "csr" else X
        if X_checked.ndim != 2:
            raise ValueError(f"{param} must be 2-D; got shape {X_checked.shape}.")
        data = X_checked.data
        if numeric and data.dtype.kind not in "fiub":
            raise TypeError(f"{param} has dtype {data.dtype}; a numeric sparse matrix is needed.")
        if finite:
            sum_sq = _check_finite(data, allow_nan, param)
        _check_not_empty(X_checked.shape, param)
        if numeric and data.dtype != np.float32:
            X_checked = X_checked.astype(np.float64)
            sum_sq = None
        return X_checked, (sum_sq if finite else None)

    if isinstance(X, pd.DataFrame):
        _check_not_empty(X.shape, param)
        if not numeric:
            return X, None
        bad = [c for c, dt in X.dtypes.items() if not _is_numeric_dtype(dt)]
        if bad:
            raise TypeError(
                f"{param} has non-numeric column(s) {bad[:5]!r} (dtypes "
                f"{[str(X.dtypes[c]) for c in bad[:5]]!r}); this method interpolates numeric "
                "features only. Encode them, or use a sampler that keeps original rows "
                "(RandomOverSampler, RandomUnderSampler)."
            )
        all_float32 = all(dt == np.float32 for dt in X.dtypes)
        values = X.to_numpy(dtype=np.float32 if all_float32 else np.float64, na_value=np.nan)
        return values, _check_finite(values, allow_nan, param, columns=list(X.columns))

    values = np.asarray(X) if not isinstance(X, np.ndarray) else X
    if values.ndim != 2:
        raise ValueError(
            f"{param} must be a 2-D array of shape (n_samples, n_features); got an array "
            f"with {values.ndim} dimension(s) and shape {values.shape}."
            + (" Reshape a single feature with X.reshape(-1, 1)." if values.ndim == 1 else "")
        )
    _check_not_empty(values.shape, param)
    if values.dtype.kind == "c":
        raise ValueError(f"Complex data not supported: {param} has dtype {values.dtype}.")
    if not numeric:
        if finite and values.dtype.kind in "fc":
            return values, _check_finite(values, allow_nan, param)
        return values, None
    if values.dtype.kind not in "fiub":
        try:
            values = values.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{param} has dtype {values.dtype} with values that are not numbers ({exc}); "
                "this method interpolates numeric features only. Encode categorical "
                "columns first, or use a sampler that keeps original rows."
            ) from exc
    elif values.dtype not in (np.float32, np.float64):
        values = values.astype(np.float64)
    return values, _check_finite(values, allow_nan, param)


def _is_numeric_dtype(dtype):
    if isinstance(dtype, pd.SparseDtype):
        dtype = dtype.subtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype)


def _check_not_empty(shape, param):
    for axis, what in ((0, "sample"), (1, "feature")):
        if shape[axis] == 0:
            raise ValueError(
                f"{param} is empty: it has 0 {what}(s) (shape={tuple(shape)}) while a minimum "
                f"of 1 is required."
            )


def _check_finite(values, allow_nan, param, columns=None):
    """Raise on NaN (unless ``allow_nan``) or infinity; return the screen's sum of squares
    (``None`` when it was not computed or is not finite)."""
    if values.dtype.kind not in "fc":
        return None
    # One allocation-free pass: a sum (of squares, for float64 arrays, which the
    # extreme-scale check reuses) is finite iff every value is, or overflows.
    sum_sq = sum_of_squares(values)
    if sum_sq is not None and np.isfinite(sum_sq):
        return sum_sq
    if sum_sq is None and np.isfinite(np.sum(values)):
        return None
    if not allow_nan and np.isnan(values).any():
        mask = np.isnan(values) if values.ndim == 2 else None
        where = f" ({_describe_bad_cells(mask, columns)})" if mask is not None else ""
        raise ValueError(
            f"Input {param} contains NaN{where}. This method needs complete data: impute "
            "missing values first (for example with sklearn.impute.SimpleImputer in a "
            "Pipeline) or drop those rows."
        )
    if np.isinf(values).any():
        mask = np.isinf(values) if values.ndim == 2 else None
        where = f" ({_describe_bad_cells(mask, columns)})" if mask is not None else ""
        raise ValueError(
            f"Input {param} contains infinity{where}; only finite values are accepted."
        )


def check_sample_weight(sample_weight, n_samples, *, param="sample_weight"):
    """Validate per-sample weights: 1-D, finite, non-negative, one per sample.

    A scalar stands for that weight on every sample and is checked exactly like an array.
    Returns a new float64 array (never the caller's), or None when ``sample_weight`` is None.
    """
    if sample_weight is None:
        return None
    try:
        if isinstance(sample_weight, numbers.Number):
            weights = np.full(n_samples, np.asarray(sample_weight, dtype=np.float64))
        else:
            weights = np.array(sample_weight, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise TypeError(
            f"{param} must hold numbers, one weight per sample; converting it to float "
            f"failed ({exc})."
        ) from exc
    if weights.ndim != 1 or weights.shape[0] != n_samples:
        raise ValueError(
            f"{param} must be a 1-D array with one weight per sample ({n_samples}); got "
            f"shape {weights.shape}."
        )
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{param} must contain finite, non-negative numbers only; got "
            f"{float(weights[first])!r} (sample {first})."
        )
    return weights
