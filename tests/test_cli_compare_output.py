"""``imbtools compare`` output: version, progress on stderr, width, refusals, failures."""

import re

import numpy as np
import pandas as pd
import pytest

from imbtools import __version__
from imbtools.cli import main

NUMPY_REPRS = re.compile(r"np\.(int|float|str_|bool_|uint)\w*\(")


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"imbtools {__version__}\n"


@pytest.fixture
def small_csv(tmp_path):
    rng = np.random.RandomState(0)
    n = 120
    label = np.where(np.arange(n) % 6 == 0, 1, 0)
    table = pd.DataFrame({"a": rng.normal(size=n) + label * 2.0, "b": rng.normal(size=n),
                          "plan": rng.choice(["x", "y"], size=n), "label": label})
    path = tmp_path / "small.csv"
    table.to_csv(path, index=False)
    return path


def test_progress_is_one_stderr_line_per_strategy_and_the_table_fits(small_csv, capsys):
    assert main(["compare", str(small_csv), "--target", "label", "--cv", "2"]) == 0
    captured = capsys.readouterr()
    progress = captured.err.splitlines()
    assert progress[0].startswith("comparing 7 strategies x 2 folds on 120 rows")
    assert [line.split("]")[0] for line in progress[1:]] == [f"[{k}/7" for k in range(1, 8)]
    assert "positive class 1 (20 of 120 rows)" in captured.out
    assert max(map(len, captured.out.splitlines())) <= 100
    assert "Best by f1: " in captured.out and "W/T/L: folds (of 2)" in captured.out
    assert not NUMPY_REPRS.search(captured.out + captured.err)
    assert main(["compare", str(small_csv), "--target", "label", "--cv", "2", "--wide"]) == 0
    header = next(line for line in capsys.readouterr().out.splitlines()
                  if line.startswith("rank"))
    assert "balanced_accuracy" in header and len(header) > 100


def _csv(tmp_path, table):
    path = tmp_path / "t.csv"
    pd.DataFrame(table).to_csv(path, index=False)
    return str(path)


@pytest.mark.parametrize("table, message", [
    ({"a": np.arange(30.0), "y": np.linspace(0.5, 9.2129, 30)},
     r"--target 'y' is continuous \(e\.g\. 0\.5; scikit-learn's type_of_target says "
     r"'continuous'\): imbtools compare needs class labels"),
    ({"a": np.arange(90.0), "y": np.arange(90) % 40},
     r"--target 'y' has 40 distinct values, more than 20: it looks like a regression target"),
])
def test_a_regression_target_is_refused(tmp_path, capsys, table, message):
    assert main(["compare", _csv(tmp_path, table), "--target", "y", "--cv", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("imbtools compare: error: ") and re.search(message, err), err


def test_every_strategy_failing_exits_2_with_the_first_failure(tmp_path, capsys):
    # issue 12, defect 4: an infinite cell made every strategy fail, yet exit code 0
    table = {"a": np.r_[np.inf, np.arange(39.0)], "y": [0, 1, 0, 0] * 10}
    assert main(["compare", _csv(tmp_path, table), "--target", "y", "--cv", "2"]) == 2
    captured = capsys.readouterr()
    last = captured.err.strip().splitlines()[-1]
    assert re.match(r"imbtools compare: error: every strategy failed on every fold; the "
                    r"first failure, strategy 'baseline': (fit|predict) failed: ", last), last
    assert "infinity" in last and "Remedy: X holds infinite" in last
    assert "Best by" not in captured.out
