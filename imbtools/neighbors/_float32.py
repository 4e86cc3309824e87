"""The certified float32 first pass of the exact search, and the search in blocks of it."""

from __future__ import annotations

import numpy as np

from ._blocked import _blocked_topk

# The certified float32 first pass (see ``_Float32Index``) is used from this many
# references and features on. ``benchmarks/neighbors_precision.py``, minority queries
# (1.5%) against all rows: CPU time 1.8x lower at 1e6 x 20; 1.4x at 1e5 rows for 8 to
# 12 features, 1.6x for 20 to 50; 1.0-1.1x at 2e4 rows. But inside SMOTEENN at 1e5 rows
# (ENN fitted on 1.8e5 rows) the job's CPU time fell only 4-10% while its peak memory
# rose from 95 MB to 110-122 MB, above imbalanced-learn's 96 MB: below 5e5 references
# the float32 copy is not worth its memory ...
_FLOAT32_MIN_SAMPLES = 500_000
_FLOAT32_MIN_FEATURES = 8
# ... on the first ``_FLOAT32_PROBE`` queries of a call, and on the others unless more
# than this fraction of the probe failed its certificate.
_FLOAT32_PROBE = 1024
_FLOAT32_MAX_FAILURE = 0.25
# Queries per float32 pass (bounds the memory of its candidate lists and temporaries).
_FLOAT32_QUERY_CHUNK = 8192


# :func:`blocked_neighbors_of_rows` uses the float32 pass on smaller data when the search
# is this large (queries x references): at 2.7e4 queries x 2e5 references x 20 features
# it took 4.9 s against 8.1 s (load 4) ...
_FLOAT32_MIN_WORK = 2e9
# ... one block of this many references at a time, so its float32 copy stays small.
_FLOAT32_REF_BLOCK = 65_536


def _use_float32(n_samples, n_features):
    """Whether fitting builds the float32 copy for the certified first pass."""
    return n_samples >= _FLOAT32_MIN_SAMPLES and n_features >= _FLOAT32_MIN_FEATURES


def _float32_extra(k):
    """Candidates kept beyond ``k`` by the float32 pass, the margin of the certificate."""
    return max(k, 8)


class _Float32Index:
    """Centred float32 copy of the references for a first pass with a certified result.

    **Search.** Queries and references are centred on the references' mean (distances do
    not change) and rounded to float32; blocks of ``a(r) = ||r||^2 - 2 q.r`` are computed
    with float32 GEMM and each query keeps its ``m = k + extra`` smallest (the
    float32 instance of ``merge_block_topk``). The ``m`` candidates are re-ranked by
    float64 squared distance from direct differences, as ``exact_distances`` computes it,
    ties to the smaller index.

    **Error bound.** Let ``u = 2**-24`` (float32 unit roundoff), ``v = 2**-53``, ``d`` the
    feature count, ``q``, ``r`` the exactly centred vectors, ``rho >= max_r ||r||``.
    Centring in float64 then rounding to float32 perturbs each coordinate by a relative
    ``u1 = u + v + u v`` at most. A float32 inner product of length ``d``, in any order
    of summation with or without FMA, errs by at most ``gamma_d ||q|| ||r||`` with
    ``gamma_d = d u / (1 - d u)`` (Higham, *Accuracy and Stability of Numerical
    Algorithms*, 2nd ed., sec. 3.1; Cauchy-Schwarz bounds ``|q|.|r|``), so with the
    rounded inputs ``|g - q.r| <= c_g ||q|| ||r||``, ``c_g = gamma_d (1 + u1)**2 + 2 u1 +
    u1**2``. The norm ``||r||^2``, summed in float64 and rounded to float32, errs by
    ``c_n ||r||^2``, ``c_n = (u + (d + 4) v)(1 + u)``. The final float32 subtraction adds
    ``u |n - 2 g|``. Hence, for every reference,

        ``|a_32(r) - a(r)| <= err_q = (c_n + u (1 + c_n)) rho**2
        + 2 (c_g + u (1 + c_g)) ||q|| rho + 2**-118 (d + 1)(1 + ||q|| + rho)``,

    the last term covering underflow (subnormals flushed to zero included). The whole is
    inflated by ``2**-20`` relative for its own float64 evaluation.

    **Certificate.** The merge leaves out only references whose ``a_32`` is at least the
    last kept value ``a_m``, so each of them lies at true squared distance at least
    ``L_q = ||q||^2 + a_m - err_q``. If the ``k``-th re-ranked squared distance ``D_k``
    satisfies ``D_k < L_q - slack`` (``slack`` absorbs the float64 rounding of ``D``,
    ``||q||^2`` and ``L_q``: ``8 (d + 8) v`` times their magnitudes), every left-out
    reference is strictly farther, also in float64, so the re-ranked list is exactly the
    ``k`` nearest references by float64 direct-difference distance, ties by index. A
    query whose list holds every available reference is certified trivially. The others
    are redone by the float64 search.

    **Cost.** ``n_samples * n_features * 4`` bytes (half of ``X``) plus ``4 n_samples``
    for the norms, kept for the life of the fitted estimator; built at ``fit`` only where
    the pass pays (see :func:`_use_float32`) and is safe: the float32 range holds the
    data comfortably (``1e-10 <= rho <= 1e15`` and, per query set,
    ``rho**2 + 2 rho max ||q|| <= 1e37``, so no value overflows). A call adds ``12 m``
    bytes per query for the candidate lists of at most ``_FLOAT32_QUERY_CHUNK`` queries
    at a time, and ``16`` per query for their norms.
    """

    def __init__(self, X, center, refs, sq_norms, radius):
        self.fit_X = X  # the float64 references (not a copy), for the re-rank
        self.center = center
        self.refs = refs
        self.sq_norms = sq_norms
        self.radius = radius
        self.n_features = X.shape[1]
        d = self.n_features
        u, v = 2.0**-24, 2.0**-53
        u1 = u + v + u * v
        gamma_d = d * u / (1.0 - d * u)
        c_g = gamma_d * (1.0 + u1) ** 2 + 2.0 * u1 + u1 * u1
        c_n = (u + (d + 4) * v) * (1.0 + u)
        inflate = 1.0 + 2.0**-20
        self._coef_rr = (c_n + u * (1.0 + c_n)) * inflate
        self._coef_qr = 2.0 * (c_g + u * (1.0 + c_g)) * inflate
        self._coef_abs = 2.0**-118 * (d + 1) * inflate
        self._coef_slack = 8.0 * (d + 8) * v

    @classmethod
    def build(cls, X, chunk_rows=8192):
        """The index of ``X``, or ``None`` where float32 is unsafe or the bound useless."""
        d = X.shape[1]
        if d * 2.0**-24 >= 0.01:
            return None
        center = X.mean(axis=0)
        refs = np.empty(X.shape, dtype=np.float32)
        sq_norms64 = np.empty(X.shape[0])
        for r0 in range(0, X.shape[0], chunk_rows):  # no float64 copy of X at once
            centred = X[r0 : r0 + chunk_rows] - center
            sq_norms64[r0 : r0 + chunk_rows] = np.einsum("ij,ij->i", centred, centred)
            refs[r0 : r0 + chunk_rows] = centred
        # 1 + 1e-6 covers the float64 rounding of the norms (relative (d + 2) 2**-53)
        radius = float(np.sqrt(sq_norms64.max())) * (1.0 + 1e-6)
        if not 1e-10 <= radius <= 1e15:
            return None
        return cls(X, center, refs, sq_norms64.astype(np.float32), radius)

    def query_norms(self, queries):
        """``(||q_c||^2, ||q_c|| inflated)`` per query, or ``None`` if float32 could overflow."""
        centred_sq = np.empty(queries.shape[0])
        for q0 in range(0, queries.shape[0], 8192):
            centred = queries[q0 : q0 + 8192] - self.center
            centred_sq[q0 : q0 + 8192] = np.einsum("ij,ij->i", centred, centred)
        norms = np.sqrt(centred_sq) * (1.0 + 1e-6)
        if queries.shape[0] and self.radius * (self.radius + 2.0 * norms.max()) > 1e37:
            return None
        return centred_sq, norms

    def search(self, queries, query_norms, start, stop, k, n_available, skip_self,
               n_workers, idx, sq_dist, certified):
        """Certified float32 search of the queries ``start:stop``; fills the output rows."""
        from .._kernels.neighbors import rerank_candidates

        n_candidates = min(k + _float32_extra(k), n_available)
        cand_dist = np.full((stop - start, n_candidates), np.inf, dtype=np.float32)
        cand_idx = np.full((stop - start, n_candidates), -1, dtype=np.int64)
        center = self.center

        def prepare(q_block):
            return (q_block - center).astype(np.float32)

        # candidate rows are local to start:stop; with skip_self, local query i is
        # reference start + i (see _blocked_topk's index_shift)
        shift = start if skip_self else 0
        _blocked_topk(queries[start:stop], self.refs, self.sq_norms, skip_self, cand_dist,
                      cand_idx, n_workers, prepare=prepare, index_shift=shift)
        if shift:
            cand_idx += shift
        rows = slice(start, stop)
        rerank_candidates(queries[rows], self.fit_X, cand_idx, idx[rows], sq_dist[rows])
        if n_candidates == n_available:  # nothing was left out
            certified[rows] = True
            return
        centred_sq, norms = query_norms[0][rows], query_norms[1][rows]
        last_kept = cand_dist[:, -1].astype(np.float64)
        err = (self._coef_rr * self.radius**2 + self._coef_qr * norms * self.radius
               + self._coef_abs * (1.0 + norms + self.radius))
        kth = sq_dist[rows, -1]
        slack = self._coef_slack * (centred_sq + np.abs(last_kept) + err + kth)
        certified[rows] = kth < centred_sq + last_kept - err - slack
