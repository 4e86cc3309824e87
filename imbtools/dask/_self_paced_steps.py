"""Per-partition steps of the distributed self-paced ensemble (pure functions).

The in-memory fit keeps, for every row of an under-sampled class, the running sum of
the members' probabilities of its own class. Here those sums live in the partitions
(one persisted dict ``{class code: sums}`` per partition). Each member costs:

1. the global minimum and maximum hardness per class (a reduction of the persisted sums),
2. the bin populations and hardness sums per partition (a histogram reduction),
3. the client's draw of global ranks per bin, exactly as in memory, mapped to
   per-partition ranks (:func:`imbtools.dask._plan.split_ranks`),
4. the gather of the drawn rows, and, after the fit, the update of the sums with the
   new member (broadcast once).

The binning repeats :func:`imbtools.under_sampling.self_paced_steps.assign_hardness_bins`
with the global bounds, chunk by chunk, so that one partition gives bit-identical bins
and bin sums to the in-memory fit.
"""

from __future__ import annotations

import numpy as np

from ..under_sampling.self_paced_steps import (
    CHUNK_ROWS,
    bin_partition,
    compute_hardness,
    positions_in_bin,
)
from ._input import checked_length, class_codes, partition_values

__all__ = [
    "hardness_bounds",
    "hardness_histogram",
    "partition_class_rows",
    "running_sums",
    "select_rows",
]


def partition_hardness(sums, n_members, hardness_function):
    """Hardness of the rows whose running probability sum is ``sums``."""
    proba_mean = np.divide(sums, n_members)
    return compute_hardness(hardness_function, proba_mean, out=proba_mean)


def hardness_bounds(sums_by_code, n_members, hardness_function):
    """``{code: (min, max)}`` of one partition's hardness (``None`` when empty)."""
    bounds = {}
    for code, sums in sums_by_code.items():
        hardness = partition_hardness(sums, n_members, hardness_function)
        bounds[code] = (hardness.min(), hardness.max()) if hardness.size else None
    return bounds


def hardness_histogram(sums_by_code, n_members, hardness_function, limits, k_bins):
    """``{code: (populations, sums)}`` of one partition with the global ``limits``."""
    histogram = {}
    for code, sums in sums_by_code.items():
        hardness = partition_hardness(sums, n_members, hardness_function)
        low, high = limits[code]
        histogram[code] = bin_partition(hardness, low, high, k_bins)[1:]
    return histogram


def partition_class_rows(x_part, y_part, index, classes, dtype):
    """The partition's features (numeric ndarray) and its class codes."""
    checked_length(x_part, y_part, index)
    return np.asarray(partition_values(x_part), dtype=dtype), class_codes(y_part, classes)


def select_rows(x_part, y_part, index, classes, dtype, plans, sums_by_code, n_members,
                hardness_function, k_bins, wanted_codes):
    """Rows of one partition drawn by ``plans`` and the rows of the ``wanted_codes``.

    ``plans[code]`` is ``("plain", local_ranks)`` (ranks among the class's rows of the
    partition) or ``("binned", limits, {bin: local_ranks within the bin})``.

    Returns
    -------
    dict
        ``{code: (positions in the partition, feature rows)}``.
    """
    X, codes = partition_class_rows(x_part, y_part, index, classes, dtype)
    chosen = {}
    for code in wanted_codes:
        rows = np.flatnonzero(codes == code)
        chosen[code] = (rows, X[rows])
    for code, plan in plans.items():
        class_rows = np.flatnonzero(codes == code)
        if plan[0] == "plain":
            positions = plan[1]
        else:
            hardness = partition_hardness(sums_by_code[code], n_members, hardness_function)
            low, high = plan[1]
            bin_of = bin_partition(hardness, low, high, k_bins)[0]
            positions = np.sort(np.concatenate(
                [positions_in_bin(bin_of, b, ranks) for b, ranks in plan[2].items()]
                or [np.empty(0, dtype=np.intp)]))
        rows = class_rows[positions]
        chosen[code] = (rows, X[rows])
    return chosen


def running_sums(x_part, y_part, index, classes, dtype, majority_codes, member, previous):
    """``previous`` plus the member's probability of each row's own class."""
    X, codes = partition_class_rows(x_part, y_part, index, classes, dtype)
    sums = {}
    for code in majority_codes:
        rows = np.flatnonzero(codes == code)
        total = np.zeros(rows.shape[0]) if previous is None else previous[code].copy()
        if rows.shape[0]:
            for start in range(0, rows.shape[0], CHUNK_ROWS):
                chunk = rows[start:start + CHUNK_ROWS]
                total[start:start + CHUNK_ROWS] += member.predict_proba(X[chunk])[:, code]
        sums[code] = total
    return sums
