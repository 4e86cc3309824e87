"""Import time and first-call cost, each measured in a fresh interpreter (``timeraw_``).

``timeraw_first_call`` times the first ``fit_resample`` of a new process after the
imports (with the Numba cache as left by earlier runs, i.e. normally warm): the cost a
user pays once per session. ``track_signatures_compiled_at_import`` must stay 0:
importing imbtools compiles no Numba function.
"""

from __future__ import annotations

import subprocess
import sys

FIRST_CALL_SETUP = """
import numpy as np
from {library}.{module} import {sampler}
rng = np.random.RandomState(0)
X = rng.standard_normal((2000, 20))
y = (np.arange(2000) < 200).astype(np.int64)
"""

COUNT_SIGNATURES = """
import sys
import imbtools.neighbors, imbtools.over_sampling, imbtools.under_sampling
from imbtools._kernels import interpolate, neighbors
from numba.core.dispatcher import Dispatcher
print(sum(len(value.signatures) for name, module in list(sys.modules.items())
          if name.startswith("imbtools") and module is not None
          for value in vars(module).values() if isinstance(value, Dispatcher)))
"""


def timeraw_import_sklearn():
    return "import sklearn"


def timeraw_import_imbtools():
    return "import imbtools"


def timeraw_import_imbtools_over_sampling():
    return "from imbtools.over_sampling import SMOTE"


def timeraw_import_imblearn_over_sampling():
    return "from imblearn.over_sampling import SMOTE"


class FirstCall:
    params = (["imbtools", "imblearn"],
              ["SMOTE", "RandomOverSampler", "RandomUnderSampler"])
    param_names = ["library", "sampler"]

    def timeraw_first_call(self, library, sampler):
        module = "under_sampling" if sampler == "RandomUnderSampler" else "over_sampling"
        setup = FIRST_CALL_SETUP.format(library=library, module=module, sampler=sampler)
        return f"{sampler}(random_state=0).fit_resample(X, y)", setup


def track_signatures_compiled_at_import():
    output = subprocess.run([sys.executable, "-c", COUNT_SIGNATURES], capture_output=True,
                            text=True, check=True).stdout
    return int(output.strip().splitlines()[-1])


track_signatures_compiled_at_import.unit = "signatures"
