"""Over-sampling with SMOTE followed by cleaning: SMOTE + ENN and SMOTE + Tomek links."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone

from ..base import BaseOverSampler, BaseSampler, Resampled, SyntheticRows
from ..over_sampling import SMOTE
from ..under_sampling import EditedNearestNeighbours
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods

__all__ = ["SMOTEENN", "SMOTETomek", "over_sample_then_clean"]


def _over_sample(over, data):
    """Run ``over`` through its public ``fit_resample`` on the numeric data.

    Returns ``(X_over, codes_over, parents, steps)``: the over-sampled rows (the input
    rows first, unchanged), their class codes, and each new row's two parent rows and
    step (an imbtools over-sampler reports them in ``synthetic_parents_`` and
    ``synthetic_steps_``; another sampler's new rows get row 0 as both parents).
    """
    X, n = data.numeric, data.n_samples
    labels = data.target.classes[data.target.codes]
    if data.sample_weight is not None and not isinstance(over, BaseSampler):
        raise ValueError(
            f"sample_weight needs the over-sampler to be an imbtools sampler (got "
            f"{type(over).__name__}), which tells which samples each new one derives from."
        )
    weights = {} if data.sample_weight is None else {"sample_weight": data.sample_weight}
    X_over, y_over = over.fit_resample(X, labels, **weights)[:2]
    n_new = X_over.shape[0] - n
    if n_new < 0 or not _same_rows(X_over[:n], X):
        raise ValueError(
            f"The over-sampler {type(over).__name__} did not return the input rows "
            "first and unchanged; SMOTEENN and SMOTETomek combine an over-sampler that "
            "only adds rows with a cleaner."
        )
    codes = pd.Index(data.target.classes).get_indexer(np.asarray(y_over))
    parents = getattr(over, "synthetic_parents_", None)
    if parents is None or parents.shape[0] != n_new:
        parents, steps = np.zeros((n_new, 2), dtype=np.int64), np.zeros(n_new)
    else:
        steps = over.synthetic_steps_
    return X_over, codes, parents, steps


def _same_rows(A, B):
    if sparse.issparse(B):
        return sparse.issparse(A) and A.shape == B.shape and (A != B).nnz == 0
    return np.array_equal(np.asarray(A), B)


def _segments(n_samples, parents):
    """Each original row its own segment, each new row on the segment of its parents."""
    start = np.arange(n_samples + parents.shape[0], dtype=np.int64)
    end = start.copy()
    start[n_samples:], end[n_samples:] = parents[:, 0], parents[:, 1]
    return start, end


def over_sample_then_clean(data, over, cleaner):
    """Over-sample with ``over``, clean the result with ``cleaner``, through public API.

    Parameters
    ----------
    data : SamplerInput
    over : over-sampler
        Any object with ``fit_resample`` that returns the input rows first, unchanged,
        then the new rows (every imbtools and imbalanced-learn over-sampler does).
    cleaner : cleaning sampler
        Any object with ``fit_resample`` that sets ``sample_indices_``. When its
        ``fit_resample`` takes a ``segments`` hint (imbtools' editing samplers), it is
        handed the new rows' parents.

    Returns
    -------
    Resampled
        Original rows that survive the cleaning, then surviving synthetic rows.
    """
    n = data.n_samples
    X_over, codes, parents, steps = _over_sample(over, data)
    hint = {}
    if "segments" in inspect.signature(cleaner.fit_resample).parameters:
        hint["segments"] = _segments(n, parents)
    cleaner.fit_resample(X_over, data.target.classes[codes], **hint)
    if not hasattr(cleaner, "sample_indices_"):
        raise ValueError(
            f"The cleaning sampler {type(cleaner).__name__} has no sample_indices_ after "
            "fit_resample; a cleaner that reports the rows it keeps is needed."
        )
    survivors = np.sort(np.asarray(cleaner.sample_indices_, dtype=np.int64))
    original = survivors[survivors < n]
    new = survivors[survivors >= n] - n
    kept_synthetic = SyntheticRows(codes[n + new], parents[new, 0], parents[new, 1],
                                   steps[new], rows=X_over[n + new])
    return Resampled(original, kept_synthetic)


class _SMOTEThenClean(BaseSampler):
    """Shared plumbing: the default SMOTE, then a cleaner (composition, no algorithm).

    Like imbalanced-learn's combinations, an over-sampling ``sampling_strategy`` but not
    an over-sampler: cleaning may leave classes below the requested counts, so the
    estimator checks must not hold it to an over-sampler's guarantees.
    """

    _sampling_type = "over-sampling"

    def _over_sampler(self):
        if self.smote is not None:
            return clone(self.smote)
        return SMOTE(sampling_strategy=self.sampling_strategy,
                     random_state=self.random_state, n_jobs=self.n_jobs)

    def _fit_resample(self, data, targets):
        self.smote_ = self._over_sampler()
        cleaner = self._cleaner()
        result = over_sample_then_clean(data, self.smote_, cleaner)
        self._set_cleaner(cleaner)
        return result


@fill_doc
class SMOTEENN(_SMOTEThenClean):
    """Over-sample with SMOTE, then clean with edited nearest neighbours (SMOTE + ENN).

    SMOTE creates minority samples; Wilson's edited nearest neighbours then removes, from
    every class, the samples (original or synthetic) whose neighbours disagree with their
    label, cleaning the class overlap that the over-sampling may have deepened [1]_.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`; used by the
        default SMOTE only.
    random_state : int, RandomState instance or None, default=None
        Seed of the default SMOTE.
    smote : sampler, default=None
        The over-sampler; default ``SMOTE(sampling_strategy=sampling_strategy,
        random_state=random_state, n_jobs=n_jobs)``. An imbtools over-sampler keeps
        ``sample_weight`` support; any other object with ``fit_resample`` works without it.
    enn : sampler, default=None
        The cleaner; default ``EditedNearestNeighbours(sampling_strategy="all",
        n_jobs=n_jobs)``. Any sampler that sets ``sample_indices_``.
    n_jobs : int, default=None
        Threads for the default SMOTE and ENN (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples SMOTE was asked to generate}``.
    smote_ : sampler
        The fitted over-sampler.
    enn_ : sampler
        The fitted cleaner.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTETomek : SMOTE followed by Tomek-link removal.

    Notes
    -----
    *What needs querying.* SMOTE searches neighbours within the classes it over-samples;
    ENN needs every cleaned sample's neighbours over the whole resampled data, the one
    search over everything, which
    :class:`~imbtools.under_sampling.EditedNearestNeighbours` answers with its exact
    certificate for large pure regions instead of a full query. After SMOTE the classes
    are balanced, so the certificate's distances to the other class would cost as much
    as the search; instead, the default ENN is handed the synthetic samples' parents:
    every synthetic sample lies on the segment between its parents, so distances to the
    ~10^5 synthetic samples are bounded through the ~10^4 segments, and a synthetic
    sample's distance to the other class through its parents' (at 10^5 rows, ~3/4 of
    the majority and all but a few synthetic samples are certified without a search).
    The result is the same as ENN run on the over-sampled data. The over-sampled data
    are built once as a numeric array and handed to the cleaner, whose own output (a
    copy of the data) is not built; the caller's container (DataFrame dtypes, sparse
    format) is rebuilt only for the final output.

    Output: the surviving original samples in their order, then the surviving synthetic
    samples. ``sample_weight`` follows each surviving sample (synthetic ones interpolated
    from their parents).

    References
    ----------
    .. [1] G. E. A. P. A. Batista, R. C. Prati, M. C. Monard, "A study of the behavior of
       several methods for balancing machine learning training data", ACM SIGKDD
       Explorations Newsletter, 6(1), 20-29, 2004.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.combine import SMOTEENN
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = SMOTEENN(random_state=0).fit_resample(X, y)
    >>> counts = Counter(y_res.tolist())
    >>> counts[0] < Counter(y.tolist())[0], counts[1] > Counter(y.tolist())[1]
    (True, True)
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "smote": [HasMethods(["fit_resample"]), None],
        "enn": [HasMethods(["fit_resample"]), None],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, smote=None, enn=None,
                 n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.enn = enn
        self.n_jobs = n_jobs

    def _cleaner(self):
        if self.enn is not None:
            return clone(self.enn)

        return EditedNearestNeighbours(sampling_strategy="all", n_jobs=self.n_jobs)

    def _set_cleaner(self, cleaner):
        self.enn_ = cleaner


@fill_doc
class SMOTETomek(_SMOTEThenClean):
    """Over-sample with SMOTE, then remove Tomek links (SMOTE + Tomek).

    SMOTE creates minority samples; then both samples of every Tomek link (two samples of
    different classes that are each other's nearest neighbour) are removed, clearing the
    class border [1]_.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Samples to generate, as in :class:`~imbtools.over_sampling.SMOTE`; used by the
        default SMOTE only.
    random_state : int, RandomState instance or None, default=None
        Seed of the default SMOTE.
    smote : sampler, default=None
        The over-sampler; default ``SMOTE(sampling_strategy=sampling_strategy,
        random_state=random_state, n_jobs=n_jobs)``. An imbtools over-sampler keeps
        ``sample_weight`` support; any other object with ``fit_resample`` works without it.
    tomek : sampler, default=None
        The cleaner; default ``TomekLinks(sampling_strategy="all", n_jobs=n_jobs)``. Any
        sampler that sets ``sample_indices_``.
    n_jobs : int, default=None
        Threads for the default SMOTE and Tomek links (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples SMOTE was asked to generate}``.
    smote_ : sampler
        The fitted over-sampler.
    tomek_ : sampler
        The fitted cleaner.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTEENN : SMOTE followed by edited nearest neighbours.

    Notes
    -----
    *What needs querying.* SMOTE searches within the over-sampled classes; Tomek links
    need each sample's single nearest neighbour, which
    :class:`~imbtools.under_sampling.TomekLinks` queries for the samples outside the
    largest class and for their partners only. The over-sampled data are built once as a
    numeric array; the caller's container is rebuilt only for the final output.

    Output: the surviving original samples in their order, then the surviving synthetic
    samples, with ``sample_weight`` as in :class:`SMOTEENN`.

    References
    ----------
    .. [1] G. E. A. P. A. Batista, A. L. C. Bazzan, M. C. Monard, "Balancing Training Data
       for Automated Annotation of Keywords: a Case Study", Workshop on Bioinformatics
       (WOB), 10-18, 2003.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.combine import SMOTETomek
    >>> X, y = make_classification(n_samples=500, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> X_res, y_res = SMOTETomek(random_state=0).fit_resample(X, y)
    >>> Counter(y_res.tolist())[1] > Counter(y.tolist())[1]
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "smote": [HasMethods(["fit_resample"]), None],
        "tomek": [HasMethods(["fit_resample"]), None],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, smote=None,
                 tomek=None, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _cleaner(self):
        if self.tomek is not None:
            return clone(self.tomek)
        from ..under_sampling import TomekLinks

        return TomekLinks(sampling_strategy="all", n_jobs=self.n_jobs)

    def _set_cleaner(self, cleaner):
        self.tomek_ = cleaner
