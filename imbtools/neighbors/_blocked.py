"""Blocked brute-force top-k: inner-product blocks on BLAS merged by one Numba kernel."""

from __future__ import annotations

import functools
import queue

import numpy as np

from ..utils._parallel import NUMPY_MAX_WORK, thread_pool

# Block shape of the brute-force search: (queries, references) per inner-product block.
# 256 x 512 float64 (1 MB) stays in cache between the GEMM that writes it and the merge
# that reads it; measured 20-25% faster than 1024 x 1024 at 10^4 x 10^4 x 20.
_QUERY_BLOCK = 256
_REF_CHUNK = 512


@functools.cache
def _blas_controller():
    """One threadpoolctl controller per process: building it scans the loaded libraries."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def search_center(X):
    """A centre for the products of the brute-force search: near the mean, on a coarse grid.

    Column ``j`` gets its mean rounded to a multiple of ``q_j``, the largest power of two
    not above the column's range (a constant column gets its value). Products of
    centred data then err in proportion to the data's spread, not its offset, and since
    the centre lies on a grid no finer than the data's, centring is exact for data on a
    binary grid (integers, fixed binary fractions): their distances stay exact, so exact
    ties stay ties, broken by index, and results do not change under a common offset.
    """
    if not X.shape[0]:
        return np.zeros(X.shape[1])
    lowest, highest, mean = _column_summary(X)
    span = highest - lowest
    center = lowest.copy()  # constant columns
    varied = span > 0
    with np.errstate(over="ignore"):
        step = np.ldexp(1.0, np.frexp(span[varied])[1] - 1)  # largest 2**a <= span
        mean = mean[varied]
        center[varied] = np.round(mean / step) * step
    # a mean that overflows leaves the column uncentred (only near the float64 limit)
    center[~np.isfinite(center)] = 0.0
    return center


def _column_summary(X):
    """Per column: smallest value, largest value and mean (the Numba kernel's bits)."""
    if X.size > NUMPY_MAX_WORK:
        from .._kernels.neighbors import column_summary

        return column_summary(X)
    # summing along axis 0 of a C-contiguous array adds the rows in order, as the kernel
    # does; NaN (never left by the validation) would not be skipped as it skips them
    return X.min(axis=0), X.max(axis=0), X.sum(axis=0) / X.shape[0]


def merge_block_topk_numpy(inner, ref_sq_norms, col_offset, row_offset, skip_self,
                           best_dist, best_idx):
    """:func:`~imbtools._kernels.neighbors.merge_block_topk` in NumPy, with its result.

    For small blocks (see :data:`~imbtools.utils._parallel.NUMPY_MAX_WORK`). The kernel
    offers the block's references in column order to each running list and inserts one
    only if it is strictly below the list's last entry, after entries of equal value;
    that is a stable sort of the list followed by the block's columns, truncated to
    ``k``. Only the columns at most the block's ``k``-th smallest value can enter, so
    only they are sorted. Values that are NaN or ``+inf`` never enter a list.
    """
    n_rows, n_cols = inner.shape
    k = best_dist.shape[1]
    dist = ref_sq_norms - (inner + inner)
    if skip_self:
        own = np.arange(row_offset, row_offset + n_rows) - col_offset
        inside = np.flatnonzero((own >= 0) & (own < n_cols))
        dist[inside, own[inside]] = np.inf
    dist[~(dist < np.inf)] = np.inf
    enters = dist < np.inf
    if n_cols > k:
        enters &= dist <= np.partition(dist, k - 1, axis=1)[:, k - 1 : k]
    rows, cols = np.nonzero(enters)  # row by row, columns ascending
    counts = np.bincount(rows, minlength=n_rows)
    width = k + int(counts.max(initial=0))
    lists = slice(row_offset, row_offset + n_rows)
    cand_dist = np.full((n_rows, width), np.inf, dtype=best_dist.dtype)
    cand_idx = np.full((n_rows, width), -1, dtype=best_idx.dtype)
    cand_dist[:, :k] = best_dist[lists]
    cand_idx[:, :k] = best_idx[lists]
    slot = k + np.arange(rows.shape[0]) - (np.cumsum(counts) - counts)[rows]
    cand_dist[rows, slot] = dist[rows, cols]
    cand_idx[rows, slot] = col_offset + cols
    order = np.argsort(cand_dist, axis=1, kind="stable")[:, :k]
    best_dist[lists] = np.take_along_axis(cand_dist, order, axis=1)
    best_idx[lists] = np.take_along_axis(cand_idx, order, axis=1)


def _centred_sq_norms(X, center, chunk_rows=8192):
    """``||x - center||^2`` of every row, without a centred copy of ``X``."""
    if not center.any():
        return np.einsum("ij,ij->i", X, X)
    out = np.empty(X.shape[0])
    for r0 in range(0, X.shape[0], chunk_rows):
        centred = X[r0 : r0 + chunk_rows] - center
        out[r0 : r0 + chunk_rows] = np.einsum("ij,ij->i", centred, centred)
    return out


def _blocked_topk(queries, refs, ref_norms, skip_self, best_dist, best_idx, n_workers,
                  start=0, stop=None, prepare=None, index_shift=0, ref_center=None):
    """Merge every reference into the top lists of the queries ``start:stop``, in blocks.

    ``best_dist`` / ``best_idx`` (rows indexed like ``queries``) hold the lists and are
    updated in place; their dtype is the arithmetic's (``refs``, ``ref_norms`` and
    ``prepare(query_block)`` share it). Query blocks run on ``n_workers`` threads.
    ``index_shift``: with ``skip_self``, query row ``i`` is reference ``i + index_shift``;
    the indices stored are then the references' minus ``index_shift`` (the caller adds it).
    ``ref_center``: subtract it from each block of references before the product (into a
    buffer of the worker's; ``ref_norms`` are then those of the centred references).
    """
    stop = queries.shape[0] if stop is None else stop
    n_refs = refs.shape[0]
    if (stop - start) * n_refs <= NUMPY_MAX_WORK:
        merge_block_topk = merge_block_topk_numpy
    else:
        from .._kernels.neighbors import merge_block_topk
    block = max(1, min(_QUERY_BLOCK, -(-(stop - start) // n_workers)))
    starts = range(start, stop, block)
    # The inner-product blocks are written into buffers allocated here, one per worker:
    # blocks allocated inside the worker threads would stay in per-thread malloc arenas
    # after the search (measured: +1.5 MB of peak memory for TomekLinks at 10^5 rows).
    buffers = queue.SimpleQueue()
    ref_rows = min(_REF_CHUNK, n_refs)
    for _ in range(min(n_workers, len(starts))):
        buffers.put((np.empty(block * ref_rows, dtype=refs.dtype),
                     None if ref_center is None else np.empty((ref_rows, refs.shape[1]),
                                                                dtype=refs.dtype)))

    def search_block(q0):
        q_block = queries[q0 : min(q0 + block, stop)]
        if prepare is not None:
            q_block = prepare(q_block)
        buffer, centred = buffers.get()
        for r0 in range(0, n_refs, _REF_CHUNK):
            chunk = refs[r0 : r0 + _REF_CHUNK]
            if centred is not None:
                chunk = np.subtract(chunk, ref_center, out=centred[: chunk.shape[0]])
            inner = buffer[: q_block.shape[0] * chunk.shape[0]].reshape(q_block.shape[0], -1)
            np.matmul(q_block, chunk.T, out=inner)
            merge_block_topk(
                inner, ref_norms[r0 : r0 + _REF_CHUNK], r0 - index_shift, q0, skip_self,
                best_dist, best_idx,
            )
        buffers.put((buffer, centred))

    # One BLAS thread per worker: BLAS threads left spinning after a multi-threaded
    # GEMM would compete with the other workers' merge kernels.
    with _blas_controller().limit(limits=1, user_api="blas"):
        if n_workers == 1 or len(starts) == 1:
            for q0 in starts:
                search_block(q0)
        else:
            list(thread_pool(n_workers).map(search_block, starts))


