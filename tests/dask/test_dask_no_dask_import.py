"""Core imbtools never imports dask: only ``import imbtools.dask`` does."""

import subprocess
import sys

CORE = ("imbtools", "imbtools.base", "imbtools.over_sampling", "imbtools.under_sampling",
        "imbtools.combine", "imbtools.ensemble", "imbtools.threshold",
        "imbtools.class_weight", "imbtools.model_selection", "imbtools.metrics",
        "imbtools.neighbors", "imbtools.datasets", "imbtools.cli")


def test_core_modules_leave_dask_out():
    code = (f"import sys, importlib\nfor name in {CORE!r}:\n    importlib.import_module(name)\n"
            "import imbtools\nsorted(dir(imbtools))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('dask', 'distributed')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]", result.stdout
