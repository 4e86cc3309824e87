"""LVQ-SMOTE: copy the class's local patterns between codebook vectors in the same relation."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from scipy import sparse

from .._kernels.lvq import lvq1_pass_csr, lvq1_pass_dense
from ..base import BaseOverSampler
from ..neighbors import NearestNeighbors
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, Interval
from .generation import (
    ExplicitRows,
    check_generator,
    class_matrix,
    classes_to_oversample,
    oversampled,
)

__all__ = ["LVQSMOTE", "lvq_codebook", "matched_pairs"]

# Pair matching compares every pair with every pair: chunks of at most this many
# (pair, candidate, feature) differences.
_MATCH_CHUNK = 1 << 22


def lvq_codebook(X, in_class, n_codebooks, n_epochs, learning_rate, generator):
    """The class's LVQ1 codebook, trained against all other samples.

    ``n_codebooks`` prototypes of the class and ``min(n_codebooks, n_other)`` of the
    other samples start at distinct random samples of each side; ``n_epochs`` passes of
    Kohonen's LVQ1 over all samples, each in a fresh random order, with a learning rate
    falling linearly from ``learning_rate`` to 0 (see :mod:`imbtools._kernels.lvq`).

    Parameters
    ----------
    X : ndarray or CSR matrix of shape (n_samples, n_features)
    in_class : ndarray of shape (n_samples,), bool
    n_codebooks : int
    n_epochs : int
    learning_rate : float
    generator : numpy.random.Generator

    Returns
    -------
    ndarray of shape (n_codebooks, n_features), float64
        The class's prototypes (the other side's are dropped).
    """
    class_rows = np.flatnonzero(in_class)
    other_rows = np.flatnonzero(~in_class)
    starts = np.concatenate([
        generator.choice(class_rows, n_codebooks, replace=False),
        generator.choice(other_rows, min(n_codebooks, other_rows.shape[0]), replace=False),
    ])
    initial = X[starts]
    prototypes = np.array(initial.toarray() if sparse.issparse(initial) else initial,
                          dtype=np.float64, order="C")
    prototype_labels = (np.arange(starts.shape[0]) < n_codebooks).astype(np.int64)
    labels = in_class.astype(np.int64)
    n_samples = X.shape[0]
    n_steps = n_epochs * n_samples
    if sparse.issparse(X):
        X = sparse.csr_matrix(X, dtype=np.float64)
        arrays = (X.data, X.indices.astype(np.int64), X.indptr.astype(np.int64))
    else:
        arrays = (np.ascontiguousarray(X, dtype=np.float64),)
    for epoch in range(n_epochs):
        order = generator.permutation(n_samples).astype(np.int64)
        if sparse.issparse(X):
            lvq1_pass_csr(*arrays, labels, prototypes, prototype_labels, order,
                          epoch * n_samples, n_steps, float(learning_rate))
        else:
            lvq1_pass_dense(*arrays, labels, prototypes, prototype_labels, order,
                            epoch * n_samples, n_steps, float(learning_rate))
    return prototypes[:n_codebooks]


def matched_pairs(codebook):
    """For each pair of codebook vectors, the other pair in the most similar relation.

    For every unordered pair ``a < b``, the ordered pair ``(i, j)`` of two *other*
    codebook vectors (``i != j``, neither ``a`` nor ``b``) whose difference
    ``c_i - c_j`` is nearest (Euclidean) to ``c_a - c_b``; ties go to the first
    ``(i, j)`` in row-major order. Needs at least 4 codebook vectors.

    Returns
    -------
    ndarray of shape (n_pairs, 4), int64
        Rows ``(a, b, i, j)``: ``i`` corresponds to ``a`` and ``j`` to ``b``.
    """
    n_codebooks, n_features = codebook.shape
    a, b = np.triu_indices(n_codebooks, 1)
    i, j = np.nonzero(~np.eye(n_codebooks, dtype=bool))
    target = codebook[a] - codebook[b]
    candidate = codebook[i] - codebook[j]
    best = np.empty(a.shape[0], dtype=np.int64)
    chunk = max(1, _MATCH_CHUNK // max(1, i.shape[0] * n_features))
    for start in range(0, a.shape[0], chunk):
        stop = min(start + chunk, a.shape[0])
        gap = ((target[start:stop, None, :] - candidate[None, :, :]) ** 2).sum(axis=2)
        shares = ((i[None, :] == a[start:stop, None]) | (i[None, :] == b[start:stop, None])
                  | (j[None, :] == a[start:stop, None]) | (j[None, :] == b[start:stop, None]))
        gap[shares] = np.inf
        best[start:stop] = np.argmin(gap, axis=1)
    return np.column_stack([a, b, i[best], j[best]]).astype(np.int64)


def draw_translations(pairs, near, n_new, generator):
    """Each new sample's (target codebook vector, source codebook vector, class sample).

    A pair of ``pairs`` uniformly, one of its two correspondences (``i -> a`` or
    ``j -> b``) with probability 1/2 each, and one of the ``near`` class samples of the
    source uniformly.

    Returns
    -------
    target, source, sample : ndarray of shape (n_new,), int64
        Rows of the codebook (``target``, ``source``) and positions in the class.
    """
    pick = generator.integers(0, pairs.shape[0], size=n_new)
    side = generator.integers(0, 2, size=n_new)
    target = pairs[pick, side]
    source = pairs[pick, 2 + side]
    sample = near[source, generator.integers(0, near.shape[1], size=n_new)]
    return target, source, sample


@fill_doc
class LVQSMOTE(BaseOverSampler):
    """Over-sample by copying the class's local patterns between matching codebook vectors.

    LVQ-SMOTE summarises the class by a codebook learnt with learning vector
    quantization (LVQ, Kohonen's LVQ1: prototypes of the class and of the other
    classes, each sample pulling its nearest prototype towards it when their classes
    agree and pushing it away otherwise). For a pair of codebook vectors
    ``(c_a, c_b)`` it finds the pair ``(c_i, c_j)`` of two other codebook vectors in
    the most similar relation (``c_i - c_j`` nearest to ``c_a - c_b``), takes a real
    class sample ``x`` near ``c_i`` and moves it by the same offset to ``c_a``: the new
    sample is ``c_a + (x - c_i)`` [1]_. New samples thus reproduce actual local
    patterns of the class wherever the codebook shows the same structure, and spread
    over more of the feature space than SMOTE's segments between neighbours.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class): the LVQ
        initialisation and sample order, and the draws of pairs and samples.
    n_codebooks : int, default=10
        Codebook vectors of the class (LVQ prototypes; as many for the other classes).
        At least 4 (two disjoint pairs). A class with fewer samples (but at least 4)
        gets one codebook vector per sample, with a warning.
    k_neighbors : int, default=5
        Class samples nearest to a codebook vector that can be copied from it.
    n_epochs : int, default=10
        LVQ training passes over all samples.
    learning_rate : float, default=0.05
        Initial LVQ learning rate (falls linearly to 0 during training), in ``(0, 1]``.
    n_jobs : int, default=None
        Threads for the neighbour search (``None``: every core). The LVQ training is
        sequential.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    codebooks_ : dict
        ``{label: ndarray of shape (n_vectors, n_features)}``, the LVQ codebook of
        each over-sampled class (``n_vectors = min(n_codebooks, class size)``).
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTE : Interpolation between a sample and one of its nearest neighbours.
    KMeansSMOTE : SMOTE within the k-means clusters of the data.

    Notes
    -----
    The paper finds the patterns to copy in codebooks of *other*, reference data sets
    of the same kind. A sampler only sees ``X`` and ``y``, so here the class's own
    codebook is both the reference and the target: patterns are copied between parts
    of the class itself (smote_variants' implementation makes the same choice, with
    k-means centres in place of an LVQ codebook; this one trains LVQ as the method's
    name says). The matching of codebook pairs by their difference vectors follows the
    account of the generation step given with smote_variants (Kovács, 2019).

    Choices where the method leaves freedom, and why:

    - LVQ1 with prototypes started at distinct random samples of each side, ``n_epochs``
      passes in random order and a linearly falling learning rate (Kohonen's usual
      schedule). Multi-class: the class against every other class (one side), so the
      codebook marks where the class is, against everything else.
    - Matching: for each unordered pair ``{a, b}``, the ordered pair ``(i, j)`` of two
      other codebook vectors minimising ``||(c_a - c_b) - (c_i - c_j)||`` (exhaustive,
      ties to the first). A new sample draws a pair uniformly, then one of its two
      correspondences (``c_i`` to ``c_a`` or ``c_j`` to ``c_b``) with probability 1/2,
      then one of the ``k_neighbors`` class samples nearest to the source codebook
      vector uniformly (smote_variants always moves to ``c_a``, even from ``c_j``).
    - No interpolation step: the offset is applied whole, as a copy of the pattern.

    Cost: the LVQ training takes ``n_epochs * n_samples * 2 * n_codebooks * n_features``
    operations on one thread (sparse rows are expanded one at a time); the matching
    ``n_codebooks**4 * n_features`` once (in chunks); one search of the
    ``k_neighbors`` class samples nearest to each codebook vector; memory
    ``O(n_new * n_features)``, no pairwise matrix of samples. A new sample carries the
    ``sample_weight`` of the sample ``x`` it copies (its ``synthetic_parents_`` are
    ``x`` twice); the LVQ training does not use the weights.

    References
    ----------
    .. [1] M. Nakamura, Y. Kajiwara, A. Otsuka, H. Kimura, "LVQ-SMOTE - Learning Vector
       Quantization based Synthetic Minority Over-sampling Technique for biomedical
       data", BioData Mining, 6:16, 2013.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import LVQSMOTE
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> sorted(Counter(y.tolist()).items())
    [(0, 898), (1, 102)]
    >>> sampler = LVQSMOTE(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 898), (1, 898)]
    >>> sampler.codebooks_[1].shape
    (10, 20)
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_codebooks": [Interval(numbers.Integral, 4, None, closed="left")],
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_epochs": [Interval(numbers.Integral, 1, None, closed="left")],
        "learning_rate": [Interval(numbers.Real, 0, 1, closed="right")],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_codebooks=10,
                 k_neighbors=5, n_epochs=10, learning_rate=0.05, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_codebooks = n_codebooks
        self.k_neighbors = k_neighbors
        self.n_epochs = n_epochs
        self.learning_rate = learning_rate
        self.n_jobs = n_jobs

    def _class_codebooks(self, group):
        """Codebook size for this class: ``n_codebooks``, or the class size (with a
        warning) when the class is smaller but has at least 4 samples."""
        n_class = group.rows.shape[0]
        if n_class < self.k_neighbors:
            raise ValueError(
                f"k_neighbors={self.k_neighbors} needs at least {self.k_neighbors} samples "
                f"in each class to over-sample, but class {group.label!r} has {n_class}. "
                f"Lower k_neighbors to at most {n_class}, or use RandomOverSampler for "
                "this class."
            )
        if n_class < 4:
            raise ValueError(
                f"LVQSMOTE needs at least 4 samples in each class to over-sample (4 "
                f"codebook vectors), but class {group.label!r} has {n_class}. Use "
                "RandomOverSampler or SMOTE with a small k_neighbors for this class."
            )
        if n_class < self.n_codebooks:
            warnings.warn(
                f"LVQSMOTE: n_codebooks={self.n_codebooks} exceeds the {n_class} samples "
                f"of class {group.label!r}; {n_class} codebook vectors were used for this "
                f"class. Pass n_codebooks={n_class} or less to silence this warning.",
                UserWarning,
                stacklevel=4,
            )
        return min(self.n_codebooks, n_class)

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        X, codes = data.numeric, data.target.codes
        self.codebooks_ = {}
        blocks = []
        for group in classes_to_oversample(data, targets):
            n_codebooks = self._class_codebooks(group)
            codebook = lvq_codebook(X, codes == group.code, n_codebooks,
                                    self.n_epochs, self.learning_rate, generator)
            self.codebooks_[group.label] = codebook
            X_class = class_matrix(X, group.rows)
            queries = sparse.csr_matrix(codebook) if sparse.issparse(X_class) else codebook
            near = NearestNeighbors(n_neighbors=self.k_neighbors, n_jobs=self.n_jobs).fit(
                X_class).kneighbors(queries, return_distance=False)
            target, source, sample = draw_translations(matched_pairs(codebook), near,
                                                       group.n_new, generator)
            copied = X_class[sample]
            copied = copied.toarray() if sparse.issparse(copied) else copied
            values = copied + (codebook[target] - codebook[source])
            parents = group.rows[sample]
            blocks.append(ExplicitRows(group.code, values, parents, parents,
                                       np.zeros(group.n_new)))
        return oversampled(data, blocks, n_jobs=self.n_jobs)
