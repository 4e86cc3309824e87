"""Repository-level pytest settings: leave imbtools.dask out when its extra is missing."""

import importlib.util

_HAS_DASK = all(importlib.util.find_spec(name) is not None for name in ("dask", "distributed"))

# imbtools/dask and tests/dask need the optional ``imbtools[dask]`` extra: without it they
# are not collected at all (their modules and conftest cannot be imported), and
# tests/test_dask_extra.py reports the skip with its reason.
collect_ignore = [] if _HAS_DASK else ["imbtools/dask", "tests/dask"]
