"""Make a dataset imbalanced, and a real imbalanced dataset that needs no download."""

from __future__ import annotations

import numpy as np
from sklearn.utils import check_random_state

from ..utils.validation import check_target

__all__ = ["load_imbalanced_breast_cancer", "make_imbalance"]


def make_imbalance(X, y, class_sizes, *, random_state=None):
    """Keep a random subset of chosen classes so they have the given sizes.

    Parameters
    ----------
    X : ndarray or DataFrame of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    class_sizes : dict
        ``{label: n_samples to keep}``; classes not listed are kept whole.
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    X_subset, y_subset
        Rows in their original order, same containers as the input.

    Examples
    --------
    >>> import numpy as np
    >>> from imbtools.datasets import make_imbalance
    >>> X, y = np.arange(20).reshape(10, 2), np.array([0] * 5 + [1] * 5)
    >>> X_small, y_small = make_imbalance(X, y, {1: 2}, random_state=0)
    >>> np.bincount(y_small)
    array([5, 2])
    """
    target = check_target(y, n_samples=len(X), min_classes=1)
    labels = target.classes.tolist()
    random_state = check_random_state(random_state)
    keep = np.ones(target.codes.shape[0], dtype=bool)
    for label, size in class_sizes.items():
        if label not in labels:
            raise ValueError(
                f"class_sizes names the class {label!r}, which is not in y; the classes are "
                f"{labels!r}."
            )
        rows = np.flatnonzero(target.codes == labels.index(label))
        if not 0 <= size <= rows.shape[0]:
            raise ValueError(
                f"class_sizes[{label!r}]={size!r}: must be between 0 and the {rows.shape[0]} "
                "samples of that class."
            )
        keep[rows] = False
        keep[random_state.choice(rows, size, replace=False)] = True
    index = np.flatnonzero(keep)
    X_subset = X.iloc[index] if hasattr(X, "iloc") else np.asarray(X)[index]
    y_subset = y.iloc[index] if hasattr(y, "iloc") else np.asarray(y)[index]
    return X_subset, y_subset


def load_imbalanced_breast_cancer(*, n_malignant=30, as_frame=False, random_state=0):
    """The Wisconsin breast-cancer data with the malignant class made rare.

    scikit-learn ships the data (569 samples, 30 features; 212 malignant, 357 benign),
    so it loads offline. Here the target is 1 for *malignant* (the class of interest) and
    only ``n_malignant`` malignant samples are kept (default 30: imbalance ratio ~1:12).

    Parameters
    ----------
    n_malignant : int, default=30
        Malignant samples to keep (1 to 212).
    as_frame : bool, default=False
        Return a DataFrame and a Series named ``"malignant"``.
    random_state : int, default=0
        Seed of the subset.

    Returns
    -------
    X : ndarray of shape (357 + n_malignant, 30) or DataFrame
    y : ndarray of shape (357 + n_malignant,) or Series

    Examples
    --------
    >>> from imbtools.datasets import load_imbalanced_breast_cancer
    >>> X, y = load_imbalanced_breast_cancer()
    >>> X.shape, int(y.sum())
    ((387, 30), 30)
    """
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer(as_frame=as_frame)
    X, y = data.data, 1 - data.target  # sklearn encodes malignant as 0
    if as_frame:
        y = y.rename("malignant")
    return make_imbalance(X, y, {1: n_malignant}, random_state=random_state)
