"""Resolve every user-facing form of ``sampling_strategy`` into one canonical dict.

The canonical form has imbalanced-learn's meaning, so ``sampling_strategy_`` reads the
same in both libraries:

- over-sampling: ``{label: number of samples to generate}``;
- under-sampling: ``{label: number of samples to keep}``;
- cleaning: ``{label: number of samples of the smallest class}`` for the classes that may
  be cleaned (imbalanced-learn's convention: only the labels steer the cleaning).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

__all__ = ["KINDS", "STRATEGY_NAMES", "resolve_sampling_strategy", "strategy_by_label"]

KINDS = ("over-sampling", "under-sampling", "clean-sampling")

#: Named strategies accepted by each kind of sampler ("auto" is an alias).
STRATEGY_NAMES = {
    "over-sampling": ("auto", "minority", "not minority", "not majority", "all"),
    "under-sampling": ("auto", "majority", "not minority", "not majority", "all"),
    "clean-sampling": ("auto", "majority", "not minority", "not majority", "all"),
}
_AUTO = {
    "over-sampling": "not majority",
    "under-sampling": "not minority",
    "clean-sampling": "not minority",
}


def _selected_classes(name, counts):
    """Indices of the classes a named strategy targets."""
    all_classes = np.arange(counts.shape[0])
    majority, minority = int(np.argmax(counts)), int(np.argmin(counts))
    return {
        "minority": [minority],
        "majority": [majority],
        "not minority": [c for c in all_classes if c != minority],
        "not majority": [c for c in all_classes if c != majority],
        "all": list(all_classes),
    }[name]


def _from_name(name, kind, target):
    counts = target.counts
    if name == "auto":
        name = _AUTO[kind]
    chosen = _selected_classes(name, counts)
    if kind == "over-sampling":
        goal = counts.max()
        return {c: int(goal - counts[c]) for c in chosen}
    return {c: int(counts.min()) for c in chosen}  # under-sampling and cleaning


def _from_ratio(ratio, kind, target):
    counts = target.counts
    if counts.shape[0] != 2:
        raise ValueError(
            f"sampling_strategy={ratio!r}: a float is only accepted for binary targets (it "
            f"is the desired minority/majority ratio), but y has {counts.shape[0]} classes. "
            "Use a string such as 'auto' or a dict {label: n_samples}."
        )
    if kind == "clean-sampling":
        raise ValueError(
            f"sampling_strategy={ratio!r}: a cleaning sampler does not take a ratio; pass a "
            "string ('auto', 'majority', 'not minority', 'not majority', 'all') or a list of "
            "class labels to clean."
        )
    minority, majority = int(np.argmin(counts)), int(np.argmax(counts))
    n_min, n_maj = int(counts[minority]), int(counts[majority])
    current = n_min / n_maj
    if kind == "over-sampling":
        wanted = int(ratio * n_maj)
        if wanted < n_min:
            raise ValueError(
                f"sampling_strategy={ratio!r} asks for {wanted} minority samples, fewer than "
                f"the {n_min} present (the current ratio is {current:.4g}); an over-sampler "
                f"cannot remove samples. Use a ratio between {current:.4g} and 1."
            )
        return {minority: wanted - n_min}
    wanted = int(n_min / ratio)
    if wanted > n_maj:
        raise ValueError(
            f"sampling_strategy={ratio!r} asks to keep {wanted} majority samples, more than "
            f"the {n_maj} present (the current ratio is {current:.4g}); an under-sampler "
            f"cannot add samples. Use a ratio between {current:.4g} and 1."
        )
    return {majority: wanted}


def _code_of(label, label_to_code, target, strategy):
    try:
        return label_to_code[label]
    except (KeyError, TypeError):
        raise ValueError(
            f"sampling_strategy={strategy!r} names the class {label!r}, which is not in y; "
            f"the classes in y are {target.classes.tolist()!r}."
        ) from None


def _from_mapping(mapping, kind, target, label_to_code):
    if kind == "clean-sampling":
        raise ValueError(
            f"sampling_strategy={dict(mapping)!r}: a cleaning sampler cannot reach given "
            "class sizes; pass a list of the class labels to clean, or a string."
        )
    resolved = {}
    for label, wanted in mapping.items():
        code = _code_of(label, label_to_code, target, dict(mapping))
        n_now = int(target.counts[code])
        if not isinstance(wanted, numbers.Integral) or isinstance(wanted, bool) or wanted < 0:
            raise ValueError(
                f"sampling_strategy[{label!r}]={wanted!r}: each value must be a non-negative "
                "integer number of samples."
            )
        wanted = int(wanted)
        if kind == "over-sampling":
            if wanted < n_now:
                raise ValueError(
                    f"sampling_strategy[{label!r}]={wanted} is fewer than the {n_now} samples "
                    f"class {label!r} already has; an over-sampler only adds samples, so ask "
                    f"for at least {n_now}."
                )
            resolved[code] = wanted - n_now
        else:
            if wanted > n_now:
                raise ValueError(
                    f"sampling_strategy[{label!r}]={wanted} is more than the {n_now} samples "
                    f"class {label!r} has; an under-sampler only removes samples, so ask for "
                    f"at most {n_now}."
                )
            resolved[code] = wanted
    return resolved


def _from_list(labels, kind, target, label_to_code):
    if kind != "clean-sampling":
        raise ValueError(
            f"sampling_strategy={labels!r}: a list of classes is only accepted by cleaning "
            "samplers; pass a dict {label: n_samples} to choose class sizes."
        )
    codes = [_code_of(label, label_to_code, target, labels) for label in labels]
    return {c: int(target.counts.min()) for c in codes}


def resolve_sampling_strategy(sampling_strategy, target, kind):
    """Turn ``sampling_strategy`` into ``{class code: n_samples}``.

    Parameters
    ----------
    sampling_strategy : float, str, dict, list or callable
        See the ``sampling_strategy`` parameter of any imbtools sampler.
    target : EncodedTarget
        The validated target (see :func:`imbtools.utils.validation.check_target`).
    kind : {"over-sampling", "under-sampling", "clean-sampling"}

    Returns
    -------
    dict
        ``{class code: n}`` sorted by class code; see the module docstring for what ``n``
        means for each kind. Use :func:`strategy_by_label` to report it with labels.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}.")
    label_to_code = {label: code for code, label in enumerate(target.classes.tolist())}
    strategy = sampling_strategy
    if callable(strategy):
        strategy = strategy(target.classes[target.codes])
        if not isinstance(strategy, Mapping):
            raise ValueError(
                "sampling_strategy is a callable, so it must return a dict {label: n_samples}; "
                f"it returned {type(strategy).__name__}."
            )
    if isinstance(strategy, str):
        if strategy not in STRATEGY_NAMES[kind]:
            raise ValueError(
                f"sampling_strategy={strategy!r} is not a strategy a {kind.split('-')[0]}-"
                f"sampler understands; accepted names are {list(STRATEGY_NAMES[kind])}, "
                "a float (binary), a dict or a callable."
            )
        resolved = _from_name(strategy, kind, target)
    elif isinstance(strategy, numbers.Real) and not isinstance(strategy, bool):
        if not 0 < strategy <= 1:
            raise ValueError(
                f"sampling_strategy={strategy!r}: a float must be in (0, 1], the desired "
                "ratio of minority to majority samples."
            )
        resolved = _from_ratio(float(strategy), kind, target)
    elif isinstance(strategy, Mapping):
        resolved = _from_mapping(strategy, kind, target, label_to_code)
    elif isinstance(strategy, list | tuple):
        resolved = _from_list(list(strategy), kind, target, label_to_code)
    else:
        raise ValueError(
            f"sampling_strategy={sampling_strategy!r} has an unsupported type "
            f"{type(sampling_strategy).__name__}; accepted are a float, a string, a dict, "
            "a list (cleaning samplers) or a callable."
        )
    return dict(sorted(resolved.items()))


def strategy_by_label(resolved, target):
    """Re-key a resolved strategy ``{class code: n}`` by the original class labels."""
    labels = target.classes.tolist()
    return {labels[code]: n for code, n in resolved.items()}
