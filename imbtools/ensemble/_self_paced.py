"""Self-paced ensemble (Liu et al., ICDE 2020).

``fit`` reads like the paper's Algorithm 1::

    for i in 0 .. n_estimators - 1:
        alpha_i = tan(i * pi / (2 (n - 1)))                       # self-paced factor
        hardness = H(running mean of the ensemble's probabilities)  # majority rows only
        subset = all minority rows + per majority class a hardness-binned draw
        f_i = fit(estimator, X[subset], y[subset])
        running probability sum += f_i.predict_proba(majority rows)   # latest member only

The algorithm steps live in :mod:`imbtools.under_sampling._self_paced` as pure functions.
"""

from __future__ import annotations

import numbers
import threading
import warnings

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils import check_random_state
from sklearn.utils._tags import get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    has_fit_parameter,
    validate_data,
)

from ..under_sampling.self_paced_steps import (
    HARDNESS_FUNCTIONS,
    compute_hardness,
    random_hardness_free_draw,
    resolve_hardness,
    self_paced_alpha,
    self_paced_under_sample,
    set_random_states,
)
from ..utils._parallel import n_threads
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval, StrOptions
from ..utils.validation import encode_labels

__all__ = ["SelfPacedEnsembleClassifier"]

#: rows predicted per call when computing hardness (bounds the temporary memory)
_CHUNK_ROWS = 1 << 16


# -- pure helpers -------------------------------------------------------------------------
def split_minority_majority(codes, n_classes, active_rows=None):
    """Classes to keep whole and classes to under-sample.

    Every class larger than the smallest class is under-sampled down to the smallest
    class's size; classes of exactly that size are kept whole.

    Parameters
    ----------
    codes : ndarray of shape (n_samples,)
        Class code of every row, ``0 .. n_classes - 1``.
    n_classes : int
    active_rows : ndarray of int, default=None
        Only these rows take part (increasing); None means all.

    Returns
    -------
    n_minority : int
        Size of the smallest class (the per-class size of each balanced subset).
    class_rows : list of ndarray
        Row indices of each class, increasing; int32 when the rows fit (half the memory
        of the largest per-row array the fit keeps).
    majority_codes : ndarray
        Codes of the under-sampled classes.
    """
    index_dtype = np.int32 if codes.shape[0] <= np.iinfo(np.int32).max else np.intp
    if active_rows is not None:
        codes = codes[active_rows]
        class_rows = [active_rows[codes == code].astype(index_dtype)
                      for code in range(n_classes)]
    else:
        class_rows = [np.flatnonzero(codes == code).astype(index_dtype)
                      for code in range(n_classes)]
    sizes = np.array([rows.shape[0] for rows in class_rows])
    n_minority = int(sizes.min())
    return n_minority, class_rows, np.flatnonzero(sizes > n_minority)


def proba_of_class(estimator, X, rows, column, n_jobs, add_to=None):
    """``estimator.predict_proba(X[rows])[:, column]``, in chunks, threads if n_jobs != 1.

    ``rows`` must be increasing. The majority set is never materialised: each chunk of
    ``_CHUNK_ROWS`` rows (a quarter of that on threads) is predicted either on the slice
    of ``X`` that spans it (a view, no copy, when the chunk's rows fill at least 2/3 of
    that slice -- the usual case for a majority class) or on a gathered copy of its rows.
    Chunks run on joblib threads (tree prediction releases the GIL); each writes only its
    own slice of the result.

    With ``add_to`` (a float64 array of shape ``rows.shape``), the probabilities are
    added to it in place and it is returned: the ensemble's running sum needs no
    temporary of the majority set's size.
    """
    total = np.zeros(rows.shape[0]) if add_to is None else add_to
    threads = min(n_threads(n_jobs), -(-rows.shape[0] // _CHUNK_ROWS))
    # Threads get quarter-size chunks: each thread's temporaries (the float32 copy a tree
    # makes) stay in that thread's malloc arena, which 2 threads grew by ~40 MB at 10^6 rows.
    chunk_rows = _CHUNK_ROWS if threads <= 1 else max(1, _CHUNK_ROWS // 4)
    starts = range(0, rows.shape[0], chunk_rows)

    def predict_chunk(start):
        stop = min(start + chunk_rows, rows.shape[0])
        chunk = rows[start:stop]
        first, last = chunk[0], chunk[-1] + 1
        if 3 * (stop - start) >= 2 * (last - first):
            total[start:stop] += estimator.predict_proba(X[first:last])[chunk - first, column]
        else:
            total[start:stop] += estimator.predict_proba(X[chunk])[:, column]

    if threads <= 1:
        for start in starts:
            predict_chunk(start)
    else:
        Parallel(n_jobs=threads, prefer="threads")(delayed(predict_chunk)(s) for s in starts)
    return total


class SelfPacedEnsembleClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Self-paced ensemble: each member trained on a hardness-harmonised balanced subset.

    Every member ``i`` is trained on the minority samples (a bootstrap sample of them by
    default, see ``bootstrap``) plus, for each larger class, as many samples as the
    smallest class has, drawn by self-paced under-sampling (Liu et
    al., ICDE 2020): the class's samples are cut into ``k_bins`` equal-width bins of
    *hardness* -- computed from the average predicted probabilities of the members
    trained so far -- and bin ``l`` (mean hardness ``h_l``) contributes a share
    ``1 / (h_l + alpha_i)`` of the draw, with ``alpha_i = tan(i * pi / (2 (n - 1)))``.
    Early members see a subset whose hardness contributions are harmonised (mostly easy
    samples, some hard ones); late members (``alpha`` very large) see every hardness level
    equally. The first member sees a random subset.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``, default=None
        Base estimator, cloned for each member. None means an unpruned
        ``DecisionTreeClassifier()``, the paper's and imbalanced-ensemble's default. On
        large data with label noise a smoother tree ranks better but moves the best
        threshold away from 0.5: for ranking there, pass
        ``DecisionTreeClassifier(min_samples_leaf=5)`` and choose the threshold with
        :class:`~imbtools.threshold.ThresholdCalibratedClassifier` (the measurements
        behind this default are on the documentation's self-paced ensemble page).
    n_estimators : int, default=10
        Number of members: the paper's main comparisons use 10 ("SPE10"), a cheap default.
        Fit time is linear in it; more members mostly improve the ranking (average
        precision), less the F1 score at threshold 0.5.
    k_bins : int, default=5
        Number of hardness bins (imbalanced-ensemble's default; the authors' code uses
        10).
    hardness : {"absolute_error", "squared_error", "cross_entropy"} or callable, \
default="absolute_error"
        Hardness of a sample whose own class has averaged predicted probability ``p``:
        ``1 - p`` (the paper's default), ``(1 - p) ** 2``, ``-log(p)``, or a callable
        ``hardness(p) -> ndarray`` of the same shape with finite values >= 0.
    soft_resample : bool, default=False
        False: draw exactly the computed number of samples from each bin. True: give each
        sample of bin ``l`` the probability ``count_l / population_l`` (normalised) and draw
        the whole class at once with these probabilities.
    replacement : bool, default=False
        Draw majority samples with replacement. Without replacement (default), a bin
        asked for more samples than it holds gives all it has and its surplus goes to the
        other bins in proportion to their weights, so every subset is exactly balanced.
        With replacement, late members (equal bin counts) repeat the few hardest samples
        -- under label noise mostly mislabelled ones -- many times.
    bootstrap : bool, default=True
        Give each member a bootstrap sample of each minority class (same size, drawn with
        replacement) instead of the whole class; with False the minority is kept whole,
        as in the paper. The bootstrap decorrelates the members where it matters, on the
        minority side (imbalanced-ensemble does the same with its default
        ``replacement=True``); with unpruned trees it raises F1 on most datasets, at a
        loss on classes of a few dozen samples.
    warm_start : bool, default=False
        Keep the fitted members and add ``n_estimators - len(estimators_)`` new ones.
        The running probabilities are recomputed from the kept members; new member ``i``
        uses the same seed as in a full fit and ``alpha_i`` of the *new* ``n_estimators``,
        so a warm-started ensemble equals a full fit only in its first members (the
        paper's schedule depends on the total number of members).
    n_jobs : int, default=None
        Threads for prediction: the per-iteration prediction over the majority rows
        (in chunks of 65536 rows, 16384 on threads), and ``predict_proba`` /
        ``decision_function`` over the members. None or -1 means every core (imbtools'
        convention), 1 no threads. The fits themselves are sequential by nature: member
        ``i + 1`` needs the hardness left by member ``i``.
    random_state : int, RandomState instance or None, default=None
        Read once per fit (never modified); member ``i`` gets the ``i``-th seed drawn from
        it, for both its subset and its own ``random_state``.
    verbose : int, default=0
        If > 0, show a tqdm progress bar over members.

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members (trained on class codes ``0 .. n_classes - 1``).
    estimators_samples_ : list of ndarray
        Training rows of each member (indices into the ``X`` given to ``fit``, increasing;
        repeated with ``replacement=True``).
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when ``X`` had string column names.
    feature_importances_ : ndarray of shape (n_features_in_,)
        Mean of the members' ``feature_importances_`` (when the base estimator has them).

    Notes
    -----
    Cost per member: one fit on ``n_classes * n_minority`` rows and one prediction over
    the rows of the under-sampled classes (only the newest member is evaluated: the
    running sum of probabilities is updated, never recomputed; the last member is never
    evaluated).

    Memory: ``X`` is never copied (a float32 ``X`` stays float32; a tree base estimator
    converts only each member's subset and each prediction chunk of 65536 rows to
    float32). Per row of an under-sampled class the fit keeps 21 bytes: its index (4),
    the running probability sum (8), the hardness, in one buffer reused by every member
    (8), and its hardness bin (1). Converting a float64 ``X`` to float32 once would cost
    4 bytes per feature and row, far more.

    ``sample_weight``: rows with zero weight are removed before anything else (so a zero
    weight equals removing the row); the other weights are passed to the base
    estimator's ``fit`` for the drawn rows. Class sizes count rows, not weights.

    References
    ----------
    .. [1] Z. Liu, W. Cao, Z. Gao, J. Bian, H. Chen, Y. Chang and T.-Y. Liu, "Self-paced
       Ensemble for Highly Imbalanced Massive Data Classification", ICDE 2020, pp. 841-852.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.ensemble import SelfPacedEnsembleClassifier
    >>> X, y = make_classification(n_samples=2000, weights=[0.95], random_state=0)
    >>> model = SelfPacedEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y)
    >>> len(model.estimators_), model.estimators_samples_[0].shape
    (5, (220,))
    >>> model.predict_proba(X[:2]).round(2)
    array([[0.8, 0.2],
           [1. , 0. ]])
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
        "k_bins": [Interval(numbers.Integral, 1, None, closed="left")],
        "hardness": [StrOptions(set(HARDNESS_FUNCTIONS)), callable],
        "soft_resample": ["boolean"],
        "replacement": ["boolean"],
        "bootstrap": ["boolean"],
        "warm_start": ["boolean"],
        "n_jobs": N_JOBS_CONSTRAINT,
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        n_estimators=10,
        *,
        k_bins=5,
        hardness="absolute_error",
        soft_resample=False,
        replacement=False,
        bootstrap=True,
        warm_start=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.k_bins = k_bins
        self.hardness = hardness
        self.soft_resample = soft_resample
        self.replacement = replacement
        self.bootstrap = bootstrap
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    # -- fit --------------------------------------------------------------------------------
    def fit(self, X, y, sample_weight=None):
        """Fit the ensemble.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Zero-weight rows are ignored; the others' weights go to the base estimator.

        Returns
        -------
        self : object
        """
        self._validate_params()
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], dtype="numeric")
        X = self._as_indexable(X)
        check_classification_targets(y)
        rows = None  # rows taking part: all, or those with a positive weight
        if sample_weight is not None:
            sample_weight = self._check_weights(X, sample_weight)
            rows = np.flatnonzero(sample_weight > 0)
        codes, classes = encode_labels(y)  # O(n) for integer labels; np.unique sorts
        if self.warm_start and hasattr(self, "estimators_"):
            if not np.array_equal(classes, self.classes_):
                raise ValueError(
                    f"warm_start=True needs the same classes as the first fit; got {classes}, "
                    f"fitted on {self.classes_}."
                )
        self.classes_, self.n_classes_ = classes, classes.shape[0]
        if rows is not None and np.unique(codes[rows]).shape[0] < self.n_classes_:
            raise ValueError(
                "sample_weight is zero for every sample of some class; each class in y "
                "needs at least one sample with a positive weight."
            )
        classes_split = split_minority_majority(codes, self.n_classes_, rows)
        del codes  # the per-class rows say it all (one array of n_samples less to keep)
        self._fit_members(X, *classes_split, sample_weight)
        return self

    def _fit_members(self, X, n_minority, class_rows, majority_codes, sample_weight):
        base = self._base_estimator()
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_estimators
        )
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_, self.estimators_samples_ = [], []
        n_done = len(self.estimators_)
        if n_done > self.n_estimators:
            raise ValueError(
                f"n_estimators={self.n_estimators} must be >= len(estimators_)={n_done} "
                "when warm_start=True."
            )
        if n_done == self.n_estimators:
            warnings.warn(
                "warm_start=True and n_estimators equals the number of fitted members: "
                "nothing to fit. Increase n_estimators to add members.", UserWarning,
                stacklevel=3,
            )
            return
        # Running sum of each majority row's predicted probability of its own class.
        proba_sums = {int(code): np.zeros(class_rows[code].shape[0]) for code in majority_codes}
        for member in self.estimators_:  # warm start: rebuild the running sums
            self._add_member_proba(member, X, class_rows, proba_sums)
        hardness_function = resolve_hardness(self.hardness)
        # One buffer, reused by every member and majority class, holds the hardness.
        hardness_buffer = np.empty(max((s.shape[0] for s in proba_sums.values()), default=0))

        for i in self._progress(range(n_done, self.n_estimators)):
            random_state = np.random.default_rng(seeds[i])
            subset, subset_codes = self._draw_subset(
                i, class_rows, proba_sums, n_minority, hardness_function, random_state,
                hardness_buffer,
            )
            member = set_random_states(clone(base), int(seeds[i]))
            fit_params = {} if sample_weight is None else {"sample_weight": sample_weight[subset]}
            member.fit(X[subset], subset_codes, **fit_params)
            self.estimators_.append(member)
            self.estimators_samples_.append(subset)
            if i < self.n_estimators - 1:  # the last member's predictions are never needed
                self._add_member_proba(member, X, class_rows, proba_sums)

    def _add_member_proba(self, member, X, class_rows, proba_sums):
        """Add the newest member's own-class probabilities to the running sums."""
        for code, proba_sum in proba_sums.items():
            proba_of_class(member, X, class_rows[code], code, self.n_jobs, add_to=proba_sum)

    def _draw_subset(self, i, class_rows, proba_sums, n_minority, hardness_function,
                     random_state, hardness_buffer):
        """Rows of member ``i`` (increasing) and their class codes.

        Minority classes are kept whole (or bootstrapped), each majority class is drawn.
        """
        alpha = self_paced_alpha(i, self.n_estimators)
        kept_codes = [code for code in range(len(class_rows)) if code not in proba_sums]
        parts = [class_rows[code] for code in kept_codes]
        if self.bootstrap:  # the kept-whole classes as a bootstrap sample of their size
            parts = [rows[random_state.integers(rows.shape[0], size=rows.shape[0])]
                     for rows in parts]
        for code, proba_sum in proba_sums.items():
            if i == 0:  # no member yet, no hardness: a random subset
                positions = random_hardness_free_draw(
                    proba_sum.shape[0], n_minority, random_state, self.replacement
                )
            else:
                proba_mean = np.divide(proba_sum, i, out=hardness_buffer[:proba_sum.shape[0]])
                hardness = compute_hardness(hardness_function, proba_mean, out=proba_mean)
                positions = self_paced_under_sample(
                    hardness, n_minority, k_bins=self.k_bins, alpha=alpha,
                    random_state=random_state, soft_resample=self.soft_resample,
                    replacement=self.replacement,
                )
            parts.append(class_rows[code][positions])
        part_codes = [*kept_codes, *proba_sums]
        subset = np.concatenate(parts).astype(np.intp)
        codes = np.repeat(np.array(part_codes, dtype=np.intp), [p.shape[0] for p in parts])
        order = np.argsort(subset, kind="stable")
        return subset[order], codes[order]

    # -- helpers ----------------------------------------------------------------------------
    def _base_estimator(self):
        return self.estimator if self.estimator is not None else DecisionTreeClassifier()

    @staticmethod
    def _as_indexable(X):
        """Row-indexable form of ``X``: CSR for sparse input, the array otherwise."""
        return X.tocsr() if sparse.issparse(X) else X

    def _check_weights(self, X, sample_weight):
        base = self._base_estimator()
        if not has_fit_parameter(base, "sample_weight"):
            raise ValueError(
                f"sample_weight was given but the base estimator {base.__class__.__name__} "
                "does not accept sample_weight in fit; pass sample_weight=None or an "
                "estimator whose fit accepts it."
            )
        return _check_sample_weight(sample_weight, X, ensure_non_negative=True)

    def _progress(self, iterations):
        if not self.verbose:
            return iterations
        from tqdm.auto import tqdm

        return tqdm(iterations, desc=type(self).__name__, unit="member")

    # -- prediction -------------------------------------------------------------------------
    def _members_average(self, X, method):
        """Average of ``member.<method>(X)`` over the members, on threads if n_jobs != 1."""
        check_is_fitted(self)
        X = self._as_indexable(
            validate_data(self, X, accept_sparse=["csr", "csc"], dtype="numeric", reset=False)
        )
        lock, total = threading.Lock(), []

        def accumulate(member):
            values = getattr(member, method)(X)
            with lock:
                if total:
                    total[0] += values
                else:
                    total.append(np.array(values, dtype=np.float64))

        threads = min(n_threads(self.n_jobs), len(self.estimators_))
        Parallel(n_jobs=threads, prefer="threads")(
            delayed(accumulate)(member) for member in self.estimators_
        )
        return total[0] / len(self.estimators_)

    def predict_proba(self, X):
        """Class probabilities: the mean of the members' ``predict_proba``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns follow ``classes_``.
        """
        return self._members_average(X, "predict_proba")

    def predict(self, X):
        """Class with the largest mean probability.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def _base_has_decision_function(self):
        return hasattr(self._base_estimator(), "decision_function")

    @available_if(_base_has_decision_function)
    def decision_function(self, X):
        """Mean of the members' ``decision_function`` (when the base estimator has one).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) for two classes, else (n_samples, n_classes)
        """
        return self._members_average(X, "decision_function")

    def staged_predict_proba(self, X):
        """Class probabilities of the first 1, 2, ..., n_estimators members.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Yields
        ------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = self._as_indexable(
            validate_data(self, X, accept_sparse=["csr", "csc"], dtype="numeric", reset=False)
        )
        total = np.zeros((X.shape[0], self.n_classes_))
        for n_members, member in enumerate(self.estimators_, start=1):
            total += member.predict_proba(X)
            yield total / n_members

    @property
    def feature_importances_(self):
        """Mean of the members' ``feature_importances_``, shape (n_features_in_,)."""
        check_is_fitted(self)
        if not hasattr(self.estimators_[0], "feature_importances_"):
            raise AttributeError(
                f"feature_importances_ is not available: the base estimator "
                f"{type(self.estimators_[0]).__name__} has no feature_importances_."
            )
        return np.mean([m.feature_importances_ for m in self.estimators_], axis=0)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        base_tags = get_tags(self._base_estimator())
        tags.input_tags.sparse = base_tags.input_tags.sparse
        tags.input_tags.allow_nan = False
        return tags
