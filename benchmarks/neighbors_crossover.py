"""Where does a k-d tree beat blocked brute force? Data for ``_choose_algorithm``.

What it measures
----------------
Wall time of ``fit(X).kneighbors()`` (the references queried against themselves, each
sample's own index excluded, ``k=5``, every core) for

- ``imbtools.neighbors.NearestNeighbors(algorithm="brute")``: blocked BLAS inner products
  plus the Numba top-k merge kernel on Python threads;
- ``imbtools.neighbors.NearestNeighbors(algorithm="kd_tree")``: ``scipy.spatial.cKDTree``;
- ``sklearn.neighbors.NearestNeighbors(n_neighbors=6, n_jobs=-1)`` (its own "auto"
  choice; 6 because it returns the query itself), for reference;

over ``n_references`` in {1e3, 1e4, 1e5} and ``n_features`` in {2, 5, 8, 12, 20, 50}, on
two kinds of data: standard Gaussian (intrinsic dimension = n_features) and
``make_classification`` (2 informative and up to 2 redundant features, the rest Gaussian
noise, as a sampler sees it). The last column names the faster imbtools algorithm and the
one ``_choose_algorithm`` currently picks.

Above ``--max-queries`` references (default 10,000, so at 1e5), only that many
references, drawn at random, are queried (against all references; the query itself is
then among its neighbours, which costs the same) and the query time is scaled up to all
references: such cells are marked ``*``. Both algorithms' query cost grows linearly with
the number of queries, so this keeps the 1e5 row affordable without changing the
comparison. Each cell is the median of ``--repeats`` runs (more, up to 25, for cases
under 0.2 s in total; a single one once the runs add up to a second). A measurement
predicted to exceed ``--budget`` seconds (the previous size's time times the growth in
references x queries: brute force's growth, a tree's worst case) is skipped and shown
as ``skip``: the other algorithm wins that cell.

Usage
-----
::

    python benchmarks/neighbors_crossover.py                # ~4 min
    python benchmarks/neighbors_crossover.py --sizes 1e3 1e4 --features 2 8 20
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from statistics import median

import numpy as np
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors as SklearnNearestNeighbors

from imbtools.neighbors import NearestNeighbors
from imbtools.neighbors._exact import _choose_algorithm

K = 5
METHODS = ("brute", "kd_tree", "sklearn")


def gaussian(n_samples, n_features):
    return np.random.RandomState(0).standard_normal((n_samples, n_features))


def classification(n_samples, n_features):
    n_informative = min(2, n_features)
    n_redundant = min(2, n_features - n_informative)
    X, _ = make_classification(n_samples=n_samples, n_features=n_features,
                               n_informative=n_informative, n_redundant=n_redundant,
                               random_state=0)
    return X


DATASETS = {"gaussian": gaussian, "make_classification": classification}


def search(method, X, queries=None):
    """Fit on ``X`` and query ``queries`` (``None``: every reference, itself excluded).

    Returns (fit seconds, query seconds).
    """
    start = time.perf_counter()
    if method == "sklearn":
        index = SklearnNearestNeighbors(n_neighbors=K + 1, n_jobs=-1).fit(X)
        fitted = time.perf_counter()
        index.kneighbors(X if queries is None else queries)
    else:
        index = NearestNeighbors(n_neighbors=K, algorithm=method).fit(X)
        fitted = time.perf_counter()
        index.kneighbors(queries)
    return fitted - start, time.perf_counter() - fitted


def time_search(method, X, queries, repeats):
    """Median seconds of fit + kneighbors of all references (scaled up from ``queries``)."""
    scale = 1.0 if queries is None else X.shape[0] / queries.shape[0]
    seconds = []
    while True:  # at least `repeats` runs of fast cases (up to 25 and 0.2 s), 1 of slow ones
        fit_s, query_s = search(method, X, queries)
        seconds.append(fit_s + scale * query_s)
        total = sum(seconds)
        if total > 1.0 or len(seconds) >= 25 or (len(seconds) >= repeats and total > 0.2):
            return median(seconds)


def warm_up():
    X = gaussian(2000, 20)
    for method in METHODS:
        search(method, X)


def run(args):
    print(f"{'data':<20}{'n_ref':>8}{'n_feat':>7}{'brute s':>10}{'kd_tree s':>11}"
          f"{'sklearn s':>11}{'kd/brute':>10}  winner (current rule)")
    results = []
    for data_name, make in DATASETS.items():
        for n_features in args.features:
            previous = {}
            for size in args.sizes:
                n_samples = int(size)
                X = make(n_samples, n_features)
                queries = None
                if n_samples > args.max_queries:
                    picked = np.random.RandomState(1).choice(n_samples, args.max_queries,
                                                             replace=False)
                    queries = X[np.sort(picked)]
                row = {"data": data_name, "n": n_samples, "d": n_features,
                       "scaled": queries is not None}
                n_queries = n_samples if queries is None else args.max_queries
                for method in METHODS:
                    growth = (n_samples * n_queries) / previous.get("work", np.inf)
                    if previous.get(method, 0.0) * growth > args.budget:
                        row[method] = None
                        continue
                    row[method] = time_search(method, X, queries, args.repeats)
                previous = {"work": n_samples * n_queries,
                            **{m: np.inf if row[m] is None else row[m] for m in METHODS}}
                results.append(row)
                print_row(row)
    return results


def winner(row):
    brute, tree = row["brute"], row["kd_tree"]
    if brute is None and tree is None:
        return "?"
    if tree is None:
        return "brute"
    if brute is None:
        return "kd_tree"
    return "kd_tree" if tree < brute else "brute"


def print_row(row):
    mark = "*" if row["scaled"] else " "

    def cell(value, width):
        return f"{'skip':>{width}}" if value is None else f"{value:>{width - 1}.4f}{mark}"

    ratio = ("" if row["brute"] is None or row["kd_tree"] is None
             else f"{row['kd_tree'] / row['brute']:.2f}")
    current = _choose_algorithm(row["n"], row["d"])
    flag = "" if current == winner(row) else "  <-- rule disagrees"
    print(f"{row['data']:<20}{row['n']:>8}{row['d']:>7}{cell(row['brute'], 10)}"
          f"{cell(row['kd_tree'], 11)}{cell(row['sklearn'], 11)}{ratio:>10}"
          f"  {winner(row)} ({current}){flag}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e3, 1e4, 1e5])
    parser.add_argument("--features", nargs="+", type=int, default=[2, 5, 8, 12, 20, 50])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-queries", type=int, default=10_000,
                        help="query a random subset this large and scale (default 10000)")
    parser.add_argument("--budget", type=float, default=30.0,
                        help="skip a measurement predicted to take longer (seconds)")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, k={K}, queries = "
          "references (self excluded), fit + kneighbors wall time")
    warm_up()
    results = run(args)
    disagreements = [r for r in results if winner(r) != _choose_algorithm(r["n"], r["d"])]
    print(f"\n{len(disagreements)} of {len(results)} cells disagree with the current "
          "rule (kd_tree when n_features <= 8 and n_samples >= 5000).")


if __name__ == "__main__":
    main()
