"""Numba kernels of MSYN: margin changes summed only where a candidate can change them."""

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True, nogil=True)
def near_segments(gram, z_sq, m_sq, radius, slack, incident_start, incident_segment,
                  incident_other, incident_from_seed, incident_sq_length, incident_half,
                  longest_half, hits, n_hits):
    """The segments that may come within ``radius[j]`` of row ``j``, for every row.

    ``gram[j, p]`` is the product of the centred row ``j`` and the centred minority
    sample ``p``, ``z_sq`` and ``m_sq`` their centred squared norms, so
    ``z_sq[j] + m_sq[p] - 2 gram[j, p]`` is their squared distance up to an error that
    ``slack[j]`` bounds. Each segment between two minority samples is listed under both
    of its ends: entries ``incident_start[p]:incident_start[p + 1]`` are the segments
    touching ``p`` (``incident_segment``), their other end (``incident_other``), whether
    ``p`` is their seed, their squared length and their half length (decreasing within
    ``p``); ``longest_half[p]`` is the largest half length at ``p`` (0 if none).

    A point of a segment within ``r`` of ``z`` has its nearer end within ``r + L / 2``
    of ``z`` (``L`` the segment's length), so each segment is examined only from its
    nearer end (the seed on a tie), and only while that end is close enough. Its squared
    distance to ``z`` is the minimum over ``t`` in ``[0, 1]`` of
    ``(1 - t) A + t B - t (1 - t) L**2`` (``A``, ``B``: the squared distances to the
    ends); the segment is kept unless that minimum exceeds ``r**2`` by more than its
    rounding error (``4 slack[j]``, plus ``slack[j]**2 / L**2`` for the rounding of the
    minimising ``t``). Kept segments go to ``hits[j, :]``, their number to
    ``n_hits[j]`` (which may exceed ``hits.shape[1]``: the caller then asks again).
    """
    capacity = hits.shape[1]
    n_minority = m_sq.shape[0]
    for j in prange(gram.shape[0]):
        r = radius[j]
        count = 0
        if r > 0.0:
            row = gram[j]
            threshold = r * r + 4.0 * slack[j]
            # squared distances to every end, and which ends are within reach: no branch
            sq = np.empty(n_minority)
            excess = np.empty(n_minority)
            for p in range(n_minority):
                reach = r + longest_half[p]
                sq[p] = z_sq[j] + m_sq[p] - 2.0 * row[p]
                excess[p] = sq[p] - reach * reach - slack[j]
            for p in range(n_minority):
                if excess[p] > 0.0:
                    continue
                sq_p = sq[p]
                for q in range(incident_start[p], incident_start[p + 1]):
                    reach = r + incident_half[q]
                    if sq_p > reach * reach + slack[j]:
                        break
                    from_seed = incident_from_seed[q]
                    sq_other = sq[incident_other[q]]
                    if sq_other < sq_p or (sq_other == sq_p and not from_seed):
                        continue  # examined from its other, nearer end
                    sq_a, sq_b = (sq_p, sq_other) if from_seed else (sq_other, sq_p)
                    length = incident_sq_length[q]
                    nearest = sq_a
                    allowance = threshold
                    if length > 0.0:
                        shift = sq_a - sq_b + length
                        t = min(max(shift / (2.0 * length), 0.0), 1.0)
                        nearest = sq_a - t * shift + t * t * length
                        allowance += slack[j] * slack[j] / length
                    if nearest <= allowance:
                        if count < capacity:
                            hits[j, count] = incident_segment[q]
                        count += 1
        n_hits[j] = count


@njit(cache=True, nogil=True)
def add_near_shrinkage(Z, radius, candidates, segment_candidates, hits, n_hits, out):
    """``out[c] += max(0, radius[j] - ||Z[j] - candidates[c]||)`` over the hit segments.

    The candidates of segment ``s`` are the rows
    ``segment_candidates[s]:segment_candidates[s + 1]`` of ``candidates`` (and ``out``);
    row ``j``'s segments are ``hits[j, :n_hits[j]]``. Distances are direct
    differences; rows are added in order (one thread), so the sums do not depend on the
    number of threads.
    """
    n_features = Z.shape[1]
    for j in range(Z.shape[0]):
        r = radius[j]
        for h in range(n_hits[j]):
            s = hits[j, h]
            for c in range(segment_candidates[s], segment_candidates[s + 1]):
                sq = 0.0
                for f in range(n_features):
                    diff = Z[j, f] - candidates[c, f]
                    sq += diff * diff
                distance = np.sqrt(sq)
                if distance < r:
                    out[c] += r - distance
