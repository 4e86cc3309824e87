"""The ``imbtools`` command line.

``imbtools demo`` cross-validates a few imbalance strategies on a real imbalanced dataset
that ships with scikit-learn and prints a table. ``imbtools compare [DATA] --target COL``
compares the default strategies of :func:`imbtools.model_selection.compare_strategies`
on a CSV or Parquet table (or, without DATA, on that same bundled dataset) and writes a
Markdown or HTML report.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _demo(args):
    import numpy as np
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_validate
    from sklearn.preprocessing import StandardScaler

    from .datasets import load_imbalanced_breast_cancer
    from .over_sampling import SMOTE, RandomOverSampler
    from .under_sampling import RandomUnderSampler

    if not args.cv <= args.n_minority <= 212:
        raise ValueError(
            f"--n-minority must be between {args.cv} (one malignant sample per fold) and 212 "
            f"(all malignant samples); got {args.n_minority}."
        )
    if args.cv < 2:
        raise ValueError(f"--cv must be at least 2; got {args.cv}.")
    X, y = load_imbalanced_breast_cancer(n_malignant=args.n_minority)
    print(
        f"Breast cancer (scikit-learn), malignant made rare: {X.shape[0]} samples, "
        f"{int(y.sum())} malignant (1:{(y == 0).sum() / y.sum():.0f}), {X.shape[1]} features."
    )
    print(f"{args.cv}-fold stratified cross-validation, StandardScaler + LogisticRegression.\n")
    strategies = {
        "baseline": None,
        "RandomUnderSampler": RandomUnderSampler(random_state=0),
        "RandomOverSampler": RandomOverSampler(random_state=0),
        "SMOTE": SMOTE(random_state=0),
    }
    metrics = ("f1", "recall", "precision", "average_precision")
    cv = StratifiedKFold(n_splits=args.cv, shuffle=True, random_state=0)
    print(f"{'strategy':<20}" + "".join(f"{m:>19}" for m in metrics))
    for name, sampler in strategies.items():
        steps = [StandardScaler()] + ([sampler] if sampler is not None else [])
        model = make_pipeline(*steps, LogisticRegression(max_iter=1000))
        scores = cross_validate(model, X, y, cv=cv, scoring=metrics)
        cells = [
            f"{np.mean(scores[f'test_{m}']):.3f} ± {np.std(scores[f'test_{m}']):.3f}"
            for m in metrics
        ]
        print(f"{name:<20}" + "".join(f"{c:>19}" for c in cells))
    return 0


def _compare(args):
    from .model_selection._cli import run_compare

    return run_compare(args)


def _build_parser():
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="imbtools", description="Tools for class-imbalanced classification."
    )
    parser.add_argument("--version", action="version", version=f"imbtools {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="compare imbalance strategies on a built-in real dataset"
    )
    demo.add_argument("--cv", type=int, default=5, help="number of folds (default 5)")
    demo.add_argument(
        "--n-minority", type=int, default=30,
        help="malignant samples kept, 1 to 212 (default 30)",
    )
    demo.set_defaults(run=_demo)
    from .model_selection._cli import add_compare_arguments

    compare = commands.add_parser(
        "compare", help="compare imbalance strategies on a CSV / Parquet table"
    )
    add_compare_arguments(compare)
    compare.set_defaults(run=_compare)
    return parser


def main(argv=None):
    """Run the command line; returns the process exit code."""
    args = _build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ValueError as exc:
        print(f"imbtools {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
