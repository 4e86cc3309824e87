"""Numba kernel of MWMOTE's selection weights (:mod:`imbtools.over_sampling._mwmote`)."""

import numpy as np
from numba import njit, prange

# Buckets of the histogram that brackets the k-th smallest squared distance of a row.
_BUCKETS = 4096


@njit(cache=True, nogil=True)
def kth_smallest(values, k, counts, scratch):
    """The ``k``-th smallest (1-based) of ``values`` (finite, non-negative), in O(n).

    A histogram of ``_BUCKETS`` equal-width buckets between the row's minimum and
    maximum finds the bucket holding the ``k``-th value (the bucket index is a
    non-decreasing function of the value, so every value of a lower bucket is
    smaller); only that bucket's values are then partitioned. ``counts`` (length
    ``_BUCKETS``) and ``scratch`` (length ``len(values)``) are work buffers.
    """
    n = values.shape[0]
    lowest, highest = values[0], values[0]
    for j in range(n):
        lowest = min(lowest, values[j])
        highest = max(highest, values[j])
    if lowest == highest:
        return lowest
    n_buckets = counts.shape[0]
    scale = n_buckets / (highest - lowest)
    if not np.isfinite(scale):  # a spread too small to divide by
        return np.partition(values, k - 1)[k - 1]
    counts[:] = 0
    for j in range(n):
        counts[min(int((values[j] - lowest) * scale), n_buckets - 1)] += 1
    below, bucket = 0, 0
    while below + counts[bucket] < k:
        below += counts[bucket]
        bucket += 1
    m = 0
    for j in range(n):
        if min(int((values[j] - lowest) * scale), n_buckets - 1) == bucket:
            scratch[m] = values[j]
            m += 1
    return np.partition(scratch[:m], k - below - 1)[k - below - 1]


@njit(cache=True, nogil=True)
def _sum(values):
    """Sum in four interleaved partial sums (a fixed order, faster than one)."""
    n = values.shape[0]
    s0 = s1 = s2 = s3 = 0.0
    stop = n - n % 4
    for j in range(0, stop, 4):
        s0 += values[j]
        s1 += values[j + 1]
        s2 += values[j + 2]
        s3 += values[j + 3]
    for j in range(stop, n):
        s0 += values[j]
    return (s0 + s1) + (s2 + s3)


@njit(cache=True, nogil=True, error_model="numpy")
def _row_information(inner_row, border_sq_norm, minority_sq_norms, k3, n_features, cf_th,
                     cmax, d2, cf, counts, scratch, out):
    """Add ``Iw(y, x)`` of one border sample ``y`` to ``out`` (see the caller)."""
    n_minority = inner_row.shape[0]
    for j in range(n_minority):
        d2[j] = max(border_sq_norm - 2.0 * inner_row[j] + minority_sq_norms[j], 0.0)
    kth = kth_smallest(d2, k3, counts, scratch) if k3 < n_minority else np.inf
    # every value below the k-th is in; values equal to it complete the k3, smaller
    # index first (loops without a running sum, so that they vectorise)
    n_below = 0
    scale = cmax / cf_th
    for j in range(n_minority):
        inverse = n_features / np.sqrt(d2[j])
        value = (inverse if inverse < cf_th else cf_th) * scale
        below = d2[j] < kth
        cf[j] = value if below else 0.0
        n_below += 1 if below else 0
    total = _sum(cf)
    n_tied = k3 - n_below
    for j in range(n_minority):
        if n_tied == 0:
            break
        if d2[j] == kth:
            inverse = n_features / np.sqrt(d2[j])
            cf[j] = (inverse if inverse < cf_th else cf_th) * scale
            total += cf[j]
            n_tied -= 1
    inverse_total = 1.0 / total
    for j in range(n_minority):
        out[j] += cf[j] * cf[j] * inverse_total


@njit(parallel=True, cache=True, nogil=True, error_model="numpy")
def add_selection_weights(inner, border_sq_norms, minority_sq_norms, k3, n_features, cf_th,
                          cmax, partial):
    """Add the information weights of a block of border samples to ``partial``.

    ``inner[i, j]`` is the product of border sample ``i`` and minority sample ``j``
    (both centred alike), so their squared distance is
    ``border_sq_norms[i] - 2 inner[i, j] + minority_sq_norms[j]`` (clipped at 0). Each
    border sample's ``k3`` nearest minority samples are those below the ``k3``-th
    smallest squared distance, completed by those equal to it in increasing index; each
    gets ``Cf ** 2 / sum(Cf)`` over the ``k3``, with
    ``Cf = min(n_features / d, cf_th) * cmax / cf_th``.

    ``partial`` has shape ``(n_slots, n_minority)``: the border rows are cut into
    ``n_slots`` contiguous runs, run ``s`` adds into ``partial[s]`` (no two threads
    write the same row); the caller sums the slots.
    """
    n_rows, n_minority = inner.shape
    n_slots = partial.shape[0]
    for s in prange(n_slots):
        d2 = np.empty(n_minority)
        cf = np.empty(n_minority)
        scratch = np.empty(n_minority)
        counts = np.empty(_BUCKETS, dtype=np.int64)
        for i in range(s * n_rows // n_slots, (s + 1) * n_rows // n_slots):
            _row_information(inner[i], border_sq_norms[i], minority_sq_norms, k3, n_features,
                             cf_th, cmax, d2, cf, counts, scratch, partial[s])
