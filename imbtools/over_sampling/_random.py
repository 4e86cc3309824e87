"""Random over-sampling, optionally with a smoothed bootstrap."""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
from scipy import sparse

from .._kernels.interpolate import jitter_rows
from ..base import BaseOverSampler, Resampled, SyntheticRows
from ..utils._docstrings import fill_doc
from ..utils._param_validation import Interval
from ..utils._random import check_generator

__all__ = ["RandomOverSampler", "smoothing_bandwidth"]


def smoothing_bandwidth(n_samples, n_features):
    """Rule-of-thumb bandwidth of a Gaussian kernel density estimate.

    ``(4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))``, the normal
    reference rule used by the smoothed bootstrap (ROSE) of Menardi & Torelli (2014).
    """
    return (4.0 / ((n_features + 2) * n_samples)) ** (1.0 / (n_features + 4))


@fill_doc
class RandomOverSampler(BaseOverSampler):
    """Over-sample by drawing class samples at random with replacement.

    With ``shrinkage=None`` the new samples are exact copies of original rows, so any
    data (strings, categoricals, NaN, sparse) passes through unchanged. With a
    ``shrinkage`` the copies are perturbed by Gaussian noise, a smoothed bootstrap that
    draws from a kernel density estimate of the class [1]_.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples to generate; see :class:`imbtools.over_sampling.SMOTE`.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator created once per fit.
    shrinkage : float or dict, default=None
        ``None``: plain bootstrap. A float ``s >= 0`` (or ``{label: s}`` for some
        classes): each copy gets noise ``N(0, (s * h * sd_j)^2)`` on feature ``j``, where
        ``sd_j`` is the class's standard deviation of that feature and ``h`` the
        normal-reference bandwidth (see :func:`smoothing_bandwidth`). Needs numeric
        features without NaN (sparse input gives dense-valued synthetic rows).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples generated}``.
    sample_indices_ : ndarray of shape (n_samples_new,)
        For each output row, the input row it copies (or, with shrinkage, the row its
        noise was added to).
    shrinkage_ : dict or None
        ``{label: shrinkage}`` applied, when smoothing.
    %(fitted_features)s
    %(synthetic_provenance)s

    References
    ----------
    .. [1] G. Menardi, N. Torelli, "Training and assessing classification rules with
       imbalanced data", Data Mining and Knowledge Discovery, 28, 92-122, 2014.

    Examples
    --------
    >>> from collections import Counter
    >>> from imbtools.over_sampling import RandomOverSampler
    >>> X = [["a", 1.0], ["b", 2.0], ["c", 3.0], ["d", 4.0], ["e", 5.0]]
    >>> y = [0, 0, 0, 0, 1]
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X, y)
    >>> Counter(y_res)
    Counter({0: 4, 1: 4})
    >>> X_res[-1]
    ['e', '5.0']
    """

    _has_sample_indices = True

    # Plain copies accept any data; smoothing adds noise, so it needs complete numbers.
    @property
    def _needs_numeric(self):
        return self.shrinkage is not None

    @property
    def _allow_nan(self):
        return self.shrinkage is None

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "shrinkage": [Interval(numbers.Real, 0, None, closed="left"), Mapping, None],
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, shrinkage=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.shrinkage = shrinkage

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        sources = {}
        for code, n_new in targets.items():
            rows = data.class_rows(code)
            sources[code] = rows[generator.integers(0, rows.shape[0], size=n_new)]
        shrinkage = self._resolve_shrinkage(data, targets)
        labels = data.target.classes.tolist()
        self.shrinkage_ = None if shrinkage is None else {
            labels[code]: value for code, value in shrinkage.items()
        }
        originals = np.arange(data.n_samples)
        if shrinkage is None:
            return Resampled(np.concatenate([originals, *sources.values()]))
        return Resampled(originals, _smoothed_bootstrap(data, sources, shrinkage, generator))

    def _resolve_shrinkage(self, data, targets):
        if self.shrinkage is None:
            return None
        if not isinstance(self.shrinkage, Mapping):
            return {code: float(self.shrinkage) for code in targets}
        labels = data.target.classes.tolist()
        label_to_code = {label: c for c, label in enumerate(labels)}
        resolved = {}
        for label, value in self.shrinkage.items():
            if label not in label_to_code or label_to_code[label] not in targets:
                raise ValueError(
                    f"shrinkage names the class {label!r}, which is not over-sampled; the "
                    f"classes being over-sampled are "
                    f"{[labels[c] for c in targets]!r}."
                )
            if not isinstance(value, numbers.Real) or value < 0:
                raise ValueError(
                    f"shrinkage[{label!r}]={value!r}; each shrinkage must be a number >= 0."
                )
            resolved[label_to_code[label]] = float(value)
        return resolved


def _smoothed_bootstrap(data, sources, shrinkage, generator):
    """Synthetic rows: bootstrap copies plus per-class Gaussian noise."""
    X = data.numeric
    n_features = X.shape[1]
    codes, parents, noisy = [], [], []
    for code, picked in sources.items():
        codes.append(np.full(picked.shape[0], code, dtype=np.intp))
        parents.append(picked)
        class_X = X[data.class_rows(code)]
        class_X = class_X.toarray() if sparse.issparse(class_X) else class_X
        if code in shrinkage:
            scale = shrinkage[code] * smoothing_bandwidth(class_X.shape[0], n_features)
            scale = scale * class_X.std(axis=0, ddof=1 if class_X.shape[0] > 1 else 0)
        else:
            scale = np.zeros(n_features)
        noisy.append((picked, scale, generator.standard_normal((picked.shape[0], n_features))))
    parent_rows = np.concatenate(parents)
    if sparse.issparse(X):  # noise makes the new rows dense; store them as CSR
        rows = [X[picked].toarray() + noise * scale for picked, scale, noise in noisy]
        return SyntheticRows(
            np.concatenate(codes), parent_rows, parent_rows, np.zeros(parent_rows.shape[0]),
            rows=sparse.csr_matrix(np.vstack(rows).astype(X.dtype)),
        )
    X_source = np.ascontiguousarray(X)

    def fill(out):
        offset = 0
        for picked, scale, noise in noisy:
            stop = offset + picked.shape[0]
            jitter_rows(X_source, picked, noise, scale.astype(np.float64), out[offset:stop])
            offset = stop

    return SyntheticRows(
        np.concatenate(codes), parent_rows, parent_rows, np.zeros(parent_rows.shape[0]),
        fill=fill,
    )
