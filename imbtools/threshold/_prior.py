"""Undo the prior shift that resampling puts into a classifier's probabilities.

A classifier trained on resampled data estimates the posterior of the *resampled*
distribution. When class ``c`` was kept or duplicated at rate
``r_c = n_c(after resampling) / n_c(before)``, Bayes' rule gives

    p_s(c | x)  ∝  r_c * p(c | x),

so the original posterior is recovered by dividing each class's probability by its rate
and renormalising [1]_ [2]_:

    p(c | x) = (p_s(c | x) / r_c) / sum_k (p_s(k | x) / r_k).

With two classes, the positive (minority) class kept whole (``r_+ = 1``) and the negative
(majority) class kept at rate ``beta`` this is Dal Pozzolo et al.'s formula
``p = beta * p_s / (beta * p_s - p_s + 1)``.

References
----------
.. [1] A. Dal Pozzolo, O. Caelen, R. A. Johnson and G. Bontempi, "Calibrating
   Probability with Undersampling for Unbalanced Classification", IEEE Symposium
   Series on Computational Intelligence (SSCI), 2015.
.. [2] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the Outputs of a
   Classifier to New a Priori Probabilities: A Simple Procedure", Neural Computation
   14(1), 2002.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils import get_tags
from sklearn.utils.metadata_routing import get_routing_for_object
from sklearn.utils.validation import check_is_fitted, column_or_1d

from ..utils._param_validation import HasMethods, StrOptions
from ..utils.validation import check_feature_matrix, check_target

__all__ = ["PriorCorrectedClassifier"]


# -- algorithm: pure functions over arrays ------------------------------------------------
def prior_corrected_log_proba(proba, rates):
    """Log of the prior-corrected probabilities.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes)
        Probabilities of a model trained on resampled data.
    rates : ndarray of shape (n_classes,)
        Positive sampling rate of each class (only their ratios matter).

    Returns
    -------
    log_proba : ndarray of shape (n_samples, n_classes)
        ``log(proba / rates)`` normalised so that each row's probabilities sum to one.
    """
    with np.errstate(divide="ignore"):
        log_weights = np.log(proba) - np.log(rates)
    return log_weights - logsumexp(log_weights, axis=1, keepdims=True)


def prior_corrected_proba(proba, rates):
    """Prior-corrected probabilities: ``proba / rates``, renormalised row by row."""
    weights = proba / rates
    return weights / weights.sum(axis=1, keepdims=True)


# -- reading the sampling rates off a pipeline --------------------------------------------
class _TrainingClassCounter(MetaEstimatorMixin, BaseEstimator):
    """Stand-in for a pipeline's final step that counts the classes it is trained on.

    Whatever the steps before it do (preprocessing, one or several samplers, cleaning),
    the labels it receives are exactly those the classifier is trained on.
    """

    def __init__(self, estimator):
        self.estimator = estimator

    def fit(self, X, y, **fit_params):
        self.estimator.fit(X, y, **fit_params)
        labels, counts = np.unique(np.asarray(y).ravel(), return_counts=True)
        self.counts_ = dict(zip(labels.tolist(), counts.tolist()))
        return self

    def get_metadata_routing(self):
        return get_routing_for_object(self.estimator)


def _has_sampler(pipeline):
    return any(hasattr(step, "fit_resample") for _, step in pipeline.steps[:-1])


def _fit_pipeline_counting_classes(pipeline, X, y, fit_params):
    """Fit ``pipeline`` (in place) and return ``{label: n}`` seen by its final step."""
    final_name, final_step = pipeline.steps[-1]
    counter = _TrainingClassCounter(final_step)
    pipeline.set_params(**{final_name: counter})
    try:
        pipeline.fit(X, y, **fit_params)
    finally:
        pipeline.set_params(**{final_name: final_step})
    return counter.counts_


def _rates_from_counts(target, counts_after):
    """``n_c(after) / n_c(before)`` for each class of ``target``, in its order."""
    rates = np.empty(target.classes.shape[0])
    for i, (label, n_before) in enumerate(zip(target.classes.tolist(), target.counts)):
        n_after = counts_after.get(label, 0)
        if n_after == 0:
            raise ValueError(
                f"Class {label!r} has no training sample left after resampling "
                f"({n_before} before); its probability cannot be corrected. "
                "Change the sampler's sampling_strategy so every class keeps a sample."
            )
        rates[i] = n_after / n_before
    return rates


def _rates_from_mapping(classes, sampling_rates):
    known = set(classes.tolist())
    unknown = [label for label in sampling_rates if label not in known]
    if unknown:
        raise ValueError(
            f"sampling_rates has label(s) {unknown!r} that are not classes of y; "
            f"accepted labels are {classes.tolist()!r}."
        )
    rates = np.ones(len(classes))
    for i, label in enumerate(classes.tolist()):
        rate = sampling_rates.get(label, 1.0)
        if (
            not isinstance(rate, numbers.Real)
            or isinstance(rate, bool)
            or not np.isfinite(rate)
            or rate <= 0
        ):
            raise ValueError(
                f"sampling_rates[{label!r}] must be a finite number > 0 (n_samples after "
                f"resampling / n_samples before); got {rate!r}."
            )
        rates[i] = rate
    return rates


class PriorCorrectedClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Correct the probabilities of a model trained on resampled data to the true priors.

    Resampling changes the class priors the classifier learns: a model trained after
    under-sampling the majority class over-estimates the minority probability. If class
    ``c`` was kept (or duplicated) at rate ``r_c = n_c(after resampling) / n_c(before)``,
    the model estimates ``p_s(c | x) ∝ r_c * p(c | x)``, and the original posterior is
    recovered by re-weighting each class's probability by ``1 / r_c`` and renormalising
    (Saerens et al. [2]_ for a general prior shift). For a binary problem where the
    negative class was under-sampled at rate ``beta`` and the positive class kept whole
    this is Dal Pozzolo et al.'s [1]_ ``p = beta * p_s / (beta * p_s - p_s + 1)``.

    Parameters
    ----------
    estimator : estimator instance
        Classifier with ``fit`` and ``predict_proba``, cloned and fitted in :meth:`fit`.
        Usually an :class:`imblearn.pipeline.Pipeline` with one or more samplers
        (imbtools or imbalanced-learn, possibly after preprocessing steps) followed by a
        classifier.
    sampling_rates : "auto" or dict, default="auto"
        Rate at which each class was sampled, ``n_c(after) / n_c(before)``:

        - ``"auto"``: ``estimator`` must be a pipeline with at least one step that has
          ``fit_resample``. The rates are measured while fitting, by counting the labels
          the final step is trained on and comparing with the counts in ``y``. This is
          exact for every kind of sampler (over-, under-, cleaning, several in a row,
          after preprocessing steps), without relying on each sampler's
          ``sampling_strategy_`` semantics.
        - ``{label: rate}``: the rates, given explicitly (positive numbers; classes left
          out have rate 1). Use it for models that resample internally, for a model
          fitted elsewhere (wrap it in :class:`sklearn.frozen.FrozenEstimator`), or to
          correct towards different deployment priors: ``rate_c = pi_train_c / pi_new_c``.

        Only the ratios between the rates matter.

    Attributes
    ----------
    estimator_ : estimator instance
        The fitted ``estimator``.
    classes_ : ndarray of shape (n_classes,)
        Class labels, as in ``estimator_.classes_``.
    sampling_rates_ : dict
        ``{label: rate}`` used for the correction, in the order of ``classes_``.
    n_features_in_ : int
        Number of features seen during :meth:`fit` (when ``estimator_`` defines it).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen during :meth:`fit` (when ``estimator_`` defines it).

    See Also
    --------
    sklearn.calibration.CalibratedClassifierCV : Learn a calibration map on held-out data.

    Notes
    -----
    The correction assumes resampling only changed the class priors, not the
    class-conditional densities ``p(x | c)``. That holds for random under- and
    over-sampling; SMOTE and cleaning samplers also change ``p(x | c)``, so the
    correction only removes the prior part of their bias.

    ``predict`` returns the class of highest corrected probability: for a binary
    problem under-sampled at rate ``beta`` it thresholds the uncorrected probability
    at ``beta / (1 + beta)`` instead of 0.5, so it predicts the minority class less
    often than the uncorrected model. Pair it with a threshold choice (see
    :class:`imbtools.threshold.ThresholdCalibratedClassifier`) when recall matters.

    ``fit`` forwards keyword arguments verbatim to ``estimator.fit``: for example
    ``sample_weight=w`` for a plain classifier, or ``stepname__param=value`` for a
    pipeline. An :class:`imblearn.pipeline.Pipeline` does not accept ``sample_weight``
    for its samplers, because the weights would have to follow the resampled rows.

    References
    ----------
    .. [1] A. Dal Pozzolo, O. Caelen, R. A. Johnson and G. Bontempi, "Calibrating
       Probability with Undersampling for Unbalanced Classification", IEEE SSCI, 2015.
    .. [2] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the Outputs of a
       Classifier to New a Priori Probabilities: A Simple Procedure", Neural
       Computation 14(1), 2002.

    Examples
    --------
    >>> from imblearn.pipeline import make_pipeline
    >>> from imblearn.under_sampling import RandomUnderSampler
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.threshold import PriorCorrectedClassifier
    >>> X, y = make_classification(n_samples=1100, weights=[10 / 11], random_state=0)
    >>> model = make_pipeline(RandomUnderSampler(random_state=0), LogisticRegression())
    >>> clf = PriorCorrectedClassifier(model).fit(X, y)
    >>> {label: round(rate, 3) for label, rate in clf.sampling_rates_.items()}
    {0: 0.1, 1: 1.0}
    >>> raw = clf.estimator_.predict_proba(X[:1])[0, 1]
    >>> corrected = clf.predict_proba(X[:1])[0, 1]
    >>> beta = clf.sampling_rates_[0] / clf.sampling_rates_[1]
    >>> bool(abs(corrected - beta * raw / (beta * raw - raw + 1)) < 1e-12)
    True
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "sampling_rates": [StrOptions({"auto"}), Mapping],
    }

    def __init__(self, estimator, *, sampling_rates="auto"):
        self.estimator = estimator
        self.sampling_rates = sampling_rates

    # -- fitting ------------------------------------------------------------------------
    def fit(self, X, y, **fit_params):
        """Fit the estimator and work out each class's sampling rate.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)
            Training data, passed unchanged to ``estimator.fit``.
        y : array-like of shape (n_samples,)
            Class labels.
        **fit_params : dict
            Passed verbatim to ``estimator.fit`` (see Notes).

        Returns
        -------
        self : object
            The fitted classifier.
        """
        self._validate_params()
        X = check_feature_matrix(X, allow_nan=True, numeric=False)
        y_shape = y.shape if hasattr(y, "shape") else np.asarray(y).shape
        if len(y_shape) == 2 and y_shape[1] == 1:
            y = column_or_1d(y, warn=True)
        target = check_target(y, n_samples=X.shape[0])
        if target.one_vs_all:
            raise ValueError(
                "y is a one-vs-all indicator matrix; PriorCorrectedClassifier needs "
                "1-D class labels (for example y.argmax(axis=1) mapped to labels)."
            )
        estimator = clone(self.estimator)
        if isinstance(self.sampling_rates, str):
            counts_after = self._fit_reading_rates(estimator, X, y, fit_params)
            rates = _rates_from_counts(target, counts_after)
        else:
            rates = _rates_from_mapping(target.classes, self.sampling_rates)
            estimator.fit(X, y, **fit_params)
        classes = self._check_classes(estimator, target)
        self.estimator_ = estimator
        self.sampling_rates_ = dict(zip(classes.tolist(), rates.tolist()))
        self._rates = rates
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(estimator, name):
                setattr(self, name, getattr(estimator, name))
        return self

    def _fit_reading_rates(self, estimator, X, y, fit_params):
        kind = type(self.estimator).__name__
        if not hasattr(estimator, "steps"):
            problem = f"estimator (a {kind}) is not a pipeline"
        elif not _has_sampler(estimator):
            problem = f"estimator (a {kind}) has no sampler step (a step with fit_resample)"
        else:
            return _fit_pipeline_counting_classes(estimator, X, y, fit_params)
        raise ValueError(
            f"sampling_rates='auto' reads the rates from a pipeline's sampler, but {problem}. "
            "Pass sampling_rates={label: rate} explicitly, or use an "
            "imblearn.pipeline.Pipeline(sampler, ..., classifier)."
        )

    @staticmethod
    def _check_classes(estimator, target):
        classes = np.asarray(estimator.classes_)
        if classes.shape != target.classes.shape or np.any(classes != target.classes):
            raise ValueError(
                f"The fitted estimator's classes_ {classes.tolist()!r} differ from the "
                f"classes of y {target.classes.tolist()!r}; every class must reach the "
                "classifier for its probability to be corrected."
            )
        return classes

    # -- prediction -----------------------------------------------------------------------
    @property
    def classes_(self):
        """Class labels, in the column order of :meth:`predict_proba`."""
        return self.estimator_.classes_

    def predict_proba(self, X):
        """Prior-corrected class probabilities.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            ``estimator_.predict_proba(X)`` divided by each class's sampling rate and
            renormalised; columns in the order of ``classes_``.
        """
        check_is_fitted(self, "estimator_")
        return prior_corrected_proba(self.estimator_.predict_proba(X), self._rates)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self, "estimator_")
        return prior_corrected_log_proba(self.estimator_.predict_proba(X), self._rates)

    def decision_function(self, X):
        """Corrected log-odds (binary) or log-probabilities (multi-class).

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Binary: ``log p(classes_[1] | x) - log p(classes_[0] | x)``, positive when
            :meth:`predict` returns ``classes_[1]``. Multi-class: :meth:`predict_log_proba`.
        """
        log_proba = self.predict_log_proba(X)
        if log_proba.shape[1] == 2:
            return log_proba[:, 1] - log_proba[:, 0]
        return log_proba

    def predict(self, X):
        """Class of highest corrected probability.

        Parameters
        ----------
        X : {array-like, sparse matrix, DataFrame} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        check_is_fitted(self, "estimator_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        tags.input_tags.string = inner.input_tags.string
        return tags
