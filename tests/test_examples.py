"""Every gallery example runs offline, as a script, with a non-interactive backend."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

GALLERY = Path(__file__).resolve().parents[1] / "examples"
EXAMPLES = sorted(GALLERY.glob("*/plot_*.py"))


def test_gallery_is_found_and_sectioned():
    assert len(EXAMPLES) >= 15
    assert not list(GALLERY.glob("*.py")), "examples belong in a section folder"
    for section in {script.parent for script in EXAMPLES}:
        assert (section / "README.rst").is_file(), f"{section.name} has no README.rst"


@pytest.mark.parametrize("script", EXAMPLES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_example_runs(script, tmp_path):
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
