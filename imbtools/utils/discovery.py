"""Discover imbtools' public estimators (the library's estimator registry).

Examples
--------
>>> from imbtools.utils.discovery import all_estimators
>>> names = [name for name, _ in all_estimators(type_filter="sampler")]
>>> "SMOTE" in names and "TomekLinks" in names
True
"""

from __future__ import annotations

import importlib
import inspect

from sklearn.base import BaseEstimator, ClassifierMixin

__all__ = ["PUBLIC_MODULES", "all_estimators"]

#: The modules whose public names make up imbtools' API of estimators.
PUBLIC_MODULES = (
    "imbtools.over_sampling",
    "imbtools.under_sampling",
    "imbtools.combine",
    "imbtools.ensemble",
    "imbtools.threshold",
    "imbtools.class_weight",
    "imbtools.model_selection",
    "imbtools.neighbors",
)

_TYPES = ("sampler", "classifier", "neighbors")


def _public_names(module):
    """The names a module exports, including those it imports lazily (``_LAZY``)."""
    names = set(getattr(module, "__all__", ())) | set(getattr(module, "_LAZY", {}))
    return sorted(name for name in names if not name.startswith("_"))


def _kind(cls):
    if hasattr(cls, "fit_resample"):
        return "sampler"
    if issubclass(cls, ClassifierMixin):
        return "classifier"
    if hasattr(cls, "kneighbors"):
        return "neighbors"
    return None


def all_estimators(type_filter=None):
    """Every public imbtools estimator class, as ``(name, class)`` pairs sorted by name.

    Parameters
    ----------
    type_filter : {"sampler", "classifier", "neighbors"} or list of them, default=None
        Keep only estimators of these kinds (``None``: all). A sampler has
        ``fit_resample``; a classifier derives from scikit-learn's ``ClassifierMixin``;
        a neighbours object has ``kneighbors``.

    Returns
    -------
    list of (str, type)
    """
    if type_filter is None:
        wanted = set(_TYPES)
    else:
        wanted = {type_filter} if isinstance(type_filter, str) else set(type_filter)
        unknown = wanted - set(_TYPES)
        if unknown:
            raise ValueError(
                f"type_filter must be one of {list(_TYPES)} or a list of them; got "
                f"{sorted(unknown)}."
            )
    found = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in _public_names(module):
            obj = getattr(module, name)
            if (inspect.isclass(obj) and issubclass(obj, BaseEstimator)
                    and not inspect.isabstract(obj) and _kind(obj) in wanted):
                found[name] = obj
    return sorted(found.items())
