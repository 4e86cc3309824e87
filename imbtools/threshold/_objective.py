"""What a threshold search maximises: a score, a negative expected cost, a constraint.

:func:`resolve_objective` turns the ``scoring`` / ``cost_matrix`` parameters of
:class:`~imbtools.threshold.ThresholdCalibratedClassifier` into an :class:`Objective`,
and :func:`resolve_constraint` turns ``constraint`` into a :class:`Constraint`. Both
evaluate a whole sweep (:class:`~imbtools.metrics._curve.SweepCounts`) at once when the
quantity is a function of the confusion matrix; other scores fall back to evaluating
label predictions one candidate at a time.
"""

from __future__ import annotations

import inspect
import numbers
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import get_scorer

from ..metrics import COUNT_SCORE_NAMES, CountScorer, count_scorer

__all__ = ["Constraint", "Objective", "resolve_constraint", "resolve_objective"]

CONSTRAINT_NAMES = ("recall", "precision", "specificity", "fpr")


@dataclass
class Objective:
    """A quantity to maximise, from counts (``scorer`` or ``cost_matrix``) or from labels.

    Exactly one of ``scorer``, ``cost_matrix``, ``score_function`` is set.
    """

    name: str
    classes: np.ndarray
    scorer: CountScorer | None = None
    cost_matrix: np.ndarray | None = None
    score_function: object = None
    sign: float = 1.0
    kwargs: dict | None = None

    @property
    def exact(self):
        """Whether the objective is a function of the confusion matrix (exact sweep)."""
        return self.score_function is None

    def sweep_values(self, counts, true_codes, from_codes, to_code, weights):
        """Objective at every row of a sweep (see :mod:`imbtools.metrics._curve`)."""
        if self.scorer is not None:
            return self.scorer.from_counts(counts.tp, counts.pred, counts.true)
        cost = self.cost_matrix
        start = weights * cost[true_codes, from_codes]
        change = weights * (cost[true_codes, to_code] - cost[true_codes, from_codes])
        return -(start.sum() + counts.cumulative(change)) / weights.sum()

    def score(self, true_codes, pred_codes, weights):
        """Objective of one set of predictions (class codes)."""
        if self.scorer is not None:
            n_classes = self.classes.shape[0]
            hits = true_codes == pred_codes
            tp = np.bincount(true_codes[hits], weights=weights[hits], minlength=n_classes)
            pred = np.bincount(pred_codes, weights=weights, minlength=n_classes)
            true = np.bincount(true_codes, weights=weights, minlength=n_classes)
            return float(self.scorer.from_counts(tp, pred, true))
        if self.cost_matrix is not None:
            cost = weights * self.cost_matrix[true_codes, pred_codes]
            return float(-cost.sum() / weights.sum())
        kwargs = dict(self.kwargs or {})
        if _accepts_sample_weight(self.score_function) and not np.all(weights == 1):
            kwargs["sample_weight"] = weights
        value = self.score_function(self.classes[true_codes], self.classes[pred_codes],
                                    **kwargs)
        return self.sign * float(value)


@dataclass
class Constraint:
    """``scorer(...) >= target`` (or ``<=`` for an upper bound such as the FPR)."""

    name: str
    target: float
    scorer: CountScorer
    upper_bound: bool = False

    def sweep_values(self, counts):
        values = self.scorer.from_counts(counts.tp, counts.pred, counts.true)
        return 1.0 - values if self.upper_bound else values

    def holds(self, values):
        slack = 1e-12
        if self.upper_bound:
            return values <= self.target + slack
        return values >= self.target - slack

    def describe(self):
        return f"{self.name} {'<=' if self.upper_bound else '>='} {self.target}"


def _accepts_sample_weight(function):
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    return "sample_weight" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _scorer_parts(scoring, scorer):
    """Score function, sign and kwargs of a scikit-learn scorer object (private API)."""
    try:
        function, sign, kwargs = scorer._score_func, scorer._sign, scorer._kwargs
        response_method = scorer._response_method
    except AttributeError as exc:  # pragma: no cover - depends on scikit-learn internals
        raise TypeError(
            f"scoring={scoring!r} is a scorer object this version of scikit-learn does not "
            "let imbtools unpack; pass a (y_true, y_pred) callable instead."
        ) from exc
    if response_method != "predict":
        raise ValueError(
            f"scoring={scoring!r} scores {response_method!r} outputs, not decisions, so it "
            "does not depend on the decision threshold; choose a score of predicted labels "
            f"such as one of {list(COUNT_SCORE_NAMES)}."
        )
    return function, sign, dict(kwargs)


def resolve_objective(scoring, cost_matrix, classes):
    """Build the :class:`Objective` for ``classes`` (sorted labels, the cost matrix order)."""
    n_classes = classes.shape[0]
    if cost_matrix is not None:
        cost = np.asarray(cost_matrix, dtype=np.float64)
        if cost.shape != (n_classes, n_classes) or not np.all(np.isfinite(cost)):
            raise ValueError(
                f"cost_matrix must be a finite array of shape ({n_classes}, {n_classes}) "
                f"(rows true class, columns predicted class, in the order of classes_ "
                f"{classes.tolist()[:10]}); got shape {cost.shape}."
            )
        return Objective("expected_cost", classes, cost_matrix=cost)
    scorer = count_scorer(scoring)
    if scorer is not None:
        try:
            scorer.resolved_average(n_classes)
        except ValueError as exc:
            raise ValueError(f"scoring={scoring!r}: {exc}") from None
        return Objective(str(scoring), classes, scorer=scorer)
    if isinstance(scoring, str):
        try:
            sklearn_scorer = get_scorer(scoring)
        except ValueError:
            raise ValueError(
                f"scoring={scoring!r} is not a known score. Accepted: a name computed exactly "
                f"from confusion counts {list(COUNT_SCORE_NAMES)}, another name from "
                "sklearn.metrics.get_scorer_names() that scores predicted labels, a "
                "CountScorer, or a callable score(y_true, y_pred)."
            ) from None
        function, sign, kwargs = _scorer_parts(scoring, sklearn_scorer)
        return Objective(scoring, classes, score_function=function, sign=sign, kwargs=kwargs)
    if hasattr(scoring, "_score_func"):
        function, sign, kwargs = _scorer_parts(scoring, scoring)
        return Objective(repr(scoring), classes, score_function=function, sign=sign,
                         kwargs=kwargs)
    name = getattr(scoring, "__name__", repr(scoring))
    return Objective(name, classes, score_function=scoring)


def resolve_constraint(constraint, n_classes):
    """Build the :class:`Constraint` for a ``(name, target)`` pair, or None."""
    if constraint is None:
        return None
    accepted = (
        "a pair (name, target) with name in "
        f"{list(CONSTRAINT_NAMES)} and target a number in [0, 1], e.g. ('recall', 0.9) "
        "or ('fpr', 0.05)"
    )
    if (
        len(constraint) != 2
        or constraint[0] not in CONSTRAINT_NAMES
        or not isinstance(constraint[1], numbers.Real)
        or isinstance(constraint[1], bool)
        or not 0 <= constraint[1] <= 1
    ):
        raise ValueError(f"constraint must be {accepted}; got {constraint!r}.")
    if n_classes != 2:
        raise ValueError(
            f"constraint={constraint!r} needs a binary target; y has {n_classes} classes. "
            "Use constraint=None for multi-class problems."
        )
    name, target = constraint
    scorer_name = "specificity" if name == "fpr" else name
    return Constraint(name, float(target), CountScorer(scorer_name, average="binary"),
                      upper_bound=name == "fpr")
