"""Class-weight families and cost-sensitive sample weights.

Every family maps the class counts ``n_c`` and one scalar parameter to a weight per
class. Weights are normalised so that the weighted sample count equals the number of
samples, ``sum_c n_c * w_c = n``: the loss keeps the scale of the unweighted loss (so a
regularisation strength ``C`` or ``alpha`` means the same thing at every weight), and the
``power`` family at ``alpha=1`` is exactly scikit-learn's ``class_weight="balanced"``,
``n / (n_classes * n_c)``.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..utils._param_validation import Interval, StrOptions, validate_params
from ..utils.validation import check_target

__all__ = [
    "FAMILIES",
    "compute_class_weights",
    "cost_sensitive_sample_weight",
    "family_weights",
]

#: The one-parameter families and the name of their parameter.
FAMILIES = ("power", "ratio", "effective_number")
FAMILY_PARAM = {"power": "alpha", "ratio": "ratio", "effective_number": "beta"}


def normalise_weights(counts, raw_weights):
    """Scale ``raw_weights`` so that ``sum(counts * weights) == sum(counts)``."""
    counts = np.asarray(counts, dtype=np.float64)
    raw_weights = np.asarray(raw_weights, dtype=np.float64)
    return raw_weights * (counts.sum() / np.dot(counts, raw_weights))


def power_weights(counts, alpha):
    """``w_c`` proportional to ``n_c ** -alpha``, normalised (see module docstring)."""
    log_weights = -float(alpha) * np.log(np.asarray(counts, dtype=np.float64))
    # Relative to the heaviest class, so that no alpha, however large, can overflow.
    return normalise_weights(counts, np.exp(log_weights - log_weights.max()))


def ratio_weights(counts, ratio):
    """Binary ratio form: the minority class weighs ``ratio`` times the majority class."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.shape[0] != 2:
        raise ValueError(
            f"The 'ratio' class-weight family needs a binary target; y has {counts.shape[0]} "
            "classes. Use 'power' or 'effective_number', which work for any number of classes."
        )
    raw = np.ones(2)
    raw[np.argmin(counts)] = float(ratio)
    return normalise_weights(counts, raw)


def effective_number_weights(counts, beta):
    """Cui et al. (2019): ``w_c`` proportional to ``(1 - beta) / (1 - beta ** n_c)``.

    ``beta=0`` gives equal weights; ``beta -> 1`` tends to ``1 / n_c`` ('balanced').
    Computed as ``-(1 - beta) / expm1(n_c * log1p(-(1 - beta)))``, accurate for ``beta``
    close to 1.
    """
    counts = np.asarray(counts, dtype=np.float64)
    one_minus_beta = 1.0 - float(beta)
    with np.errstate(divide="ignore"):
        log_beta = np.log1p(-one_minus_beta)
    effective_number = -np.expm1(counts * log_beta) / one_minus_beta
    return normalise_weights(counts, 1.0 / effective_number)


_FAMILY_FUNCTIONS = {
    "power": power_weights,
    "ratio": ratio_weights,
    "effective_number": effective_number_weights,
}


def family_weights(family, counts, value):
    """Normalised weights, aligned with ``counts``, of one member of a family."""
    return _FAMILY_FUNCTIONS[family](counts, value)


def check_family_value(family, value):
    """Raise a ``ValueError`` naming the family parameter if ``value`` is outside its domain."""
    name = FAMILY_PARAM[family]
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite real number; got {value!r}.")
    if family == "ratio" and value <= 0:
        raise ValueError(f"ratio must be > 0 (minority weight / majority weight); got {value!r}.")
    if family == "effective_number" and not 0 <= value < 1:
        raise ValueError(f"beta must be in [0, 1) for the effective-number family; got {value!r}.")


@validate_params(
    {
        "y": ["array-like"],
        "method": [StrOptions({"balanced", "power", "ratio", "effective_number"})],
        "alpha": [Interval(numbers.Real, None, None, closed="neither")],
        "beta": [Interval(numbers.Real, 0, 1, closed="left")],
        "ratio": [Interval(numbers.Real, 0, None, closed="neither")],
    },
    prefer_skip_nested_validation=True,
)
def compute_class_weights(y, method="balanced", *, alpha=1.0, beta=0.999, ratio=1.0):
    """Class weights for an imbalanced target, ready to pass as ``class_weight``.

    All methods are normalised so that the weighted sample count equals the number of
    samples, ``sum_c n_c * w_c = n``. With that normalisation ``method="power"`` at
    ``alpha=1`` equals ``method="balanced"``, which equals scikit-learn's
    ``class_weight="balanced"`` (``n / (n_classes * n_c)``).

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    method : {"balanced", "power", "ratio", "effective_number"}, default="balanced"
        - ``"balanced"``: ``w_c`` proportional to ``1 / n_c``.
        - ``"power"``: ``w_c`` proportional to ``n_c ** -alpha``; ``alpha=0`` is no
          weighting, ``alpha=1`` is balanced, ``alpha > 1`` over-weights rare classes more.
        - ``"ratio"`` (binary only): the minority class weighs ``ratio`` times the majority.
        - ``"effective_number"``: ``w_c`` proportional to ``(1 - beta) / (1 - beta ** n_c)``,
          the inverse "effective number of samples" of Cui et al. (2019); ``beta=0`` is no
          weighting and ``beta -> 1`` tends to balanced.
    alpha : float, default=1.0
        Exponent of the ``"power"`` method.
    beta : float in [0, 1), default=0.999
        Parameter of the ``"effective_number"`` method.
    ratio : float > 0, default=1.0
        Minority-to-majority weight ratio of the ``"ratio"`` method.

    Returns
    -------
    class_weight : dict
        ``{label: weight}`` for every class of ``y``, in sorted label order.

    References
    ----------
    Y. Cui, M. Jia, T.-Y. Lin, Y. Song and S. Belongie, "Class-Balanced Loss Based on
    Effective Number of Samples", CVPR 2019.

    Examples
    --------
    >>> from imbtools.class_weight import compute_class_weights
    >>> y = [0] * 8 + [1] * 2
    >>> compute_class_weights(y)
    {0: 0.625, 1: 2.5}
    >>> compute_class_weights(y, "power", alpha=0.5)
    {0: 0.8333..., 1: 1.6666...}
    >>> compute_class_weights(y, "effective_number", beta=0.0)
    {0: 1.0, 1: 1.0}
    """
    target = check_target(y)
    counts = target.counts
    if method == "balanced":
        weights = power_weights(counts, 1.0)
    else:
        value = {"power": alpha, "ratio": ratio, "effective_number": beta}[method]
        weights = family_weights(method, counts, value)
    return {label: float(w) for label, w in zip(target.classes.tolist(), weights)}


@validate_params(
    {
        "y": ["array-like"],
        "cost_matrix": ["array-like"],
        "labels": ["array-like", None],
        "normalize": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def cost_sensitive_sample_weight(y, cost_matrix, *, labels=None, normalize=True):
    """Per-sample weights that turn a misclassification cost matrix into a weighted fit.

    ``cost_matrix[i, j]`` is the cost of predicting class ``labels[j]`` for a sample of
    true class ``labels[i]`` (rows: truth, columns: prediction). A sample of class ``i``
    gets the weight ``mean_{j != i} (cost_matrix[i, j] - cost_matrix[i, i])``, its average
    regret for being misclassified. For two classes this is the exact reduction of
    Elkan (2001): a probabilistic classifier fitted with these weights and thresholded
    at 0.5 takes the cost-minimising decision. For more classes it is the usual
    "rescaling" approximation, exact only when each row's off-diagonal costs are equal.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels.
    cost_matrix : array-like of shape (n_classes, n_classes)
        Misclassification costs, finite, with ``cost_matrix[i, j] >= cost_matrix[i, i]``.
    labels : array-like of shape (n_classes,), default=None
        Class order of the rows and columns of ``cost_matrix``; default: sorted labels of
        ``y``. Every label of ``y`` must be listed.
    normalize : bool, default=True
        Rescale so that the weights sum to ``n_samples`` (mean weight 1), which keeps the
        scale of the loss and so the meaning of regularisation parameters.

    Returns
    -------
    sample_weight : ndarray of shape (n_samples,)

    References
    ----------
    C. Elkan, "The Foundations of Cost-Sensitive Learning", IJCAI 2001.

    Examples
    --------
    >>> from imbtools.class_weight import cost_sensitive_sample_weight
    >>> y = [0, 0, 0, 1]
    >>> cost_sensitive_sample_weight(y, [[0, 1], [5, 0]])
    array([0.5, 0.5, 0.5, 2.5])
    """
    target = check_target(y, min_classes=1)
    costs = np.asarray(cost_matrix, dtype=np.float64)
    if labels is None:
        labels = target.classes
    labels = np.asarray(labels)
    n_classes = labels.shape[0]
    if costs.shape != (n_classes, n_classes):
        raise ValueError(
            f"cost_matrix must have shape (n_classes, n_classes) = ({n_classes}, {n_classes}) "
            f"for the classes {labels.tolist()!r}; got shape {costs.shape}."
        )
    if not np.all(np.isfinite(costs)):
        raise ValueError("cost_matrix must contain finite numbers only.")
    regret = costs - np.diag(costs)[:, None]
    if np.any(regret < 0):
        i, j = np.argwhere(regret < 0)[0]
        raise ValueError(
            f"cost_matrix[{i}, {j}] = {float(costs[i, j])!r} is below the cost of a correct "
            f"prediction cost_matrix[{i}, {i}] = {float(costs[i, i])!r}; "
            "misclassifying must cost at least as much as classifying correctly."
        )
    class_regret = regret.sum(axis=1) / max(n_classes - 1, 1)
    position = {label: k for k, label in enumerate(labels.tolist())}
    missing = [c for c in target.classes.tolist() if c not in position]
    if missing:
        raise ValueError(
            f"y has label(s) {missing!r} that are not in labels={labels.tolist()!r}; every "
            "class of y needs a row and a column of cost_matrix."
        )
    class_index = np.array([position[c] for c in target.classes.tolist()], dtype=np.intp)
    weights = class_regret[class_index][target.codes]
    if normalize:
        total = weights.sum()
        if total <= 0:
            raise ValueError(
                "cost_matrix gives every sample of y a zero weight (no misclassification "
                "cost for the classes present); at least one cost must be positive."
            )
        weights = weights * (weights.shape[0] / total)
    return weights
