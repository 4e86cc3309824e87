"""The one neighbour-search engine every imbtools sampler uses.

Samplers ask it questions and never reach inside:

- :func:`neighbors_of_rows`: the ``k`` nearest neighbours of some rows among all rows;
- :func:`blocked_neighbors_of_points`: the ``k`` nearest rows of points that are not
  rows (e.g. candidate samples), exact, for large dense searches;
- :func:`neighbors_excluding_self`: each row's ``k`` nearest other rows (within a set,
  e.g. one class: pass that class's rows);
- :func:`class_agreement`: do the ``k`` nearest neighbours of these rows agree with their
  label (the question of ENN, RENN, All-kNN, NCR), with an optional
  :class:`SegmentCover` hint;
- :func:`nearest_among` / :func:`merge_nearest`: the ``k`` nearest of some queries among
  one block of rows, keyed by (distance, global row), and the merge of such lists from
  disjoint blocks (a search over data held in pieces, e.g. :mod:`imbtools.dask`);
- :func:`check_neighbors` / :func:`fit_searcher`: resolve a ``k_neighbors``-style
  parameter into a search object (ours, or a user's scikit-learn-like object).

Behind them, one engine: :class:`NearestNeighbors` (exact Euclidean: blocked brute
force on BLAS with a certified float32 first pass and a float64 fallback, or a k-d tree
for few features), :class:`ApproximateNearestNeighbors` (random-projection trees and
NN-descent, opt-in), and the class-agreement certificate. All of them share one top-k
primitive (:mod:`imbtools._kernels.topk`).

Numerical robustness: the brute-force products are taken on data centred on a
grid-rounded mean (results do not depend on a common offset of ``X``), and data whose
magnitude would overflow or underflow squared distances is searched rescaled by a power
of two (exact). See the documentation's page on the neighbour engine.
"""

from ._among import merge_nearest, nearest_among
from ._certificate import SegmentCover, class_agreement
from ._exact import NearestNeighbors
from ._questions import (
    NEIGHBORS_CONSTRAINT,
    blocked_neighbors_of_points,
    blocked_neighbors_of_rows,
    check_neighbors,
    fit_searcher,
    neighbors_excluding_self,
    neighbors_of_rows,
    worth_blocked_search,
)
from ._validation import query_itself_mask

__all__ = [
    "NEIGHBORS_CONSTRAINT",
    "ApproximateNearestNeighbors",  # noqa: F822 (lazy, see __getattr__)
    "NearestNeighbors",
    "SegmentCover",
    "blocked_neighbors_of_points",
    "blocked_neighbors_of_rows",
    "check_neighbors",
    "class_agreement",
    "fit_searcher",
    "merge_nearest",
    "nearest_among",
    "neighbors_excluding_self",
    "neighbors_of_rows",
    "query_itself_mask",
    "worth_blocked_search",
]


def __getattr__(name):
    # The approximate index is imported on first use.
    if name == "ApproximateNearestNeighbors":
        from ._approximate import ApproximateNearestNeighbors

        return ApproximateNearestNeighbors
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
