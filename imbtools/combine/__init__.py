"""Over-sampling followed by cleaning."""

import importlib

_LAZY = {
    "SMOTEENN": "._smote_cleaning",
    "SMOTETomek": "._smote_cleaning",
    # issue 14, var2 (also exported from imbtools.over_sampling)
    "CCR": "._ccr",
}

__all__: list = []


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
