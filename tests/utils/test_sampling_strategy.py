import numpy as np
import pytest

from imbtools.utils.sampling_strategy import resolve_sampling_strategy, strategy_by_label
from imbtools.utils.validation import check_target

# classes "a": 50, "b": 30, "c": 10
Y3 = np.array(["a"] * 50 + ["b"] * 30 + ["c"] * 10)
Y2 = np.array([0] * 80 + [1] * 20)


def resolve(strategy, y, kind):
    target = check_target(y)
    return strategy_by_label(resolve_sampling_strategy(strategy, target, kind), target)


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"b": 20, "c": 40}),
        ("not majority", {"b": 20, "c": 40}),
        ("minority", {"c": 40}),
        ("not minority", {"a": 0, "b": 20}),
        ("all", {"a": 0, "b": 20, "c": 40}),
        ({"b": 35, "c": 10}, {"b": 5, "c": 0}),
        (lambda y: {"c": int((y == "c").sum()) * 3}, {"c": 20}),
    ],
)
def test_over_sampling_forms(strategy, expected):
    assert resolve(strategy, Y3, "over-sampling") == expected


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("auto", {"a": 10, "b": 10}),
        ("not minority", {"a": 10, "b": 10}),
        ("majority", {"a": 10}),
        ("not majority", {"b": 10, "c": 10}),
        ("all", {"a": 10, "b": 10, "c": 10}),
        ({"a": 25}, {"a": 25}),
    ],
)
def test_under_sampling_forms(strategy, expected):
    assert resolve(strategy, Y3, "under-sampling") == expected


def test_float_ratio_binary():
    # over: minority grows to 0.5 * 80 = 40 (20 new); under: majority shrinks to 20 / 0.5
    assert resolve(0.5, Y2, "over-sampling") == {1: 20}
    assert resolve(0.5, Y2, "under-sampling") == {0: 40}
    assert resolve(1.0, Y2, "under-sampling") == {0: 20}


def test_cleaning_forms():
    """The cleaned classes, each mapped to the minority's size (imbalanced-learn's values)."""
    assert resolve("auto", Y3, "clean-sampling") == {"a": 10, "b": 10}
    assert resolve("majority", Y3, "clean-sampling") == {"a": 10}
    assert resolve("all", Y3, "clean-sampling") == {"a": 10, "b": 10, "c": 10}
    assert resolve(["b"], Y3, "clean-sampling") == {"b": 10}


@pytest.mark.parametrize(
    "strategy, kind, message",
    [
        ("majority", "over-sampling", r"sampling_strategy='majority' is not a strategy"),
        ("minority", "under-sampling", r"accepted names are \['auto', 'majority'"),
        (0.5, "over-sampling", r"float is only accepted for binary targets.*3 classes"),
        ({"z": 10}, "over-sampling", r"names the class 'z', which is not in y.*\['a', 'b', 'c'\]"),
        ({"c": 5}, "over-sampling", r"sampling_strategy\['c'\]=5 is fewer than the 10 samples"),
        ({"c": 11}, "under-sampling", r"sampling_strategy\['c'\]=11 is more than the 10"),
        ({"c": -1}, "under-sampling", r"must be a non-negative integer"),
        ({"c": 2.5}, "under-sampling", r"must be a non-negative integer"),
        (["a"], "over-sampling", r"a list of classes is only accepted by cleaning samplers"),
        (lambda y: [1], "over-sampling", r"must return a dict .* it returned list"),
        ({"a": 3}, "clean-sampling", r"cleaning sampler cannot reach given class sizes"),
        (object(), "over-sampling", r"unsupported type object"),
    ],
)
def test_errors_name_parameter_value_and_alternatives(strategy, kind, message):
    with pytest.raises(ValueError, match=message):
        resolve(strategy, Y3, kind)


@pytest.mark.parametrize(
    "ratio, kind, message",
    [
        (0.1, "over-sampling", r"asks for 8 minority samples, fewer than the 20 present"),
        (0.2, "under-sampling", r"asks to keep 100 majority samples, more than the 80"),
        (1.5, "over-sampling", r"a float must be in \(0, 1\]"),
        (0.5, "clean-sampling", r"cleaning sampler does not take a ratio"),
    ],
)
def test_impossible_ratios(ratio, kind, message):
    with pytest.raises(ValueError, match=message):
        resolve(ratio, Y2, kind)
