"""Instance hardness threshold (Smith, Martinez & Giraud-Carrier, 2014)."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.ensemble._base import _set_random_states
from sklearn.model_selection import StratifiedKFold, check_cv, cross_val_predict
from sklearn.utils import check_random_state

from ..base import BaseUnderSampler, Resampled
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods

__all__ = ["InstanceHardnessThreshold"]


@fill_doc
class InstanceHardnessThreshold(BaseUnderSampler):
    """Under-sample by removing the samples a classifier finds hardest.

    The instance hardness of a sample is one minus the probability a classifier, trained
    without it (cross-validation), gives to its true class (Smith et al., 2014). In each
    under-sampled class, the samples with the highest hardness are removed until the
    class has the requested size (samples tied at the threshold are all kept).

    Parameters
    ----------
    estimator : classifier with ``predict_proba``, default=None
        ``None`` uses ``RandomForestClassifier(n_estimators=100)`` seeded with
        ``random_state``.
    %(sampling_strategy_under)s
    random_state : int, RandomState instance or None, default=None
        Seeds the folds and the estimator (the same draws as imbalanced-learn).
    cv : int, cross-validation generator or iterable, default=5
        Folds of the cross-validated probabilities; an int means a shuffled
        :class:`~sklearn.model_selection.StratifiedKFold`.
    n_jobs : int, default=None
        Jobs of ``cross_val_predict`` (and of the default forest).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}`` for the under-sampled classes.
    estimator_ : estimator
        The (unfitted) classifier used in cross-validation.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Kept input rows, in increasing order.

    Notes
    -----
    What needs computing: one out-of-fold probability per sample, which the classifier
    determines; there is no neighbour search. Labels are handled as class codes, so
    string and boolean labels work (imbalanced-learn indexes the probability matrix with
    the labels themselves and fails on them).

    References
    ----------
    .. [1] M. R. Smith, T. Martinez and C. Giraud-Carrier, "An instance level analysis of
       data complexity," Machine Learning, 95(2), 225-256, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.under_sampling import InstanceHardnessThreshold
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> sampler = InstanceHardnessThreshold(estimator=LogisticRegression(), random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> Counter(y_res.tolist())[1] == Counter(y.tolist())[1]
    True
    """

    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "cv": ["cv_object"],
        "n_jobs": N_JOBS_CONSTRAINT,
        "random_state": ["random_state"],
    }

    def __init__(self, *, estimator=None, sampling_strategy="auto", random_state=None, cv=5,
                 n_jobs=None):
        self.estimator = estimator
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.cv = cv
        self.n_jobs = n_jobs

    def _make_estimator(self, random_state):
        if self.estimator is None:
            return RandomForestClassifier(n_estimators=100, random_state=self.random_state,
                                          n_jobs=self.n_jobs)
        if not is_classifier(self.estimator):
            raise ValueError(
                f"estimator={self.estimator!r} is not a classifier; pass a classifier with "
                "predict_proba (or None for a random forest)."
            )
        estimator = clone(self.estimator)
        _set_random_states(estimator, random_state)
        return estimator

    def _fit_resample(self, data, targets):
        random_state = check_random_state(self.random_state)
        self.estimator_ = self._make_estimator(random_state)
        codes, counts = data.target.codes, data.target.counts
        if isinstance(self.cv, numbers.Integral):
            if self.cv > counts.max():
                raise ValueError(
                    f"cv={self.cv} stratified folds need a class of at least {self.cv} "
                    f"samples, but the largest class has {int(counts.max())}; use cv <= "
                    f"{int(counts.max())} (cv >= 2), or more samples."
                )
            folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=random_state)
        else:
            folds = check_cv(self.cv, codes, classifier=True)
        try:
            probabilities = cross_val_predict(self.estimator_, data.numeric, codes, cv=folds,
                                              n_jobs=self.n_jobs, method="predict_proba")
        except ValueError as exc:  # e.g. a training fold without a small class
            raise ValueError(
                f"estimator failed in the cv={self.cv!r} cross-validation (the smallest "
                f"class has {int(counts.min())} samples, so with fewer folds than that "
                f"some training folds miss it): {exc}"
            ) from exc
        own_probability = probabilities[np.arange(codes.shape[0]), codes]
        keep = np.ones(codes.shape[0], dtype=bool)
        for code, n_keep in targets.items():
            rows = data.class_rows(code)
            threshold = np.percentile(own_probability[rows],
                                      (1.0 - n_keep / counts[code]) * 100.0)
            keep[rows[own_probability[rows] < threshold]] = False
        return Resampled(np.flatnonzero(keep))
