"""Over-sampling with SMOTE followed by cleaning: SMOTE + ENN and SMOTE + Tomek links."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone

from ..base import BaseOverSampler, BaseSampler, Resampled, SyntheticRows
from ..neighbors import SegmentCover
from ..over_sampling._smote import SMOTE
from ..under_sampling import EditedNearestNeighbours
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods

__all__ = ["SMOTEENN", "SMOTETomek", "over_sample_then_clean"]


def _over_sample(over, data):
    """Run ``over`` on the numeric data; returns ``(X_stacked, codes, synthetic)``.

    With an imbtools over-sampler the synthetic rows keep their parents (so
    ``sample_weight`` can be interpolated); another sampler is run through its public
    ``fit_resample`` and its new rows are treated as parentless.
    """
    X = data.numeric
    labels = data.target.classes[data.target.codes]
    n = data.n_samples
    if isinstance(over, BaseSampler):
        over._validate_params()
        over_data, over_targets = over._check_input(X, labels, data.sample_weight)
        result = over._fit_resample(over_data, over_targets)
        synthetic = result.synthetic
        if synthetic is None:
            empty = np.empty(0, dtype=np.int64)
            synthetic = SyntheticRows(empty, empty, empty, np.empty(0), rows=X[:0])
        # the sampler's own assembly: SMOTE-NC's rows are not plain interpolations
        stacked = over._assemble_features(X, over_data, result.kept_indices, synthetic)
        return stacked, np.concatenate([data.target.codes[result.kept_indices],
                                        synthetic.codes]), synthetic, result.kept_indices
    if data.sample_weight is not None:
        raise ValueError(
            f"sample_weight needs the over-sampler to be an imbtools sampler (got "
            f"{type(over).__name__}), which tells which samples each new one derives from."
        )
    stacked, labels_out = over.fit_resample(X, labels)[:2]
    codes = pd.Index(data.target.classes).get_indexer(np.asarray(labels_out))
    n_new = stacked.shape[0] - n
    parents = np.zeros(n_new, dtype=np.int64)
    synthetic = SyntheticRows(codes[n:], parents, parents, np.zeros(n_new), rows=stacked[n:])
    return stacked, codes, synthetic, np.arange(n)


def _smote_cover(stacked, kept_before, n_samples, synthetic):
    """Segments holding the stacked rows: each synthetic row on its parents' segment.

    Kept original rows are their own segment (as are synthetic rows whose parents were
    not kept). :class:`~imbtools.neighbors.SegmentCover` measures how far each row
    lies from its segment, so the cover is safe even for rows that are not plain
    interpolations.
    """
    n_kept = kept_before.shape[0]
    position = np.full(n_samples, -1, dtype=np.int64)
    position[kept_before] = np.arange(n_kept)
    start = np.arange(stacked.shape[0], dtype=np.int64)
    end = start.copy()
    a, b = position[synthetic.parent_a], position[synthetic.parent_b]
    both = (a >= 0) & (b >= 0)
    start[n_kept:][both], end[n_kept:][both] = a[both], b[both]
    return SegmentCover(stacked, start, end)


def over_sample_then_clean(data, over, cleaner):
    """Over-sample with ``over``, clean the result with ``cleaner``.

    Parameters
    ----------
    data : SamplerInput
    over : over-sampler
        An imbtools over-sampler, or any object with ``fit_resample`` that returns the
        original samples first.
    cleaner : cleaning sampler
        Any object with ``fit_resample`` that sets ``sample_indices_``.

    Returns
    -------
    Resampled
        Original rows that survive the cleaning, then surviving synthetic rows.
    """
    stacked, codes, synthetic, kept_before = _over_sample(over, data)
    n_kept_before = kept_before.shape[0]
    labels = data.target.classes[codes]
    if type(cleaner) is EditedNearestNeighbours and isinstance(over, BaseSampler) and not (
            sparse.issparse(stacked)):
        # Our ENN only needs the kept rows, and the synthetic rows' parents make its
        # certificate cheaper: skip building its output, hand it the segments.
        cleaner._validate_params()
        clean_data, clean_targets = cleaner._check_input(stacked, labels, None)
        cover = _smote_cover(clean_data.numeric, kept_before, data.n_samples, synthetic)
        cleaner.sample_indices_ = cleaner._fit_resample(clean_data, clean_targets,
                                                        cover=cover).kept_indices
    else:
        cleaner.fit_resample(stacked, labels)
    if not hasattr(cleaner, "sample_indices_"):
        raise ValueError(
            f"The cleaning sampler {type(cleaner).__name__} has no sample_indices_ after "
            "fit_resample; a cleaner that reports the rows it keeps is needed."
        )
    survivors = np.sort(np.asarray(cleaner.sample_indices_, dtype=np.int64))
    original = kept_before[survivors[survivors < n_kept_before]]
    new = survivors[survivors >= n_kept_before] - n_kept_before
    if sparse.issparse(stacked):
        rows = stacked[n_kept_before + new]
    else:
        rows = stacked[n_kept_before:][new]
    kept_synthetic = SyntheticRows(
        synthetic.codes[new], synthetic.parent_a[new], synthetic.parent_b[new],
        synthetic.step[new], rows=rows,
    )
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
    n_features_in_ : int
        Number of features seen in ``fit_resample``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` was a DataFrame with string column names.

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
        from ..under_sampling import EditedNearestNeighbours

        return EditedNearestNeighbours(sampling_strategy="all", n_jobs=self.n_jobs)

    def _set_cleaner(self, cleaner):
        self.enn_ = cleaner


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
    n_features_in_ : int
        Number of features seen in ``fit_resample``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when ``X`` was a DataFrame with string column names.

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
