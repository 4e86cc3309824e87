"""Cross-validate imbalance strategies on shared folds and compare them to a baseline."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    brier_score_loss,
    fbeta_score,
    get_scorer,
    make_scorer,
    precision_score,
)
from sklearn.model_selection import StratifiedKFold

from ..utils.validation import check_target
from ._strategies import default_strategies, strategy_from

__all__ = ["StrategyComparison", "compare_strategies"]

DEFAULT_SCORING = (
    "f1", "f2", "precision", "recall", "average_precision", "roc_auc", "brier",
    "balanced_accuracy", "mcc",
)


def _named_scorer(metric):
    """The scorer of one metric name; every score is greater-is-better."""
    special = {
        "f2": lambda: make_scorer(fbeta_score, beta=2, zero_division=0.0),
        "precision": lambda: make_scorer(precision_score, zero_division=0.0),
        "brier": lambda: make_scorer(
            brier_score_loss, response_method="predict_proba", greater_is_better=False
        ),
        "mcc": lambda: get_scorer("matthews_corrcoef"),
    }
    if metric in special:
        return special[metric]()
    try:
        return get_scorer(metric)
    except ValueError:
        raise ValueError(
            f"scoring contains {metric!r}, which is neither one of {list(DEFAULT_SCORING)} "
            "nor a scikit-learn scorer name."
        ) from None


def _check_scoring(scoring):
    """``{metric name: scorer}`` from a name, a sequence of names or a dict of callables."""
    if isinstance(scoring, str):
        scoring = (scoring,)
    if isinstance(scoring, dict):
        scorers = dict(scoring)
    else:
        scorers = {metric: _named_scorer(metric) for metric in scoring}
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


def _encode_binary(y, pos_label):
    """``(y as 0/1, positive label, negative label)``; positive defaults to the minority."""
    target = check_target(y, min_classes=2)
    labels = target.classes.tolist()
    if len(labels) != 2:
        raise ValueError(
            f"compare_strategies needs a binary target; y has {len(labels)} classes: {labels!r}."
        )
    if pos_label is None:
        positive = int(np.argmin(np.bincount(target.codes, minlength=2)))
    elif pos_label in labels:
        positive = labels.index(pos_label)
    else:
        raise ValueError(
            f"pos_label={pos_label!r} is not a class of y; the classes are {labels!r}."
        )
    return (target.codes == positive).astype(np.int64), labels[positive], labels[1 - positive]


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
    first strategy) fold by fold.

    Parameters
    ----------
    estimator : classifier
        The model the strategies are built around (see :func:`default_strategies`).
    X : array-like or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Binary target, any labels.
    strategies : 'default' or dict, default='default'
        ``'default'``: :func:`default_strategies`. A dict ``{name: estimator or
        sampler}``: an estimator is used as it is, a sampler (``fit_resample``) is put in
        front of a clone of ``estimator``. The first entry is the baseline of the paired
        comparison.
    cv : int or cross-validation splitter, default=5
        An int gives ``StratifiedKFold(cv, shuffle=True, random_state=random_state)``.
        The splits are computed once and shared by every strategy.
    scoring : str, sequence of str or dict, default=DEFAULT_SCORING
        Metric names: scikit-learn scorer names plus ``'f2'`` (F-beta, beta=2),
        ``'brier'`` (minus the Brier score of ``predict_proba``: greater is better) and
        ``'mcc'``; precision and F-scores count 0 when nothing is predicted positive. Or
        a dict ``{name: scorer(estimator, X, y)}``. The first metric ranks the strategies.
    preprocessor : transformer or None, default=None
        Placed first in every strategy, before any sampler (e.g.
        :func:`make_preprocessor` for tables with categorical columns or missing values).
    pos_label : label or None, default=None
        The positive class; None means the minority class. Scores are computed with it
        encoded as 1.
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
    """
    from joblib import Parallel, delayed

    y_encoded, positive_label, _ = _encode_binary(y, pos_label)
    if len(X) != y_encoded.shape[0]:
        raise ValueError(
            f"X has {len(X)} rows but y has {y_encoded.shape[0]}; they must match."
        )
    scorers = _check_scoring(scoring)
    models = _check_strategies(strategies, estimator, random_state, preprocessor)
    splitter = StratifiedKFold(cv, shuffle=True, random_state=random_state) if isinstance(
        cv, (int, np.integer)) else cv
    if isinstance(splitter, StratifiedKFold):
        smallest = int(np.bincount(y_encoded).min())
        if smallest < splitter.n_splits:
            raise ValueError(
                f"cv={splitter.n_splits} folds, but the smallest class has only {smallest} "
                f"samples; use cv <= {smallest}."
            )
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
                      stacklevel=2)
    results = pd.DataFrame(rows, columns=["strategy", "fold", "metric", "score", "fit_time"])
    return StrategyComparison(results, list(models), list(scorers), positive_label, models)


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
    positive_label : label
        The class scored as positive.
    estimators : dict, default=None
        The unfitted strategy estimators, by name.

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
    >>> print(comparison.to_markdown())
    | strategy | f1 | wins/ties/losses vs a (f1) |
    | --- | --- | --- |
    | a | 0.550 ± 0.050 | baseline |
    | b | 0.650 ± 0.050 | 1/1/0 |
    """

    def __init__(self, results, strategies, metrics, positive_label, estimators=None):
        self.results = results
        self.strategies = list(strategies)
        self.metrics = list(metrics)
        self.positive_label = positive_label
        self.estimators = estimators
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

    def to_markdown(self):
        """The summary as a Markdown table (``mean ± std`` per metric, W/T/L vs baseline).

        Returns
        -------
        str
        """
        header, rows = self._report_table()
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] * len(header))
                 + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)

    def to_string(self):
        """The same table as :meth:`to_markdown`, as aligned plain text for a terminal.

        Returns
        -------
        str
        """
        header, rows = self._report_table()
        width = max(len(header[0]), *(len(row[0]) for row in rows))
        header[0] = header[0].ljust(width)
        rows = [[row[0].ljust(width), *row[1:]] for row in rows]
        return pd.DataFrame(rows, columns=header).to_string(index=False)

    def to_html(self):
        """The same table as :meth:`to_markdown`, as HTML (``DataFrame.to_html``).

        Returns
        -------
        str
        """
        header, rows = self._report_table()
        return pd.DataFrame(rows, columns=header).to_html(index=False)

    def plot(self, ax=None):
        """Per-fold scores of the first metric: a box per strategy with the fold dots.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; None creates a figure.

        Returns
        -------
        ax : matplotlib Axes
        """
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(0.9 * len(self.strategies) + 2, 4))
        scores = self._scores(self.metrics[0])
        data = [scores[name].dropna().to_numpy() for name in self.strategies]
        positions = np.arange(1, len(self.strategies) + 1)
        ax.boxplot(data, positions=positions, widths=0.5)
        for position, values in zip(positions, data):
            ax.plot(np.full(values.shape, position), values, "o", alpha=0.6, color="C1")
        ax.set_xticks(positions, self.strategies, rotation=30, ha="right")
        ax.set_ylabel(f"{self.metrics[0]} per fold")
        return ax

    def __repr__(self):
        return (f"StrategyComparison(strategies={self.strategies!r}, "
                f"metrics={self.metrics!r}, best_strategy={self.best_strategy!r})")
