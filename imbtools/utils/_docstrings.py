"""Parameter and attribute texts shared by many docstrings, written once.

A docstring names a shared text with ``%(key)s`` on a line of its own, indented like the
entry it stands for; :func:`fill_doc` replaces it with the text, re-indented.
"""

from __future__ import annotations

import re

__all__ = ["DOCS", "fill_doc"]

DOCS = {
    "sampling_strategy_over": '''\
sampling_strategy : float, str, dict or callable, default="auto"
    How many samples to generate.

    - float (binary only): desired ratio ``n_minority / n_majority`` after resampling.
    - ``"minority"``: only the minority class; ``"not minority"``, ``"not majority"``,
      ``"all"``: those classes, each up to the majority count; ``"auto"`` is
      ``"not majority"``.
    - dict ``{label: n_samples}``: desired size of each listed class.
    - callable: ``f(y) -> dict`` as above.''',
    "sampling_strategy_under": '''\
sampling_strategy : float, str, dict or callable, default="auto"
    How many samples to keep: a float (binary: desired minority/majority ratio),
    ``"auto"`` (= ``"not minority"``), ``"majority"``, ``"not minority"``,
    ``"not majority"``, ``"all"``, a dict ``{label: n_samples}`` or ``f(y) -> dict``.''',
    "sampling_strategy_clean": '''\
sampling_strategy : str, list or callable, default="auto"
    Classes that may lose samples: ``"auto"`` (= ``"not minority"``), ``"majority"``,
    ``"not minority"``, ``"not majority"``, ``"all"``, a list of labels, or
    ``f(y) -> dict`` whose keys are the classes to clean.''',
    "random_state": '''\
random_state : int, RandomState instance or None, default=None
    Seed of the generator. One generator is created per fit and drives every class,
    so different classes get independent draws.''',
    "n_jobs": '''\
n_jobs : int, default=None
    Threads for the neighbour searches and kernels (``None``: every core). Small jobs
    run on the calling thread whatever the value.''',
    "fitted_features": '''\
n_features_in_ : int
    Number of features seen in ``fit_resample``.
feature_names_in_ : ndarray of shape (n_features_in_,)
    Column names, when ``X`` was a DataFrame with string column names.''',
    "synthetic_provenance": '''\
synthetic_parents_ : ndarray of shape (n_synthetic, 2)
    For each synthetic sample of the last ``fit_resample``, in output order, the two
    input rows it was made from (the same row twice for a sample derived from one).
synthetic_steps_ : ndarray of shape (n_synthetic,)
    Its position between them (0 at the first parent, 1 at the second).''',
}

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)%\((?P<key>\w+)\)s[ \t]*$", re.MULTILINE)


def fill_doc(obj):
    """Replace every ``%(key)s`` line of ``obj.__doc__`` with ``DOCS[key]``, indented."""

    def substitute(match):
        indent = match.group("indent")
        return "\n".join(indent + line if line else line
                         for line in DOCS[match.group("key")].split("\n"))

    if obj.__doc__:
        obj.__doc__ = _PLACEHOLDER.sub(substitute, obj.__doc__)
    return obj
