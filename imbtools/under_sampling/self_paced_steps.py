"""The steps of self-paced under-sampling (Liu et al., ICDE 2020) as pure functions.

1. :func:`self_paced_alpha` -- the self-paced factor ``alpha_i = tan(i * pi / (2 (n - 1)))``.
2. a hardness function (:data:`HARDNESS_FUNCTIONS`) maps each sample's predicted
   probability of its own class to a hardness value;
3. :func:`assign_hardness_bins` -- ``k`` equal-width bins between the smallest and the
   largest hardness;
4. :func:`self_paced_bin_weights` -- bin ``l`` gets weight ``1 / (h_l + alpha)``, where
   ``h_l`` is the mean hardness of the bin;
5. :func:`bin_sample_counts` -- how many samples each bin contributes, exactly
   ``n_target`` in total;
6. :func:`self_paced_under_sample` -- the draw.

They live apart from :class:`~imbtools.under_sampling.SelfPacedUnderSampler` so that
:class:`~imbtools.ensemble.SelfPacedEnsembleClassifier` can use them without importing
the sampler base classes (and imbalanced-learn with them): on 10^6 rows that import is
~20 MB of the ensemble's peak memory.

References
----------
Z. Liu, W. Cao, Z. Gao, J. Bian, H. Chen, Y. Chang and T.-Y. Liu, "Self-paced Ensemble for
Highly Imbalanced Massive Data Classification", ICDE 2020, pp. 841-852.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CHUNK_ROWS",
    "HARDNESS_FUNCTIONS",
    "assign_hardness_bins",
    "bin_partition",
    "bin_sample_counts",
    "compute_hardness",
    "positions_in_bin",
    "random_hardness_free_draw",
    "resolve_hardness",
    "self_paced_alpha",
    "self_paced_bin_weights",
    "self_paced_under_sample",
    "set_random_states",
]

_PROBA_FLOOR = 1e-12
#: samples per chunk in the passes over a whole class (bounds the temporaries); a caller
#: that bins in pieces (imbtools.dask) chunks the same way to get bit-identical bin sums
CHUNK_ROWS = 1 << 16


# -- hardness functions: predicted probability of the sample's own class -> hardness ------
# Each takes ``out=`` (as NumPy ufuncs do) so that the ensemble can compute hardness in
# one reused buffer instead of allocating two temporaries of the majority set's size.
def absolute_error_hardness(proba_true, out=None):
    """``|1 - p|``: the paper's default hardness (bounded in [0, 1])."""
    out = np.clip(proba_true, 0.0, 1.0, out=out)
    return np.subtract(1.0, out, out=out)


def squared_error_hardness(proba_true, out=None):
    """``(1 - p)^2``: the squared error (Brier score of the sample's own class)."""
    out = absolute_error_hardness(proba_true, out=out)
    return np.square(out, out=out)


def cross_entropy_hardness(proba_true, out=None):
    """``-log(p)`` with ``p`` floored at 1e-12: unbounded, stresses confident mistakes."""
    out = np.clip(proba_true, _PROBA_FLOOR, 1.0, out=out)
    np.log(out, out=out)
    return np.negative(out, out=out)


HARDNESS_FUNCTIONS = {
    "absolute_error": absolute_error_hardness,
    "squared_error": squared_error_hardness,
    "cross_entropy": cross_entropy_hardness,
}


def resolve_hardness(hardness):
    """Return the hardness function named by ``hardness`` (a name or a callable)."""
    if callable(hardness):
        return hardness
    return HARDNESS_FUNCTIONS[hardness]


def compute_hardness(hardness_function, proba_true, out=None):
    """Apply ``hardness_function`` and check it returned one finite value >= 0 per sample.

    With ``out`` (a float64 array shaped like ``proba_true``, possibly ``proba_true``
    itself), the built-in hardness functions write their result there; a user's callable
    is simply called.
    """
    if out is not None and hardness_function in HARDNESS_FUNCTIONS.values():
        values = hardness_function(proba_true, out=out)
    else:
        values = np.asarray(hardness_function(proba_true), dtype=np.float64)
    # min and max propagate NaN, so two finite extremes mean every value is finite.
    low = values.min() if values.size else 0.0
    high = values.max() if values.size else 0.0
    if values.shape != proba_true.shape or not (np.isfinite(low) and np.isfinite(high)) or (
        low < 0
    ):
        raise ValueError(
            f"hardness must return one finite, non-negative value per sample (shape "
            f"{proba_true.shape}); the callable {hardness_function!r} returned shape "
            f"{values.shape} with min {low if values.size else None!r}."
        )
    return values


# -- the algorithm ----------------------------------------------------------------------
def self_paced_alpha(i_iteration, n_iterations):
    """The self-paced factor ``alpha_i = tan(i * pi / (2 * (n - 1)))`` of the paper.

    It grows from 0 (``i = 0``) to about 1.6e16 (``i = n - 1``, where ``tan(pi / 2)`` is
    finite in floating point). With a single iteration it is 0.

    Parameters
    ----------
    i_iteration : int
        Iteration index, ``0 <= i_iteration < n_iterations``.
    n_iterations : int
        Total number of iterations (ensemble members).

    Returns
    -------
    alpha : float
    """
    if n_iterations <= 1:
        return 0.0
    return float(np.tan(i_iteration * np.pi / (2.0 * (n_iterations - 1))))


def assign_hardness_bins(hardness, k_bins):
    """Cut ``[min(hardness), max(hardness)]`` into ``k_bins`` equal-width bins.

    Bin ``l`` holds ``min + l * w <= h < min + (l + 1) * w`` with ``w = (max - min) / k``;
    the largest value goes to the last bin (as in the paper's code and ``np.histogram``).
    The work is done in chunks of ``CHUNK_ROWS`` samples, so the only array of the input's
    length it allocates is ``bin_of``, one byte per sample for up to 256 bins.

    Parameters
    ----------
    hardness : ndarray of shape (n_samples,)
    k_bins : int

    Returns
    -------
    bin_of : ndarray of shape (n_samples,), smallest unsigned integer dtype holding ``k_bins - 1``
        Bin of each sample (all 0 when every hardness value is equal).
    populations : ndarray of shape (k_bins,), dtype intp
        Number of samples in each bin.
    mean_hardness : ndarray of shape (k_bins,)
        Mean hardness of each bin, NaN for an empty bin.
    """
    low, high = (hardness.min(), hardness.max()) if hardness.shape[0] else (0.0, 0.0)
    bin_of, populations, sums = bin_partition(hardness, low, high, k_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_hardness = np.where(populations > 0, sums / populations, np.nan)
    return bin_of, populations, mean_hardness


def bin_partition(hardness, low, high, k_bins):
    """The bins of :func:`assign_hardness_bins` between given bounds ``low`` and ``high``.

    For data split in parts (e.g. the partitions of a dask array), each part is binned
    with the global bounds and the parts' populations and sums are added.

    Returns
    -------
    bin_of : ndarray of shape (n_samples,)
    populations : ndarray of shape (k_bins,), dtype intp
    sums : ndarray of shape (k_bins,)
        Sum of the hardness values in each bin.
    """
    bin_of = np.zeros(hardness.shape[0], dtype=np.min_scalar_type(max(k_bins - 1, 0)))
    populations = np.zeros(k_bins, dtype=np.intp)
    sums = np.zeros(k_bins)
    scale = k_bins / (high - low) if high > low else 0.0
    for start in range(0, hardness.shape[0], CHUNK_ROWS):
        values = hardness[start:start + CHUNK_ROWS]
        scaled = values - low
        scaled *= scale
        bins = scaled.astype(np.intp)
        np.minimum(bins, k_bins - 1, out=bins)
        bin_of[start:start + CHUNK_ROWS] = bins
        populations += np.bincount(bins, minlength=k_bins)
        sums += np.bincount(bins, weights=values, minlength=k_bins)
    return bin_of, populations, sums


def positions_in_bin(bin_of, bin_index, ranks):
    """Positions in ``bin_of`` of the ``ranks``-th members of bin ``bin_index``.

    Equals ``np.flatnonzero(bin_of == bin_index)[ranks]`` (sorted), without building the
    list of the bin's members: ``bin_of`` is scanned in chunks of ``CHUNK_ROWS`` samples.

    Parameters
    ----------
    bin_of : ndarray of shape (n_samples,)
    bin_index : int
    ranks : ndarray of int
        Ranks within the bin, ``0 <= rank < population``; repeats allowed.

    Returns
    -------
    positions : ndarray of shape (ranks.size,), dtype intp, increasing
    """
    ranks = np.sort(ranks)
    if ranks.size == 0:
        return np.empty(0, dtype=np.intp)
    found, n_before = [], 0
    for start in range(0, bin_of.shape[0], CHUNK_ROWS):
        if n_before > ranks[-1]:
            break
        in_bin = np.flatnonzero(bin_of[start:start + CHUNK_ROWS] == bin_index)
        low, high = np.searchsorted(ranks, [n_before, n_before + in_bin.shape[0]])
        if high > low:
            found.append(start + in_bin[ranks[low:high] - n_before])
        n_before += in_bin.shape[0]
    return np.concatenate(found) if found else np.empty(0, dtype=np.intp)


def self_paced_bin_weights(mean_hardness, populations, alpha):
    """Bin weights ``p_l = 1 / (h_l + alpha)`` (0 for an empty bin).

    A non-empty bin with ``h_l + alpha == 0`` (only possible with ``alpha = 0`` and a bin
    of samples with hardness exactly 0) gets an infinite weight: the limit of the formula,
    meaning such bins are drawn from first (see :func:`bin_sample_counts`).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = 1.0 / (mean_hardness + alpha)
    return np.where(populations > 0, weights, 0.0)


def _largest_remainder(shares, total):
    """Round non-negative ``shares`` (summing to ``total``) to integers summing to ``total``."""
    counts = np.floor(shares).astype(np.intp)
    missing = int(total - counts.sum())
    if missing > 0:
        order = np.argsort(-(shares - counts), kind="stable")
        counts[order[:missing]] += 1
    return counts


def bin_sample_counts(weights, populations, n_target, replacement=False):
    """How many samples each bin contributes: ``n_target * p_l / sum(p)``, made exact.

    The paper draws ``n_target * p_l / sum(p)`` samples from bin ``l``. Here the shares are
    rounded by the largest-remainder method so they sum to exactly ``n_target``. Without
    replacement a bin cannot give more samples than it holds: its surplus is shared among
    the bins that still have room, again in proportion to their weights ("water filling"),
    so the drawn subset is always exactly balanced. Bins with infinite weight are filled
    before any other.

    Parameters
    ----------
    weights : ndarray of shape (k_bins,)
        Non-negative bin weights (0 for empty bins, ``inf`` allowed).
    populations : ndarray of shape (k_bins,)
        Samples in each bin.
    n_target : int
        Samples to draw in total; at most ``populations.sum()`` without replacement.
    replacement : bool, default=False

    Returns
    -------
    counts : ndarray of shape (k_bins,), dtype intp
        Sums to ``n_target``; ``counts <= populations`` without replacement.
    """
    populations = np.asarray(populations, dtype=np.intp)
    if not replacement and n_target > populations.sum():
        raise ValueError(
            f"n_target={n_target} exceeds the {populations.sum()} samples available; "
            "draw with replacement=True or ask for fewer samples."
        )
    capacity = populations.astype(np.float64) if not replacement else np.full(
        populations.shape, np.inf
    )
    capacity[populations == 0] = 0.0
    counts = np.zeros(populations.shape, dtype=np.intp)
    remaining = int(n_target)
    while remaining > 0:
        room = (counts < capacity) & (weights > 0)
        if not room.any():  # only zero-weight bins have room left: share by population
            room = counts < capacity
            open_weights = np.where(room, populations, 0).astype(np.float64)
        else:
            open_weights = np.where(room, weights, 0.0)
        if np.isinf(open_weights).any():
            open_weights = np.isinf(open_weights).astype(np.float64)
        shares = remaining * open_weights / open_weights.sum()
        allocated = np.minimum(_largest_remainder(shares, remaining), capacity - counts)
        allocated = allocated.astype(np.intp)
        counts += allocated
        remaining -= int(allocated.sum())
    return counts


def self_paced_under_sample(
    hardness, n_target, *, k_bins, alpha, random_state, soft_resample=False, replacement=False
):
    """Draw ``n_target`` of the samples with self-paced hardness-harmonised probabilities.

    Parameters
    ----------
    hardness : ndarray of shape (n_samples,)
        Hardness of each sample of one class; all-equal hardness means plain random
        under-sampling (there is nothing to harmonise).
    n_target : int
        Number of samples to draw.
    k_bins : int
        Number of hardness bins.
    alpha : float
        Self-paced factor (>= 0).
    random_state : numpy.random.RandomState or numpy.random.Generator
        The generator to draw from (never re-seeded here).
    soft_resample : bool, default=False
        False: draw exactly ``counts[l]`` samples uniformly within each bin ``l``
        (:func:`bin_sample_counts`). True: give each sample of bin ``l`` the probability
        ``counts[l] / populations[l]`` (normalised) and draw ``n_target`` samples at once
        with those probabilities; bin totals then vary around ``counts`` from draw to
        draw, with the same expectation when sampling with replacement.
    replacement : bool, default=False
        Draw with replacement.

    Returns
    -------
    positions : ndarray of shape (n_target,), dtype intp
        Positions in ``hardness`` of the drawn samples (sorted).
    """
    n_samples = int(n_target)
    if hardness.max() == hardness.min() or (n_samples == hardness.shape[0] and not replacement):
        return random_hardness_free_draw(hardness.shape[0], n_samples, random_state, replacement)
    bin_of, populations, mean_hardness = assign_hardness_bins(hardness, k_bins)
    weights = self_paced_bin_weights(mean_hardness, populations, alpha)
    counts = bin_sample_counts(weights, populations, n_samples, replacement)
    if soft_resample:
        with np.errstate(invalid="ignore", divide="ignore"):
            per_sample = np.where(populations > 0, counts / populations, 0.0)[bin_of]
        positions = random_state.choice(
            hardness.shape[0], n_samples, replace=replacement, p=per_sample / per_sample.sum()
        )
        return np.sort(positions)
    drawn = []
    for bin_index in np.flatnonzero(counts):
        ranks = random_state.choice(populations[bin_index], counts[bin_index],
                                    replace=replacement)
        drawn.append(positions_in_bin(bin_of, bin_index, ranks))
    return np.sort(np.concatenate(drawn))


def random_hardness_free_draw(n_samples, n_target, random_state, replacement=False):
    """Plain random under-sampling (the first ensemble member: no hardness exists yet)."""
    return np.sort(random_state.choice(n_samples, int(n_target), replace=replacement))


def set_random_states(estimator, seed):
    """Set every ``random_state`` parameter of ``estimator`` (nested ones too) to ``seed``."""
    params = {
        key: seed for key in estimator.get_params(deep=True)
        if key == "random_state" or key.endswith("__random_state")
    }
    if params:
        estimator.set_params(**params)
    return estimator


