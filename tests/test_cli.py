from imbtools.cli import main


def test_demo_prints_a_row_per_strategy(capsys):
    assert main(["demo", "--cv", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[3].split()[0] == "strategy"
    rows = [line.split()[0] for line in lines[4:]]
    assert rows == ["baseline", "RandomUnderSampler", "RandomOverSampler", "SMOTE"]
    assert all("±" in line for line in lines[4:])


def test_demo_bad_input_is_a_one_line_error(capsys):
    assert main(["demo", "--n-minority", "0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("imbtools demo: error: --n-minority must be between 5 (one malignant "
                   "sample per fold) and 212 (all malignant samples); got 0.")
