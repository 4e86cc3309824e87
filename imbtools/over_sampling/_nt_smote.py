"""NT-SMOTE: Neighbourhood Triangular SMOTE."""

from __future__ import annotations

from scipy import sparse

from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT
from .generation import (
    ExplicitRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["NTSMOTE", "triangle_points"]


def triangle_points(X, first, second, third, outer_steps, inner_steps):
    """Points ``X[third] + outer * (X[first] + inner * (X[second] - X[first]) - X[third])``.

    A point ``T`` is drawn on the side from ``first`` to ``second`` of the triangle,
    then the new point on the segment from ``third`` to ``T`` (the two steps are those of
    the paper's triangular sampling). ``X`` is a dense array or a CSR matrix.
    """
    if sparse.issparse(X):
        start = X[first]
        side = start + sparse.diags(inner_steps) @ (X[second] - start)
        return (X[third] + sparse.diags(outer_steps) @ (side - X[third])).tocsr()
    side = X[first] + inner_steps[:, None] * (X[second] - X[first])
    side -= X[third]
    side *= outer_steps[:, None]
    side += X[third]
    return side


@fill_doc
class NTSMOTE(BaseOverSampler):
    """Over-sample inside the triangles of minority samples and their two nearest neighbours.

    NT-SMOTE [1]_ draws each new sample inside the triangle formed by a minority sample
    and its two nearest minority neighbours instead of on a segment: a seed ``P1`` is
    drawn uniformly, ``P2`` and ``P3`` are its nearest and second-nearest neighbours in
    its class, a point ``T`` is drawn uniformly on the side ``P1 P2`` and the new sample
    uniformly on the segment from ``P3`` to ``T``. Every class to over-sample is treated
    on its own.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    n_jobs : int, default=None
        Threads for the neighbour search (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Interpolation on segments to the ``k`` nearest neighbours.

    Notes
    -----
    The paper has no parameter: the triangle is always the seed and its two nearest
    neighbours, so each class needs at least 3 samples. The two uniform steps do not
    make the new samples uniform over the triangle's area (they are denser near ``P3``);
    this is the paper's construction, kept as published.

    ``sample_weight`` of a new sample is interpolated between ``P1`` and ``P2`` at the
    inner step (the third vertex is not recorded); ``sample_indices_`` style provenance
    names ``P1``.

    References
    ----------
    .. [1] Y. H. Xu, H. Li, L. P. Le, X. Y. Tian, "Neighborhood Triangular Synthetic
       Minority Over-sampling Technique for Imbalanced Prediction on Small Samples of
       Chinese Tourism and Hospitality Firms", Seventh International Joint Conference on
       Computational Sciences and Optimization (CSO), 534-538, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import NTSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> X_res, y_res = NTSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        blocks = []
        for group in classes_to_oversample(data, targets):
            _check_three_samples(group)
            X_class = class_matrix(data.numeric, group.rows)
            neighbors = neighbors_excluding_self(NearestNeighbors(n_jobs=self.n_jobs), X_class, 2)
            seeds = generator.integers(0, X_class.shape[0], size=group.n_new)
            inner, outer = generator.random(group.n_new), generator.random(group.n_new)
            nearest, second = neighbors[seeds, 0], neighbors[seeds, 1]
            values = triangle_points(X_class, seeds, nearest, second, outer, inner)
            rows = group.rows
            blocks.append(ExplicitRows(group.code, values, rows[seeds], rows[nearest], inner))
        return oversampled(data, blocks, n_jobs=self.n_jobs)


def _check_three_samples(group):
    if group.rows.shape[0] < 3:
        raise ValueError(
            f"NTSMOTE needs at least 3 samples in each class to over-sample (a sample and "
            f"its two nearest neighbours form the triangle), but class {group.label!r} has "
            f"{group.rows.shape[0]}. Leave it out of sampling_strategy, or use "
            "SMOTE(k_neighbors=1) or RandomOverSampler for this class."
        )
