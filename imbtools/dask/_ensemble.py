"""The self-paced ensemble fitted on dask collections (massive majority, small minority)."""

from __future__ import annotations

import numbers

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
from dask import delayed
from sklearn.base import clone
from sklearn.utils import check_random_state

from ..ensemble import SelfPacedEnsembleClassifier as _InMemorySPE
from ..under_sampling.self_paced_steps import (
    bin_sample_counts,
    random_hardness_free_draw,
    resolve_hardness,
    self_paced_alpha,
    self_paced_bin_weights,
    set_random_states,
)
from ..utils._param_validation import Interval
from ._base import is_dask_input
from ._input import check_dask_input, compute, share
from ._plan import split_ranks
from ._self_paced_steps import hardness_bounds, hardness_histogram, running_sums, select_rows
from ._smote import DEFAULT_MAX_MINORITY_BYTES, check_gather_size, numeric_dtype

__all__ = ["SelfPacedEnsembleClassifier"]


def _proba_block(block, model):
    return _InMemorySPE.predict_proba(model, block)


def _merge_bounds(per_partition, codes):
    limits = {}
    for code in codes:
        found = [b[code] for b in per_partition if b[code] is not None]
        limits[code] = (min(low for low, _ in found), max(high for _, high in found))
    return limits


class SelfPacedEnsembleClassifier(_InMemorySPE):
    """Self-paced ensemble fitted on dask collections; predictions on dask input are lazy.

    Same parameters and algorithm as :class:`imbtools.ensemble.SelfPacedEnsembleClassifier`
    (Liu et al., ICDE 2020 [1]_), which handles in-memory input. On dask input the
    classes of the smallest size are gathered once (checked against
    ``max_minority_bytes``); the under-sampled classes stay in the partitions. Per
    member:

    - the hardness of every majority row comes from a running sum of the members'
      probabilities kept (persisted) in its partition, updated by a ``map`` over the
      partitions with the newest member broadcast once;
    - the global hardness range and the bin histogram are reduced from the partitions
      in one graph (the merged range is a task the histograms depend on);
    - the client draws, exactly as the in-memory fit does, how many rows each bin gives
      and which ranks within each bin; the ranks are mapped to per-partition quotas;
    - the drawn rows (about the minority's size per class) are gathered and the base
      estimator is fitted in memory.

    With the same data, seed and hyper-parameters the members equal those of the
    in-memory fit when ``X`` has one partition (up to the order of floating-point sums
    of bin hardness across partitions otherwise).

    Parameters
    ----------
    estimator : object, default=None
        Base estimator with ``fit`` and ``predict_proba`` (default a decision tree).
    n_estimators : int, default=10
    k_bins : int, default=5
    hardness : {"absolute_error", "squared_error", "cross_entropy"} or callable
    soft_resample : bool, default=False
        Must be False on dask input (it needs a probability per row on the client).
    replacement : bool, default=False
    bootstrap : bool, default=True
    warm_start : bool, default=False
        Must be False on dask input.
    n_jobs : int, default=None
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
    max_minority_bytes : int, default=1073741824
        Largest size, in bytes, of the smallest classes gathered on the client.

    Attributes
    ----------
    estimators_ : list of estimators
    estimators_samples_ : list of ndarray
        Global row positions of each member's subset.
    classes_, n_classes_, n_features_in_ : as in the in-memory class

    References
    ----------
    .. [1] Z. Liu, W. Cao, Z. Gao, J. Bian, H. Chen, Y. Chang and T.-Y. Liu, "Self-paced
       Ensemble for Highly Imbalanced Massive Data Classification", ICDE 2020.

    Examples
    --------
    >>> import dask.array as da
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.dask import SelfPacedEnsembleClassifier
    >>> X_np, y_np = make_classification(n_samples=2000, weights=[0.95], random_state=0)
    >>> X, y = da.from_array(X_np, chunks=(500, 20)), da.from_array(y_np, chunks=500)
    >>> model = SelfPacedEnsembleClassifier(n_estimators=5, random_state=0).fit(X, y)
    >>> model.estimators_samples_[0].shape
    (220,)
    >>> proba = model.predict_proba(X)  # a lazy dask array
    >>> proba.shape
    (2000, 2)
    """

    _parameter_constraints: dict = {
        **_InMemorySPE._parameter_constraints,
        "max_minority_bytes": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def __init__(self, estimator=None, n_estimators=10, *, k_bins=5,
                 hardness="absolute_error", soft_resample=False, replacement=False,
                 bootstrap=True, warm_start=False, n_jobs=None, random_state=None,
                 verbose=0, max_minority_bytes=DEFAULT_MAX_MINORITY_BYTES):
        super().__init__(estimator, n_estimators, k_bins=k_bins, hardness=hardness,
                         soft_resample=soft_resample, replacement=replacement,
                         bootstrap=bootstrap, warm_start=warm_start, n_jobs=n_jobs,
                         random_state=random_state, verbose=verbose)
        self.max_minority_bytes = max_minority_bytes

    # -- fit ------------------------------------------------------------------------------
    def fit(self, X, y, sample_weight=None):
        """Fit the ensemble (on dask or in-memory data).

        Parameters
        ----------
        X : dask.array.Array, dask.dataframe.DataFrame or in-memory array-like
        y : 1-D dask.array.Array or dask.dataframe.Series (or in-memory labels)
        sample_weight : None
            Only for in-memory input.

        Returns
        -------
        self : object
        """
        if not is_dask_input(X, y):
            return super().fit(X, y, sample_weight=sample_weight)
        self._validate_params()
        self._refuse_unsupported(sample_weight)
        dtype = numeric_dtype(X)
        data = check_dask_input(X, y, type(self).__name__)
        self._set_input_attributes(data)
        sizes = data.class_totals
        n_minority = int(sizes.min())
        kept_codes = [int(c) for c in np.flatnonzero(sizes == n_minority)]
        majority_codes = [int(c) for c in np.flatnonzero(sizes > n_minority)]
        check_gather_size(n_minority * len(kept_codes), data.n_features, dtype,
                          self.max_minority_bytes, "Gathering the smallest classes")
        kept = self._gather(data, dtype, {}, None, 0, kept_codes)
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_estimators)
        self.estimators_, self.estimators_samples_ = [], []
        sums, base = None, self._base_estimator()
        for i in self._progress(range(self.n_estimators)):
            generator = np.random.default_rng(seeds[i])
            kept_parts = self._kept_parts(kept, kept_codes, generator)
            plans = self._plans(i, data, sums, majority_codes, n_minority, generator)
            drawn = self._gather(data, dtype, plans, sums, i, [])
            subset, X_subset, codes = self._assemble(kept_parts, drawn, majority_codes)
            member = set_random_states(clone(base), int(seeds[i]))
            member.fit(X_subset, codes)
            self.estimators_.append(member)
            self.estimators_samples_.append(subset)
            if i < self.n_estimators - 1:
                sums = self._update_sums(data, dtype, majority_codes, member, sums)
        return self

    def _refuse_unsupported(self, sample_weight):
        for name, value in (("sample_weight", sample_weight is not None),
                            ("warm_start", self.warm_start),
                            ("soft_resample", self.soft_resample)):
            if value:
                raise ValueError(
                    f"{name} is not supported by the dask fit of "
                    f"{type(self).__name__}; pass {name}="
                    f"{'None' if name == 'sample_weight' else 'False'} (or fit the "
                    "in-memory imbtools.ensemble.SelfPacedEnsembleClassifier)."
                )

    def _set_input_attributes(self, data):
        self.classes_, self.n_classes_ = data.classes, data.classes.shape[0]
        self.n_features_in_ = data.n_features
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        if isinstance(data.X, dd.DataFrame) and all(isinstance(c, str) for c in data.X.columns):
            self.feature_names_in_ = np.asarray(list(data.X.columns), dtype=object)
        self.partition_counts_ = data.counts

    def _gather(self, data, dtype, plans, sums, n_members, wanted_codes):
        """``{code: (global positions, rows)}`` drawn by ``plans`` plus whole classes."""
        function = resolve_hardness(self.hardness)
        tasks = []
        for p, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts)):
            local = {code: plan_of_partition(plan, p) for code, plan in plans.items()}
            part_sums = None if sums is None else sums[p]
            tasks.append(delayed(select_rows)(
                xp, yp, p, data.classes, dtype, local, part_sums, n_members, function,
                self.k_bins, wanted_codes))
        per_partition = compute(*tasks)
        gathered = {}
        for code in [*wanted_codes, *plans]:
            rows = [offset + part[code][0] for offset, part in zip(data.offsets,
                                                                    per_partition)]
            values = [part[code][1] for part in per_partition]
            gathered[code] = (np.concatenate(rows).astype(np.intp), np.concatenate(values))
        return gathered

    def _kept_parts(self, kept, kept_codes, generator):
        parts = {}
        for code in kept_codes:
            rows, values = kept[code]
            if self.bootstrap:
                picks = generator.integers(rows.shape[0], size=rows.shape[0])
                rows, values = rows[picks], values[picks]
            parts[code] = (rows, values)
        return parts

    def _plans(self, i, data, sums, majority_codes, n_minority, generator):
        """Per class, the draw as global ranks split over partitions (the in-memory draw)."""
        if i == 0:
            return {code: ("plain", split_ranks(random_hardness_free_draw(
                data.class_totals[code], n_minority, generator, self.replacement),
                data.counts[:, code])) for code in majority_codes}
        function = resolve_hardness(self.hardness)
        # one graph: the partitions' bounds, merged in a task, feed the histograms
        limits = delayed(_merge_bounds)(
            [delayed(hardness_bounds)(s, i, function) for s in sums], majority_codes)
        limits, *histograms = compute(limits, *[
            delayed(hardness_histogram)(s, i, function, limits, self.k_bins) for s in sums])
        alpha = self_paced_alpha(i, self.n_estimators)
        plans = {}
        for code in majority_codes:
            n_class = int(data.class_totals[code])
            low, high = limits[code]
            if high == low or (n_minority == n_class and not self.replacement):
                ranks = random_hardness_free_draw(n_class, n_minority, generator,
                                                  self.replacement)
                plans[code] = ("plain", split_ranks(ranks, data.counts[:, code]))
                continue
            per_part = np.array([h[code][0] for h in histograms])
            total_sums = np.zeros(self.k_bins)
            for h in histograms:
                total_sums += h[code][1]
            populations = per_part.sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = np.where(populations > 0, total_sums / populations, np.nan)
            weights = self_paced_bin_weights(mean, populations, alpha)
            counts = bin_sample_counts(weights, populations, n_minority, self.replacement)
            by_bin = {}
            for b in np.flatnonzero(counts):
                ranks = generator.choice(populations[b], counts[b], replace=self.replacement)
                by_bin[int(b)] = split_ranks(ranks, per_part[:, b])
            plans[code] = ("binned", (low, high), by_bin)
        return plans

    @staticmethod
    def _assemble(kept_parts, drawn, majority_codes):
        """The member's rows in increasing global position, as the in-memory fit orders them."""
        order_codes = [*kept_parts, *majority_codes]
        parts = [kept_parts[c] for c in kept_parts] + [drawn[c] for c in majority_codes]
        subset = np.concatenate([rows for rows, _ in parts])
        values = np.concatenate([v for _, v in parts])
        codes = np.repeat(np.array(order_codes, dtype=np.intp), [r.shape[0] for r, _ in parts])
        order = np.argsort(subset, kind="stable")
        return subset[order], values[order], codes[order]

    def _update_sums(self, data, dtype, majority_codes, member, sums):
        shared = share(member)
        tasks = [
            delayed(running_sums)(xp, yp, p, data.classes, dtype, majority_codes, shared,
                                  None if sums is None else sums[p])
            for p, (xp, yp) in enumerate(zip(data.x_parts, data.y_parts))
        ]
        return list(dask.persist(*tasks))

    # -- prediction -----------------------------------------------------------------------
    def predict_proba(self, X):
        """Mean class probabilities of the members; a lazy dask array for dask input.

        Parameters
        ----------
        X : dask.array.Array, dask.dataframe.DataFrame or in-memory array-like

        Returns
        -------
        proba : ndarray or dask.array.Array of shape (n_samples, n_classes)
        """
        if not is_dask_input(X):
            return super().predict_proba(X)
        if isinstance(X, dd.DataFrame):
            blocks = [da.from_delayed(delayed(_proba_block)(part, self),
                                      shape=(np.nan, self.n_classes_), dtype=np.float64)
                      for part in X.to_delayed()]
            return da.concatenate(blocks, axis=0)
        if len(X.chunks[1]) > 1:
            X = X.rechunk({1: -1})
        return X.map_blocks(_proba_block, model=self, dtype=np.float64,
                            chunks=(X.chunks[0], (self.n_classes_,)))

    def predict(self, X):
        """Class with the largest mean probability; a lazy dask array for dask input.

        Parameters
        ----------
        X : dask.array.Array, dask.dataframe.DataFrame or in-memory array-like

        Returns
        -------
        y_pred : ndarray or dask.array.Array of shape (n_samples,)
        """
        if not is_dask_input(X):
            return super().predict(X)
        proba = self.predict_proba(X)
        return proba.map_blocks(_argmax_labels, classes=self.classes_, drop_axis=1,
                                dtype=self.classes_.dtype)


def _argmax_labels(proba, classes):
    return classes[np.argmax(proba, axis=1)]


def plan_of_partition(plan, partition):
    """The part of a class's draw plan that concerns one partition."""
    if plan[0] == "plain":
        return ("plain", plan[1][partition])
    return ("binned", plan[1], {b: ranks[partition] for b, ranks in plan[2].items()})
