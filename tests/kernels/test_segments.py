"""The certificate's segment-distance kernel against a plain NumPy reference."""

import numpy as np
import pytest

from imbtools._kernels.segments import nearest_segment_bounds


def segment_distances(queries, a, b, n_steps=2001):
    """Distance from each query to each segment [a, b], by dense sampling of the segment
    (an upper bound that converges to the distance)."""
    steps = np.linspace(0.0, 1.0, n_steps)
    points = a[:, None, :] + steps[None, :, None] * (b - a)[:, None, :]
    diff = queries[:, None, None, :] - points[None]
    return np.sqrt((diff**2).sum(-1)).min(-1)


def test_nearest_segment_bounds_is_the_distance_to_the_nearest_segment(seed):
    rng = np.random.default_rng(seed)
    ends = rng.normal(size=(12, 3))
    ends[11] = ends[10]  # a zero-length segment
    start = np.array([0, 2, 4, 6, 8, 10, 3], dtype=np.int64)
    end = np.array([1, 3, 5, 7, 9, 11, 3], dtype=np.int64)  # the last one is a point
    slack = np.array([0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.05])
    queries = np.vstack([rng.normal(size=(40, 3)), ends[:2], 0.5 * (ends[0] + ends[1])])
    end_dist = np.linalg.norm(queries[:, None] - ends[None], axis=2)
    length = np.linalg.norm(ends[start] - ends[end], axis=1)
    out = np.empty(len(queries))
    nearest_segment_bounds(end_dist, start, end, length, slack, out)
    expected = (segment_distances(queries, ends[start], ends[end]) - slack).min(1)
    # a lower bound up to rounding (the perpendicular formula cancels in squared terms:
    # an error of ~1e-16 in squared distance is ~1e-8 in distance near zero; callers
    # allow for it in squared terms), and the distance up to the sampling step
    assert np.all(out <= expected + 1e-7)
    np.testing.assert_allclose(out, expected, atol=1e-3)
    assert out[-1] == pytest.approx(0.0, abs=1e-7)  # on the first segment
