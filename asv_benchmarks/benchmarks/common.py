"""Data and estimator factories shared by the asv benchmarks.

Imports of the libraries under test happen inside the functions, so that asv's
benchmark discovery stays cheap and the import benchmarks measure a fresh interpreter.
"""

from __future__ import annotations

import importlib

import numpy as np

N_FEATURES = 20
MINORITY = 0.01

SAMPLER_MODULES = {
    "SMOTE": "over_sampling",
    "RandomOverSampler": "over_sampling",
    "RandomUnderSampler": "under_sampling",
}


def make_imbalanced(n_samples, n_features=N_FEATURES, minority=MINORITY):
    """``make_classification`` data with a ``minority`` fraction of class 1."""
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=n_samples, n_features=n_features, weights=[1 - minority], random_state=0
    )


def sampler_class(library, name):
    """The sampler ``name`` of ``library`` ("imbtools" or "imblearn")."""
    module = importlib.import_module(f"{library}.{SAMPLER_MODULES[name]}")
    return getattr(module, name)


def warm_up(sampler_cls, dtype=np.float64):
    """One call on a small dataset: loads (or compiles) Numba kernels, starts threads."""
    X, y = make_imbalanced(2000, minority=0.1)
    sampler_cls(random_state=0).fit_resample(X.astype(dtype), y)
