"""Exact rescaling of data whose magnitude would overflow or underflow squared distances."""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["extreme_unit", "sum_of_squares"]

# Squared distances overflow float64 from about 1e154 and lose all precision to underflow
# below about 1e-154; between these bounds data is left exactly as it is.
_LOWEST, _HIGHEST = 2.0**-400, 2.0**400


def sum_of_squares(values):
    """Sum of the squares of a C-contiguous float64 array in one pass, or ``None``.

    Not BLAS (no threads left spinning) and no temporary. It is finite only when every
    value is (NaN and infinity propagate), so the validation's finiteness screen and the
    extreme-scale screen below share this one pass over the data.
    """
    if values.dtype != np.float64 or not values.flags.c_contiguous or not values.size:
        return None
    flat = values.reshape(-1)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return float(np.einsum("i,i->", flat, flat))


def extreme_unit(X, *, sum_sq=None):
    """``2**e`` when the largest absolute value of ``X`` lies outside ``[2**-400, 2**400]``.

    ``2**e`` is that value's binade, so ``X / 2**e`` has its largest magnitude in
    ``[0.5, 1)`` and is computed exactly (a power-of-two scaling changes only exponents).
    Returns ``1.0`` for data of ordinary magnitude, all-zero or empty data.
    ``sum_sq``: :func:`sum_of_squares` of ``X``'s values when the caller has it.
    """
    if not X.shape[0] or X.dtype.kind != "f":
        return 1.0
    values = X.data if sparse.issparse(X) else X
    if not values.size:
        return 1.0
    if sum_sq is None:
        sum_sq = sum_of_squares(values)
    # screen: with S the sum of squares of N values, sqrt(S / N) <= max |x| <= sqrt(S);
    # both well inside the bounds settles it
    if sum_sq is not None and 4.0 * _LOWEST**2 * values.size <= sum_sq <= 0.25 * _HIGHEST**2:
        return 1.0
    largest = max(float(values.max()), -float(values.min()))
    if largest == 0.0 or not np.isfinite(largest) or _LOWEST <= largest <= _HIGHEST:
        return 1.0
    return float(np.ldexp(1.0, int(np.frexp(largest)[1])))
