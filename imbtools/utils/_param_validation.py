"""The one place imbtools touches scikit-learn's private parameter-validation helpers.

scikit-learn's declarative constraints (``Interval``, ``StrOptions``, ``HasMethods`` ...)
are private API. Every imbtools module imports them from here, so a change in
scikit-learn is mended in one file.
"""

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
