"""``imbtools compare``: load a table, compare the default strategies, write a report.

Kept here, next to :func:`compare_strategies`, so that ``imbtools/cli.py`` only wires
the sub-command. Every problem with the user's input is raised as a one-line
``ValueError``, which ``imbtools.cli.main`` prints as ``imbtools compare: error: ...``
(exit code 2).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from ._scores import DEFAULT_SCORING

ESTIMATORS = ("lr", "rf", "hgb", "lgbm")
REPORT_SUFFIXES = (".md", ".markdown", ".html", ".htm")


def add_compare_arguments(parser):
    """The arguments of ``imbtools compare``."""
    parser.add_argument(
        "data", nargs="?", default=None, metavar="DATA",
        help="CSV or Parquet file (default: the bundled breast-cancer data, malignant made rare)",
    )
    parser.add_argument("--target", help="name of the target column (required with DATA)")
    parser.add_argument(
        "--positive", default=None,
        help="label of the positive class (default: the minority class); with more than two "
             "classes, compares this class against the rest (default: a multi-class "
             "comparison with macro-averaged metrics)",
    )
    parser.add_argument(
        "--estimator", choices=ESTIMATORS, default="lr",
        help="lr: logistic regression (default), rf: random forest, hgb: histogram "
             "gradient boosting, lgbm: LightGBM (needs the lightgbm package)",
    )
    parser.add_argument(
        "--metric", default="f1",
        help=f"metric that ranks the strategies (default f1), one of {', '.join(DEFAULT_SCORING)}",
    )
    parser.add_argument("--cv", type=int, default=5, help="number of folds (default 5)")
    parser.add_argument("--out", default=None, help="write the report to this .md or .html file")
    parser.add_argument("--jobs", type=int, default=None, help="parallel fits (default 1)")
    parser.add_argument("--random-state", type=int, default=0, help="seed (default 0)")
    parser.add_argument(
        "--strategies", choices=["default", "oversamplers"], default="default",
        help="'default': baseline, resampling, class weights, thresholds, ensemble; "
        "'oversamplers': every over-sampler of the SMOTE family (default 'default')",
    )
    parser.add_argument(
        "--wide", action="store_true",
        help="show every metric as mean ± std (default: a table that fits 100 columns)",
    )


def _one_line(exc):
    return " ".join(str(exc).split())


def _check_arguments(args):
    if args.metric not in DEFAULT_SCORING:
        raise ValueError(
            f"--metric must be one of {', '.join(DEFAULT_SCORING)}; got {args.metric!r}."
        )
    if args.cv < 2:
        raise ValueError(f"--cv must be at least 2; got {args.cv}.")
    if args.jobs is not None and args.jobs == 0:
        raise ValueError("--jobs must be a positive number or -1 (every core); got 0.")
    if args.out is not None and Path(args.out).suffix.lower() not in REPORT_SUFFIXES:
        raise ValueError(
            f"--out must end in .md or .html; got {args.out!r}."
        )
    if args.data is not None and args.target is None:
        raise ValueError("--target is required with DATA: name the column to predict.")


def _read_table(path):
    """A DataFrame from a CSV or Parquet file; any reading problem as a one-line error."""
    import pandas as pd

    if not Path(path).is_file():
        raise ValueError(f"cannot read DATA {path!r}: not an existing file.")
    try:
        if Path(path).suffix.lower() in (".parquet", ".pq"):
            return pd.read_parquet(path)
        table = pd.read_csv(path)
        if table.shape[1] == 1 and any(sep in str(table.columns[0]) for sep in ";\t|"):
            # another delimiter: let pandas sniff it
            table = pd.read_csv(path, sep=None, engine="python")
        return table
    except ImportError as exc:
        raise ValueError(f"cannot read DATA {path!r}: {_one_line(exc)}") from None
    except Exception as exc:
        raise ValueError(
            f"cannot read DATA {path!r}: {type(exc).__name__}: {_one_line(exc)}"
        ) from None


def _load(args):
    """``X, y, description`` of the data named on the command line."""
    if args.data is None:
        from ..datasets import load_imbalanced_breast_cancer

        if args.target not in (None, "malignant"):
            raise ValueError(
                f"--target {args.target!r}: without DATA the bundled data is used, whose "
                "target is 'malignant'."
            )
        X, y = load_imbalanced_breast_cancer(as_frame=True)
        return X, y, "breast cancer (scikit-learn), malignant made rare"
    table = _read_table(args.data)
    if args.target not in table.columns:
        columns = [str(c) for c in table.columns[:20]]
        more = ", ..." if len(table.columns) > 20 else ""
        raise ValueError(
            f"--target {args.target!r} is not a column of {args.data!r}; the columns are "
            f"{', '.join(columns)}{more}."
        )
    y = table[args.target]
    X = table.drop(columns=[args.target])
    if X.shape[1] == 0:
        raise ValueError(f"{args.data!r} has no feature column besides --target {args.target!r}.")
    keep = y.notna().to_numpy()
    X, y = X[keep].reset_index(drop=True), y[keep].reset_index(drop=True)
    empty = [column for column in X.columns if X[column].isna().all()]
    if empty and len(empty) == X.shape[1]:
        raise ValueError(f"every feature column of {args.data!r} is empty (all missing).")
    description = args.data
    if empty:  # the imputers would drop them anyway, with one warning per fit
        X = X.drop(columns=empty)
        description += f" (dropped {len(empty)} all-missing column(s): " + ", ".join(
            map(str, empty[:10])) + ("..." if len(empty) > 10 else "") + ")"
    return X, y, description


def _target(y, positive, target_name):
    """``(y, pos_label)``: the target as given, or one-vs-rest of ``--positive``.

    Two classes: ``--positive`` names the positive class (default: the minority). More
    classes: a multi-class comparison (macro-averaged metrics), or with ``--positive``
    that class against the rest.
    """
    labels = sorted(y.unique().tolist(), key=str)
    if not labels:
        raise ValueError(f"--target {target_name!r} has no rows with a value.")
    _check_classes(y, labels, positive, target_name)
    if len(labels) < 2:
        raise ValueError(
            f"--target {target_name!r} has a single class ({labels[0]!r}); need two classes."
        )
    pos_label = None
    if positive is not None:
        matches = [label for label in labels if str(label) == positive]
        if not matches:
            raise ValueError(
                f"--positive {positive!r} is not a class of --target {target_name!r}; the "
                f"classes are {', '.join(map(str, labels[:20]))}."
            )
        pos_label = matches[0]
    if len(labels) > 2 and pos_label is not None:
        y = (y == pos_label).map({True: str(pos_label), False: "rest"})
        pos_label = str(pos_label)
    return y, pos_label


_MAX_CLASSES = 20


def _check_classes(y, labels, positive, target_name):
    """Refuse a regression target: continuous values, or very many integer values."""
    from sklearn.utils.multiclass import type_of_target

    try:
        kind = type_of_target(y.to_numpy())
    except (ValueError, TypeError):
        return
    if kind.startswith("continuous"):
        example = next((v for v in labels if float(v) != round(float(v))), labels[0])
        raise ValueError(
            f"--target {target_name!r} is continuous (e.g. {example!r}; scikit-learn's "
            "type_of_target says 'continuous'): imbtools compare needs class labels. For a "
            "regression target, bin it into classes first."
        )
    if len(labels) > _MAX_CLASSES and positive is None:
        raise ValueError(
            f"--target {target_name!r} has {len(labels)} distinct values, more than "
            f"{_MAX_CLASSES}: it looks like a regression target or an identifier, not "
            "classes. Bin it into classes, or compare one value against the rest with "
            "--positive VALUE."
        )


def _make_estimator(name, random_state):
    if name == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(n_estimators=100, random_state=random_state)
    if name == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(random_state=random_state)
    if name == "lgbm":
        try:
            from lightgbm import LGBMClassifier
        except ImportError:
            raise ValueError(
                "--estimator lgbm needs the lightgbm package, which is not installed: "
                "pip install lightgbm"
            ) from None
        return LGBMClassifier(random_state=random_state, verbose=-1)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(max_iter=1000)


def _write_report(path, comparison, title, description):
    try:
        return comparison.write_report(path, title=title, description=description)
    except OSError as exc:
        raise ValueError(f"cannot write --out {path!r}: {_one_line(exc)}") from None


def run_compare(args):
    """Run ``imbtools compare``; returns the exit code (problems raise ``ValueError``)."""
    from . import compare_strategies, make_preprocessor

    _check_arguments(args)
    estimator = _make_estimator(args.estimator, args.random_state)
    X, y, source = _load(args)
    target_name = args.target or y.name
    y, pos_label = _target(y, args.positive, target_name)
    counts = y.value_counts()
    smallest_label, smallest = counts.index.tolist()[int(counts.argmin())], int(counts.min())
    if smallest < args.cv:
        advice = (f"use --cv {smallest} or fewer" if smallest >= 2
                  else "every class needs at least 2 rows")
        raise ValueError(
            f"--cv {args.cv}: class {_plain(smallest_label)!r} of --target {target_name!r} "
            "has only "
            f"{smallest} row{'s' * (smallest != 1)}, fewer than the folds; {advice}."
        )
    scoring = (args.metric, *[m for m in DEFAULT_SCORING if m != args.metric])
    comparison = compare_strategies(
        estimator, X, y, cv=args.cv, scoring=scoring, preprocessor=make_preprocessor(X),
        pos_label=pos_label, n_jobs=args.jobs, random_state=args.random_state, verbose=1,
        strategies=args.strategies,
    )
    if comparison.positive_label is not None:
        classes = (f"positive class {comparison.positive_label!r} ({smallest} of "
                   f"{X.shape[0]} rows)")
    else:
        classes = (f"{len(counts)} classes, smallest {_plain(smallest_label)!r} ({smallest} "
                   "rows), macro-averaged metrics")
    description = (
        f"{source}: {X.shape[0]} rows, {X.shape[1]} feature columns, {classes}; "
        f"estimator {args.estimator}, {args.cv}-fold stratified cross-validation."
    )
    print(textwrap.fill(description, width=100) + "\n")
    print(comparison.to_string(wide=args.wide))
    if args.out is not None:
        written = _write_report(args.out, comparison, "imbtools compare", description)
        print(f"\nReport written to {', '.join(map(str, written))}")
    return 0


def _plain(value):
    """A numpy scalar as its Python value (messages read ``1``, not ``np.int64(1)``)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value
