"""Repository-level pytest settings: skip imbtools.dask's doctests without the extra."""

import importlib.util

_HAS_DASK = all(importlib.util.find_spec(name) is not None for name in ("dask", "distributed"))

# imbtools/dask needs the optional ``imbtools[dask]`` extra; its tests in tests/dask skip
# themselves with the reason, its doctest modules cannot even be imported without it.
collect_ignore_glob = [] if _HAS_DASK else ["imbtools/dask/*"]
