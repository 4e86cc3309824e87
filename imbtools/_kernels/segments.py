"""Numba kernel of the class-agreement certificate's lower bounds: the distance from
each query to the nearest of a set of segments between samples (SMOTE's synthetic
samples lie on such segments, see :class:`imbtools.neighbors.SegmentCover`)."""

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True, nogil=True)
def nearest_segment_bounds(end_dist, seg_start, seg_end, seg_length, seg_slack, out):
    """Lower bound of each query's distance to the nearest of a set of segments.

    Parameters
    ----------
    end_dist : float64 array (n_queries, n_ends)
        Distances from the queries to the segments' end points.
    seg_start, seg_end : int64 arrays (n_segments,)
        End points of each segment (columns of ``end_dist``); equal for a single point.
    seg_length : float64 array (n_segments,)
        Length of each segment.
    seg_slack : float64 array (n_segments,)
        The largest distance of a covered sample from its segment.
    out : float64 array (n_queries,)
        ``min over segments of (distance to the segment - slack)``, written in place.

    A point of a segment of length ``L`` is within ``L`` in total of its two ends, so
    ``(d_a + d_b - L) / 2`` bounds the distance to the segment from below: segments
    that cannot beat the best bound so far are skipped on that test alone. The others
    get the perpendicular distance; a segment much shorter than its distance to the
    query keeps the two-ends bound, as the perpendicular formula loses precision there.
    """
    for q in prange(end_dist.shape[0]):
        best = np.inf
        for s in range(seg_start.shape[0]):
            a, b = seg_start[s], seg_end[s]
            da, db, length = end_dist[q, a], end_dist[q, b], seg_length[s]
            bound = 0.5 * (da + db - length) - seg_slack[s]
            if bound >= best:
                continue
            if a != b and length > 1e-3 * da:
                along = 0.5 * (da * da + length * length - db * db)
                if along >= length * length:
                    distance = db
                elif along > 0.0:
                    distance = np.sqrt(max(da * da - along * along / (length * length), 0.0))
                else:
                    distance = da
                bound = max(bound, distance - seg_slack[s])
            if bound < best:
                best = bound
        out[q] = best
