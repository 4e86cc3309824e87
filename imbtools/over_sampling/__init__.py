"""Over-samplers: create new minority samples."""

import importlib

from ._random import RandomOverSampler
from ._smote import SMOTE

# Samplers in modules of their own are imported on first use.
_LAZY = {
    "ADASYN": "._adasyn",
    "BorderlineSMOTE": "._borderline",
    "KMeansSMOTE": "._kmeans_smote",
    "SMOTEN": "._smote_n",
    "SMOTENC": "._smote_nc",
    "SVMSMOTE": "._svm_smote",
    # issue 14, var2
    "SafeLevelSMOTE": "._safe_level_smote",
    "SMOBD": "._smobd",
    "LeeSMOTE": "._lee_smote",
    "EdgeDetSMOTE": "._edge_det_smote",
    "AssembledSMOTE": "._assembled_smote",
    "CCR": "..combine._ccr",  # cleans as well: lives in combine
    "SandhanChoiSMOTE": "._sandhan_choi_smote",
    # issue 14, var1
    "RandomSMOTE": "._random_smote",
    "SMOTEOut": "._smote_out",
    "SMOTECosine": "._smote_cosine",
    "SelectedSMOTE": "._selected_smote",
    "ProWSyn": "._prowsyn",
    "SMOTEIPF": "._smote_ipf",
    "PolynomialFitSMOTE": "._polynomial_fit_smote",
    # issue 14, var3
    "MWMOTE": "._mwmote",
    "NTSMOTE": "._nt_smote",
    "TRIMSMOTE": "._trim_smote",
    "MSYN": "._msyn",
    "SupervisedSMOTE": "._supervised_smote",
    # issue 14, lvq
    "LVQSMOTE": "._lvq_smote",
}

__all__ = ["SMOTE", "RandomOverSampler"]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
