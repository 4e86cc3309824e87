"""Display objects (matplotlib is imported only when a Display is used)."""

import importlib

_DISPLAYS = {
    "ThresholdDisplay": "._threshold",
    "ClassWeightDisplay": "._class_weight",
    "StrategyComparisonDisplay": "._strategies",
}

__all__ = sorted(_DISPLAYS)


def __getattr__(name):
    if name in _DISPLAYS:
        return getattr(importlib.import_module(_DISPLAYS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
