"""The one top-k primitive: insert a candidate into an ascending list of the k best.

Every neighbour kernel (exact blocked search, re-ranking, approximate graph, categorical
searches, the ENN certificate) keeps per-query lists ``dist_row`` / ``idx_row`` of fixed
width, ascending, padded with ``+inf``; these functions are the only code that edits them.
"""

from numba import njit


@njit(cache=True, nogil=True)
def insert_sorted(dist_row, idx_row, d, candidate):
    """Insert ``candidate`` at distance ``d`` into an ascending list; return its position.

    Returns -1 (list unchanged) when ``d`` is not below the last entry. Ties keep the
    entry already listed first, so candidates offered in increasing index order come out
    ties-by-index. Entries after the position shift one place right; the last drops out.
    """
    width = dist_row.shape[0]
    if not d < dist_row[width - 1]:
        return -1
    j = width - 1
    while j > 0 and dist_row[j - 1] > d:
        dist_row[j] = dist_row[j - 1]
        idx_row[j] = idx_row[j - 1]
        j -= 1
    dist_row[j] = d
    idx_row[j] = candidate
    return j


@njit(cache=True, nogil=True)
def is_listed(idx_row, candidate):
    """Whether ``candidate`` is already in the list."""
    for j in range(idx_row.shape[0]):
        if idx_row[j] == candidate:
            return True
    return False


@njit(cache=True, nogil=True)
def insert_sorted_by_index(dist_row, idx_row, filled, d, candidate):
    """Insert into a list ordered by distance, then index; candidates come in any order.

    ``filled`` entries are in use (a list may start empty); returns the new count.
    A candidate enters if the list is not full, or if it is nearer than the last entry,
    or as near with a smaller index.
    """
    width = dist_row.shape[0]
    if filled == width and not (d < dist_row[width - 1]
                                or (d == dist_row[width - 1] and candidate < idx_row[width - 1])):
        return filled
    j = filled if filled < width else width - 1
    while j > 0 and (dist_row[j - 1] > d
                     or (dist_row[j - 1] == d and idx_row[j - 1] > candidate)):
        dist_row[j] = dist_row[j - 1]
        idx_row[j] = idx_row[j - 1]
        j -= 1
    dist_row[j] = d
    idx_row[j] = candidate
    return filled + 1 if filled < width else filled
