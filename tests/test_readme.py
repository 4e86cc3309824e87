"""The README's code must run as written."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README has no python example"
    namespace = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)
    X, X_res, y_res = namespace["X"], namespace["X_res"], namespace["y_res"]
    assert list(X_res.columns) == list(X.columns)
    assert y_res.value_counts().nunique() == 1  # classes balanced
    assert namespace["search"].best_params_["smote__k_neighbors"] in (3, 5, 7)


def test_readme_opens_with_the_two_commands():
    commands = [line for line in README.read_text().splitlines()
                if line.startswith("python3 -m venv .venv && ")]
    assert len(commands) == 2
    assert commands[0].endswith("imbtools compare")
    assert '".[test]"' in commands[1] and commands[1].endswith("-m pytest")
