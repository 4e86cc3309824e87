"""imbtools: fast, scikit-learn-native tools for class-imbalanced classification.

Importing :mod:`imbtools` is cheap: sub-packages are imported on first use and no
Numba kernel is compiled until a sampler needs it.
"""

import importlib

from ._version import __version__

_SUBMODULES = (
    "base",
    "class_weight",
    "combine",
    "datasets",
    "ensemble",
    "metrics",
    "model_selection",
    "neighbors",
    "over_sampling",
    "plotting",
    "threshold",
    "under_sampling",
    "utils",
)

__all__ = ["__version__", *_SUBMODULES]


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
