"""SMOTE-NC: SMOTE for data with both continuous and categorical features."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone
from sklearn.preprocessing import OneHotEncoder

from .._kernels.categorical import mixed_kneighbors, neighbor_mode
from .._kernels.interpolate import interpolate_rows
from ..base import BaseOverSampler, Resampled, SyntheticRows
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._output import as_interpolated_columns, interpolated_dtype
from ..utils._parallel import numba_thread_limit
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, StrOptions
from ..utils._random import check_generator
from ..utils.validation import check_feature_matrix
from .generation import classes_to_oversample, draw_smote_pairs

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
        ``first_rows[f][c]`` is the first row of ``X`` holding code ``c`` in column ``f``;
        a synthetic value is decoded by copying an original value, so any dtype (category
        with its categories, string, object, integer, boolean) comes back unchanged.
    shared : ndarray of shape (q,), bool
        Whether some code of column ``f`` stands for several distinct values (an encoder
        that groups infrequent values); such codes are decoded by :meth:`value_rows`.
    """

    positions: np.ndarray
    codes: np.ndarray
    first_rows: list
    shared: np.ndarray | None = None

    def __post_init__(self):
        if self.shared is None:
            self.shared = np.zeros(len(self.positions), dtype=bool)

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

    def regrouped(self, encoder_codes):
        """The same columns coded by an encoder's output ``encoder_codes`` (n_samples, q).

        Codes are renumbered by first appearance, so an encoder that gives every value a
        code of its own reproduces :meth:`encode`'s codes exactly.
        """
        codes = np.empty_like(self.codes)
        first_rows = []
        shared = np.zeros(len(self.positions), dtype=bool)
        for f in range(len(self.positions)):
            codes[:, f] = pd.factorize(encoder_codes[:, f])[0]
            first_rows.append(np.unique(codes[:, f], return_index=True)[1])
            # the value of each row is its code's first holder's value, unless codes group
            value_codes = self.codes[:, f]
            shared[f] = not np.array_equal(value_codes, value_codes[first_rows[f][codes[:, f]]])
        return CategoricalCodes(self.positions, codes, first_rows, shared)

    def source_rows(self, f, codes):
        """Rows of ``X`` whose value of categorical column ``f`` decodes ``codes``."""
        return self.first_rows[f][codes]

    def value_rows(self, rows, neighbor_index, seeds, winners):
        """Rows of ``X`` to copy the values of new samples from, or None if codes suffice.

        ``rows`` are the class's rows of ``X``, ``neighbor_index`` (n_class, k) their
        neighbours in the class, ``seeds`` (n_new,) the seeds and ``winners`` (n_new, q) the
        codes chosen for the new samples. In a column where a code stands for one value,
        that value. Where a code groups several values, the seed's value if the seed holds
        the winning code, else the value of the nearest neighbour holding it (the vote
        guarantees one does).
        """
        if not self.shared.any():
            return None
        out = np.empty(winners.shape, dtype=np.intp)
        voters = np.concatenate([seeds[:, None], neighbor_index[seeds]], axis=1)
        for f in range(len(self.positions)):
            if not self.shared[f]:
                out[:, f] = self.source_rows(f, winners[:, f])
                continue
            holds = self.codes[rows[voters], f] == winners[:, f, None]
            first_holder = voters[np.arange(voters.shape[0]), holds.argmax(axis=1)]
            out[:, f] = rows[first_holder]
        return out


# -- categorical_encoder: which values count as one category ---------------------------------
def _distinct_value_rows(X, encoding):
    """``X``'s categorical columns restricted to rows holding every distinct value."""
    rows = np.unique(np.concatenate(encoding.first_rows))
    if isinstance(X, pd.DataFrame):
        return X.iloc[rows, encoding.positions]
    return X[np.ix_(rows, encoding.positions)]


def fit_categorical_encoder(encoder, default, X, encoding, read_codes):
    """Fit ``categorical_encoder`` and code ``encoding``'s columns by its output.

    Parameters
    ----------
    encoder : object or None
        The user's encoder (cloned, then fitted and applied to the categorical columns), or
        None for ``default``.
    default : object
        The default encoder; it is only fitted (on one row per distinct value, which gives
        the same fitted state as all rows), the codes stay ``encoding``'s.
    X : ndarray or DataFrame
    encoding : CategoricalCodes
        Codes of the distinct values (:meth:`CategoricalCodes.encode`).
    read_codes : callable
        ``read_codes(output, fitted_encoder, names)`` turns the encoder's output into one
        integer code per row and column, or raises ValueError.

    Returns
    -------
    fitted_encoder : object or None
        None only when ``encoder`` is None and the default encoder rejects the columns
        (scikit-learn's encoders refuse a column mixing strings and numbers).
    encoding : CategoricalCodes
    """
    if encoder is None:
        fitted = clone(default)
        try:
            fitted.fit(_distinct_value_rows(X, encoding))
        except TypeError:  # mixed types: resampling never needed this encoder
            return None, encoding
        return fitted, encoding
    fitted = clone(encoder)
    output = fitted.fit_transform(_columns(X, encoding.positions))
    names = [X.columns[p] if isinstance(X, pd.DataFrame) else int(p) for p in encoding.positions]
    return fitted, encoding.regrouped(read_codes(output, fitted, names))


def describe_encoder(encoder):
    """``repr(encoder)`` on one line, for error messages."""
    return " ".join(repr(encoder).split())


def _one_hot_block_widths(encoder, names):
    categories = getattr(encoder, "categories_", None)
    if categories is None or len(categories) != len(names):
        raise ValueError(
            f"SMOTENC reads the blocks of a one-hot encoding from the fitted encoder's "
            f"categories_ (one array per categorical feature, {len(names)} here); the "
            f"categorical_encoder {describe_encoder(encoder)} has "
            + ("no categories_." if categories is None else f"{len(categories)}.")
            + " Use a scikit-learn OneHotEncoder."
        )
    dropped = getattr(encoder, "drop_idx_", None)
    if dropped is not None and any(index is not None for index in dropped):
        feature = next(f for f, index in enumerate(dropped) if index is not None)
        raise ValueError(
            f"The categorical_encoder {describe_encoder(encoder)} drops a category (feature "
            f"{names[feature]!r}): samples of that category get no active column, so "
            "SMOTENC cannot tell which category they hold. Pass an encoder that keeps one "
            "column per category, e.g. OneHotEncoder(handle_unknown='ignore') (drop=None)."
        )
    try:
        infrequent = encoder.infrequent_categories_
    except AttributeError:  # no grouping of infrequent categories
        infrequent = [None] * len(categories)
    return np.array([len(values) - (0 if grouped is None else len(grouped) - 1)
                     for values, grouped in zip(categories, infrequent)], dtype=np.int64)


def one_hot_codes(output, encoder, names):
    """Per row and feature, the active column within the feature's block of ``output``.

    ``output`` (n_samples, n_columns), sparse or dense, is a one-hot encoding whose blocks
    are given by ``encoder.categories_`` (infrequent categories share one column). Reads
    the CSR structure: nothing is densified.
    """
    widths = _one_hot_block_widths(encoder, names)
    n_features = len(names)
    matrix = sparse.csr_matrix(output if sparse.issparse(output) else np.asarray(output))
    if matrix.shape[1] != widths.sum():
        raise ValueError(
            f"SMOTENC needs a one-hot encoding with one column per category (or per group "
            f"of infrequent categories): {int(widths.sum())} columns for these "
            f"{n_features} feature(s). The categorical_encoder {describe_encoder(encoder)} "
            f"returned {matrix.shape[1]} column(s). Use a OneHotEncoder (an ordinal encoder "
            "belongs to SMOTEN)."
        )
    if not matrix.has_sorted_indices:
        matrix = matrix.sorted_indices()
    active = matrix.data != 0
    columns = matrix.indices[active]
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[active]
    per_row = np.bincount(row_of, minlength=matrix.shape[0])
    block_ends = np.cumsum(widths)
    ok = per_row == n_features
    if ok.all():
        columns = columns.reshape(-1, n_features)
        blocks = np.searchsorted(block_ends, columns, side="right")
        ok = (blocks == np.arange(n_features)).all(axis=1)
        if ok.all():
            return columns - (block_ends - widths)
    row = int(np.flatnonzero(~ok)[0])
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    row_columns = matrix.indices[start:end][matrix.data[start:end] != 0]
    counts = np.bincount(np.searchsorted(block_ends, row_columns, side="right"),
                         minlength=n_features)
    feature = int(np.flatnonzero(counts != 1)[0])
    raise ValueError(
        f"SMOTENC needs exactly one active one-hot column per categorical feature in every "
        f"row; the categorical_encoder {describe_encoder(encoder)} gives row {row} "
        f"{int(counts[feature])} active column(s) for feature {names[feature]!r}. Pass an "
        "encoder that keeps every category, e.g. OneHotEncoder(handle_unknown='ignore')."
    )


@dataclass
class MixedSyntheticRows(SyntheticRows):
    """Synthetic rows with continuous values and categorical codes kept apart.

    ``continuous`` (n_rows, p) holds the values of the columns at ``continuous_positions``,
    ``categorical`` (n_rows, q) the codes of ``encoding``'s columns, ``value_rows``
    (n_rows, q), when given, the rows of ``X`` whose values the codes decode to (see
    :meth:`CategoricalCodes.value_rows`).
    """

    continuous: np.ndarray | None = None
    categorical: np.ndarray | None = None
    continuous_positions: np.ndarray | None = None
    encoding: CategoricalCodes | None = None
    value_rows: np.ndarray | None = None

    def source_rows(self, f):
        """Rows of ``X`` holding the values of categorical column ``f`` of these rows."""
        if self.value_rows is not None:
            return self.value_rows[:, f]
        return self.encoding.source_rows(f, self.categorical[:, f])


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
            columns[position] = pd.Series(synthetic.continuous[:, j],
                                          dtype=interpolated_dtype(X.dtypes.iloc[position]))
        for f, position in enumerate(encoding.positions):
            rows = synthetic.source_rows(f)
            columns[position] = X.iloc[rows, position].reset_index(drop=True)
        new = pd.DataFrame({X.columns[p]: columns[p] for p in range(X.shape[1])})
        new.columns = X.columns
        original = as_interpolated_columns(X.reset_index(drop=True),
                                           X.columns[continuous_positions])
        return pd.concat([original, new], ignore_index=True)

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
        new[:, position] = values[synthetic.source_rows(f), position]
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
    value_rows = None
    if any(p.value_rows is not None for p in parts):
        value_rows = np.concatenate([p.value_rows for p in parts])
    return MixedSyntheticRows(
        np.concatenate([p.codes for p in parts]),
        np.concatenate([p.parent_a for p in parts]),
        np.concatenate([p.parent_b for p in parts]),
        np.concatenate([p.step for p in parts]),
        continuous=np.concatenate([p.continuous for p in parts]),
        categorical=np.concatenate([p.categorical for p in parts]),
        continuous_positions=continuous_positions, encoding=encoding, value_rows=value_rows,
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


@fill_doc
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
    categorical_encoder : object, default=None
        One-hot encoder that decides which values of a categorical feature count as the
        same category (imbalanced-learn's parameter of the same name). It is cloned and
        fitted on the categorical columns; its ``categories_`` give the block of output
        columns of each feature, and the active column of a row within its block is the
        row's category. So ``OneHotEncoder(min_frequency=...)`` or ``max_categories=...``
        makes the infrequent values of a feature one category: they match each other in
        the distance and vote together. The encoder must keep one active column per
        feature in every row (``drop`` is rejected); ``handle_unknown`` plays no part, as
        the encoder is applied to the data it was fitted on. ``None``: every distinct
        value is a category, found without building one-hot columns, and
        ``categorical_encoder_`` is ``OneHotEncoder(handle_unknown="ignore")`` fitted
        for inspection; the samples are the same as with that encoder passed explicitly.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator (one generator per fit, shared by every class).
    k_neighbors : int or object, default=5
        Number of same-class neighbours, or a scikit-learn-like object with ``fit`` and
        ``kneighbors`` whose ``n_neighbors`` counts the sample itself (it is fitted on a
        sparse matrix of continuous and scaled one-hot columns of the class).
    %(n_jobs)s

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    categorical_features_ : ndarray of int
        Positions of the categorical features.
    continuous_features_ : ndarray of int
        Positions of the continuous features.
    categorical_encoder_ : object or None
        The fitted clone of ``categorical_encoder``; with ``categorical_encoder=None``,
        ``OneHotEncoder(handle_unknown="ignore")`` fitted on the categorical columns (None
        when scikit-learn's encoders reject a column, one mixing strings and numbers).
    median_std_ : dict
        ``{label: median standard deviation of the continuous features}`` of each
        over-sampled class.
    %(fitted_features)s
    %(synthetic_provenance)s

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

    *Grouped categories.* When ``categorical_encoder`` gives several values one category
    (infrequent ones), a synthetic sample whose vote goes to that category copies the
    seed's own value if the seed holds the category, else the value of the nearest
    neighbour that holds it: every synthetic value is the value of the seed or of one of
    its neighbours, never an unrelated member of the group. imbalanced-learn rejects
    such encoders.

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

    An encoder that groups infrequent values makes them one category:

    >>> from sklearn.preprocessing import OneHotEncoder
    >>> X["colour"] = pd.Categorical(rng.choice(["red", "blue", "green"], size=100,
    ...                                         p=[0.5, 0.45, 0.05]))
    >>> grouped = SMOTENC(categorical_features="auto", random_state=0,
    ...                   categorical_encoder=OneHotEncoder(min_frequency=10))
    >>> X_res, y_res = grouped.fit_resample(X, y)
    >>> grouped.categorical_encoder_.infrequent_categories_
    [array(['green'], dtype=object)]
    """

    _needs_numeric = False
    _accept_sparse = False

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "categorical_features": ["array-like", StrOptions({"auto"})],
        "categorical_encoder": [HasMethods(["fit_transform", "inverse_transform"]), None],
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, categorical_features, *, categorical_encoder=None,
                 sampling_strategy="auto", random_state=None, k_neighbors=5, n_jobs=None):
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder
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
        self.categorical_encoder_, data.categorical = fit_categorical_encoder(
            self.categorical_encoder, OneHotEncoder(handle_unknown="ignore"), data.X,
            CategoricalCodes.encode(data.X, self.categorical_features_), one_hot_codes,
        )
        return data, targets

    def _fit_resample(self, data, targets):
        X_continuous, encoding = data.continuous, data.categorical
        generator = check_generator(self.random_state)
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        user_searcher = None if isinstance(self.k_neighbors, numbers.Integral) else searcher
        self.median_std_ = {}
        parts = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            code, rows, n_new = group.code, group.rows, group.n_new
            X_class = np.ascontiguousarray(X_continuous[rows], dtype=np.float64)
            codes_class = np.ascontiguousarray(encoding.codes[rows])
            median_std = float(np.median(X_class.std(axis=0)))
            self.median_std_[group.label] = median_std
            # the search compares every pair of the class's rows
            work = (rows.shape[0] ** 2 + n_new) * (X_class.shape[1] + codes_class.shape[1])
            with numba_thread_limit(self.n_jobs, work=work):
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
                value_rows=encoding.value_rows(rows, neighbor_index, seeds, categorical),
            ))
        synthetic = concat_synthetic(parts, self.continuous_features_, encoding)
        return Resampled(np.arange(data.n_samples), synthetic)

    def _assemble_features(self, X, data, kept, synthetic):
        return assemble_mixed_output(data.X, synthetic)
