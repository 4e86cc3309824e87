"""Random under-sampling."""

from __future__ import annotations

import numpy as np

from ..base import BaseUnderSampler, Resampled
from ..utils._random import check_generator

__all__ = ["RandomUnderSampler"]


class RandomUnderSampler(BaseUnderSampler):
    """Under-sample by keeping a random subset of each targeted class.

    Only row indices are drawn, so any data passes through unchanged: strings,
    categoricals, NaN, sparse matrices, DataFrames with every dtype kept.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to keep.

        - float (binary only): desired ratio ``n_minority / n_majority`` after resampling.
        - ``"majority"``: only the majority class; ``"not minority"``, ``"not majority"``,
          ``"all"``: those classes, each down to the minority count; ``"auto"`` is
          ``"not minority"``.
        - dict ``{label: n_samples}``: number of samples to keep in each listed class.
        - callable: ``f(y) -> dict`` as above.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator created once per fit.
    replacement : bool, default=False
        Draw with replacement (a bootstrap of the class) instead of a subset.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples kept}`` for the under-sampled classes.
    sample_indices_ : ndarray of shape (n_samples_new,)
        Input rows that make up the output, in output order (increasing).

    Notes
    -----
    The output keeps the input's row order (``sample_indices_`` is sorted).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.under_sampling import RandomUnderSampler
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], random_state=0)
    >>> np.bincount(y)
    array([898, 102])
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res)
    array([102, 102])
    """

    _needs_numeric = False
    _allow_nan = True
    _has_sample_indices = True

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "random_state": ["random_state"],
        "replacement": ["boolean"],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, replacement=False):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.replacement = replacement

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        kept = []
        for code in range(data.target.classes.shape[0]):
            rows = data.class_rows(code)
            if code in targets:
                rows = rows[generator.choice(rows.shape[0], targets[code],
                                             replace=self.replacement)]
            kept.append(rows)
        return Resampled(np.sort(np.concatenate(kept)))
