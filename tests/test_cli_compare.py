"""``imbtools compare``: bundled data, messy CSV tables, one-line errors on bad input."""

import re

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from imbtools.cli import main
from imbtools.model_selection import default_strategies

STRATEGIES = list(default_strategies(LogisticRegression()))


@pytest.fixture
def messy_csv(tmp_path):
    """160 rows: numeric, categorical and boolean columns with gaps; 'yes' is rare."""
    rng = np.random.RandomState(0)
    n = 160
    churn = np.where(np.arange(n) % 8 == 0, "yes", "no")
    table = pd.DataFrame({
        "amount": rng.normal(size=n) + (churn == "yes") * 2.0,
        "plan": rng.choice(["basic", "pro", "team"], size=n),
        "region": rng.choice(["north", "south", None], size=n),
        "active": rng.choice(["true", "false", ""], size=n),
        "notes": np.nan,
        "churn": churn,
    })
    table.loc[rng.rand(n) < 0.15, "amount"] = np.nan
    table.loc[rng.rand(n) < 0.15, "plan"] = None
    path = tmp_path / "customers.csv"
    table.to_csv(path, index=False)
    return path


def _table_rows(out):
    """Strategy names of the table (display suffixes such as '*' and '(trees)' cut)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("rank"))
    return [line.split()[1].rstrip("*")
            for line in lines[start + 1:start + 1 + len(STRATEGIES)]]


def test_without_data_runs_on_the_bundled_dataset(capsys):
    assert main(["compare", "--cv", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("breast cancer (scikit-learn), malignant made rare: 387 rows")
    assert _table_rows(out) == STRATEGIES
    assert "Best by f1: " in out


@pytest.mark.parametrize("suffix", [".md", ".html"])
@pytest.mark.filterwarnings("error::UserWarning")
def test_messy_csv_works_and_writes_the_report(messy_csv, tmp_path, capsys, suffix):
    out_path = tmp_path / f"report{suffix}"
    argv = ["compare", str(messy_csv), "--target", "churn", "--cv", "3", "--metric",
            "recall", "--out", str(out_path)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())  # the description is wrapped at 100 columns
    assert "(dropped 1 all-missing column(s): notes): 160 rows, 4 feature columns" in flat
    assert "positive class 'yes' (20 of 160 rows)" in flat
    assert _table_rows(out) == STRATEGIES
    assert "nan" not in out.split("rank", 1)[1]
    report = out_path.read_text()
    for name in STRATEGIES:
        assert (f"| {name}" if suffix == ".md" else f"<td>{name}") in report
    if suffix == ".html":  # the per-fold plots of recall and average precision, inlined
        assert report.count("data:image/png;base64,") == 2
    else:  # written beside the report and linked
        assert "base64" not in report
        for metric in ("recall", "average_precision"):
            image = tmp_path / f"report_{metric}.png"
            assert image.read_bytes().startswith(b"\x89PNG")
            assert f"]({image.name})" in report


def test_positive_makes_a_multiclass_target_one_vs_rest(messy_csv, capsys):
    argv = ["compare", str(messy_csv), "--target", "plan", "--positive", "team", "--cv", "2",
            "--metric", "roc_auc"]
    assert main(argv) == 0
    assert "positive class 'team'" in capsys.readouterr().out


def test_multiclass_target_without_positive_is_a_multiclass_comparison(messy_csv, capsys):
    argv = ["compare", str(messy_csv), "--target", "plan", "--cv", "2"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    counts = pd.read_csv(messy_csv)["plan"].value_counts()
    assert (f"3 classes, smallest {counts.idxmin()!r} ({counts.min()} rows), "
            "macro-averaged metrics; estimator lr" in " ".join(out.split()))
    assert _table_rows(out) == STRATEGIES
    assert "nan" not in out.split("rank", 1)[1]


def test_lgbm_estimator(messy_csv, capsys):
    pytest.importorskip("lightgbm")
    argv = ["compare", str(messy_csv), "--target", "churn", "--cv", "2", "--estimator", "lgbm"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "estimator lgbm, 2-fold" in " ".join(out.split())
    assert _table_rows(out) == STRATEGIES


def test_lgbm_without_lightgbm_is_a_one_line_error(messy_csv, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "lightgbm", None)  # import lightgbm now fails
    argv = ["compare", str(messy_csv), "--target", "churn", "--estimator", "lgbm"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == ("imbtools compare: error: --estimator lgbm needs the lightgbm package, "
                   "which is not installed: pip install lightgbm\n")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


@pytest.mark.parametrize("argv_of, message", [
    (lambda d: [_write(d, "t.csv", "a,y\n1,0\n2,1\n"), "--target", "label"],
     r"--target 'label' is not a column of '.*t.csv'; the columns are a, y\."),
    (lambda d: [_write(d, "t.csv", "a,y\n1,0\n2,0\n3,0\n"), "--target", "y"],
     r"--target 'y' has a single class \(0\); need two classes\."),
    (lambda d: [_write(d, "t.csv", b"\xb8\x00\xff\xfe" * 50), "--target", "y"],
     r"cannot read DATA '.*t.csv': UnicodeDecodeError: "),
    (lambda d: [_write(d, "t.csv", "y\n0\n1\n"), "--target", "y"],
     r"'.*t.csv' has no feature column besides --target 'y'\."),
    (lambda d: [_write(d, "t.csv", ""), "--target", "y"],
     r"cannot read DATA '.*t.csv': EmptyDataError: "),
    (lambda d: [str(d / "missing.csv"), "--target", "y"],
     r"cannot read DATA '.*missing.csv': not an existing file\."),
    (lambda d: [_write(d, "t.csv", "a,y\n" + "1,0\n" * 20 + "2,1\n2,1\n"), "--target", "y"],
     r"--cv 5: class 1 of --target 'y' has only 2 rows, fewer than the folds; use --cv 2 "),
    (lambda d: [_write(d, "t.csv", "a,y\n" + "1,a\n" * 9 + "2,b\n"), "--target", "y"],
     r"class 'b' of --target 'y' has only 1 row, .*; every class needs at least 2 rows\."),
    (lambda d: [_write(d, "t.csv", "a,y\n1,0\n2,1\n"), "--target", "y", "--metric", "auc"],
     r"--metric must be one of f1, f2, .*; got 'auc'\."),
    (lambda d: [_write(d, "t.csv", "a,y\n1,0\n2,1\n"), "--target", "y", "--out", "r.pdf"],
     r"--out must end in .md or .html; got 'r.pdf'\."),
    (lambda d: [_write(d, "t.csv", "a,y\n1,0\n2,1\n")],
     r"--target is required with DATA"),
])
def test_bad_input_is_a_one_line_error_with_exit_code_2(tmp_path, capsys, argv_of, message):
    assert main(["compare", *argv_of(tmp_path)]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert err.count("\n") == 1 and err.startswith("imbtools compare: error: ")
    assert re.search(message, err), err
    assert captured.out == ""
