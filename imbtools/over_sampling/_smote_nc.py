"""SMOTE-NC: SMOTE for data with both continuous and categorical features."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .._kernels.categorical import mixed_kneighbors, neighbor_mode
from .._kernels.interpolate import interpolate_rows
from ..base import BaseOverSampler, Resampled, SyntheticRows
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, neighbors_excluding_self
from ..utils._parallel import numba_thread_limit
from ..utils._param_validation import StrOptions
from ..utils._random import check_generator
from ..utils.validation import check_feature_matrix
from ._smote import _check_class_size, draw_smote_pairs

__all__ = ["SMOTENC"]


# -- categorical columns: resolution, integer codes, and back to values ---------------------
def resolve_categorical_features(categorical_features, X):
    """Positions of the categorical columns named by ``categorical_features``.

    Accepts ``"auto"`` (DataFrame columns of category, object or string dtype), integer
    positions (negative ones count from the end), column names (DataFrame only) or a
    boolean mask with one entry per column. Returns sorted unique int64 positions.
    """
    n_features = X.shape[1]
    if isinstance(categorical_features, str):  # "auto" (the constraint checked the rest)
        if not isinstance(X, pd.DataFrame):
            raise ValueError(
                "categorical_features='auto' reads the column dtypes of a pandas DataFrame, "
                f"but X is a {type(X).__name__}. Pass the categorical columns as indices or "
                "a boolean mask, or pass a DataFrame."
            )
        mask = np.array([_is_categorical_dtype(dtype) for dtype in X.dtypes], dtype=bool)
        return np.flatnonzero(mask)
    selection = np.asarray(categorical_features)
    if selection.ndim != 1:
        raise ValueError(
            "categorical_features must be 'auto' or a 1-D list of column indices, names or "
            f"booleans; got an array of shape {selection.shape}."
        )
    if selection.dtype.kind == "b":
        if selection.shape[0] != n_features:
            raise ValueError(
                f"categorical_features is a boolean mask of length {selection.shape[0]}, but "
                f"X has {n_features} feature(s); the mask needs one entry per column."
            )
        return np.flatnonzero(selection)
    if selection.size == 0:
        return np.empty(0, dtype=np.int64)
    if selection.dtype.kind in "iu":
        bad = selection[(selection < -n_features) | (selection >= n_features)]
        if bad.size:
            raise ValueError(
                f"categorical_features contains the column index {int(bad[0])}, but X has "
                f"{n_features} feature(s) (valid indices: {-n_features} to {n_features - 1})."
            )
        return np.unique(np.where(selection < 0, selection + n_features, selection))
    if selection.dtype.kind in "OUS":
        if not isinstance(X, pd.DataFrame):
            raise ValueError(
                "categorical_features names columns "
                f"({selection[:3].tolist()!r}...), which needs X to be a pandas DataFrame; "
                f"X is a {type(X).__name__}. Pass column indices instead."
            )
        columns = list(X.columns)
        missing = [name for name in selection.tolist() if name not in columns]
        if missing:
            raise ValueError(
                f"categorical_features names the column(s) {missing[:5]!r}, which are not in "
                f"X; its columns are {columns[:10]!r}."
            )
        return np.unique([columns.index(name) for name in selection.tolist()])
    raise ValueError(
        "categorical_features must be 'auto', column indices, column names or a boolean "
        f"mask; got an array of dtype {selection.dtype}."
    )


def _is_categorical_dtype(dtype):
    return isinstance(dtype, pd.CategoricalDtype | pd.StringDtype) or (
        pd.api.types.is_object_dtype(dtype)
    )


def _column(X, position):
    return X.iloc[:, position] if isinstance(X, pd.DataFrame) else X[:, position]


def _columns(X, positions):
    return X.iloc[:, positions] if isinstance(X, pd.DataFrame) else X[:, positions]


@dataclass
class CategoricalCodes:
    """Integer codes of categorical columns, and how to turn codes back into values.

    Attributes
    ----------
    positions : ndarray of shape (q,)
        Column positions in ``X``.
    codes : ndarray of shape (n_samples, q), int64
        Code of each value, numbered by first appearance in each column.
    first_rows : list of ndarray
        ``first_rows[f][c]`` is a row of ``X`` holding code ``c`` in column ``f``; a
        synthetic value is decoded by copying that original value, so any dtype (category
        with its categories, string, object, integer, boolean) comes back unchanged.
    """

    positions: np.ndarray
    codes: np.ndarray
    first_rows: list

    @classmethod
    def encode(cls, X, positions):
        codes = np.empty((X.shape[0], len(positions)), dtype=np.int64)
        first_rows = []
        for f, position in enumerate(positions):
            column = _column(X, position)
            column_codes, uniques = pd.factorize(column, use_na_sentinel=True)
            name = X.columns[position] if isinstance(X, pd.DataFrame) else int(position)
            if (column_codes < 0).any():
                row = int(np.flatnonzero(column_codes < 0)[0])
                raise ValueError(
                    f"Input X contains NaN (a missing value) in the categorical column "
                    f"{name!r}, first at row {row}. Impute it, or encode missing values as a "
                    "category of their own (for example the string 'missing')."
                )
            if np.asarray(uniques).dtype.kind == "f" and np.isinf(np.asarray(uniques)).any():
                raise ValueError(
                    f"Input X contains infinity in the categorical column {name!r}; only "
                    "finite values are accepted."
                )
            codes[:, f] = column_codes
            first_rows.append(np.unique(column_codes, return_index=True)[1])
        return cls(np.asarray(positions), codes, first_rows)

    def source_rows(self, f, codes):
        """Rows of ``X`` whose value of categorical column ``f`` decodes ``codes``."""
        return self.first_rows[f][codes]


@dataclass
class MixedSyntheticRows(SyntheticRows):
    """Synthetic rows with continuous values and categorical codes kept apart.

    ``continuous`` (n_rows, p) holds the values of the columns at ``continuous_positions``,
    ``categorical`` (n_rows, q) the codes of ``encoding``'s columns.
    """

    continuous: np.ndarray | None = None
    categorical: np.ndarray | None = None
    continuous_positions: np.ndarray | None = None
    encoding: CategoricalCodes | None = None


def assemble_mixed_output(X, synthetic):
    """Original rows of ``X`` followed by the synthetic rows, in the caller's container.

    DataFrame: every column keeps its dtype (categorical columns their categories);
    continuous columns follow :class:`~imbtools.base.BaseSampler`'s rule (float32 stays,
    other numeric dtypes become float64). Arrays: a float array when ``X`` is numeric,
    else an array of ``X``'s dtype (object for strings).
    """
    n_new = synthetic.n_rows
    continuous_positions, encoding = synthetic.continuous_positions, synthetic.encoding
    if isinstance(X, pd.DataFrame):
        columns = {}
        for j, position in enumerate(continuous_positions):
            dtype = X.dtypes.iloc[position]
            subtype = dtype.subtype if isinstance(dtype, pd.SparseDtype) else dtype
            float_type = subtype if np.dtype(subtype).kind == "f" else np.float64
            if isinstance(dtype, pd.SparseDtype):
                float_type = pd.SparseDtype(float_type, 0)
            columns[position] = pd.Series(synthetic.continuous[:, j], dtype=float_type)
        for f, position in enumerate(encoding.positions):
            rows = encoding.source_rows(f, synthetic.categorical[:, f])
            columns[position] = X.iloc[rows, position].reset_index(drop=True)
        new = pd.DataFrame({X.columns[p]: columns[p] for p in range(X.shape[1])})
        new.columns = X.columns
        return pd.concat([X.reset_index(drop=True), new], ignore_index=True)

    values = np.asarray(X)
    if values.dtype.kind in "fiub":
        dtype = np.float32 if values.dtype == np.float32 else np.float64
    else:
        dtype = object
    out = np.empty((values.shape[0] + n_new, values.shape[1]), dtype=dtype)
    out[: values.shape[0]] = values
    new = out[values.shape[0]:]
    if len(continuous_positions):
        new[:, continuous_positions] = synthetic.continuous
    for f, position in enumerate(encoding.positions):
        new[:, position] = values[encoding.source_rows(f, synthetic.categorical[:, f]), position]
    return out


def concat_synthetic(parts, continuous_positions, encoding):
    """One :class:`MixedSyntheticRows` from per-class ones (in class order)."""
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return MixedSyntheticRows(
            empty, empty, empty, np.empty(0),
            continuous=np.empty((0, len(continuous_positions))),
            categorical=np.empty((0, len(encoding.positions)), dtype=np.int64),
            continuous_positions=continuous_positions, encoding=encoding,
        )
    return MixedSyntheticRows(
        np.concatenate([p.codes for p in parts]),
        np.concatenate([p.parent_a for p in parts]),
        np.concatenate([p.parent_b for p in parts]),
        np.concatenate([p.step for p in parts]),
        continuous=np.concatenate([p.continuous for p in parts]),
        categorical=np.concatenate([p.categorical for p in parts]),
        continuous_positions=continuous_positions, encoding=encoding,
    )


# -- the sampler -----------------------------------------------------------------------------
def smotenc_neighbors(X_continuous, cat_codes, mismatch_cost, k, searcher=None):
    """The ``k`` nearest other rows of one class under the SMOTE-NC distance.

    With ``searcher`` None: exact, in a Numba kernel, without one-hot columns. A user's
    search object is fitted on a sparse ``[continuous | scaled one-hot]`` matrix of the
    class (``n_class * q`` stored one-hot entries).
    """
    n = X_continuous.shape[0]
    if searcher is None:
        out = np.empty((n, k), dtype=np.int64)
        mixed_kneighbors(X_continuous, cat_codes, float(mismatch_cost), out)
        return out
    offsets = np.concatenate([[0], np.cumsum(cat_codes.max(axis=0) + 1)[:-1]])
    one_hot = sparse.csr_matrix(
        (np.full(cat_codes.size, np.sqrt(mismatch_cost / 2.0)),
         (np.repeat(np.arange(n), cat_codes.shape[1]), (cat_codes + offsets).ravel())),
    )
    encoded = sparse.hstack([sparse.csr_matrix(X_continuous), one_hot], format="csr")
    return neighbors_excluding_self(searcher, encoded, k)


class SMOTENC(BaseOverSampler):
    """SMOTE for continuous and categorical features (SMOTE-NC).

    Neighbours are searched with a distance that adds, to the squared Euclidean distance
    over the continuous features, ``median_std ** 2`` for each categorical feature where
    two samples differ (``median_std``: the median of the standard deviations of the
    continuous features in the class) [1]_. A synthetic sample interpolates the
    continuous features between a seed and one of its ``k_neighbors`` nearest same-class
    neighbours as in SMOTE, and takes, for each categorical feature, the value most
    frequent among the seed's ``k_neighbors`` neighbours.

    Parameters
    ----------
    categorical_features : "auto" or array-like
        Which features are categorical:

        - ``"auto"``: the DataFrame columns of ``category``, ``object`` or ``string`` dtype;
        - array of int: column positions;
        - array of str: column names (``X`` must be a DataFrame);
        - array of bool of length ``n_features``: a mask.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Number of same-class neighbours, or a scikit-learn-like object with ``fit`` and
        ``kneighbors`` whose ``n_neighbors`` counts the sample itself (it is fitted on a
        sparse matrix of continuous and scaled one-hot columns of the class).
    n_jobs : int, default=None
        Threads for the neighbour search and sample generation (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    categorical_features_ : ndarray of int
        Positions of the categorical features.
    continuous_features_ : ndarray of int
        Positions of the continuous features.
    median_std_ : dict
        ``{label: median standard deviation of the continuous features}`` of each
        over-sampled class.
    n_features_in_ : int
        Number of features seen in ``fit_resample``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` was a DataFrame with string column names.

    See Also
    --------
    SMOTEN : For data whose features are all categorical.
    SMOTE : For continuous features only.

    Notes
    -----
    *What needs querying.* Only same-class neighbours, as in SMOTE. The distance is
    computed directly on integer category codes: a mismatch costs ``median_std ** 2``,
    which equals the squared Euclidean distance between one-hot columns scaled by
    ``median_std / sqrt(2)`` (imbalanced-learn's encoding), so neighbours are the same
    without ever building one-hot columns.

    *Memory.* The most frequent category is computed by a Numba kernel over the
    ``(n_new, k)`` neighbour codes: memory is ``O(n_new * (n_features + k))`` whatever the
    number of categories (imbalanced-learn builds an ``n_new x k x n_categories`` array).
    Ties between equally frequent values go to the value of the nearest neighbour among
    them (imbalanced-learn breaks ties at random).

    Output: original samples in their order, then synthetic samples grouped by class. In
    a DataFrame every categorical column keeps its dtype (a ``category`` column keeps its
    categories), continuous integer columns become float64. A NumPy array of numbers
    comes back as floats, any other array as ``object``. Missing values are rejected;
    sparse input is not accepted.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE: Synthetic
       Minority Over-sampling Technique", Journal of Artificial Intelligence Research,
       16, 321-357, 2002 (section 6.1, SMOTE-NC).

    Examples
    --------
    >>> from collections import Counter
    >>> import numpy as np
    >>> import pandas as pd
    >>> from imbtools.over_sampling import SMOTENC
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"size": rng.normal(size=100),
    ...                   "colour": pd.Categorical(rng.choice(["red", "blue"], size=100))})
    >>> y = np.array([0] * 80 + [1] * 20)
    >>> X_res, y_res = SMOTENC(categorical_features="auto", random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 80), (1, 80)]
    >>> X_res["colour"].dtype == X["colour"].dtype
    True
    """

    _needs_numeric = False
    _accept_sparse = False

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "categorical_features": ["array-like", StrOptions({"auto"})],
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(self, categorical_features, *, sampling_strategy="auto", random_state=None,
                 k_neighbors=5, n_jobs=None):
        self.categorical_features = categorical_features
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs

    def _split_columns(self, X):
        categorical = resolve_categorical_features(self.categorical_features, X)
        n_features = X.shape[1]
        if categorical.size == 0:
            raise ValueError(
                f"categorical_features={self.categorical_features!r} selects no column of X; "
                "SMOTE-NC needs at least one categorical feature (use SMOTE for purely "
                "continuous data)."
            )
        if categorical.size == n_features:
            raise ValueError(
                f"X has {n_features} feature(s) and categorical_features selects all of "
                "them; SMOTE-NC needs at least one continuous feature (use SMOTEN for "
                "purely categorical data)."
            )
        continuous = np.setdiff1d(np.arange(n_features), categorical)
        return categorical, continuous

    def _check_input(self, X, y, sample_weight):
        # validate both column groups in fit as well as in fit_resample; the results ride
        # on the SamplerInput so _fit_resample does not redo them
        data, targets = super()._check_input(X, y, sample_weight)
        self.categorical_features_, self.continuous_features_ = self._split_columns(data.X)
        data.continuous = check_feature_matrix(
            _columns(data.X, self.continuous_features_), accept_sparse=False
        )
        data.categorical = CategoricalCodes.encode(data.X, self.categorical_features_)
        return data, targets

    def _fit_resample(self, data, targets):
        X_continuous, encoding = data.continuous, data.categorical
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        user_searcher = None if isinstance(self.k_neighbors, numbers.Integral) else searcher
        labels = data.target.classes.tolist()
        self.median_std_ = {}
        parts = []
        for code, n_new in targets.items():
            if n_new == 0:
                continue
            rows = data.class_rows(code)
            _check_class_size(rows.shape[0], k, labels[code])
            X_class = np.ascontiguousarray(X_continuous[rows], dtype=np.float64)
            codes_class = np.ascontiguousarray(encoding.codes[rows])
            median_std = float(np.median(X_class.std(axis=0)))
            self.median_std_[labels[code]] = median_std
            with numba_thread_limit(self.n_jobs):
                neighbor_index = smotenc_neighbors(
                    X_class, codes_class, median_std**2, k, user_searcher
                )
                seeds, neighbors, steps = draw_smote_pairs(neighbor_index, n_new, generator)
                continuous = np.empty((n_new, X_class.shape[1]), dtype=np.float64)
                interpolate_rows(X_class, seeds, neighbors, steps, continuous)
                categorical = np.empty((n_new, codes_class.shape[1]), dtype=np.int64)
                neighbor_mode(codes_class, neighbor_index, seeds, False, categorical)
            parts.append(MixedSyntheticRows(
                np.full(n_new, code, dtype=np.intp), rows[seeds], rows[neighbors], steps,
                continuous=continuous.astype(X_continuous.dtype, copy=False),
                categorical=categorical,
            ))
        synthetic = concat_synthetic(parts, self.continuous_features_, encoding)
        return Resampled(np.arange(data.n_samples), synthetic)

    def _assemble_features(self, X, data, kept, synthetic):
        return assemble_mixed_output(data.X, synthetic)
