"""Cross-validate imbalance strategies on shared folds and compare them to a baseline."""

from __future__ import annotations

import time
import warnings
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    fbeta_score,
    get_scorer,
    make_scorer,
    precision_score,
    recall_score,
)
from sklearn.model_selection import StratifiedKFold, check_cv

from ..utils.validation import check_target
from ._strategies import default_strategies, strategy_from

__all__ = ["StrategyComparison", "compare_strategies"]

DEFAULT_SCORING = (
    "f1", "f2", "precision", "recall", "average_precision", "roc_auc", "brier",
    "balanced_accuracy", "mcc",
)


def _multiclass_brier_score(estimator, X, y):
    """Minus the multi-class Brier score of ``predict_proba`` (greater is better).

    Brier's definition: the mean over samples of ``sum_k (p_k - [y == k]) ** 2``, the
    squared distance between the probability vector and the one-hot truth (0 is
    perfect, 2 the worst). A class the model never saw counts as probability 0.
    """
    proba = np.asarray(estimator.predict_proba(X), dtype=np.float64)
    truth = np.asarray(y)[:, None] == np.asarray(estimator.classes_)[None, :]
    squared = np.sum((proba - truth) ** 2, axis=1) + ~truth.any(axis=1)
    return -float(np.mean(squared))


def _binary_scorers():
    return {
        "f2": lambda: make_scorer(fbeta_score, beta=2, zero_division=0.0),
        "precision": lambda: make_scorer(precision_score, zero_division=0.0),
        "brier": lambda: make_scorer(
            brier_score_loss, response_method="predict_proba", greater_is_better=False
        ),
        "mcc": lambda: get_scorer("matthews_corrcoef"),
    }


def _multiclass_scorers():
    return {
        "f1": lambda: make_scorer(f1_score, average="macro", zero_division=0.0),
        "f2": lambda: make_scorer(fbeta_score, beta=2, average="macro", zero_division=0.0),
        "precision": lambda: make_scorer(precision_score, average="macro", zero_division=0.0),
        "recall": lambda: make_scorer(recall_score, average="macro", zero_division=0.0),
        "average_precision": lambda: make_scorer(
            average_precision_score, response_method="predict_proba", average="macro"
        ),
        "roc_auc": lambda: get_scorer("roc_auc_ovr"),
        "brier": lambda: _multiclass_brier_score,
        "mcc": lambda: get_scorer("matthews_corrcoef"),
    }


def _named_scorer(metric, multiclass=False):
    """The scorer of one metric name; every score is greater-is-better."""
    special = _multiclass_scorers() if multiclass else _binary_scorers()
    if metric in special:
        return special[metric]()
    try:
        return get_scorer(metric)
    except ValueError:
        raise ValueError(
            f"scoring contains {metric!r}, which is neither one of {list(DEFAULT_SCORING)} "
            "nor a scikit-learn scorer name."
        ) from None


def _check_scoring(scoring, multiclass=False):
    """``{metric name: scorer}`` from a name, a sequence of names or a dict of callables."""
    if isinstance(scoring, str):
        scoring = (scoring,)
    if isinstance(scoring, dict):
        scorers = dict(scoring)
    else:
        scorers = {metric: _named_scorer(metric, multiclass) for metric in scoring}
    if not scorers:
        raise ValueError("scoring must name at least one metric; got an empty collection.")
    return scorers


def _check_strategies(strategies, estimator, random_state, preprocessor):
    if isinstance(strategies, str):
        if strategies != "default":
            raise ValueError(
                f"strategies must be 'default' or a dict {{name: estimator or sampler}}; "
                f"got {strategies!r}."
            )
        return default_strategies(estimator, random_state, preprocessor=preprocessor)
    if not isinstance(strategies, dict) or not strategies:
        raise ValueError(
            "strategies must be 'default' or a non-empty dict {name: estimator or sampler}; "
            f"got {strategies!r}."
        )
    return {
        str(name): strategy_from(name, value, estimator, preprocessor)
        for name, value in strategies.items()
    }


class _EncodedTarget(NamedTuple):
    """The target as the strategies see it.

    ``codes``: class index of each sample; binary targets are 0/1 with 1 the positive
    class, multi-class targets ``0 .. k - 1`` in sorted label order. ``labels[code]``:
    the original label of a code. ``classes``: the labels sorted (scikit-learn's
    ``classes_``), and ``class_codes[j]``: the code of ``classes[j]``.
    """

    codes: np.ndarray
    labels: np.ndarray
    classes: np.ndarray
    class_codes: np.ndarray

    @property
    def positive_label(self):
        """The positive class of a binary target; None for multi-class targets."""
        return self.labels[1] if self.labels.shape[0] == 2 else None


def _encode_target(y, pos_label, n_samples=None):
    """Encode ``y``; the binary positive class (default: the minority) becomes code 1."""
    target = check_target(y, n_samples=n_samples, min_classes=1)
    labels = target.classes.tolist()
    if len(labels) < 2:
        raise ValueError(
            f"y has 1 class ({labels[0]!r}); comparing strategies needs at least 2 "
            "classes."
        )
    if len(labels) > 2:
        if pos_label is not None:
            raise ValueError(
                f"pos_label={pos_label!r} is only for binary targets; y has {len(labels)} "
                f"classes {labels!r}, whose metrics are averaged over every class. Leave "
                "pos_label=None, or make y one-vs-rest first."
            )
        order = np.arange(len(labels))
        return _EncodedTarget(target.codes, target.classes, target.classes, order)
    if pos_label is None:
        positive = int(np.argmin(target.counts))
    elif pos_label in labels:
        positive = labels.index(pos_label)
    else:
        raise ValueError(
            f"pos_label={pos_label!r} is not a class of y; the classes are {labels!r}."
        )
    codes = (target.codes == positive).astype(np.int64)
    class_codes = np.array([0, 1]) if positive == 1 else np.array([1, 0])
    return _EncodedTarget(codes, target.classes[[1 - positive, positive]], target.classes,
                          class_codes)


def _check_folds(cv, target, random_state):
    """The splitter of ``cv``; stratified folds need every class to fill every fold."""
    if isinstance(cv, (int, np.integer)) and not isinstance(cv, bool):
        splitter = StratifiedKFold(cv, shuffle=True, random_state=random_state)
    else:
        splitter = check_cv(cv, classifier=True)
    if isinstance(splitter, StratifiedKFold):
        counts = np.bincount(target.codes)
        smallest = int(counts.min())
        if smallest < splitter.n_splits:
            label = target.labels.tolist()[int(counts.argmin())]
            advice = (f"use cv <= {smallest}" if smallest >= 2 else
                      "every class needs at least 2 samples")
            raise ValueError(
                f"cv={splitter.n_splits} folds, but the smallest class has only {smallest} "
                f"samples (class {label!r}); stratified folds need at least cv samples of "
                f"every class: {advice}."
            )
    return splitter


def _fit_and_score(name, estimator, X, y, fold, train, test, scorers):
    """Fit one strategy on one training fold; one row per metric (NaN on failure)."""
    take = (lambda rows: X.iloc[rows]) if hasattr(X, "iloc") else (lambda rows: X[rows])
    start = time.perf_counter()
    rows, error = [], None
    try:
        model = clone(estimator).fit(take(train), y[train])
    except Exception as exc:  # a failing strategy must not stop the comparison
        model, error = None, f"fit failed: {type(exc).__name__}: {exc}"
    fit_time = time.perf_counter() - start
    for metric, scorer in scorers.items():
        score = np.nan
        if model is not None:
            try:
                score = float(scorer(model, take(test), y[test]))
            except Exception as exc:
                error = error or f"scoring {metric!r} failed: {type(exc).__name__}: {exc}"
        rows.append({"strategy": name, "fold": fold, "metric": metric, "score": score,
                     "fit_time": fit_time})
    return rows, error


def _paired_test(differences):
    """Two-sided Wilcoxon signed-rank p-value; 1.0 when every difference is zero."""
    from scipy.stats import wilcoxon

    differences = differences[~np.isnan(differences)]
    if differences.size == 0:
        return np.nan
    if np.all(np.abs(differences) <= 1e-12):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(wilcoxon(differences).pvalue)


def compare_strategies(
    estimator, X, y, strategies="default", *, cv=5, scoring=DEFAULT_SCORING,
    preprocessor=None, pos_label=None, n_jobs=None, random_state=None, verbose=1,
):
    """Cross-validate imbalance strategies on the same folds and compare them.

    Every strategy is fitted and scored on exactly the same stratified folds, so
    per-fold scores are paired: each strategy is then compared with the baseline (the
    first strategy) fold by fold. Binary and multi-class targets are supported.

    Parameters
    ----------
    estimator : classifier
        The model the strategies are built around (see :func:`default_strategies`).
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (two or more classes, any labels).
    strategies : 'default' or dict, default='default'
        ``'default'``: :func:`default_strategies`. A dict ``{name: estimator or
        sampler}``: an estimator is used as it is, a sampler (``fit_resample``) is put in
        front of a clone of ``estimator``. The first entry is the baseline of the paired
        comparison.
    cv : int, cross-validation splitter or iterable, default=5
        An int gives ``StratifiedKFold(cv, shuffle=True, random_state=random_state)``;
        every class then needs at least ``cv`` samples. The splits are computed once
        and shared by every strategy.
    scoring : str, sequence of str or dict, default=DEFAULT_SCORING
        Metric names (see Notes), other scikit-learn scorer names, or a dict
        ``{name: scorer(estimator, X, y)}``. Every score is greater-is-better. The
        first metric ranks the strategies.
    preprocessor : transformer or None, default=None
        Placed first in every strategy, before any sampler (e.g.
        :func:`make_preprocessor` for tables with categorical columns or missing values).
    pos_label : label or None, default=None
        Binary targets only: the positive class; None means the minority class.
        Scores are computed with it encoded as 1. Must be None for multi-class targets.
    n_jobs : int or None, default=None
        Parallel (strategy, fold) fits with joblib; None means 1.
    random_state : int or None, default=None
        Seeds the fold shuffling and the default strategies.
    verbose : int, default=1
        ``> 0`` shows a tqdm progress bar over the (strategy, fold) fits.

    Returns
    -------
    comparison : StrategyComparison

    Notes
    -----
    The strategies are trained on encoded labels: binary targets as 0/1 (1 the
    positive class), multi-class targets as ``0 .. k - 1`` in sorted label order
    (``comparison.classes`` maps codes back to labels). The metric names mean:

    - ``f1``, ``f2``: binary, the F-beta score (beta 1, 2) of the positive class;
      multi-class, the macro average of the per-class F-beta scores.
    - ``precision``, ``recall``: of the positive class; multi-class, macro averages.
    - ``average_precision``: binary, of the positive-class score (decision values or
      ``predict_proba``); multi-class, one-vs-rest per class on ``predict_proba``, macro
      average.
    - ``roc_auc``: binary, ROC AUC of the positive-class score; multi-class, one-vs-rest
      ROC AUC on ``predict_proba``, macro average (scikit-learn's ``'roc_auc_ovr'``).
    - ``brier``: minus a Brier score of ``predict_proba``. Binary, scikit-learn's
      ``mean((p_positive - y) ** 2)``; multi-class, Brier's original
      ``mean(sum_k (p_k - [y == k]) ** 2)``, the mean squared distance between the
      probability vector and the one-hot truth (range 0 to 2).
    - ``balanced_accuracy``: the mean per-class recall (two or ``k`` classes).
    - ``mcc``: the Matthews correlation coefficient; multi-class, its generalisation
      (Gorodkin's R_K), as in :func:`sklearn.metrics.matthews_corrcoef`.

    Precision and F-scores count 0 for a class that is never predicted. The two Brier
    scores differ by a factor 2 on two classes (the binary one squares the positive
    column only), so binary results keep scikit-learn's convention.

    A strategy that fails on a fold (for instance SMOTE with fewer minority samples
    than neighbours) gets NaN scores there and a ``UserWarning`` naming it, instead of
    stopping the comparison.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbtools.datasets import load_imbalanced_breast_cancer
    >>> from imbtools.model_selection import compare_strategies
    >>> from imbtools.under_sampling import RandomUnderSampler
    >>> X, y = load_imbalanced_breast_cancer()
    >>> result = compare_strategies(
    ...     LogisticRegression(max_iter=5000), X, y,
    ...     strategies={"baseline": LogisticRegression(max_iter=5000),
    ...                 "under": RandomUnderSampler(random_state=0)},
    ...     cv=3, scoring=("recall", "precision"), random_state=0, verbose=0)
    >>> list(result.summary.index), list(result.summary.columns)
    (['baseline', 'under'], ['recall_mean', 'recall_std', 'precision_mean', 'precision_std'])
    >>> int(result.paired.loc[("under", "recall"), ["wins", "ties", "losses"]].sum())
    3

    A multi-class target: the same call, macro-averaged metrics.

    >>> from sklearn.datasets import make_classification
    >>> X, y = make_classification(n_samples=300, n_classes=3, n_informative=3,
    ...                            weights=[0.7, 0.2, 0.1], random_state=0)
    >>> result = compare_strategies(
    ...     LogisticRegression(), X, y,
    ...     strategies={"baseline": LogisticRegression(),
    ...                 "under": RandomUnderSampler(random_state=0)},
    ...     cv=3, scoring=("f1", "roc_auc"), random_state=0, verbose=0)
    >>> result.positive_label is None, result.classes.tolist()
    (True, [0, 1, 2])
    >>> list(result.summary.index), result.summary.shape
    (['baseline', 'under'], (2, 4))
    """
    target = _encode_target(y, pos_label)
    n_rows = X.shape[0] if hasattr(X, "shape") else len(X)
    if n_rows != target.codes.shape[0]:
        raise ValueError(
            f"X has {n_rows} rows but y has {target.codes.shape[0]}; they must match."
        )
    return _compare_encoded(
        estimator, X, target, strategies, cv=cv, scoring=scoring, preprocessor=preprocessor,
        n_jobs=n_jobs, random_state=random_state, verbose=verbose,
    )


def _compare_encoded(estimator, X, target, strategies, *, cv, scoring, preprocessor, n_jobs,
                     random_state, verbose):
    """:func:`compare_strategies` on a target already encoded by :func:`_encode_target`."""
    from joblib import Parallel, delayed

    y_encoded = target.codes
    scorers = _check_scoring(scoring, multiclass=target.labels.shape[0] > 2)
    models = _check_strategies(strategies, estimator, random_state, preprocessor)
    splitter = _check_folds(cv, target, random_state)
    splits = list(splitter.split(np.zeros((len(y_encoded), 1)), y_encoded))
    tasks = [
        delayed(_fit_and_score)(name, model, X, y_encoded, fold, train, test, scorers)
        for name, model in models.items()
        for fold, (train, test) in enumerate(splits)
    ]
    outputs = Parallel(n_jobs=n_jobs, return_as="generator")(tasks)
    if verbose:
        from tqdm.auto import tqdm

        outputs = tqdm(outputs, total=len(tasks), desc="compare_strategies", unit="fit")
    rows, errors = [], {}
    for fold_rows, error in outputs:
        rows.extend(fold_rows)
        if error is not None:
            errors.setdefault(fold_rows[0]["strategy"], error)
    for name, error in errors.items():
        warnings.warn(f"strategy {name!r}: {error} (its scores there are NaN).", UserWarning,
                      stacklevel=3)
    results = pd.DataFrame(rows, columns=["strategy", "fold", "metric", "score", "fit_time"])
    return StrategyComparison(results, list(models), list(scorers), target.positive_label,
                              models, classes=target.labels)


class StrategyComparison:
    """Per-fold scores of several strategies, summaries and a paired test vs baseline.

    Built by :func:`compare_strategies`; not meant to be created directly.

    Parameters
    ----------
    results : DataFrame
        Columns ``strategy, fold, metric, score, fit_time``; one row per strategy, fold
        and metric.
    strategies : list of str
        Strategy names in order; the first is the baseline.
    metrics : list of str
        Metric names in order; the first ranks the strategies.
    positive_label : label or None
        The class scored as positive; None for a multi-class target.
    estimators : dict, default=None
        The unfitted strategy estimators, by name.
    classes : ndarray or None, default=None
        The original label of each code the strategies were trained on: binary
        ``[negative, positive]``, multi-class the sorted labels.

    Attributes
    ----------
    results : DataFrame
        The tidy per-fold scores (greater is better for every metric).
    summary : DataFrame
        One row per strategy (index: strategy names, in order), columns
        ``<metric>_mean`` and ``<metric>_std`` (population std over folds).
    paired : DataFrame
        Index ``(strategy, metric)`` for every strategy but the baseline; columns
        ``wins``, ``ties``, ``losses`` (folds where the strategy scores above, equal to,
        below the baseline; NaN folds are not counted), ``mean_difference`` and
        ``p_value``: two-sided Wilcoxon signed-rank test of the per-fold differences
        (``scipy.stats.wilcoxon``; with 5 folds the smallest reachable p-value is
        0.0625, so read it as a rough guide; 1.0 when all differences are zero).
    best_strategy : str
        The strategy with the highest mean of the first metric.

    Examples
    --------
    >>> import pandas as pd
    >>> from imbtools.model_selection import StrategyComparison
    >>> results = pd.DataFrame({"strategy": ["a", "a", "b", "b"], "fold": [0, 1, 0, 1],
    ...                         "metric": "f1", "score": [0.5, 0.6, 0.7, 0.6]})
    >>> comparison = StrategyComparison(results, ["a", "b"], ["f1"], positive_label=1)
    >>> comparison.best_strategy
    'b'
    >>> print(comparison.to_markdown(title="Churn", plots=False))
    # Churn
    <BLANKLINE>
    | strategy | f1 | wins/ties/losses vs a (f1) |
    | --- | --- | --- |
    | a | 0.550 ± 0.050 | baseline |
    | b | 0.650 ± 0.050 | 1/1/0 |
    <BLANKLINE>
    Best by f1: **b**.
    <BLANKLINE>
    """

    def __init__(self, results, strategies, metrics, positive_label, estimators=None,
                 classes=None):
        self.results = results
        self.strategies = list(strategies)
        self.metrics = list(metrics)
        self.positive_label = positive_label
        self.estimators = estimators
        self.classes = classes
        self.baseline = self.strategies[0]
        self.summary = self._summarise()
        self.paired = self._compare_with_baseline()
        means = self.summary[f"{self.metrics[0]}_mean"]
        self.best_strategy = str(means.idxmax()) if means.notna().any() else self.baseline

    def _scores(self, metric):
        """DataFrame fold x strategy of one metric."""
        table = self.results[self.results["metric"] == metric].pivot(
            index="fold", columns="strategy", values="score"
        )
        return table.reindex(columns=self.strategies)

    def _summarise(self):
        columns = {}
        for metric in self.metrics:
            scores = self._scores(metric)
            columns[f"{metric}_mean"] = scores.mean()
            columns[f"{metric}_std"] = scores.std(ddof=0)
        summary = pd.DataFrame(columns).reindex(self.strategies)
        summary.index.name = "strategy"
        return summary

    def _compare_with_baseline(self):
        records = []
        for metric in self.metrics:
            scores = self._scores(metric)
            for name in self.strategies[1:]:
                differences = (scores[name] - scores[self.baseline]).to_numpy(dtype=float)
                valid = differences[~np.isnan(differences)]
                ties = np.abs(valid) <= 1e-12
                records.append({
                    "strategy": name, "metric": metric,
                    "wins": int(np.sum((valid > 0) & ~ties)), "ties": int(np.sum(ties)),
                    "losses": int(np.sum((valid < 0) & ~ties)),
                    "mean_difference": float(valid.mean()) if valid.size else np.nan,
                    "p_value": _paired_test(differences),
                })
        columns = ["strategy", "metric", "wins", "ties", "losses", "mean_difference", "p_value"]
        return pd.DataFrame.from_records(records, columns=columns).set_index(
            ["strategy", "metric"])

    def _report_table(self):
        """Strategy rows of formatted cells: ``mean ± std`` per metric, then W/T/L."""
        first = self.metrics[0]
        header = ["strategy", *self.metrics, f"wins/ties/losses vs {self.baseline} ({first})"]
        rows = []
        for name in self.strategies:
            cells = [
                f"{self.summary.loc[name, f'{m}_mean']:.3f} ± "
                f"{self.summary.loc[name, f'{m}_std']:.3f}" for m in self.metrics
            ]
            if name == self.baseline:
                record = "baseline"
            else:
                counts = self.paired.loc[(name, first)]
                record = "/".join(str(int(counts[key])) for key in ("wins", "ties", "losses"))
            rows.append([name, *cells, record])
        return header, rows

    def _markdown_table(self):
        """The summary as a Markdown table (``mean ± std`` per metric, W/T/L vs baseline)."""
        header, rows = self._report_table()
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] * len(header))
                 + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)

    def _html_table(self):
        """The same table as HTML (``DataFrame.to_html``)."""
        header, rows = self._report_table()
        return pd.DataFrame(rows, columns=header).to_html(index=False)

    def to_markdown(self, *, title="Imbalance strategy comparison", description="",
                    plots=True):
        """A Markdown report: title, summary table, best strategy and the plots.

        The table gives ``mean ± std`` over folds per metric and the wins / ties /
        losses against the baseline on the ranking metric. The plots (one
        :class:`~imbtools.plotting.StrategyComparisonDisplay` for the ranking metric and
        one for average precision when it was scored) are PNG images inlined as base64
        ``data:`` URIs, so the report is a single file; without matplotlib the report
        says how to get them.

        Parameters
        ----------
        title : str, default="Imbalance strategy comparison"
        description : str, default=""
            A paragraph under the title (data, model, folds).
        plots : bool, default=True
            Embed the plots.

        Returns
        -------
        str
        """
        from ._report import comparison_report

        return comparison_report(self, "markdown", title=title, description=description,
                                 plots=plots)

    def to_html(self, *, title="Imbalance strategy comparison", description="", plots=True):
        """The same report as :meth:`to_markdown`, as a standalone HTML page.

        Parameters
        ----------
        title : str, default="Imbalance strategy comparison"
        description : str, default=""
        plots : bool, default=True

        Returns
        -------
        str
        """
        from ._report import comparison_report

        return comparison_report(self, "html", title=title, description=description,
                                 plots=plots)

    def to_string(self):
        """The summary table as aligned plain text for a terminal.

        Returns
        -------
        str
        """
        header, rows = self._report_table()
        width = max(len(header[0]), *(len(row[0]) for row in rows))
        header[0] = header[0].ljust(width)
        rows = [[row[0].ljust(width), *row[1:]] for row in rows]
        return pd.DataFrame(rows, columns=header).to_string(index=False)

    def plot(self, metric=None, ax=None):
        """Per-fold scores: a box per strategy and one line per fold through them.

        Parameters
        ----------
        metric : str, default=None
            One of :attr:`metrics`; default: the first (the ranking metric).
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure.

        Returns
        -------
        display : :class:`~imbtools.plotting.StrategyComparisonDisplay`
        """
        from ..plotting import StrategyComparisonDisplay

        return StrategyComparisonDisplay.from_comparison(self, metric=metric, ax=ax)

    def __repr__(self):
        return (f"StrategyComparison(strategies={self.strategies!r}, "
                f"metrics={self.metrics!r}, best_strategy={self.best_strategy!r})")
