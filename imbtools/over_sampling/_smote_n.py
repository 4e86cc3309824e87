"""SMOTE-N: SMOTE for data whose features are all categorical (nominal)."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.preprocessing import OrdinalEncoder

from .._kernels.categorical import neighbor_mode, vdm_kneighbors
from ..base import BaseOverSampler, Resampled
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, query_itself_mask
from ..utils._docstrings import fill_doc
from ..utils._parallel import numba_thread_limit
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods
from ..utils._random import check_generator
from ._smote_nc import (
    CategoricalCodes,
    MixedSyntheticRows,
    assemble_mixed_output,
    concat_synthetic,
    describe_encoder,
    fit_categorical_encoder,
)
from .generation import classes_to_oversample

__all__ = ["SMOTEN", "class_probabilities"]


def ordinal_codes(output, encoder, names):
    """One integer code per row and feature from an ordinal encoder's ``output``.

    ``output`` must have one column per feature and integer values (in an integer or a
    float dtype); anything else, a one-hot encoding in particular, is a ValueError.
    """
    values = output.toarray() if sparse.issparse(output) else np.asarray(output)
    if values.ndim != 2 or values.shape[1] != len(names):
        raise ValueError(
            f"SMOTEN needs an ordinal encoding: one integer code per feature "
            f"({len(names)} column(s) here). The categorical_encoder "
            f"{describe_encoder(encoder)} returned an array of shape {values.shape}. Use an "
            "OrdinalEncoder (a one-hot encoder belongs to SMOTENC)."
        )
    if values.dtype.kind in "iub":
        return values.astype(np.int64)
    integral = np.zeros(values.shape, dtype=bool)
    if values.dtype.kind == "f":
        integral = np.isfinite(values) & (values == np.round(values))
    if not integral.all():
        raise ValueError(
            f"SMOTEN needs an ordinal encoding: integer codes. The categorical_encoder "
            f"{describe_encoder(encoder)} returned values of dtype {values.dtype} such as "
            f"{values[~integral].tolist()[0]!r}. Use an OrdinalEncoder."
        )
    return values.astype(np.int64)


def class_probabilities(codes, class_codes, n_classes):
    """Per feature, ``P(class | value)`` estimated on the whole dataset.

    Parameters
    ----------
    codes : ndarray of shape (n_samples, n_features), int64
        Category codes (``0 .. n_levels - 1`` per column).
    class_codes : ndarray of shape (n_samples,)
        Class code of each sample.
    n_classes : int

    Returns
    -------
    list of ndarray of shape (n_levels_f, n_classes)
        One table per feature: ``n_samples * n_features`` work, no pairwise matrix.
    """
    tables = []
    for column in codes.T:
        n_levels = int(column.max()) + 1
        counts = np.bincount(column * n_classes + class_codes,
                             minlength=n_levels * n_classes).reshape(n_levels, n_classes)
        tables.append(counts / counts.sum(axis=1, keepdims=True))
    return tables


def vdm_neighbors(class_proba, k, searcher=None):
    """The ``k`` nearest other rows of one class under the value difference metric.

    ``class_proba`` (n, q, C) holds each row's per-feature class probabilities. Without a
    ``searcher`` the search runs in a Numba kernel, ``O(n^2 q C)`` time and ``O(n k)``
    memory; a user's search object is given the ``n x n`` distance matrix as
    ``metric="precomputed"`` (as imbalanced-learn does).
    """
    n = class_proba.shape[0]
    if searcher is None:
        out = np.empty((n, k), dtype=np.int64)
        vdm_kneighbors(class_proba, out)
        return out
    gaps = np.abs(class_proba[:, None] - class_proba[None, :]).sum(axis=-1)
    distances = np.sqrt((gaps**2).sum(axis=-1))
    if "metric" in searcher.get_params():
        searcher.set_params(metric="precomputed")
    searcher.fit(distances)
    ind = np.asarray(searcher.kneighbors(distances, n_neighbors=k + 1,
                                         return_distance=False))
    keep = ~query_itself_mask(ind, np.arange(n))
    return ind[keep].reshape(n, k).astype(np.int64)


@fill_doc
class SMOTEN(BaseOverSampler):
    """SMOTE for nominal features only (SMOTE-N).

    Distances between samples use the value difference metric (VDM): two values of a
    feature are close when they predict the classes alike, ``P(class | value)`` being
    estimated on the whole dataset [1]_. A synthetic sample picks a seed uniformly in
    the class and takes, feature by feature, the value most frequent among the seed and
    its ``k_neighbors`` nearest same-class neighbours.

    Parameters
    ----------
    categorical_encoder : object, default=None
        Ordinal encoder that decides which values of a feature count as the same category
        (imbalanced-learn's parameter of the same name). It is cloned and fitted on ``X``;
        the integer it gives a value is the value's category. So
        ``OrdinalEncoder(min_frequency=...)`` or ``max_categories=...`` makes the
        infrequent values of a feature one category: they share their class
        probabilities in the value difference metric and vote together. The encoder must
        return one integer code per feature (a one-hot encoding is rejected);
        ``handle_unknown`` plays no part, as the encoder is applied to the data it was
        fitted on. ``None``: every distinct value is a category, and
        ``categorical_encoder_`` is ``OrdinalEncoder(dtype=np.int32)`` fitted for
        inspection; the samples are the same as with that encoder passed explicitly.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Number of same-class neighbours, or a scikit-learn-like object with ``fit`` and
        ``kneighbors`` (its ``n_neighbors`` counts the sample itself) that accepts
        ``metric="precomputed"``.
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    categorical_encoder_ : object or None
        The fitted clone of ``categorical_encoder``; with ``categorical_encoder=None``,
        ``OrdinalEncoder(dtype=np.int32)`` fitted on ``X`` (None when scikit-learn's
        encoders reject a column, one mixing strings and numbers).
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTENC : For data with continuous and categorical features.

    Notes
    -----
    *What needs querying.* The class probabilities of each value need one pass over the
    whole dataset; neighbours are searched within the class only. The distance
    ``sum_f (sum_c |P(c | a_f) - P(c | b_f)|) ** 2`` (imbalanced-learn's
    ``ValueDifferenceMetric`` with ``k=1, r=2`` before its square root, which keeps the
    order) is computed on the fly by a Numba kernel that keeps each sample's ``k`` best:
    memory ``O(n_class * k)``, where imbalanced-learn builds the dense
    ``n_class x n_class`` distance matrix.

    Ties between equally frequent values go to the seed's value, then to the nearest
    neighbour's (imbalanced-learn takes the smallest encoded value). Every column is
    treated as categorical; in a DataFrame each keeps its dtype, a NumPy array keeps its
    dtype when numeric (as floats) or comes back as ``object``. ``sample_weight`` of a
    synthetic sample is its seed's weight.

    *Grouped categories.* When ``categorical_encoder`` gives several values one category
    (infrequent ones), a synthetic sample whose vote goes to that category copies the
    seed's own value if the seed holds the category, else the value of the nearest
    neighbour that holds it: every synthetic value is the value of the seed or of one of
    its neighbours.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE: Synthetic
       Minority Over-sampling Technique", Journal of Artificial Intelligence Research,
       16, 321-357, 2002 (section 6.2, SMOTE-N).

    Examples
    --------
    >>> from collections import Counter
    >>> import numpy as np
    >>> from imbtools.over_sampling import SMOTEN
    >>> X = np.array(["A"] * 10 + ["B"] * 20 + ["C"] * 30, dtype=object).reshape(-1, 1)
    >>> y = np.array([0] * 20 + [1] * 40)
    >>> X_res, y_res = SMOTEN(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 40), (1, 40)]
    >>> sorted(set(X_res[60:, 0]))
    ['A', 'B']
    >>> SMOTEN(random_state=0).fit(X, y).categorical_encoder_.categories_
    [array(['A', 'B', 'C'], dtype=object)]
    """

    _needs_numeric = False
    _accept_sparse = False

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "categorical_encoder": [HasMethods(["fit_transform", "inverse_transform"]), None],
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, categorical_encoder=None, *, sampling_strategy="auto",
                 random_state=None, k_neighbors=5, n_jobs=None):
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _check_input(self, X, y, sample_weight):
        # encode in fit as well as in fit_resample (it validates the values); the codes
        # ride on the SamplerInput so _fit_resample does not redo them
        data, targets = super()._check_input(X, y, sample_weight)
        self.categorical_encoder_, data.categorical = fit_categorical_encoder(
            self.categorical_encoder, OrdinalEncoder(dtype=np.int32), data.X,
            CategoricalCodes.encode(data.X, np.arange(data.X.shape[1])), ordinal_codes,
        )
        return data, targets

    def _fit_resample(self, data, targets):
        encoding = data.categorical
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        user_searcher = None if isinstance(self.k_neighbors, numbers.Integral) else searcher
        n_classes = data.target.classes.shape[0]
        tables = class_probabilities(encoding.codes, data.target.codes, n_classes)
        parts = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            code, rows, n_new = group.code, group.rows, group.n_new
            codes_class = np.ascontiguousarray(encoding.codes[rows])
            class_proba = np.stack(
                [table[codes_class[:, f]] for f, table in enumerate(tables)], axis=1
            )
            seeds = generator.integers(0, rows.shape[0], size=n_new)
            categorical = np.empty((n_new, codes_class.shape[1]), dtype=np.int64)
            work = (rows.shape[0] ** 2 + n_new) * codes_class.shape[1]  # every pair of rows
            with numba_thread_limit(self.n_jobs, work=work):
                neighbor_index = vdm_neighbors(class_proba, k, user_searcher)
                neighbor_mode(codes_class, neighbor_index, seeds, True, categorical)
            parents = rows[seeds]
            parts.append(MixedSyntheticRows(
                np.full(n_new, code, dtype=np.intp), parents, parents, np.zeros(n_new),
                continuous=np.empty((n_new, 0)), categorical=categorical,
                value_rows=encoding.value_rows(rows, neighbor_index, seeds, categorical),
            ))
        synthetic = concat_synthetic(parts, np.empty(0, dtype=np.int64), encoding)
        return Resampled(np.arange(data.n_samples), synthetic)

    def _assemble_features(self, X, data, kept, synthetic):
        return assemble_mixed_output(data.X, synthetic)
