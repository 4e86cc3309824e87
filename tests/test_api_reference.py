"""Every name in the API reference is importable, and every lazy export resolves."""

import importlib
import re
from pathlib import Path

import pytest

import imbtools

API = Path(__file__).resolve().parents[1] / "doc" / "api.rst"
DOCUMENTED = re.findall(r"^   ([a-z_]+)\.(\w+)$", API.read_text(), flags=re.M)


@pytest.mark.parametrize("module, name", DOCUMENTED, ids=[f"{m}.{n}" for m, n in DOCUMENTED])
def test_documented_name_is_importable(module, name):
    obj = getattr(importlib.import_module(f"imbtools.{module}"), name)
    assert obj.__doc__ and "Examples\n" in obj.__doc__, f"{module}.{name} has no Examples"


@pytest.mark.parametrize("module", ["over_sampling", "under_sampling", "combine", "plotting"])
def test_lazy_exports_resolve(module):
    package = importlib.import_module(f"imbtools.{module}")
    lazy = getattr(package, "_LAZY", None) or package._DISPLAYS
    for name in lazy:
        assert isinstance(getattr(package, name), type)


def test_subpackages_resolve_lazily():
    for name in imbtools.__all__:
        assert getattr(imbtools, name) is not None
