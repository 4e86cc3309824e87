"""Rebuild a sampler's output in the container the caller passed in.

Samplers describe their result as *which original rows to keep* plus *a block of
synthetic rows*; the functions here turn that description into an ndarray, a sparse
matrix, a list or a DataFrame with the caller's columns and dtypes.
"""

from __future__ import annotations

import ctypes
import functools
import sys

import numpy as np
import pandas as pd
from scipy import sparse

from ._parallel import copy_rows

__all__ = [
    "as_interpolated_columns",
    "assemble_features",
    "format_target",
    "interpolated_dtype",
    "release_free_heap",
]

# Trim the heap only before an output at least this large (a trim costs 0.5-8 ms).
_TRIM_MIN_BYTES = 4 * 2**20


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None on other platforms and C libraries."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_heap(n_bytes_next):
    """Give the C heap's free pages back to the system before a large allocation.

    glibc keeps up to a few MB of freed memory (the search's temporaries) resident, on
    top of which the output is then allocated: for TomekLinks at 10^5 rows x 20 this
    was 1.3 MB of a 18.1 MB peak. Only on glibc, and only before an output of at least
    ``_TRIM_MIN_BYTES``; never changes a result.
    """
    trim = _malloc_trim() if n_bytes_next >= _TRIM_MIN_BYTES else None
    if trim is not None:
        trim(0)


def _take_rows(X, indices):
    if isinstance(X, pd.DataFrame):
        return X.iloc[indices].reset_index(drop=True)
    if sparse.issparse(X):
        return X[indices]
    return np.asarray(X)[indices]


def interpolated_dtype(dtype):
    """The dtype of a DataFrame column that holds synthetic (interpolated) values.

    Float columns keep their dtype (nullable ``Float32`` / ``Float64`` included); integer
    and boolean columns, numpy or nullable, become float64 because interpolated values are
    not integers; pandas sparse columns stay sparse with that float subtype.
    """
    if isinstance(dtype, pd.SparseDtype):
        return pd.SparseDtype(interpolated_dtype(dtype.subtype), 0)
    return dtype if pd.api.types.is_float_dtype(dtype) else np.dtype(np.float64)


def as_interpolated_columns(frame, columns):
    """``frame`` with each of ``columns`` cast to :func:`interpolated_dtype` of its dtype.

    Original rows stacked above synthetic ones need the synthetic rows' dtype: pandas
    would otherwise make an integer or boolean column ``Float64`` or ``object``.
    """
    changed = {}
    for column in columns:
        dtype = frame.dtypes[column]
        if interpolated_dtype(dtype) != dtype:
            changed[column] = interpolated_dtype(dtype)
    return frame.astype(changed) if changed else frame


def _synthetic_frame(rows, template):
    """A DataFrame of synthetic rows with :func:`interpolated_dtype` of ``template``'s columns."""
    frame = pd.DataFrame(rows, columns=template.columns, copy=False)
    return frame.astype({column: interpolated_dtype(dtype)
                         for column, dtype in template.dtypes.items()})


def assemble_features(X, X_numeric, kept, synthetic, n_jobs=None):
    """Stack the kept original rows and the synthetic rows.

    Parameters
    ----------
    X : ndarray, list, sparse matrix or DataFrame
        The caller's features, as passed in.
    X_numeric : ndarray, csr_matrix or None
        The validated numeric matrix the sampler worked on (None if it worked on ``X``).
    kept : ndarray of int
        Rows of ``X`` to output first, in this order (repeats allowed).
    synthetic : SyntheticRows or None
        New rows to output after the kept ones.
    n_jobs : int, default=None
        Threads for copying large blocks of kept rows.
    """
    if synthetic is None or synthetic.n_rows == 0:
        rows = _take_rows(X, kept)
        return rows.tolist() if isinstance(X, list) else rows

    if sparse.issparse(X_numeric):
        new_rows = synthetic.as_sparse(X_numeric.shape[1], X_numeric.dtype)
        block = sparse.vstack([X_numeric[kept], new_rows], format="csr")
        return block.asformat(X.format) if sparse.issparse(X) else block

    if isinstance(X, pd.DataFrame):
        new_rows = np.empty((synthetic.n_rows, X_numeric.shape[1]), dtype=X_numeric.dtype)
        synthetic.write_into(new_rows)
        return pd.concat(
            [as_interpolated_columns(_take_rows(X, kept), X.columns),
             _synthetic_frame(new_rows, X)], ignore_index=True
        )

    # Dense arrays: one allocation; kernels write the synthetic rows in place.
    n_kept = kept.shape[0]
    out = np.empty((n_kept + synthetic.n_rows, X_numeric.shape[1]), dtype=X_numeric.dtype)
    if n_kept == X_numeric.shape[0] and np.array_equal(kept, np.arange(n_kept)):
        copy_rows(out[:n_kept], X_numeric, n_jobs)
    else:
        np.take(X_numeric, kept, axis=0, out=out[:n_kept])
    synthetic.write_into(out[n_kept:])
    return out.tolist() if isinstance(X, list) else out


def format_target(y, target, codes):
    """Return the labels ``target.classes[codes]`` in the container of the caller's ``y``."""
    labels = target.classes[codes]
    if target.one_vs_all:
        dtype = np.asarray(y).dtype
        return np.eye(target.classes.shape[0], dtype=dtype)[codes]
    if isinstance(y, pd.Series):
        return pd.Series(labels, name=y.name, dtype=y.dtype)
    if isinstance(y, pd.DataFrame):
        return pd.DataFrame({y.columns[0]: labels}).astype(y.dtypes.iloc[0])
    if isinstance(y, list | tuple):
        return labels.tolist()
    # np.asarray, not np.ndim: array-likes may refuse numpy's function protocol
    if (y.ndim if hasattr(y, "ndim") else np.asarray(y).ndim) == 2:
        return labels.reshape(-1, 1)
    return labels
