"""Import time and first-call (Numba compile / cache load) cost of imbtools.

What it measures, each in fresh Python processes
------------------------------------------------
1. Import time, measured inside the process (interpreter start-up excluded), median of
   ``--repeats`` runs, modules alternated: ``import sklearn``, ``import imbtools`` (lazy:
   loads only the version), ``from imbtools.over_sampling import SMOTE`` (what a user
   pays before the first sampler call: scikit-learn, imbalanced-learn's base classes,
   pandas, Numba) and the imbalanced-learn equivalent.
2. Whether importing imbtools and its sampler modules compiles any Numba function: after
   the imports every imbtools dispatcher must have no compiled signature.
3. First-call overhead per case (SMOTE on float64 and float32, RandomOverSampler with
   ``shrinkage=1.0`` on both, and the brute-force neighbour kernel), on a 2,000 x 20
   dataset: first call minus second call in the same process. "Cold" runs use a fresh,
   empty ``NUMBA_CACHE_DIR`` (so every kernel compiles); "warm" runs reuse the same
   directory right after (kernels load from the on-disk cache). Also listed: the
   signatures compiled per case (few signatures, all ``nopython``).
4. Anatomy of a warm-cache first call: the first call of each kernel on tiny arrays
   (the very first Numba dispatch of a process pays Numba's one-time start-up), then
   SMOTE's first and second calls.

Usage
-----
::

    python benchmarks/compile_time.py               # ~2 min
    python benchmarks/compile_time.py --repeats 5
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

WORKER = Path(__file__).with_name("_worker_first_call.py")
CASES = ("SMOTE float64", "SMOTE float32", "ROS shrinkage float64", "ROS shrinkage float32",
         "NearestNeighbors brute")
IMPORTS = {
    "import sklearn": "import sklearn",
    "import imbtools": "import imbtools",
    "from imbtools.over_sampling import SMOTE": "from imbtools.over_sampling import SMOTE",
    "from imblearn.over_sampling import SMOTE": "from imblearn.over_sampling import SMOTE",
    "import numba": "import numba",
}


def run_python(args, env=None):
    completed = subprocess.run([sys.executable, *args], capture_output=True, text=True,
                               env=env, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{completed.stderr}")
    return completed.stdout.strip().splitlines()[-1]


def import_seconds(statement):
    code = (f"import time; start = time.perf_counter(); {statement}; "
            "print(time.perf_counter() - start)")
    return float(run_python(["-c", code]))


def measure_imports(repeats):
    seconds = {label: [] for label in IMPORTS}
    for _ in range(repeats):
        for label, statement in IMPORTS.items():
            seconds[label].append(import_seconds(statement))
    print(f"\nImport time (in-process, median of {repeats} fresh processes)")
    base = median(seconds["import sklearn"])
    print(f"{'statement':<44}{'seconds':>9}{'vs sklearn':>12}")
    for label, values in seconds.items():
        value = median(values)
        print(f"{label:<44}{value:>9.3f}{value - base:>+12.3f}")

    report = json.loads(run_python([str(WORKER), "import"]))
    print(f"\nAfter `import imbtools`: numba imported = "
          f"{report['numba_imported_by_import_imbtools']}. After importing imbtools.neighbors, "
          f".over_sampling, .under_sampling and the kernel modules: "
          f"{len(report['dispatchers'])} Numba dispatchers, "
          f"{report['compiled_at_import']} compiled signatures "
          f"({'OK: nothing compiles at import' if report['compiled_at_import'] == 0 else 'BAD'}).")


def measure_first_calls(repeats):
    rows = {case: {"cold": [], "warm": [], "import": []} for case in CASES}
    details = {}
    for _ in range(repeats):
        for case in CASES:
            with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache_dir:
                env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
                for state in ("cold", "warm"):
                    result = json.loads(run_python([str(WORKER), case], env=env))
                    rows[case][state].append(result["first_s"] - result["second_s"])
                    rows[case]["import"].append(result["import_s"])
                    details[(case, state)] = result["dispatchers"]

    print(f"\nFirst-call overhead = first minus second call, 2,000 x 20 data (median of "
          f"{repeats} fresh processes; cold = empty NUMBA_CACHE_DIR, warm = same dir again)")
    print(f"{'case':<26}{'cold s':>9}{'warm s':>9}{'import s':>10}  kernels compiled (cold)")
    for case in CASES:
        cold_detail = details[(case, "cold")]
        kernels = ", ".join(
            f"{name} x{len(info['signatures'])}" + ("" if info["nopython"] else " OBJECT MODE")
            for name, info in cold_detail.items()
        )
        print(f"{case:<26}{median(rows[case]['cold']):>9.3f}{median(rows[case]['warm']):>9.3f}"
              f"{median(rows[case]['import']):>10.3f}  {kernels}")
    warm_misses = {
        case: sum(info["cache_misses"] for info in details[(case, "warm")].values())
        for case in CASES
    }
    print(f"Cache misses in warm runs (should all be 0): {warm_misses}")
    print("Signatures compiled:")
    for case in CASES:
        for name, info in details[(case, "cold")].items():
            for signature in info["signatures"]:
                print(f"  {case:<24} {name}{short_signature(signature)}")


def short_signature(signature):
    """``(Array(float64, 2, 'C', False, aligned=True), int64)`` -> ``(float64[:, ::1], int64)``."""
    def array(match):
        return f"{match[1]}[{':, ' * (int(match[2]) - 1)}::1]"

    return re.sub(r"Array\((\w+), (\d), 'C', False, aligned=True\)", array, signature)


def measure_anatomy(repeats):
    """Split a warm-cache first call into Numba's one-time start-up and the rest."""
    runs = [json.loads(run_python([str(WORKER), "anatomy"]))["seconds"]
            for _ in range(repeats)]
    print(f"\nAnatomy of a warm-cache first call (default cache dir, median of {repeats} "
          "fresh processes; kernels called in this order on tiny arrays)")
    for label in runs[0]:
        values = [run[label] for run in runs if run[label] is not None]
        shown = f"{median(values):.3f}" if values else "n/a (signature changed)"
        print(f"  {label:<40}{shown:>8} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=3,
                        help="fresh processes per measurement (default: 3)")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    measure_imports(max(args.repeats, 5))
    measure_first_calls(args.repeats)
    measure_anatomy(args.repeats)


if __name__ == "__main__":
    main()
