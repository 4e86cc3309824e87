"""The one place imbtools touches scikit-learn's private parameter-validation helpers.

scikit-learn's declarative constraints (``Interval``, ``StrOptions``, ``HasMethods`` ...)
are private API. Every imbtools module imports them from here, so a change in
scikit-learn is mended in one file.
"""

from numbers import Integral

from sklearn.utils._param_validation import (
    HasMethods,
    Hidden,
    Interval,
    InvalidParameterError,
    Options,
    RealNotInt,
    StrOptions,
    validate_parameter_constraints,
    validate_params,
)

__all__ = [
    "N_JOBS_CONSTRAINT",
    "HasMethods",
    "Hidden",
    "Interval",
    "InvalidParameterError",
    "Options",
    "RealNotInt",
    "StrOptions",
    "validate_parameter_constraints",
    "validate_params",
]

#: ``n_jobs``: None, a positive number of threads or a negative number (every core); 0
#: means nothing and is refused, as scikit-learn and joblib refuse it.
N_JOBS_CONSTRAINT = [
    Interval(Integral, None, -1, closed="right"),
    Interval(Integral, 1, None, closed="left"),
    None,
]
