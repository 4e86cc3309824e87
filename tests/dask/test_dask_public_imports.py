"""imbtools.dask builds on the public API of the other packages, never on their internals."""

import ast
from pathlib import Path

import pytest

import imbtools

DASK = Path(imbtools.__file__).parent / "dask"


def private_imports(source):
    """``from ..<package>._<module> import x`` and ``from ..<package> import _x`` lines.

    ``utils`` is exempt: its validation and random-generator helpers are shared by every
    package by convention. The numba kernels (``.._kernels``) are not.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom) or node.level < 2:
            continue
        parts = (node.module or "").split(".")
        if parts[0] == "utils":
            continue
        names = [alias.name for alias in node.names]
        if any(part.startswith("_") for part in parts) or any(n.startswith("_") for n in names):
            found.append(f"from {'.' * node.level}{node.module or ''} import {', '.join(names)}")
    return found


def test_no_private_import_across_packages():
    found = {path.name: private_imports(path.read_text()) for path in DASK.glob("*.py")}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_the_scan_finds_private_imports():
    assert private_imports("from ..over_sampling._borderline import danger_mask")
    assert private_imports("from .._kernels.interpolate import interpolate_rows")
    assert private_imports("from ..neighbors import (\n    check_neighbors,\n    _float32,\n)")
    assert not private_imports("from ..over_sampling.generation import danger_mask")
    assert not private_imports("from ..over_sampling import SMOTE as _InMemorySMOTE")
    assert not private_imports("from ..utils._random import check_generator")
    assert not private_imports("from ._input import compute")


def test_a_dask_sampler_without_its_algorithm_is_refused_when_defined():
    from imbtools.dask._base import DaskSampler
    from imbtools.under_sampling import RandomUnderSampler

    with pytest.raises(TypeError,
                       match="Half mixes in DaskSampler but defines no _fit_resample_dask"):
        type("Half", (DaskSampler, RandomUnderSampler), {})
