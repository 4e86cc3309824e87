"""The fit_resample every imbtools.dask sampler shares: dispatch, checks, targets."""

from __future__ import annotations

from ._input import check_dask_input
from ._plan import resolve_targets

__all__ = ["DaskSampler", "is_dask_input", "refuse_sample_weight"]


def is_dask_input(X, y=None):
    """Whether ``X`` (or ``y``) is a dask collection."""
    from dask import is_dask_collection

    return is_dask_collection(X) or (y is not None and is_dask_collection(y))


def refuse_sample_weight(sample_weight, name):
    """``TypeError`` for a ``sample_weight`` on dask data (no distributed form)."""
    if sample_weight is not None:
        raise TypeError(
            f"sample_weight is not supported by imbtools.dask.{name} on dask data; resample "
            "X with the weight as one of its columns (a dask DataFrame column travels with "
            "its rows), then split it off."
        )


class DaskSampler:
    """Mixed in before an in-memory sampler: its ``fit_resample`` on dask collections.

    In-memory input goes to the in-memory sampler. On dask input, in this order: the
    parameters are validated, ``sample_weight`` and parameter values with no
    distributed form are refused (:meth:`_check_dask_params`, before any pass over the
    data), the collections are checked and counted (one pass over ``y``), the per-class
    targets are resolved as the in-memory sampler resolves them (its ``_sampling_type``),
    and ``_fit_resample_dask`` -- the algorithm, which every subclass defines -- gets
    ``(X, data, targets)``: ``data`` a :class:`~imbtools.dask._input.PartitionedData`,
    ``targets`` ``{code: n}``; it returns the lazy output.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "_fit_resample_dask", None)):
            raise TypeError(
                f"{cls.__name__} mixes in DaskSampler but defines no "
                "_fit_resample_dask(X, data, targets), the algorithm on dask data."
            )

    def fit_resample(self, X, y, *, sample_weight=None):
        """Resample; lazy dask collections out for dask input.

        Parameters
        ----------
        X : dask.array.Array or dask.dataframe.DataFrame of shape (n_samples, n_features)
            Or any in-memory input of the in-memory sampler.
        y : 1-D dask.array.Array or dask.dataframe.Series
            Labels, partitioned like ``X``.
        sample_weight : None
            Only for in-memory input.

        Returns
        -------
        X_resampled, y_resampled : dask collections of the input's types
            Over-samplers: the input rows, then the new rows as new partitions.
        """
        if not is_dask_input(X, y):
            return super().fit_resample(X, y, sample_weight=sample_weight)
        self._validate_params()
        refuse_sample_weight(sample_weight, type(self).__name__)
        self._check_dask_params(X)
        data = check_dask_input(X, y, type(self).__name__)
        targets, self.sampling_strategy_ = resolve_targets(
            self.sampling_strategy, data, self._sampling_type)
        self.classes_ = data.classes
        return self._fit_resample_dask(X, data, targets)

    def _check_dask_params(self, X):
        """Raise for what has no distributed form; nothing is computed yet (default: none)."""
