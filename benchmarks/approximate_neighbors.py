"""ApproximateNearestNeighbors: recall and time vs exact search and pynndescent (issue #3).

Data: ``make_classification(n, n_features=20, weights=[0.99], random_state=0)`` as in
``compare_cleaning.py``, saved once per size to ``.npy`` files in ``--data-dir``.

``graph`` mode: the k-nearest-neighbour graph of all rows (k = 3, what
``EditedNearestNeighbours()`` needs), built by

- imbtools ``ApproximateNearestNeighbors(n_neighbors=4, random_state=0)``;
- pynndescent ``NNDescent(X, n_neighbors=11, random_state=0)`` (a graph of the same width
  as ours, 10 neighbours besides the sample itself; pynndescent must be installed, it is
  not an imbtools dependency);
- the exact imbtools ``NearestNeighbors`` (at 10^5 rows only; at 10^6 rows see ``enn``).

Recall@3 = the share of each row's 3 true nearest other rows found, over 5,000 random
rows whose exact neighbours are computed once. Each run is a fresh process: "first call"
is fit + kneighbors on 300 rows in that process (import excluded), with an empty Numba
cache directory for ``--cold`` runs (compilation included) and the warm cache otherwise.
imbtools and pynndescent runs alternate (A, B, A, B); the table shows medians.

``enn`` mode: ``EditedNearestNeighbours(n_neighbors=ApproximateNearestNeighbors(4,
random_state=0))`` on 10^6 rows: time, peak memory (``VmHWM`` reset just before the call,
minus ``VmRSS`` before it) and how many rows it keeps differently from the exact ENN. The
exact ENN's kept mask is computed once (minutes) and saved to ``--exact-mask``.

Usage::

    python benchmarks/approximate_neighbors.py graph --sizes 100000 1000000 --repeats 2
    python benchmarks/approximate_neighbors.py enn --repeats 1 [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import numpy as np
from sklearn.datasets import make_classification

K = 3  # EditedNearestNeighbours' default: 3 neighbours besides the sample
N_RECALL_ROWS = 5_000


# -- workers (one measured run in a fresh process) --------------------------------------------
def _status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def _reset_peak():
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    return _status_kb("VmRSS")


def _graph_imbtools(X):
    from imbtools.neighbors import ApproximateNearestNeighbors

    search = ApproximateNearestNeighbors(n_neighbors=K + 1, random_state=0).fit(X)
    return search.kneighbors(n_neighbors=K, return_distance=False)


def _graph_pynndescent(X):
    from pynndescent import NNDescent

    graph = NNDescent(X, n_neighbors=11, random_state=0).neighbor_graph[0]
    return _without_self(graph, np.arange(X.shape[0]))


def _graph_exact(X):
    from imbtools.neighbors import NearestNeighbors

    return NearestNeighbors(n_neighbors=K).fit(X).kneighbors(return_distance=False)


GRAPH_BUILDERS = {"imbtools": _graph_imbtools, "pynndescent": _graph_pynndescent,
                  "exact": _graph_exact}


def _without_self(candidates, rows):
    """The first K entries of each row that are not the row itself."""
    out = np.empty((len(rows), K), dtype=np.int64)
    for i, (candidate_row, row) in enumerate(zip(candidates, rows)):
        out[i] = [c for c in candidate_row if c != row][:K]
    return out


def graph_worker(library, x_path, truth_path):
    build = GRAPH_BUILDERS[library]
    X = np.load(x_path)
    tiny = np.random.default_rng(0).standard_normal((300, X.shape[1]))
    start = time.perf_counter()
    build(tiny)
    first_call = time.perf_counter() - start
    rss_before = _reset_peak()
    start = time.perf_counter()
    graph = build(X)
    seconds = time.perf_counter() - start
    peak_mb = (_status_kb("VmHWM") - rss_before) / 1024
    truth = np.load(truth_path)
    rows, exact = truth[:, 0], truth[:, 1:]
    recall = np.mean([len(set(g) & set(e)) / K for g, e in zip(graph[rows], exact)])
    print(json.dumps({"first_call": first_call, "seconds": seconds, "peak_mb": peak_mb,
                      "recall": float(recall)}))


def enn_worker(x_path, y_path, out_path, approximate):
    from imbtools.neighbors import ApproximateNearestNeighbors
    from imbtools.under_sampling import EditedNearestNeighbours

    def sampler():
        if not approximate:
            return EditedNearestNeighbours()
        return EditedNearestNeighbours(
            n_neighbors=ApproximateNearestNeighbors(K + 1, random_state=0))

    X, y = np.load(x_path), np.load(y_path)
    rng = np.random.default_rng(0)
    sampler().fit_resample(rng.standard_normal((300, X.shape[1])), np.arange(300) < 30)
    rss_before = _reset_peak()
    start, cpu_start = time.perf_counter(), time.process_time()
    enn = sampler()
    enn.fit_resample(X, y)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mb = (_status_kb("VmHWM") - rss_before) / 1024
    kept = np.zeros(len(y), dtype=bool)
    kept[enn.sample_indices_] = True
    np.save(out_path, kept)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb}))


# -- driver -----------------------------------------------------------------------------------
def _run(args, env=None):
    completed = subprocess.run([sys.executable, __file__, *map(str, args)],
                               capture_output=True, text=True, check=False, env=env)
    if completed.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _data(n, data_dir):
    x_path, y_path = data_dir / f"X_{n}.npy", data_dir / f"y_{n}.npy"
    if not x_path.exists():
        X, y = make_classification(n, n_features=20, weights=[0.99], random_state=0)
        np.save(x_path, X)
        np.save(y_path, y)
    return x_path, y_path


def _truth(n, x_path, data_dir):
    """Exact K neighbours of N_RECALL_ROWS random rows: (row, neighbours...) per line."""
    path = data_dir / f"truth_{n}.npy"
    if not path.exists():
        from imbtools.neighbors import NearestNeighbors

        X = np.load(x_path)
        rows = np.sort(np.random.default_rng(1).choice(n, N_RECALL_ROWS, replace=False))
        candidates = NearestNeighbors(n_neighbors=K + 1).fit(X).kneighbors(
            X[rows], return_distance=False)
        np.save(path, np.column_stack([rows, _without_self(candidates, rows)]))
    return path


def graph_table(sizes, repeats, data_dir, libraries):
    print("| rows | method | first call cold (s) | first call warm (s) | graph (s) | "
          "peak MB | recall@3 |")
    print("|---|---|---|---|---|---|---|")
    for n in sizes:
        x_path, _ = _data(n, data_dir)
        truth_path = _truth(n, x_path, data_dir)
        runs = {library: [] for library in libraries}
        cold = {}
        for library in libraries:
            if library == "exact":
                continue
            with tempfile.TemporaryDirectory() as cache:
                env = {**os.environ, "NUMBA_CACHE_DIR": cache}
                cold[library] = _run(["--graph-worker", library, x_path, truth_path],
                                     env)["first_call"]
        for _ in range(repeats):
            for library in libraries:
                if library == "exact" and n > 200_000:
                    continue
                runs[library].append(_run(["--graph-worker", library, x_path, truth_path]))
        for library, results in runs.items():
            if not results:
                continue
            cell = {key: median(r[key] for r in results) for key in results[0]}
            cold_cell = f"{cold[library]:.1f}" if library in cold else "-"
            print(f"| {n:,} | {library} | {cold_cell} | {cell['first_call']:.2f} | "
                  f"{cell['seconds']:.1f} | {cell['peak_mb']:.0f} | {cell['recall']:.3f} |",
                  flush=True)


def enn_table(n, repeats, data_dir, exact_mask, skip_exact):
    x_path, y_path = _data(n, data_dir)
    if not exact_mask.exists() and not skip_exact:
        print(f"computing the exact ENN kept mask once -> {exact_mask}", flush=True)
        exact = _run(["--enn-worker", x_path, y_path, exact_mask, "exact"])
        print(f"exact ENN: {exact['seconds']:.1f} s, peak {exact['peak_mb']:.0f} MB")
    kept_exact = np.load(exact_mask) if exact_mask.exists() else None
    results = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out_dir:
            out = Path(out_dir) / "kept.npy"
            result = _run(["--enn-worker", x_path, y_path, out, "approximate"])
            kept = np.load(out)
        if kept_exact is not None:
            result["differ"] = int((kept != kept_exact).sum())
            result["removed_only_exact"] = int((kept & ~kept_exact).sum())
            result["removed_only_approx"] = int((~kept & kept_exact).sum())
        results.append(result)
    cell = {key: median(r[key] for r in results) for key in results[0]}
    print("| rows | ENN | time (s) | CPU time, all threads (s) | peak MB | rows kept | "
          "rows kept by exact | rows decided differently | removed by exact only | "
          "removed by approx only |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    line = (f"| {n:,} | approximate | {cell['seconds']:.1f} | {cell['cpu_seconds']:.1f} | "
            f"{cell['peak_mb']:.0f} | ")
    line += f"{int(kept.sum()):,} | "
    if kept_exact is None:
        line += "not run | - | - | - |"
    else:
        line += (f"{int(kept_exact.sum()):,} | {cell['differ']:,} ({cell['differ'] / n:.3%}) "
                 f"| {cell['removed_only_exact']:,} | {cell['removed_only_approx']:,} |")
    print(line)


def main():
    if sys.argv[1:2] == ["--graph-worker"]:
        graph_worker(*sys.argv[2:5])
        return
    if sys.argv[1:2] == ["--enn-worker"]:
        enn_worker(*sys.argv[2:5], sys.argv[5] == "approximate")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["graph", "enn"])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--libraries", nargs="+", default=["imbtools", "pynndescent", "exact"])
    parser.add_argument("--data-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "imbtools_ann_bench")
    parser.add_argument("--exact-mask", type=Path, default=None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the enn mode")
    parser.add_argument("--skip-exact", action="store_true",
                        help="enn mode: compare with the exact mask only if it exists")
    args = parser.parse_args()
    args.data_dir.mkdir(exist_ok=True)
    print(f"load average: {os.getloadavg()}")
    if args.mode == "graph":
        graph_table(args.sizes, args.repeats, args.data_dir, args.libraries)
    else:
        n = args.rows
        mask = args.exact_mask or args.data_dir / f"exact_enn_kept_{n}.npy"
        enn_table(n, args.repeats, args.data_dir, mask, args.skip_exact)
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
