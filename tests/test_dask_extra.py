"""Says so when the dask tests are not run (the optional extra is missing)."""

import importlib.util

import pytest


def test_dask_extra_is_installed_or_its_tests_are_skipped():
    missing = [name for name in ("dask", "distributed")
               if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"imbtools[dask] is not installed ({', '.join(missing)} missing): "
                    "tests/dask and the imbtools.dask doctests are not collected")
    import imbtools.dask  # noqa: F401  (the extra is there: the package imports)
