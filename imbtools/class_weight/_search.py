"""ClassWeightSearchCV: cross-validated search of a one-parameter class-weight family."""

from __future__ import annotations

import numbers
import time

import numpy as np
from joblib import Parallel, delayed
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import check_scoring, f1_score, get_scorer_names, make_scorer
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.pipeline import Pipeline
from sklearn.utils import _safe_indexing, check_random_state, get_tags, indexable
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import _num_samples, check_is_fitted, has_fit_parameter

from ..utils._param_validation import (
    N_JOBS_CONSTRAINT,
    HasMethods,
    Interval,
    StrOptions,
    validate_parameter_constraints,
)
from ..utils.validation import check_sample_weight, check_target
from ._search_path import (
    coarse_points,
    fibonacci_lattice_search,
    n_coarse_points,
    propose_next,
    search_space,
)
from ._weights import FAMILIES, FAMILY_PARAM, check_family_value, family_weights

__all__ = ["ClassWeightSearchCV"]


def _final_step(estimator):
    """Return ``(parameter prefix, final estimator)`` of a (possibly nested) Pipeline."""
    prefix = ""
    while isinstance(estimator, Pipeline):
        name, estimator = estimator.steps[-1]
        prefix += f"{name}__"
    return prefix, estimator


def weight_route(estimator):
    """How class weights reach ``estimator``: ``(route, key)``.

    ``route`` is ``"class_weight"`` when the final step has a ``class_weight`` parameter
    (``key`` is the ``set_params`` name) and ``"sample_weight"`` when its ``fit`` accepts
    ``sample_weight`` (``key`` is the name of the ``fit`` argument, prefixed with the step
    names inside a Pipeline).
    """
    prefix, final = _final_step(estimator)
    if final is None or final == "passthrough" or not hasattr(final, "get_params"):
        raise TypeError(
            f"The final step of estimator is {final!r}; ClassWeightSearchCV needs a "
            "classifier there."
        )
    if "class_weight" in final.get_params(deep=False):
        return "class_weight", f"{prefix}class_weight"
    if has_fit_parameter(final, "sample_weight"):
        return "sample_weight", f"{prefix}sample_weight"
    raise TypeError(
        f"{type(final).__name__} has no 'class_weight' parameter and its fit does not "
        "accept 'sample_weight'; ClassWeightSearchCV needs one of the two to pass class "
        "weights."
    )


def _fit_and_score(estimator, X, y, train, test, scorer, fit_params):
    """Fit ``estimator`` on the ``train`` rows and score it on the ``test`` rows."""
    start = time.perf_counter()
    estimator.fit(_safe_indexing(X, train), _safe_indexing(y, train), **fit_params)
    fit_time = time.perf_counter() - start
    start = time.perf_counter()
    score = scorer(estimator, _safe_indexing(X, test), _safe_indexing(y, test))
    return float(score), fit_time, time.perf_counter() - start


def _estimator_has(method):
    def check(self):
        if hasattr(self, "best_estimator_"):
            return hasattr(self.best_estimator_, method)
        return hasattr(self.estimator, method)

    return check


class ClassWeightSearchCV(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Search the class weights of a classifier by cross-validation, efficiently.

    The weights come from a one-parameter family, normalised so that the weighted sample
    count equals the number of samples (``sum_c n_c w_c = n``; at ``alpha=1`` this is
    exactly scikit-learn's ``class_weight="balanced"``). The class counts of the whole
    ``y`` given to ``fit`` set the weights of a candidate, which are then used unchanged in
    every fold and in the refit, exactly like a fixed dict in ``GridSearchCV``.

    The search evaluates a coarse, evenly spaced grid over the family's range (ends
    included; for ``"power"`` the coarse grid of the default budget is ``alpha`` in
    ``{0, 1, 2}``, so the result is never worse in CV score than no weighting or
    'balanced'), then spends the rest of ``n_candidates`` on a golden-section step and
    then parabolic (or, when the parabola is unreliable, golden-section) steps around
    the best point so far. Every candidate is evaluated on the same CV
    splits, computed once per ``fit``. Fits run in parallel over folds (and over the
    coarse grid) with joblib.

    Parameters
    ----------
    estimator : classifier or Pipeline ending in a classifier
        If the final step has a ``class_weight`` parameter, the weights are set through it
        (``<step>__class_weight`` in a Pipeline); otherwise they are passed as
        ``sample_weight`` to ``fit`` (``<step>__sample_weight``), as for
        ``GradientBoostingClassifier``, ``GaussianNB`` or ``xgboost.XGBClassifier``.
        (``HistGradientBoostingClassifier`` and ``lightgbm.LGBMClassifier`` have a
        ``class_weight`` parameter and take the first route.) The route taken is stored
        in ``weight_route_``.
    weights : {"power", "ratio", "effective_number"}, dict or list of dict, default="power"
        The search space.

        - ``"power"``: ``w_c`` proportional to ``n_c ** -alpha``, ``alpha`` in ``[0, 2]``
          (0: no weighting, 1: balanced); any number of classes.
        - ``"ratio"``: binary only; minority weight / majority weight in
          ``[1, IR ** 2]`` (``IR``: imbalance ratio), searched on a log scale; the same
          weights as ``"power"``, parameterised as the ratio.
        - ``"effective_number"``: ``w_c`` proportional to ``(1 - beta) / (1 - beta ** n_c)``
          (Cui et al., 2019), ``beta`` from 0 (no weighting) to ``1 - 1 / (10 n_max)``
          (close to balanced), searched on ``-log10(1 - beta)``.
        - ``{family: values}``, e.g. ``{"power": [0, 0.5, 1]}``: evaluate exactly these
          parameter values of one family.
        - list of dicts ``{label: weight}``: evaluate exactly these class weights, used as
          given (not normalised; missing labels weigh 1).

        For the explicit forms ``n_candidates`` is ignored.
    scoring : str, callable or None, default=None
        One score to maximise (a scorer name or a ``scorer(estimator, X, y)`` callable).
        None means the F1 score of the minority class for a binary target and macro F1
        for more classes: a threshold-dependent score, because class weights mostly move
        the decision threshold, which ranking scores such as ROC AUC or average precision
        barely see, and one that, unlike balanced accuracy, does not favour 'balanced'
        weights by construction.
    cv : int, cross-validation generator or iterable, default=5
        An int gives ``StratifiedKFold(cv)``, shuffled with ``random_state`` when that is
        not None, unshuffled (as in ``GridSearchCV``) when it is. The splits are computed
        once per fit and reused for every candidate.
    n_candidates : int >= 2, default=5
        Number of weightings evaluated (each costs one fit per fold). The default does
        half the fits of a 10-point grid.
    resolution : int >= 2 or None, default=None
        None: the continuous search described above. An int: the candidates are
        restricted to ``resolution`` evenly spaced values of the family's range
        (``alpha = linspace(0, 2, resolution)`` for ``"power"``), searched by Fibonacci
        search, the discrete golden-section search (Kiefer, 1953): on a score that is
        unimodal over those values it finds their best exactly, with 5 candidates for
        10 values and 6 for 20 (``n_candidates`` caps the count). Cross-validated
        scores wobble by about 0.01 between close weightings, so a finer continuous
        search mostly chases that noise; ``default_strategies`` uses ``resolution=10``.
    refit : bool, default=True
        Refit the best candidate on the whole data as ``best_estimator_``; ``predict`` and
        the other prediction methods need it.
    n_jobs : int, default=None
        Number of parallel fits (joblib); None means 1 unless in a joblib context.
    random_state : int, RandomState instance or None, default=None
        Shuffles the folds when ``cv`` is an int. The estimator's own ``random_state`` is
        left alone.
    verbose : int, default=0
        ``> 0`` shows a progress bar (tqdm) over the fits.

    Attributes
    ----------
    cv_results_ : dict of ndarray
        In ``GridSearchCV``'s format, one row per candidate in evaluation order:
        ``params``, ``param_<name>`` (``alpha``, ``ratio``, ``beta`` or ``class_weight``),
        ``split<k>_test_score``, ``mean_test_score``, ``std_test_score``,
        ``rank_test_score``, ``mean_fit_time``, ``std_fit_time``, ``mean_score_time``,
        ``std_score_time``; plus ``class_weight`` (the dict used) and ``search_step``
        (0 for the coarse grid, then 1, 2, ... for the refinement steps).
    best_index_ : int
        Row of ``cv_results_`` with the highest mean score (the first among ties).
    best_score_ : float
        Its mean cross-validated score.
    best_params_ : dict
        Its parameter, e.g. ``{"alpha": 0.8}``.
    best_class_weight_ : dict
        Its class weights, ``{label: weight}``.
    best_estimator_ : estimator
        The estimator refitted with ``best_class_weight_`` on the whole data (if ``refit``).
    weight_route_ : {"class_weight", "sample_weight"}
        How the weights were passed to the estimator.
    scorer_ : callable
        The scorer used.
    n_splits_ : int
        Number of CV splits.
    refit_time_ : float
        Seconds spent refitting the best estimator.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during fit (when the refitted estimator exposes it).
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen during fit (when the refitted estimator exposes them).

    See Also
    --------
    compute_class_weights : The weight families as a function.
    imbtools.plotting.ClassWeightDisplay : Plot the CV score against the family parameter.

    References
    ----------
    Y. Cui, M. Jia, T.-Y. Lin, Y. Song and S. Belongie, "Class-Balanced Loss Based on
    Effective Number of Samples", CVPR 2019.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.class_weight import ClassWeightSearchCV
    >>> X, y = make_classification(n_samples=400, weights=[0.9], random_state=0)
    >>> search = ClassWeightSearchCV(LogisticRegression(), cv=3).fit(X, y)
    >>> len(search.cv_results_["params"])
    5
    >>> search.cv_results_["param_alpha"][:3].tolist()
    [0.0, 1.0, 2.0]
    >>> sorted(search.best_class_weight_)
    [0, 1]
    >>> search.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit", "get_params"])],
        "weights": [StrOptions(set(FAMILIES)), dict, list],
        "scoring": [StrOptions(set(get_scorer_names())), callable, None],
        "cv": ["cv_object"],
        "n_candidates": [Interval(numbers.Integral, 2, None, closed="left")],
        "resolution": [Interval(numbers.Integral, 2, None, closed="left"), None],
        "refit": ["boolean"],
        "n_jobs": N_JOBS_CONSTRAINT,
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator,
        weights="power",
        *,
        scoring=None,
        cv=5,
        n_candidates=5,
        resolution=None,
        refit=True,
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.weights = weights
        self.scoring = scoring
        self.cv = cv
        self.n_candidates = n_candidates
        self.resolution = resolution
        self.refit = refit
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------ fit
    def fit(self, X, y, sample_weight=None):
        """Search the class weights, then refit the best candidate on all of ``X``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Training data, passed to the estimator as given.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Per-sample weights, multiplied by the class weights (and passed to ``fit``
            alongside ``class_weight`` on the class-weight route). Scores are not weighted,
            and the class counts that set the family weights are unweighted counts.

        Returns
        -------
        self : ClassWeightSearchCV
        """
        validate_parameter_constraints(
            self._parameter_constraints,
            self.get_params(deep=False),
            caller_name=type(self).__name__,
        )
        X, y = indexable(X, y)
        if np.iscomplexobj(y) or np.iscomplexobj(X):
            raise ValueError("Complex data not supported: X and y must be real.")
        target = check_target(y, n_samples=_num_samples(X))
        y = np.asarray(y) if not hasattr(y, "iloc") else y
        sample_weight = check_sample_weight(sample_weight, target.codes.shape[0])
        self.weight_route_, route_key = weight_route(self.estimator)
        if self.weight_route_ == "class_weight" and sample_weight is not None:
            if not has_fit_parameter(_final_step(self.estimator)[1], "sample_weight"):
                raise TypeError(
                    "sample_weight was given but the fit of the final step of estimator "
                    "does not accept sample_weight."
                )
        self.scorer_ = self._make_scorer(target)
        splits = self._materialise_splits(X, y)
        self.n_splits_ = len(splits)

        evaluate = _CandidateEvaluator(
            self.estimator, X, y, target, sample_weight, splits, self.scorer_,
            self.weight_route_, route_key, self.n_jobs, self._progress_bar(splits),
        )  # fmt: skip
        try:
            param_name, candidates = self._run_search(evaluate, target)
        finally:
            evaluate.close()
        self._store_results(param_name, candidates)

        self.classes_ = target.classes
        if self.refit:
            best_estimator, fit_params = evaluate.configured(self.best_class_weight_, None)
            start = time.perf_counter()
            best_estimator.fit(X, y, **fit_params)
            self.refit_time_ = time.perf_counter() - start
            self.best_estimator_ = best_estimator
            self.classes_ = getattr(best_estimator, "classes_", target.classes)
            for name in ("n_features_in_", "feature_names_in_"):
                if hasattr(best_estimator, name):
                    setattr(self, name, getattr(best_estimator, name))
        return self

    def _make_scorer(self, target):
        if self.scoring is not None:
            return check_scoring(self.estimator, scoring=self.scoring)
        if target.classes.shape[0] == 2:
            minority = target.classes[int(np.argmin(target.counts))]
            return make_scorer(f1_score, pos_label=minority, zero_division=0.0)
        return make_scorer(f1_score, average="macro", pos_label=None, zero_division=0.0)

    def _materialise_splits(self, X, y):
        if isinstance(self.cv, numbers.Integral):
            if self.random_state is None:
                cv = StratifiedKFold(n_splits=self.cv)
            else:
                seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
                cv = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=seed)
        else:
            cv = check_cv(self.cv, y, classifier=True)
        return [(np.asarray(train), np.asarray(test)) for train, test in cv.split(X, y)]

    def _progress_bar(self, splits):
        if not self.verbose:
            return None
        from tqdm.auto import tqdm

        n_points = self._explicit_grid_size() or self.n_candidates
        return tqdm(total=n_points * len(splits), desc=type(self).__name__, unit="fit")

    def _explicit_grid_size(self):
        if isinstance(self.weights, dict):
            return len(next(iter(self.weights.values()), []))
        if isinstance(self.weights, list):
            return len(self.weights)
        return 0

    def _run_search(self, evaluate, target):
        """Evaluate the candidates; return the parameter name and the candidate rows."""
        if isinstance(self.weights, list):
            class_weights = _check_weight_dicts(self.weights, target)
            rows = evaluate.batch(class_weights)
            for cw, row in zip(class_weights, rows):
                row.update(value=cw, step=0)
            return "class_weight", rows
        if isinstance(self.weights, dict):
            family, values = _check_family_grid(self.weights, target)
            return FAMILY_PARAM[family], self._evaluate_values(evaluate, target, family, values)

        family = self.weights
        if family == "ratio" and target.classes.shape[0] != 2:
            raise ValueError(
                f"weights='ratio' needs a binary target; y has {target.classes.shape[0]} "
                "classes. Use weights='power' or 'effective_number'."
            )
        space = search_space(family, target.counts)
        if self.resolution is not None:
            return FAMILY_PARAM[family], self._lattice_search(evaluate, target, family, space)
        coarse = coarse_points(space, n_coarse_points(self.n_candidates))
        rows = self._evaluate_values(
            evaluate, target, family, [space.value(u) for u in coarse], coords=coarse
        )
        min_gap = 1e-3 * (space.upper - space.lower)
        for step in range(1, self.n_candidates - len(coarse) + 1):
            coords = [row["coord"] for row in rows]
            scores = [row["mean"] for row in rows]
            u = propose_next(coords, scores, min_gap=min_gap, parabolic=step > 1)
            if u is None:
                break
            rows += self._evaluate_values(
                evaluate, target, family, [space.value(u)], coords=[u], step=step
            )
        return FAMILY_PARAM[family], rows

    def _lattice_search(self, evaluate, target, family, space):
        """Fibonacci search over ``resolution`` evenly spaced values of the range."""
        lattice = np.linspace(space.lower, space.upper, self.resolution)
        rows = []

        def score_of(index):
            u = float(lattice[index])
            rows.extend(self._evaluate_values(evaluate, target, family, [space.value(u)],
                                              coords=[u], step=len(rows)))
            return rows[-1]["mean"]

        fibonacci_lattice_search(score_of, self.resolution, self.n_candidates)
        return rows

    def _evaluate_values(self, evaluate, target, family, values, coords=None, step=0):
        labels = target.classes.tolist()
        class_weights = [
            dict(zip(labels, family_weights(family, target.counts, v).tolist())) for v in values
        ]
        rows = evaluate.batch(class_weights)
        for k, row in enumerate(rows):
            row.update(value=float(values[k]), step=step, class_weight=class_weights[k])
            if coords is not None:
                row["coord"] = coords[k]
        return rows

    def _store_results(self, param_name, rows):
        scores = np.array([row["scores"] for row in rows])
        fit_times = np.array([row["fit_times"] for row in rows])
        score_times = np.array([row["score_times"] for row in rows])
        mean = scores.mean(axis=1)
        results = {
            "mean_fit_time": fit_times.mean(axis=1),
            "std_fit_time": fit_times.std(axis=1),
            "mean_score_time": score_times.mean(axis=1),
            "std_score_time": score_times.std(axis=1),
        }
        values = [row["value"] for row in rows]
        dtype = object if param_name == "class_weight" else np.float64
        param_column = np.ma.MaskedArray(np.empty(len(rows), dtype=dtype), mask=False)
        param_column[:] = values if dtype is not object else _object_array(values)
        results[f"param_{param_name}"] = param_column
        results["params"] = [{param_name: v} for v in values]
        for k in range(scores.shape[1]):
            results[f"split{k}_test_score"] = scores[:, k]
        results["mean_test_score"] = mean
        results["std_test_score"] = scores.std(axis=1)
        ranked = np.where(np.isnan(mean), -np.inf, mean)
        results["rank_test_score"] = rankdata(-ranked, method="min").astype(np.int32)
        results["class_weight"] = [row["class_weight"] for row in rows]
        results["search_step"] = np.array([row["step"] for row in rows], dtype=np.int64)
        self.cv_results_ = results
        self.best_index_ = int(np.argmin(results["rank_test_score"]))
        self.best_score_ = float(mean[self.best_index_])
        self.best_params_ = results["params"][self.best_index_]
        self.best_class_weight_ = rows[self.best_index_]["class_weight"]

    # ------------------------------------------------------------ predict
    def _check_refitted(self, method):
        check_is_fitted(self, "cv_results_")
        if not hasattr(self, "best_estimator_"):
            raise NotFittedError(
                f"{method} is not available: this {type(self).__name__} was fitted with "
                "refit=False. Refit with refit=True, or fit an estimator with "
                "best_class_weight_."
            )
        return self.best_estimator_

    @available_if(_estimator_has("predict"))
    def predict(self, X):
        """Predict class labels with ``best_estimator_``."""
        return self._check_refitted("predict").predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from ``best_estimator_``."""
        return self._check_refitted("predict_proba").predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities from ``best_estimator_``."""
        return self._check_refitted("predict_log_proba").predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision function of ``best_estimator_``."""
        return self._check_refitted("decision_function").decision_function(X)

    def score(self, X, y):
        """Score of ``best_estimator_`` on ``(X, y)`` with ``scorer_`` (the search score)."""
        return self.scorer_(self._check_refitted("score"), X, y)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        tags.input_tags.pairwise = inner.input_tags.pairwise
        tags.input_tags.categorical = inner.input_tags.categorical
        tags.input_tags.string = inner.input_tags.string
        return tags


class _CandidateEvaluator:
    """Fits and scores candidate class weights on fixed splits (keeps fit bookkeeping)."""

    def __init__(
        self, estimator, X, y, target, sample_weight, splits, scorer, route, key, n_jobs,
        progress,
    ):  # fmt: skip
        self.estimator, self.X, self.y, self.target = estimator, X, y, target
        self.sample_weight, self.splits, self.scorer = sample_weight, splits, scorer
        self.route, self.key, self.progress = route, key, progress
        self.parallel = Parallel(n_jobs=n_jobs, return_as="generator")

    def configured(self, class_weight, rows):
        """A clone of the estimator and its fit parameters for one weighting (and rows)."""
        estimator = clone(self.estimator)
        user_weight = self.sample_weight
        if self.route == "class_weight":
            estimator.set_params(**{self.key: class_weight})
            weights = user_weight
        else:
            per_class = np.array([class_weight.get(c, 1.0) for c in self.target.classes.tolist()])
            weights = per_class[self.target.codes]
            if user_weight is not None:
                weights = weights * user_weight
        if weights is None:
            return estimator, {}
        key = self.key if self.route == "sample_weight" else _sample_weight_key(self.key)
        return estimator, {key: weights if rows is None else weights[rows]}

    def batch(self, class_weights):
        """Cross-validate each class-weight dict; one row of results per dict."""
        tasks = []
        for cw in class_weights:
            for train, test in self.splits:
                estimator, fit_params = self.configured(cw, train)
                tasks.append(
                    delayed(_fit_and_score)(
                        estimator, self.X, self.y, train, test, self.scorer, fit_params
                    )
                )
        outputs = []
        for output in self.parallel(tasks):
            outputs.append(output)
            if self.progress is not None:
                self.progress.update(1)
        n_splits = len(self.splits)
        rows = []
        for k in range(len(class_weights)):
            chunk = outputs[k * n_splits : (k + 1) * n_splits]
            scores = [c[0] for c in chunk]
            rows.append(
                {
                    "scores": scores,
                    "fit_times": [c[1] for c in chunk],
                    "score_times": [c[2] for c in chunk],
                    "mean": float(np.mean(scores)),
                    "class_weight": class_weights[k],
                }
            )
        return rows

    def close(self):
        if self.progress is not None:
            self.progress.close()


def _sample_weight_key(class_weight_key):
    return class_weight_key[: -len("class_weight")] + "sample_weight"


def _object_array(values):
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _check_weight_dicts(weight_dicts, target):
    """Validate an explicit list of ``{label: weight}`` dicts against the labels of y."""
    if not weight_dicts:
        raise ValueError("weights is an empty list; give at least one {label: weight} dict.")
    labels = set(target.classes.tolist())
    for k, weight_dict in enumerate(weight_dicts):
        if not isinstance(weight_dict, dict):
            raise TypeError(
                f"weights[{k}] is {weight_dict!r}; a list of weights must hold dicts "
                "{label: weight}."
            )
        unknown = [label for label in weight_dict if label not in labels]
        if unknown:
            raise ValueError(
                f"weights[{k}] has label(s) {unknown!r} that are not classes of y "
                f"({sorted(labels)!r})."
            )
        bad = [w for w in weight_dict.values() if not (np.isfinite(w) and w >= 0)]
        if bad:
            raise ValueError(f"weights[{k}] has weight(s) {bad!r}; weights must be finite, >= 0.")
    return [{c: float(d.get(c, 1.0)) for c in target.classes.tolist()} for d in weight_dicts]


def _check_family_grid(grid, target):
    """Validate an explicit ``{family: values}`` grid."""
    if len(grid) != 1 or next(iter(grid)) not in FAMILIES:
        raise ValueError(
            f"weights as a dict must have exactly one key among {list(FAMILIES)!r} mapping "
            f"to the parameter values to evaluate; got keys {list(grid)!r}."
        )
    family, values = next(iter(grid.items()))
    values = list(np.atleast_1d(np.asarray(values, dtype=object)).tolist())
    if not values:
        raise ValueError(f"weights={{{family!r}: ...}} lists no values; give at least one.")
    for value in values:
        check_family_value(family, value)
    if family == "ratio" and target.classes.shape[0] != 2:
        raise ValueError(
            f"weights={{'ratio': ...}} needs a binary target; y has "
            f"{target.classes.shape[0]} classes."
        )
    return family, [float(v) for v in values]
