"""CCR: Combined Cleaning and Resampling (spheres that push other classes away)."""

from __future__ import annotations

import numbers

import numpy as np
from scipy.spatial import cKDTree

from .._kernels.spheres import grow_spheres
from ..base import BaseOverSampler, Resampled
from ..over_sampling.generation import (
    ExplicitRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    synthetic_rows,
)
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval

__all__ = ["CCR", "allocate_by_inverse_radius", "sphere_radii"]

# obstacles listed per sphere at first; rows that pass them all are searched again with
# twice as many
_FIRST_LIST = 16


def sphere_radii(X_class, X_other, energy, *, n_jobs=None):
    """Grow CCR's sphere around each sample of ``X_class`` against the rows of ``X_other``.

    Distances are L1 (taxicab). Only the other samples within ``energy`` can be reached
    (each unit of radius costs at least 1), so they are found with a k-d tree query
    bounded by ``energy``, lengthened where a sphere passes every sample listed.

    Returns
    -------
    radius : ndarray of shape (n_class,)
    inside : list of (ndarray, ndarray)
        For sphere ``i``: rows of ``X_other`` inside it and their distances.
    """
    tree = cKDTree(X_other)
    n_other = X_other.shape[0]
    workers = -1 if n_jobs is None else n_jobs
    bound = energy * (1 + 1e-9) + 1e-300
    radius = np.empty(X_class.shape[0])
    inside = [None] * X_class.shape[0]
    pending = np.arange(X_class.shape[0])
    width = min(_FIRST_LIST, n_other)
    while pending.shape[0]:
        dist, index = tree.query(X_class[pending], k=width, p=1, distance_upper_bound=bound,
                                 workers=workers)
        dist, index = dist.reshape(pending.shape[0], -1), index.reshape(pending.shape[0], -1)
        r, n_inside, incomplete = grow_spheres(np.ascontiguousarray(dist), float(energy),
                                               n_other)
        done = ~incomplete
        radius[pending[done]] = r[done]
        for row, count, d, idx in zip(pending[done], n_inside[done], dist[done], index[done],
                                      strict=True):
            inside[row] = (idx[:count], d[:count])
        pending = pending[incomplete]
        width = min(2 * width, n_other)
    return radius, inside


def allocate_by_inverse_radius(radius, n_new):
    """Samples per sphere, proportional to ``1 / radius``, summing exactly to ``n_new``.

    ``floor`` of each share, then one more for the largest remainders (ties to the
    smaller index). A sphere of radius 0 (another class's sample on the seed itself, no
    energy left) receives none unless every sphere has radius 0 (then all are equal).
    """
    with np.errstate(divide="ignore"):
        weights = np.where(radius > 0, 1.0 / np.maximum(radius, 1e-300), 0.0)
    if weights.sum() == 0:
        weights = np.ones(radius.shape)
    share = weights / weights.sum() * n_new
    counts = np.floor(share).astype(np.int64)
    missing = n_new - counts.sum()
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[:missing]] += 1
    return counts


@fill_doc
class CCR(BaseOverSampler):
    """Combined Cleaning and Resampling: push other classes out of spheres, fill them.

    Around each sample of the class to over-sample CCR grows a sphere (in the L1 norm)
    with a fixed ``energy`` [1]_: growing the radius by ``dr`` costs ``(j + 1) dr`` when
    ``j`` samples of other classes are already inside, so spheres stay small in crowded
    regions. *Cleaning*: every sample of another class inside a sphere is translated
    radially to the sphere's surface (translations from all spheres are added up, then
    applied). *Resampling*: each sphere receives synthetic samples in proportion to
    ``1 / radius``, drawn uniformly inside it.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    energy : float, default=0.25
        Energy of each sphere, before scaling.
    scaling : float, default=0.5
        The energy used is ``energy * n_features ** scaling``.
    n_jobs : int, default=None
        Threads for the k-d tree queries and the sphere kernel (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    radii_ : dict
        ``{label: radius of the sphere of each sample of the class}``.
    n_translated_ : int
        Number of samples of other classes moved by the cleaning.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Interpolation without cleaning.
    imbtools.combine.SMOTETomek : Over-sampling followed by removal of Tomek links.

    Notes
    -----
    *Output rows.* CCR changes rows of other classes, which no over-sampler's output can
    express as "original rows plus new rows". The output is: the samples CCR did not
    move, in their order; then, per class, the translated samples at their new positions
    (each derived from its original row alone, so its ``sample_weight`` is the
    original's); then the synthetic samples. Class counts of the other classes do not
    change; the over-sampled classes grow by the requested numbers.

    *Choices.* As in the authors' reference implementation (and smote_variants), the
    distance is L1, the energy defaults are ``energy=0.25`` and ``scaling=0.5``, and the
    translation of a sample at distance ``d < r`` from the centre is
    ``(r - d) / d * (x - centre)``. A sample exactly at the centre (``d = 0``) moves in a
    random direction. Synthetic samples are uniform in the L1 ball (random point of the
    L1 sphere times ``r * u ** (1 / n_features)``); the reference code draws coordinates
    one after another, which is not uniform. Sphere counts ``round(G / (r_i * sum 1/r))``
    of the paper need not add up to ``G``; here the largest-remainder rule makes them add
    up exactly (see :func:`allocate_by_inverse_radius`).

    *Multi-class.* Each class to over-sample is treated against all other samples, from
    the original positions; translations from the spheres of several classes add up.
    Sparse input is rejected (the cleaning moves rows; densify it first).

    *Scalability.* A sphere's radius never exceeds the energy (each unit costs at least
    1), so only samples within L1 distance ``energy`` of a seed matter: they are found
    with a k-d tree query bounded by it, and no ``n_class x n_other`` matrix is built.

    References
    ----------
    .. [1] M. Koziarski, M. Woźniak, "CCR: A combined cleaning and resampling algorithm
       for imbalanced data classification", International Journal of Applied
       Mathematics and Computer Science, 27(4), 727-736, 2017.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import CCR
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = CCR(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _accept_sparse = False
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "energy": [Interval(numbers.Real, 0, None, closed="neither")],
        "scaling": [Interval(numbers.Real, 0, None, closed="left")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, energy=0.25,
                 scaling=0.5, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.energy = energy
        self.scaling = scaling
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        X = np.asarray(data.numeric, dtype=np.float64)
        n_features = X.shape[1]
        energy = self.energy * n_features**self.scaling
        moved_rows, shifts = [], []
        blocks = []
        self.radii_ = {}
        for group in classes_to_oversample(data, targets, min_samples=1):
            other_rows = np.flatnonzero(data.target.codes != group.code)
            X_class = class_matrix(X, group.rows)
            radius, inside = sphere_radii(X_class, X[other_rows], energy, n_jobs=self.n_jobs)
            self.radii_[group.label] = radius
            rows, shift = _translations(X_class, X, other_rows, radius, inside, generator)
            moved_rows.append(rows)
            shifts.append(shift)
            blocks.append(_fill_spheres(group, X_class, radius, generator))
        moved_blocks, moved = _moved_blocks(data, X, moved_rows, shifts)
        self.n_translated_ = int(moved.shape[0])
        kept = np.setdiff1d(np.arange(data.n_samples), moved, assume_unique=True)
        return Resampled(kept, synthetic_rows(moved_blocks + blocks, n_jobs=self.n_jobs))


def _translations(X_class, X, other_rows, radius, inside, generator):
    """Rows of ``X`` inside some sphere of the class and their summed translations."""
    pairs = [(i, idx, d) for i, (idx, d) in enumerate(inside) if idx.shape[0]]
    if not pairs:
        return np.empty(0, dtype=np.int64), np.empty((0, X.shape[1]))
    centre = np.concatenate([np.full(idx.shape[0], i) for i, idx, _ in pairs])
    local = np.concatenate([idx for _, idx, _ in pairs])
    dist = np.concatenate([d for _, _, d in pairs])
    rows = other_rows[local]
    offset = X[rows] - X_class[centre]
    r = radius[centre]
    shift = np.empty_like(offset)
    away = dist > 0
    shift[away] = ((r[away] - dist[away]) / dist[away])[:, None] * offset[away]
    if (~away).any():  # on the centre itself: a random direction, L1 length r
        direction = generator.standard_normal((int((~away).sum()), X.shape[1]))
        direction /= np.abs(direction).sum(1, keepdims=True)
        shift[~away] = r[~away, None] * direction
    return rows, shift


def _moved_blocks(data, X, moved_rows, shifts):
    """One ExplicitRows block per class of the translated rows (their new positions)."""
    if not moved_rows or not sum(r.shape[0] for r in moved_rows):
        return [], np.empty(0, dtype=np.int64)
    rows = np.concatenate(moved_rows)
    shift = np.concatenate(shifts)
    moved, inverse = np.unique(rows, return_inverse=True)
    total = np.zeros((moved.shape[0], X.shape[1]))
    np.add.at(total, inverse, shift)
    keep = np.any(total != 0, axis=1)
    moved, total = moved[keep], total[keep]
    codes = data.target.codes[moved]
    blocks = []
    for code in np.unique(codes):
        rows_of_code = moved[codes == code]
        values = X[rows_of_code] + total[codes == code]
        blocks.append(ExplicitRows(int(code), values, rows_of_code, rows_of_code,
                                   np.zeros(rows_of_code.shape[0])))
    return blocks, moved


def _fill_spheres(group, X_class, radius, generator):
    """``group.n_new`` samples uniform in the L1 balls, allocated by inverse radius."""
    counts = allocate_by_inverse_radius(radius, group.n_new)
    seeds = np.repeat(np.arange(X_class.shape[0]), counts)
    n_features = X_class.shape[1]
    direction = generator.standard_exponential((group.n_new, n_features))
    direction *= generator.choice([-1.0, 1.0], size=direction.shape)
    direction /= np.maximum(np.abs(direction).sum(1, keepdims=True), 1e-300)
    length = radius[seeds] * generator.random(group.n_new) ** (1.0 / n_features)
    values = X_class[seeds] + length[:, None] * direction
    parents = group.rows[seeds]
    return ExplicitRows(group.code, values, parents, parents, np.zeros(group.n_new))
