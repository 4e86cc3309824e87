"""The default registry of imbalance strategies and the tabular preprocessor."""

from __future__ import annotations

import warnings

import numpy as np
from imblearn.pipeline import Pipeline, make_pipeline
from sklearn.base import clone, is_classifier
from sklearn.tree import BaseDecisionTree
from sklearn.utils.validation import has_fit_parameter

__all__ = ["default_strategies", "make_preprocessor", "oversampler_strategies", "strategy_from"]


class WeightedPipeline(Pipeline):
    """An ``imblearn`` Pipeline whose ``fit`` takes ``sample_weight``.

    The weights go through every sampler (``fit_resample(X, y, sample_weight=w)``
    returns the resampled weights) to the final estimator, so a weighted comparison
    weights every strategy alike. Without weights it is ``imblearn.pipeline.Pipeline``.
    """

    def fit(self, X, y=None, sample_weight=None, **params):
        """Fit every step; ``sample_weight`` follows the rows through the samplers."""
        if sample_weight is None:
            return super().fit(X, y, **params)
        Xt, yt, weight = X, y, np.asarray(sample_weight, dtype=np.float64)
        for _, step in self.steps[:-1]:
            if step is None or step == "passthrough":
                continue
            if hasattr(step, "fit_resample"):
                Xt, yt, weight = step.fit_resample(Xt, yt, sample_weight=weight)
            else:
                Xt = step.fit_transform(Xt, yt)
        final = self.steps[-1][1]
        if not has_fit_parameter(final, "sample_weight"):
            raise TypeError(f"{type(final).__name__}.fit does not accept sample_weight.")
        final.fit(Xt, yt, sample_weight=weight, **params)
        return self


def _with_preprocessor(preprocessor, *steps):
    """A pipeline ``[clone(preprocessor),] *steps``, or the single step alone."""
    steps = ([clone(preprocessor)] if preprocessor is not None else []) + list(steps)
    if len(steps) == 1:
        return steps[0]
    return WeightedPipeline(make_pipeline(*steps).steps)


def _final_model(model):
    """The classifier that makes the predictions: through pipelines and wrappers."""
    from ..class_weight import ClassWeightSearchCV
    from ..threshold import ThresholdCalibratedClassifier

    while True:
        if isinstance(model, Pipeline) or hasattr(model, "steps"):
            model = model.steps[-1][1]
        elif isinstance(model, (ClassWeightSearchCV, ThresholdCalibratedClassifier)):
            model = model.estimator
        else:
            return model


def is_threshold_strategy(model):
    """Whether ``model`` only tunes the decision threshold of the model it wraps."""
    from ..threshold import ThresholdCalibratedClassifier

    return isinstance(model, ThresholdCalibratedClassifier)


def _family_name(model):
    from sklearn.ensemble import BaseEnsemble
    from sklearn.ensemble._hist_gradient_boosting.gradient_boosting import BaseHistGradientBoosting

    if isinstance(model, (BaseDecisionTree, BaseEnsemble, BaseHistGradientBoosting)):
        return "trees"
    return type(model).__name__


def strategy_family(model, estimator):
    """Short name of the model family of a strategy that is not built on ``estimator``.

    None when the strategy's final classifier is the user's estimator (same class).
    The self-paced ensemble over its default trees is ``"trees"``.
    """
    from ..ensemble import SelfPacedEnsembleClassifier

    final, user = _final_model(model), _final_model(estimator)
    if isinstance(final, SelfPacedEnsembleClassifier):
        final = final.estimator
        family = "trees" if final is None else _family_name(final)
    else:
        family = _family_name(final)
    if type(final) is type(user) or family == _family_name(user):
        return None
    return family


def default_strategies(estimator, random_state=None, *, preprocessor=None):
    """The default imbalance strategies built around one classifier.

    Each value is a fresh, unfitted estimator (everything is cloned). The strategies are
    kept light so that a comparison stays cheap: the class-weight search evaluates 5
    candidates on 3 inner folds, and the self-paced ensemble has 10 members.

    Every strategy handles any number of classes: random under-sampling reduces every
    class to the size of the smallest, SMOTE grows every class to the size of the
    largest, the class weights are ``n_c ** -alpha`` for every class ``c``,
    the threshold strategies tune one additive offset per class on the
    log-probabilities when there are more than two classes (macro F1 instead of F1),
    and each member of the self-paced ensemble sees every class at the size of the
    smallest.

    Parameters
    ----------
    estimator : classifier
        The model every strategy wraps. It should have ``predict_proba`` (the threshold
        strategies and the ranking metrics use it).
    random_state : int or None, default=None
        Seed handed to every sampler, search and ensemble, so the strategies are
        reproducible.
    preprocessor : transformer or None, default=None
        When given (e.g. :func:`make_preprocessor`), a clone is placed first in every
        strategy, before any sampler, so samplers see numeric, imputed features.

    Returns
    -------
    strategies : dict of {str: estimator}
        In this order:

        - ``"baseline"``: the estimator alone.
        - ``"random_under_sampling"``: :class:`~imbtools.under_sampling.RandomUnderSampler`
          then the estimator (``imblearn.pipeline``, so resampling happens only in fit).
        - ``"smote"``: :class:`~imbtools.over_sampling.SMOTE` then the estimator.
        - ``"class_weight"``: :class:`~imbtools.class_weight.ClassWeightSearchCV`
          (``resolution=10``, ``n_candidates=5``, ``cv=3``: a Fibonacci search of
          ``alpha`` over ``linspace(0, 2, 10)``, which finds that grid's best on a
          unimodal score with half its fits); the weights must reach the final step,
          so it wraps the whole pipeline.
        - ``"threshold"``: :class:`~imbtools.threshold.ThresholdCalibratedClassifier`
          (F1-optimal threshold, ``cv=3``).
        - ``"smote_threshold"``: the threshold tuned on top of SMOTE + estimator.
          Both threshold strategies change only the decision, not ``predict_proba``, so
          their ranking scores (average precision, ROC AUC, Brier) are those of the
          model they wrap.
        - ``"self_paced_ensemble"``: :class:`~imbtools.ensemble.SelfPacedEnsembleClassifier`
          (``n_estimators=10``). Its base is the estimator only when that is a single
          decision tree; otherwise (linear models, forests, boosting) it is the
          ensemble's own default unpruned tree: the method is defined over weak,
          unstable members, and ten forests or boosted models would cost ten times the
          baseline for little gain.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.model_selection import default_strategies
    >>> list(default_strategies(LogisticRegression(), random_state=0))
    ['baseline', 'random_under_sampling', 'smote', 'class_weight', 'threshold', \
'smote_threshold', 'self_paced_ensemble']
    """
    from ..class_weight import ClassWeightSearchCV
    from ..ensemble import SelfPacedEnsembleClassifier
    from ..over_sampling import SMOTE
    from ..threshold import ThresholdCalibratedClassifier
    from ..under_sampling import RandomUnderSampler

    if not is_classifier(estimator):
        raise TypeError(
            f"estimator must be a scikit-learn classifier; got {type(estimator).__name__}."
        )
    prep = preprocessor
    spe_base = clone(estimator) if isinstance(estimator, BaseDecisionTree) else None
    return {
        "baseline": _with_preprocessor(prep, clone(estimator)),
        "random_under_sampling": _with_preprocessor(
            prep, RandomUnderSampler(random_state=random_state), clone(estimator)
        ),
        "smote": _with_preprocessor(prep, SMOTE(random_state=random_state), clone(estimator)),
        "class_weight": ClassWeightSearchCV(
            _with_preprocessor(prep, clone(estimator)),
            n_candidates=5, resolution=10, cv=3, random_state=random_state,
        ),
        "threshold": ThresholdCalibratedClassifier(
            _with_preprocessor(prep, clone(estimator)), cv=3, random_state=random_state
        ),
        "smote_threshold": ThresholdCalibratedClassifier(
            _with_preprocessor(prep, SMOTE(random_state=random_state), clone(estimator)),
            cv=3, random_state=random_state,
        ),
        "self_paced_ensemble": _with_preprocessor(
            prep,
            SelfPacedEnsembleClassifier(spe_base, n_estimators=10, random_state=random_state),
        ),
    }


# Over-samplers left out of the "oversamplers" set: they need categorical features.
_CATEGORICAL_OVERSAMPLERS = ("SMOTEN", "SMOTENC")


def oversampler_strategies(estimator, random_state=None, *, preprocessor=None):
    """The over-sampling family, each in front of one classifier, and the baseline.

    ``{"baseline": estimator, "SMOTE": SMOTE -> estimator, ...}`` with every numeric
    over-sampler of :mod:`imbtools.over_sampling` (the SMOTE family, its published
    variants and :class:`~imbtools.over_sampling.RandomOverSampler`) at its default
    parameters: "which over-sampler suits my data?" as one comparison
    (``compare_strategies(..., strategies="oversamplers")``, ``imbtools compare
    --strategies oversamplers``).

    Parameters
    ----------
    estimator : classifier
    random_state : int, RandomState instance or None, default=None
        Handed to every sampler that takes one.
    preprocessor : transformer, default=None
        Put in front of every strategy (a clone each).

    Returns
    -------
    strategies : dict of {str: estimator}

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.model_selection import oversampler_strategies
    >>> strategies = oversampler_strategies(LogisticRegression(), random_state=0)
    >>> list(strategies)[:3]
    ['baseline', 'SMOTE', 'ADASYN']
    """
    from .. import over_sampling
    from ..utils.discovery import all_estimators

    if not is_classifier(estimator):
        raise TypeError(
            f"estimator must be a scikit-learn classifier; got {type(estimator).__name__}."
        )
    names = set(over_sampling.__all__) | set(getattr(over_sampling, "_LAZY", {}))
    samplers = [cls for name, cls in all_estimators(type_filter="sampler")
                if name in names and name not in _CATEGORICAL_OVERSAMPLERS]
    samplers.sort(key=lambda cls: (cls.__name__ != "SMOTE", cls.__name__))
    strategies = {"baseline": _with_preprocessor(preprocessor, clone(estimator))}
    for cls in samplers:
        params = {"random_state": random_state} if "random_state" in cls().get_params() else {}
        strategies[cls.__name__] = _with_preprocessor(preprocessor, cls(**params),
                                                      clone(estimator))
    return strategies


def strategy_from(name, value, estimator, preprocessor=None):
    """A user strategy as an estimator: a sampler is put in front of the estimator.

    A sampler (an object with ``fit_resample``) becomes
    ``make_pipeline([preprocessor,] sampler, clone(estimator))``; an estimator becomes
    ``make_pipeline([preprocessor,] estimator)``.
    """
    if hasattr(value, "fit_resample"):
        return _with_preprocessor(preprocessor, clone(value), clone(estimator))
    if hasattr(value, "fit") and hasattr(value, "predict"):
        return _with_preprocessor(preprocessor, clone(value))
    raise TypeError(
        f"strategies[{name!r}] must be a classifier (fit and predict) or a sampler "
        f"(fit_resample); got {type(value).__name__}."
    )


def _as_strings(X):
    """Non-numeric columns as an object array of ``str``, missing cells as ``np.nan``.

    Mixed cells (numbers and strings, booleans with gaps, categoricals) then encode
    uniformly.
    """
    import pandas as pd

    frame = pd.DataFrame(X).astype(object)
    return frame.where(frame.isna(), frame.astype(str)).where(frame.notna(), np.nan).to_numpy()


def make_preprocessor(X):
    """A column transformer for a mixed-type table: impute, scale, one-hot encode.

    Numeric columns (booleans excluded; nullable ``Int64`` / ``Float64`` included):
    ``SimpleImputer(strategy="median")`` then
    ``StandardScaler``. Every other column (categorical, object, string, boolean): cast to
    strings (so mixed cells encode uniformly), ``SimpleImputer(strategy="most_frequent")`` then
    ``OneHotEncoder(handle_unknown="ignore")``. The output is dense, so every sampler
    accepts it. Columns that are entirely missing in ``X`` are left out, with one
    ``UserWarning`` naming them (instead of one imputer warning per fit).

    Parameters
    ----------
    X : DataFrame or array-like of shape (n_samples, n_features)
        Used only to choose the columns (not fitted). An array is treated as all numeric.

    Returns
    -------
    preprocessor : ColumnTransformer
        Unfitted.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from imbtools.model_selection import make_preprocessor
    >>> X = pd.DataFrame({"age": [30, np.nan, 50], "city": ["a", None, "b"]})
    >>> make_preprocessor(X).fit_transform(X).round(2)
    array([[-1.22,  1.  ,  0.  ],
           [ 0.  ,  1.  ,  0.  ],
           [ 1.22,  0.  ,  1.  ]])
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline as make_sk_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    numeric_steps = make_sk_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    empty = _empty_columns(X)
    if not hasattr(X, "columns"):  # a ColumnTransformer, as a Pipeline cannot be a step
        kept = [k for k in range(np.shape(X)[1]) if k not in set(empty)]
        return ColumnTransformer([("numeric", numeric_steps, kept)], sparse_threshold=0.0)
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    numeric, other = [], []
    for column, dtype in X.dtypes.items():
        if column in empty:
            continue
        is_number = is_numeric_dtype(dtype) and not is_bool_dtype(dtype)
        (numeric if is_number else other).append(column)
    transformers = [("numeric", numeric_steps, numeric)] if numeric else []
    if other:
        categorical_steps = make_sk_pipeline(
            FunctionTransformer(_as_strings, feature_names_out="one-to-one"),
            SimpleImputer(strategy="most_frequent"),
            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
        )
        transformers.append(("categorical", categorical_steps, other))
    return ColumnTransformer(transformers, sparse_threshold=0.0)


def _empty_columns(X):
    """Columns (names, or indices of an array) with no value at all; warns once."""
    import pandas as pd

    if hasattr(X, "columns"):
        empty = [column for column in X.columns if X[column].isna().all()]
    else:
        values = np.asarray(X)
        if values.ndim != 2 or not np.issubdtype(values.dtype, np.number):
            return []
        empty = np.flatnonzero(pd.isna(values).all(axis=0)).tolist()
    if empty:
        shown = ", ".join(map(str, empty[:10])) + (", ..." if len(empty) > 10 else "")
        warnings.warn(
            f"make_preprocessor: left out {len(empty)} column(s) with no value at all "
            f"({shown}); nothing can be imputed from them.", UserWarning, stacklevel=3,
        )
    return empty


def describe_preprocessor(preprocessor):
    """One sentence on how a preprocessor handles missing values and categories."""
    if preprocessor is None:
        return "none (X used as given)"
    transformers = getattr(preprocessor, "transformers", None)
    if transformers is None:
        return _describe_steps(preprocessor)
    parts = []
    for name, transformer, columns in transformers:
        n_columns = len(columns) if hasattr(columns, "__len__") else "some"
        parts.append(f"{n_columns} {name} column(s): {_describe_steps(transformer)}")
    return "; ".join(parts)


def _describe_steps(transformer):
    """``"median imputation, standardisation"`` from the steps of a small pipeline."""
    steps = [step for _, step in getattr(transformer, "steps", [(None, transformer)])]
    words = []
    for step in steps:
        kind = type(step).__name__
        if kind == "SimpleImputer":
            words.append(f"missing values imputed ({step.strategy.replace('_', ' ')})")
        elif kind == "StandardScaler":
            words.append("standardised")
        elif kind == "OneHotEncoder":
            words.append("one-hot encoded (unseen categories ignored)")
        elif kind != "FunctionTransformer":
            words.append(kind)
    return ", ".join(words) or type(transformer).__name__
