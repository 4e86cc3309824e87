"""imbtools vs imbalanced-learn: ``fit_resample`` wall time and peak memory.

What it measures
----------------
For every size, the data is generated once with
``make_classification(n, n_features=F, weights=[1 - minority], random_state=0)`` and saved
to temporary ``.npy`` files. For every sampler, imbtools and imbalanced-learn then run
alternately (A, B, A, B, ...), each run in a fresh Python process
(``_worker_fit_resample.py``) that

1. imports the sampler and loads the data;
2. calls ``fit_resample`` twice on a ``--warmup-rows`` dataset (default 5,000 rows) of
   the same dtype and width: the first call pays Numba compilation or cache loading,
   thread start-up and lazy imports, and is excluded from the timing (the "1st-call
   overhead" column is first minus second call). The warm-up must be large enough to
   start Numba: calls on a few hundred rows run NumPy twins of the kernels;
3. times one ``fit_resample`` on the big data (default parameters, ``random_state=0``) and
   records its peak memory: the process's peak resident set size during the call minus
   the resident set size just before it (Linux ``VmHWM``, reset before the call through
   ``/proc/self/clear_refs``; ``ru_maxrss`` where that is not available). The output
   arrays are part of the peak; the input data is not.

The table shows medians over ``--repeats`` runs; "speed ratio" is imblearn time /
imbtools time (above 1: imbtools is faster), "memory ratio" imbtools peak / imblearn peak
(below 1: imbtools uses less). The CPU seconds of the call (all threads) are listed too:
on a shared machine they are steadier than wall time.

``--breakdown`` instead times SMOTE's phases inside one process by chaining the internal
functions the sampler uses (validation, minority gather, neighbour search, pair drawing,
generation kernel, output assembly) and compares their sum with the end-to-end call.

Usage
-----
::

    python benchmarks/compare_imblearn.py                       # defaults below, ~3 min
    python benchmarks/compare_imblearn.py --sizes 1e5 1e6 --repeats 5 \\
        --samplers SMOTE RandomOverSampler RandomUnderSampler --features 20 --minority 0.01
    python benchmarks/compare_imblearn.py --breakdown --sizes 1e6 --repeats 5
    python benchmarks/compare_imblearn.py --sizes 1e6 --samplers SMOTE --repeats 9 --in-process

``--in-process`` runs both libraries in this one process, alternated after the warm-up
(the first pair is each library's first large call); the per-pair ratios show it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import numpy as np
from sklearn.datasets import make_classification

WORKER = Path(__file__).with_name("_worker_fit_resample.py")
LIBRARIES = ("imbtools", "imblearn")
SAMPLERS = ("SMOTE", "RandomOverSampler", "RandomUnderSampler")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e5, 1e6],
                        help="numbers of rows (default: 1e5 1e6)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs per library, alternating A/B (default: 5)")
    parser.add_argument("--samplers", nargs="+", choices=SAMPLERS, default=list(SAMPLERS))
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--minority", type=float, default=0.01,
                        help="fraction of the minority class (default: 0.01)")
    parser.add_argument("--warmup-rows", type=int, default=5000,
                        help="rows of the two warm-up calls before the timed one "
                             "(default: 5000, enough to start Numba)")
    parser.add_argument("--in-process", action="store_true",
                        help="both libraries in this one process, alternated after a "
                             "warm-up, instead of fresh processes")
    parser.add_argument("--breakdown", action="store_true",
                        help="time SMOTE's phases in-process instead of comparing libraries")
    return parser.parse_args(argv)


def make_data(n_samples, n_features, minority):
    return make_classification(
        n_samples=n_samples, n_features=n_features, weights=[1 - minority], random_state=0
    )


def run_worker(library, sampler, x_path, y_path, warmup_rows):
    completed = subprocess.run(
        [sys.executable, str(WORKER), library, sampler, str(x_path), str(y_path),
         str(warmup_rows)],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{library} {sampler} worker failed:\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def compare(args):
    rows = []
    with tempfile.TemporaryDirectory(prefix="imbtools-bench-") as tmp:
        for size in args.sizes:
            n_samples = int(size)
            X, y = make_data(n_samples, args.features, args.minority)
            x_path, y_path = Path(tmp, f"X_{n_samples}.npy"), Path(tmp, f"y_{n_samples}.npy")
            np.save(x_path, X)
            np.save(y_path, y)
            print(f"n={n_samples}: classes {np.bincount(y).tolist()}", flush=True)
            del X, y
            for sampler in args.samplers:
                runs = {library: [] for library in LIBRARIES}
                for _ in range(args.repeats):
                    for library in LIBRARIES:  # A, B, A, B, ...
                        runs[library].append(
                            run_worker(library, sampler, x_path, y_path, args.warmup_rows))
                rows.append(summarise(sampler, n_samples, runs))
                print_row(rows[-1], header=len(rows) == 1)
    print()
    print_table(rows)
    source = rows[0]["peak_source"] if rows else "VmHWM after clear_refs"
    print(f"\nMedians of {args.repeats} fresh-process runs per cell, A/B alternated. "
          f"Peak = {source} during the call minus RSS just before it (data loaded, "
          "warm-up done); the output arrays count, the input does not. 1st-call = first "
          f"minus second fit_resample on a {args.warmup_rows}-row dataset in the same "
          "process (Numba cache load or compile, thread start-up, lazy imports). cpu = CPU "
          "seconds of the big call, all threads (steadier than wall time on a busy machine).")


def summarise(sampler, n_samples, runs):
    def med(library, key):
        return median(run[key] for run in runs[library])

    def first_call(library):
        return median(run["first_call_s"] - run["second_call_s"] for run in runs[library])

    return {
        "sampler": sampler,
        "n": n_samples,
        "t_ours": med("imbtools", "fit_resample_s"),
        "t_ref": med("imblearn", "fit_resample_s"),
        "mb_ours": med("imbtools", "peak_mb"),
        "mb_ref": med("imblearn", "peak_mb"),
        "first_ours": first_call("imbtools"),
        "first_ref": first_call("imblearn"),
        "cpu_ours": med("imbtools", "cpu_s"),
        "cpu_ref": med("imblearn", "cpu_s"),
        "n_out": {lib: runs[lib][0]["n_out"] for lib in LIBRARIES},
        "times": {lib: [run["fit_resample_s"] for run in runs[lib]] for lib in LIBRARIES},
        "peak_source": runs["imbtools"][0]["peak_source"],
    }


HEADER = (f"{'sampler':<19}{'n':>9}{'imbtools s':>12}{'imblearn s':>12}{'speed x':>9}"
          f"{'imbtools MB':>13}{'imblearn MB':>13}{'mem ratio':>11}"
          f"{'1st-call ours':>15}{'1st-call ref':>14}{'cpu ours':>10}{'cpu ref':>9}")


def format_row(row):
    return (f"{row['sampler']:<19}{row['n']:>9}{row['t_ours']:>12.3f}{row['t_ref']:>12.3f}"
            f"{row['t_ref'] / row['t_ours']:>9.2f}{row['mb_ours']:>13.1f}{row['mb_ref']:>13.1f}"
            f"{row['mb_ours'] / max(row['mb_ref'], 1e-9):>11.2f}"
            f"{row['first_ours']:>15.3f}{row['first_ref']:>14.3f}"
            f"{row['cpu_ours']:>10.3f}{row['cpu_ref']:>9.3f}")


def print_row(row, header):
    if header:
        print(HEADER)
    print(format_row(row), flush=True)
    ours, ref = row["times"]["imbtools"], row["times"]["imblearn"]
    ratios = [b / a for a, b in zip(ours, ref)]
    print(f"  per-pair speed ratio: median {median(ratios):.2f} (min {min(ratios):.2f}, max "
          f"{max(ratios):.2f}); imbtools {min(ours):.3f}-{max(ours):.3f} s, imblearn "
          f"{min(ref):.3f}-{max(ref):.3f} s")
    if row["n_out"]["imbtools"] != row["n_out"]["imblearn"]:
        print(f"  note: output sizes differ {row['n_out']}")


def print_table(rows):
    print(HEADER)
    print("-" * len(HEADER))
    for row in rows:
        print(format_row(row))


# -- SMOTE phase breakdown ------------------------------------------------------------------
PHASES = ("validation", "minority gather", "neighbours", "pair drawing", "generation kernel",
          "output assembly")


def _fit_generator(random_state):
    """The per-fit random generator, made the way SMOTE makes it."""
    try:
        from imbtools.utils._random import check_generator
    except ImportError:  # older imbtools: a RandomState drives the draws
        from sklearn.utils import check_random_state as check_generator
    return check_generator(random_state)


def smote_phases(X, y, k_neighbors=5, random_state=0):
    """Run SMOTE's steps as ``SMOTE.fit_resample`` chains them.

    Returns ``{phase: array([wall seconds, system CPU seconds])}`` and the output. System
    time is kernel work of the process (page faults on fresh memory, thread wake-ups).
    """
    from imbtools._kernels.interpolate import interpolate_rows
    from imbtools.base import SyntheticRows
    from imbtools.neighbors import check_neighbors, neighbors_excluding_self
    from imbtools.over_sampling.generation import draw_smote_pairs
    from imbtools.utils._output import assemble_features, format_target
    from imbtools.utils.sampling_strategy import resolve_sampling_strategy
    from imbtools.utils.validation import check_feature_matrix, check_target

    seconds = dict.fromkeys(PHASES, 0.0)

    def clock():
        return np.array([time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_stime])

    start = clock()
    check_feature_matrix(X, allow_nan=True, numeric=False)
    target = check_target(y, n_samples=X.shape[0])
    X_numeric = check_feature_matrix(X)
    targets = resolve_sampling_strategy("auto", target, "over-sampling")
    seconds["validation"] = clock() - start

    random_state = _fit_generator(random_state)
    searcher, k = check_neighbors("k_neighbors", k_neighbors)
    blocks = []
    for code, n_new in targets.items():
        start = clock()
        rows = np.flatnonzero(target.codes == code)
        X_class = np.ascontiguousarray(X_numeric[rows])
        seconds["minority gather"] += clock() - start

        start = clock()
        neighbor_index = neighbors_excluding_self(searcher, X_class, k)
        seconds["neighbours"] += clock() - start

        start = clock()
        seeds, neighbors, steps = draw_smote_pairs(neighbor_index, n_new, random_state)
        seconds["pair drawing"] += clock() - start
        blocks.append((code, rows, X_class, seeds, neighbors, steps))

    start = clock()
    codes = np.concatenate([np.full(b[3].shape[0], b[0], dtype=np.intp) for b in blocks])
    parent_a = np.concatenate([rows[seeds] for _, rows, _, seeds, _, _ in blocks])
    parent_b = np.concatenate([rows[nbrs] for _, rows, _, _, nbrs, _ in blocks])
    step = np.concatenate([b[5] for b in blocks])
    kernel_seconds = []

    def fill(out):
        kernel_start = clock()
        offset = 0
        for _, _, X_class, seeds, nbrs, steps in blocks:
            stop = offset + seeds.shape[0]
            interpolate_rows(X_class, seeds, nbrs, steps, out[offset:stop])
            offset = stop
        kernel_seconds.append(clock() - kernel_start)

    synthetic = SyntheticRows(codes, parent_a, parent_b, step, fill=fill)
    kept = np.arange(X.shape[0])
    X_out = assemble_features(X, X_numeric, kept, synthetic)
    y_out = format_target(y, target, np.concatenate([target.codes, codes]))
    seconds["generation kernel"] = kernel_seconds[0]
    seconds["output assembly"] = clock() - start - kernel_seconds[0]
    return seconds, (X_out, y_out)


def in_process(args):
    """Both libraries in one process: warm-up, then ``--repeats`` alternated pairs."""
    import imblearn.over_sampling
    import imblearn.under_sampling

    import imbtools.over_sampling
    import imbtools.under_sampling

    modules = {"imbtools": (imbtools.over_sampling, imbtools.under_sampling),
               "imblearn": (imblearn.over_sampling, imblearn.under_sampling)}

    def sampler_class(library, name):
        over, under = modules[library]
        return getattr(over, name, None) or getattr(under, name)

    for size in args.sizes:
        X, y = make_data(int(size), args.features, args.minority)
        X_warm, y_warm = make_data(args.warmup_rows, args.features, 0.1)
        for name in args.samplers:
            for library in LIBRARIES:
                for _ in range(2):
                    sampler_class(library, name)(random_state=0).fit_resample(X_warm, y_warm)
            times = {library: [] for library in LIBRARIES}
            for _ in range(args.repeats):
                for library in LIBRARIES:
                    sampler = sampler_class(library, name)(random_state=0)
                    start = time.perf_counter()
                    result = sampler.fit_resample(X, y)
                    times[library].append(time.perf_counter() - start)
                    del result
            ours, ref = times["imbtools"], times["imblearn"]
            ratios = [b / a for a, b in zip(ours, ref)]
            print(f"{name} n={int(size)}, one process, {args.warmup_rows}-row warm-up, "
                  f"{args.repeats} alternated pairs (first pair = first big call)")
            print("  imbtools s: " + " ".join(f"{t:.3f}" for t in ours))
            print("  imblearn s: " + " ".join(f"{t:.3f}" for t in ref))
            print("  speed ratio per pair: " + " ".join(f"{r:.2f}" for r in ratios)
                  + f"; median {median(ratios):.2f}")


def _stime():
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def breakdown(args):
    from imbtools.over_sampling import SMOTE

    X_tiny, y_tiny = make_data(2000, args.features, 0.1)
    smote_phases(X_tiny, y_tiny)  # compile / load the kernels
    SMOTE(random_state=0).fit_resample(X_tiny, y_tiny)
    for size in args.sizes:
        X, y = make_data(int(size), args.features, args.minority)
        per_phase = {phase: [] for phase in PHASES}
        end_to_end = []
        for _ in range(args.repeats):  # phases and end-to-end alternate
            seconds, result = smote_phases(X, y)
            del result
            for phase, value in seconds.items():
                per_phase[phase].append(value)
            start, sys_start = time.perf_counter(), _stime()
            result = SMOTE(random_state=0).fit_resample(X, y)
            end_to_end.append((time.perf_counter() - start, _stime() - sys_start))
            del result
        total = median(wall for wall, _ in end_to_end)
        total_sys = median(sys_s for _, sys_s in end_to_end)
        print(f"\nSMOTE phases, n={int(size)}, {args.features} features, minority "
              f"{np.bincount(y)[1]} rows; medians of {args.repeats} runs (one process, "
              "warm Numba cache)")
        print(f"{'phase':<22}{'wall s':>9}{'% of fit_resample':>19}{'system CPU s':>14}")
        phase_sum = 0.0
        for phase in PHASES:
            wall = median(value[0] for value in per_phase[phase])
            sys_s = median(value[1] for value in per_phase[phase])
            phase_sum += wall
            print(f"{phase:<22}{wall:>9.3f}{100 * wall / total:>18.1f}%{sys_s:>14.3f}")
        print(f"{'sum of phases':<22}{phase_sum:>9.3f}{100 * phase_sum / total:>18.1f}%")
        print(f"{'SMOTE.fit_resample':<22}{total:>9.3f}{100.0:>18.1f}%{total_sys:>14.3f}")
        print("System CPU time is mostly page faults on the fresh output array (with "
              "transparent huge pages its cost varies with memory fragmentation).")


def main(argv=None):
    args = parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{args.features} features, minority {args.minority}")
    if args.in_process:
        in_process(args)
        return
    if args.breakdown:
        breakdown(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
