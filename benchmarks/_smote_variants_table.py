"""The SMOTE variants of issue 14 and their counterparts in ``smote_variants``.

Shared by ``smote_variants_quality.py`` and ``smote_variants_speed.py``. Each row names
our class in :mod:`imbtools.over_sampling`, the keyword arguments it gets (``{}``: the
defaults), and the ``smote_variants`` class with its own arguments (default parameters
of the same method). A row whose class (or keyword) is not in the installed imbtools yet
is skipped, so the scripts run on any branch.
"""

from __future__ import annotations

import importlib
import logging

#: variant name -> (our class, our kwargs, smote_variants class, smote_variants kwargs)
VARIANTS = {
    # Tier 1
    "ProWSyn": ("ProWSyn", {}, "ProWSyn", {}),
    "SMOTEIPF": ("SMOTEIPF", {}, "SMOTE_IPF", {}),
    "SMOTECosine": ("SMOTECosine", {}, "SMOTE_Cosine", {}),
    "SMOTEOut": ("SMOTEOut", {}, "SMOTE_OUT", {}),
    "SelectedSMOTE": ("SelectedSMOTE", {}, "Selected_SMOTE", {}),
    "RandomSMOTE": ("RandomSMOTE", {}, "Random_SMOTE", {}),
    "PolynomialFitSMOTE-star": ("PolynomialFitSMOTE", {"topology": "star"},
                                "polynom_fit_SMOTE_star", {}),
    "PolynomialFitSMOTE-bus": ("PolynomialFitSMOTE", {"topology": "bus"},
                               "polynom_fit_SMOTE_bus", {}),
    "PolynomialFitSMOTE-mesh": ("PolynomialFitSMOTE", {"topology": "mesh"},
                                "polynom_fit_SMOTE_mesh", {}),
    "PolynomialFitSMOTE-poly": ("PolynomialFitSMOTE", {"topology": "polynomial"},
                                "polynom_fit_SMOTE_poly", {}),
    "SMOBD": ("SMOBD", {}, "SMOBD", {}),
    "LeeSMOTE": ("LeeSMOTE", {}, "Lee", {}),
    "SafeLevelSMOTE": ("SafeLevelSMOTE", {}, "Safe_Level_SMOTE", {}),
    "EdgeDetSMOTE": ("EdgeDetSMOTE", {}, "Edge_Det_SMOTE", {}),
    "AssembledSMOTE": ("AssembledSMOTE", {}, "Assembled_SMOTE", {}),
    "CCR": ("CCR", {}, "CCR", {}),
    # Tier 2
    "SandhanChoiSMOTE": ("SandhanChoiSMOTE", {}, "G_SMOTE", {}),
    "LVQSMOTE": ("LVQSMOTE", {}, "LVQ_SMOTE", {}),
    "MWMOTE": ("MWMOTE", {}, "MWMOTE", {}),
    "SupervisedSMOTE": ("SupervisedSMOTE", {}, "Supervised_SMOTE", {}),
    "TRIMSMOTE": ("TRIMSMOTE", {}, "TRIM_SMOTE", {}),
    "MSYN": ("MSYN", {}, "MSYN", {}),
    "NTSMOTE": ("NTSMOTE", {}, "NT_SMOTE", {}),
}


def our_class(variant):
    """Our class of a variant, or ``None`` when this imbtools does not have it (yet)."""
    class_name, kwargs = VARIANTS[variant][:2]
    over_sampling = importlib.import_module("imbtools.over_sampling")
    try:
        cls = getattr(over_sampling, class_name)
    except AttributeError:
        return None
    if set(kwargs) - set(cls().get_params()):
        return None  # e.g. a topology keyword named differently on this branch
    return cls


def available(variants=None):
    """The variants (of ``variants``, default all) that this imbtools implements."""
    names = list(VARIANTS) if not variants else list(variants)
    unknown = set(names) - set(VARIANTS)
    if unknown:
        raise SystemExit(f"unknown variants {sorted(unknown)}; known: {', '.join(VARIANTS)}")
    return [name for name in names if our_class(name) is not None]


def make_ours(variant, random_state):
    class_name, kwargs = VARIANTS[variant][:2]
    return our_class(variant)(random_state=random_state, **kwargs)


def make_theirs(variant, random_state):
    """A ``smote_variants`` object (it has ``.sample(X, y)``), its logging silenced."""
    import smote_variants

    logging.getLogger("smote_variants").setLevel(logging.ERROR)
    class_name, kwargs = VARIANTS[variant][2:]
    return getattr(smote_variants, class_name)(random_state=random_state, **kwargs)


def sample_with_smote_variants(X, y, *, variant, random_state):
    """``FunctionSampler`` function: a fresh ``smote_variants`` object samples ``X, y``."""
    return make_theirs(variant, random_state).sample(X, y)


def theirs_as_sampler(variant, random_state):
    """``smote_variants``' method wrapped as an imbalanced-learn sampler."""
    from imblearn import FunctionSampler

    return FunctionSampler(func=sample_with_smote_variants, validate=False,
                           kw_args={"variant": variant, "random_state": random_state})
