"""Polynomial-fit SMOTE: new samples on the links of a topology over the class."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse

from ..base import BaseOverSampler
from ..utils._docstrings import fill_doc
from ..utils._param_validation import Interval, StrOptions
from .generation import (
    ExplicitRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["PolynomialFitSMOTE", "curve_parameter", "star_rows", "link_rows", "curve_rows"]


def balanced_choice(n, n_new, generator):
    """Each of ``n`` items ``n_new // n`` times, then ``n_new % n`` distinct ones."""
    repeats, rest = divmod(n_new, n)
    extra = generator.choice(n, size=rest, replace=False)
    return np.concatenate([np.tile(np.arange(n), repeats), extra]).astype(np.int64)


def star_rows(X_class, n_new, generator):
    """Star: on the segments from each sample (balanced) to the class mean."""
    seeds = balanced_choice(X_class.shape[0], n_new, generator)
    steps = generator.random(n_new)
    start = X_class[seeds]
    values = start + steps[:, None] * (X_class.mean(axis=0) - start)
    return values, seeds, seeds, np.zeros(n_new)


def link_rows(X_class, n_new, topology, generator):
    """Bus (links between consecutive samples) or mesh (between any two samples)."""
    n_class = X_class.shape[0]
    if topology == "bus":
        first = balanced_choice(n_class - 1, n_new, generator)
        second = first + 1
    else:
        first = balanced_choice(n_class, n_new, generator)
        second = (first + 1 + generator.integers(0, n_class - 1, size=n_new)) % n_class
    steps = generator.random(n_new)
    start = X_class[first]
    return start + steps[:, None] * (X_class[second] - start), first, second, steps


def curve_parameter(X_class):
    """Each sample's coordinate along the class's first principal axis."""
    centred = X_class - X_class.mean(axis=0)
    # the scatter matrix's leading eigenvector (n_features ** 2 work after one product;
    # an SVD of the centred class took 1 s at 5,000 x 20)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    return centred @ vectors[:, -1]


def curve_rows(X_class, n_new, degree, generator):
    """Polynomial curve: each attribute fitted as a polynomial of the curve parameter.

    New samples are points of the curve at parameters uniform between the smallest and
    the largest parameter of the class.
    """
    t = curve_parameter(X_class)
    scale = max(np.abs(t).max(), np.finfo(np.float64).tiny)
    coefs, *_ = np.linalg.lstsq(np.vander(t / scale, degree + 1), X_class, rcond=None)
    new_t = t.min() + generator.random(n_new) * (t.max() - t.min())
    values = np.vander(new_t / scale, degree + 1) @ coefs
    order = np.argsort(t, kind="stable")
    right = np.clip(np.searchsorted(t[order], new_t, side="right"), 1, order.shape[0] - 1)
    a, b = order[right - 1], order[right]
    gap = t[b] - t[a]
    steps = np.divide(new_t - t[a], gap, out=np.zeros(n_new), where=gap > 0)
    return values, a, b, np.clip(steps, 0.0, 1.0)


_MIN_SAMPLES = {"star": 1, "bus": 2, "mesh": 2}


@fill_doc
class PolynomialFitSMOTE(BaseOverSampler):
    """Over-sample along a topology that links the class samples (star, bus, mesh, curve).

    Gazzah and Ben Amara place the new samples of a class on a structure fitted to it
    [1]_: ``"star"`` links every sample to the class mean and draws new samples on
    these links; ``"bus"`` links each sample to the next, in the order of the data;
    ``"mesh"`` links every sample to every other; ``"polynomial"`` fits a polynomial
    curve of degree ``degree`` through the class and draws new samples on the curve.
    On a link, a new sample is ``a + u * (b - a)`` with ``u`` uniform in ``[0, 1)``.
    The paper found the star and mesh topologies best.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    topology : {"star", "bus", "mesh", "polynomial"}, default="star"
        The structure the new samples are placed on.
    degree : int, default=2
        Degree of the polynomial curve (``topology="polynomial"`` only).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Links each sample to its nearest neighbours.
    RandomSMOTE : Triangles of random samples of the class.

    Notes
    -----
    The paper does not fix how many new samples go on each link nor where. Here the
    links are used evenly (star, bus: every link ``n_new // n_links`` times and the
    remainder on distinct random links; mesh: every sample is an end equally often and
    the other end is uniform among the other samples, so the ``n (n - 1) / 2`` links
    are never listed) and the position on a link is uniform; smote_variants places
    ``round(n_new / n_class)`` evenly spaced samples per link, which does not give the
    requested count. The bus follows the order of the rows in ``X``.

    For the polynomial curve the paper gives no parametrisation. Here the curve
    parameter of a sample is its coordinate along the class's first principal axis;
    each attribute is fitted, by least squares, as a polynomial of degree ``degree`` of
    that parameter, and new samples are curve points at parameters uniform over the
    class's range (smote_variants uses the rank of each sample's mean attribute
    value as the parameter). Curve points can lie outside the class's convex hull.

    The class is handled as a dense matrix (``n_class * n_features``); sparse input is
    accepted and the new rows are returned sparse, but they are dense for star and
    curve (the mean and the curve have no zeros). The ``sample_weight`` of a new
    sample is that of its link's ends, interpolated (star: the sample's own weight;
    curve: the two samples whose parameters bracket the new one).

    References
    ----------
    .. [1] S. Gazzah, N. E. Ben Amara, "New Oversampling Approaches Based on Polynomial
       Fitting for Imbalanced Data Sets", The Eighth IAPR International Workshop on
       Document Analysis Systems (DAS 2008), 677-684, 2008.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import PolynomialFitSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> for topology in ("star", "bus", "mesh", "polynomial"):
    ...     _, y_res = PolynomialFitSMOTE(topology=topology, random_state=0).fit_resample(X, y)
    ...     print(topology, sorted(Counter(y_res.tolist()).items()))
    star [(0, 898), (1, 898)]
    bus [(0, 898), (1, 898)]
    mesh [(0, 898), (1, 898)]
    polynomial [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "topology": [StrOptions({"star", "bus", "mesh", "polynomial"})],
        "degree": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, topology="star",
                 degree=2):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.topology = topology
        self.degree = degree

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        needed = _MIN_SAMPLES.get(self.topology, self.degree + 1)
        blocks = []
        for group in classes_to_oversample(data, targets):
            self._check_size(group, needed)
            X_class = class_matrix(data.numeric, group.rows)
            if sparse.issparse(X_class):
                X_class = X_class.toarray()
            values, a, b, steps = self._rows(X_class, group.n_new, generator)
            blocks.append(ExplicitRows(group.code, values, group.rows[a], group.rows[b],
                                       steps))
        return oversampled(data, blocks)

    def _rows(self, X_class, n_new, generator):
        if self.topology == "star":
            return star_rows(X_class, n_new, generator)
        if self.topology == "polynomial":
            return curve_rows(X_class, n_new, self.degree, generator)
        return link_rows(X_class, n_new, self.topology, generator)

    def _check_size(self, group, needed):
        n_class = group.rows.shape[0]
        if n_class >= needed:
            return
        what = (f"degree={self.degree} needs" if self.topology == "polynomial"
                else f"topology={self.topology!r} needs")
        raise ValueError(
            f"PolynomialFitSMOTE with {what} at least {needed} samples in each class to "
            f"over-sample, but class {group.label!r} has {n_class}. Use topology='star', "
            "a lower degree, or RandomOverSampler for this class."
        )
