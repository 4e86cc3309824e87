"""Planning on the client: targets from the class counts, per-partition quotas, seeds."""

from __future__ import annotations

import numpy as np

from ..utils.sampling_strategy import resolve_sampling_strategy, strategy_by_label
from ..utils.validation import EncodedTarget

__all__ = ["partition_quotas", "partition_seeds", "resolve_targets", "split_ranks"]


def resolve_targets(sampling_strategy, data, kind):
    """``{class code: n}`` exactly as the in-memory sampler resolves it, and by label."""
    if callable(sampling_strategy):
        raise TypeError(
            "sampling_strategy is a callable, which needs every label in memory; on dask "
            "data pass a float, a string or a dict {label: n_samples} instead."
        )
    target = EncodedTarget(codes=None, classes=data.classes, counts=data.class_totals)
    targets = resolve_sampling_strategy(sampling_strategy, target, kind)
    return targets, strategy_by_label(targets, target)


def partition_quotas(counts, n_draw, generator, replacement):
    """Split ``n_draw`` draws from a class over the partitions holding its rows.

    Without replacement the split is multivariate hypergeometric (exactly the partition
    counts of a uniform subset of the class); with replacement it is multinomial (the
    partition counts of a uniform bootstrap). Either way the quotas sum to ``n_draw``.

    Parameters
    ----------
    counts : ndarray of shape (n_partitions,)
        Rows of the class in each partition.
    n_draw : int
    generator : numpy.random.Generator
    replacement : bool

    Returns
    -------
    quotas : ndarray of shape (n_partitions,), int64
    """
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if n_draw == 0 or total == 0:
        return np.zeros(counts.shape[0], dtype=np.int64)
    if replacement:
        return generator.multinomial(n_draw, counts / total).astype(np.int64)
    return generator.multivariate_hypergeometric(counts, n_draw, method="marginals").astype(
        np.int64)


def partition_seeds(generator, n_partitions):
    """One independent seed per partition task, drawn from the fit's generator."""
    return generator.integers(0, np.iinfo(np.int64).max, size=n_partitions)


def split_ranks(ranks, counts):
    """Map sorted global ranks within a class to ``(partition, rank within partition)``.

    ``counts[p]`` rows of the class live in partition ``p``; global rank ``r`` is the
    ``r``-th row of the class in the global row order.

    Returns
    -------
    list of ndarray
        For each partition, the local ranks (sorted, repeats kept).
    """
    ranks = np.sort(np.asarray(ranks, dtype=np.int64))
    ends = np.cumsum(counts)
    starts = ends - counts
    cut = np.searchsorted(ranks, ends, side="left")
    begin = np.concatenate([[0], cut[:-1]])
    return [ranks[b:e] - s for b, e, s in zip(begin, cut, starts)]
