"""What a comparison tells the user: losses, ties, labels, notes, failures, weights."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.tree import DecisionTreeClassifier

from imbtools.model_selection import (
    StrategyComparison,
    StrategySearchCV,
    compare_strategies,
    default_strategies,
    make_preprocessor,
)
from imbtools.model_selection._compare import _strategy_notes
from imbtools.model_selection._scores import DEFAULT_SCORING
from imbtools.under_sampling import RandomUnderSampler

NUMPY_REPRS = re.compile(r"np\.(int|float|str_|bool_|uint)\w*\(")
DEFAULT_NAMES = list(default_strategies(LogisticRegression()))


def _comparison(scores, metrics=("f1",), names=None, **kwargs):
    """A comparison from ``{strategy: [per-fold score]}`` (the same for every metric)."""
    names = names or list(scores)
    rows = [{"strategy": s, "fold": f, "metric": m, "score": v}
            for s in names for f, v in enumerate(scores[s]) for m in metrics]
    return StrategyComparison(pd.DataFrame(rows), names, list(metrics), positive_label=1,
                              **kwargs)


def test_brier_is_a_positive_loss_and_the_lowest_wins(binary_data):
    X, y = binary_data
    strategies = {"baseline": LogisticRegression(), "under": RandomUnderSampler(random_state=0)}
    result = compare_strategies(LogisticRegression(), X, y, strategies, cv=3,
                                scoring=("brier", "f1"), random_state=0, verbose=0)
    means = result.summary["brier_mean"]
    assert (means > 0).all() and result.best_strategy == means.idxmin()
    wins = result.paired.loc[("under", "brier"), "wins"]
    scores = result._scores("brier")
    assert wins == int((scores["under"] < scores["baseline"] - 1e-12).sum())
    assert "brier ↓" in result.to_string() and "lower is better" in result.to_string()


def test_ties_are_ranked_together_and_named():
    comparison = _comparison({"base": [0.5, 0.6], "smote": [0.7, 0.6],
                              "smote_threshold": [0.6, 0.7], "under": [0.1, 0.2]})
    assert comparison.ranks.tolist() == [3, 1, 1, 4]
    assert comparison.best_strategy == "smote"
    assert comparison.tied_with_best == ["smote_threshold"]
    assert comparison.best_sentence() == (
        "Best by f1: smote (tied with smote_threshold: same mean f1).")
    text = comparison.to_string()
    assert re.search(r"^\s*1=\s+smote\s", text, flags=re.M)
    assert "=: tied rank" in text


def test_wins_ties_losses_are_labelled_as_folds_with_the_wilcoxon_p_value():
    comparison = _comparison({"base": [0.5, 0.6, 0.5, 0.4, 0.5],
                              "b": [0.6, 0.7, 0.6, 0.5, 0.6]})
    header = comparison.to_string().splitlines()[0]
    assert "W/T/L folds" in header and header.rstrip().endswith("p")
    assert "folds (of 5)" in comparison.to_string()
    assert comparison.paired.loc[("b", "f1"), "p_value"] == pytest.approx(0.0625)
    assert "0.06" in comparison.to_string().splitlines()[2]


def test_default_table_fits_100_columns_and_wide_shows_every_metric():
    rng = np.random.default_rng(0)
    scores = {name: rng.random(5) for name in DEFAULT_NAMES}
    labels = {"self_paced_ensemble": "self_paced_ensemble (trees)"}
    comparison = _comparison(scores, metrics=DEFAULT_SCORING, labels=labels,
                             lower_is_better={"brier"},
                             notes={"threshold": "threshold", "smote_threshold": "threshold"})
    assert max(map(len, comparison.to_string().splitlines())) <= 100
    wide = comparison.to_string(wide=True).splitlines()[0]
    assert all(metric in wide for metric in DEFAULT_SCORING)


def test_other_model_family_and_threshold_strategies_are_explained(binary_data):
    X, y = binary_data
    labels, notes = _strategy_notes(default_strategies(LogisticRegression()),
                                    LogisticRegression())
    assert labels == {"self_paced_ensemble": "self_paced_ensemble (trees)"}
    assert notes["threshold"] == notes["smote_threshold"] == "threshold"
    assert "not on your estimator (LogisticRegression)" in notes["self_paced_ensemble"]
    tree_labels, _ = _strategy_notes(default_strategies(DecisionTreeClassifier()),
                                     DecisionTreeClassifier())
    assert tree_labels == {}
    result = compare_strategies(LogisticRegression(), X, y, cv=3, random_state=0,
                                scoring=("f1", "average_precision", "roc_auc", "brier"),
                                verbose=0)
    text = result.to_string()
    assert "self_paced_ensemble (trees)" in text and "threshold*" in text
    assert "(threshold = baseline; smote_threshold = smote)" in " ".join(text.split())


def test_every_strategy_failing_raises_the_first_failure_and_the_remedy():
    # issue 12, defect 4: this returned an all-NaN table, "best strategy: baseline"
    X = pd.DataFrame({"amount": np.arange(40.0), "plan": ["a", "b"] * 20})
    y = np.array([0] * 30 + [1] * 10)
    with pytest.raises(ValueError, match=(
            r"every strategy failed on every fold; the first failure, strategy 'baseline': "
            r"fit failed: ValueError: .*could not convert string.* Remedy: X has "
            r"non-numeric columns: pass preprocessor=make_preprocessor\(X\)")):
        compare_strategies(LogisticRegression(), X, y, cv=2, verbose=0)
    X_inf = np.column_stack([np.arange(40.0), np.r_[np.inf, np.ones(39)]])
    with pytest.raises(ValueError, match=r"Remedy: X holds infinite"):
        compare_strategies(LogisticRegression(), X_inf, y, cv=2, verbose=0,
                           preprocessor=make_preprocessor(X_inf))


def test_a_continuous_target_is_refused():
    X = np.arange(40.0).reshape(-1, 2)
    y = np.linspace(0, 1, 20) ** 2
    with pytest.raises(ValueError, match=r"y is continuous \(scikit-learn's type_of_target: "
                                         r"'continuous'; e.g. the value 0\.00277"):
        compare_strategies(LogisticRegression(), X, y, verbose=0)


def test_sample_weight_reaches_every_fit_and_weights_the_scores(binary_data):
    X, y = binary_data
    seen = []

    class Recording(LogisticRegression):
        def fit(self, X, y, sample_weight=None):
            seen.append(None if sample_weight is None else sample_weight.copy())
            return super().fit(X, y, sample_weight=sample_weight)

    weight = np.where(y == 1, 3.0, 1.0)
    strategies = {"baseline": Recording(), "under": RandomUnderSampler(random_state=0)}
    result = compare_strategies(Recording(), X, y, strategies, cv=2, scoring="f1",
                                sample_weight=weight, random_state=0, verbose=0)
    assert len(seen) == 4 and all(w is not None for w in seen)
    assert [len(w) for w in seen[2:]] == [40, 40]  # under-sampled: 20 + 20 rows per fold
    assert all(set(np.unique(w)) == {1.0, 3.0} for w in seen)
    # the scores are weighted: refit fold 0 of the baseline and score it by hand
    train, test = next(iter(_splits(y)))
    model = LogisticRegression().fit(X[train], y[train], sample_weight=weight[train])
    expected = f1_score(y[test], model.predict(X[test]), sample_weight=weight[test])
    assert result.results.query("strategy == 'baseline' and fold == 0")["score"].item() == (
        pytest.approx(expected))
    search = StrategySearchCV(LogisticRegression(), strategies, cv=2, random_state=0)
    seen.clear()
    search.fit(X, y, sample_weight=weight)
    assert search.comparison_.data_summary["sample_weight"] is True


def _splits(y):
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(2, shuffle=True, random_state=0).split(np.zeros((len(y), 1)), y)


def test_an_empty_column_is_left_out_once_with_one_message(binary_data):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=list("abcde")).assign(empty=np.nan)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        preprocessor = make_preprocessor(frame)
        compare_strategies(LogisticRegression(), frame, y, cv=2, scoring="f1", verbose=0,
                           preprocessor=preprocessor, strategies={"b": LogisticRegression()})
    messages = [str(w.message) for w in caught]
    assert messages == ["make_preprocessor: left out 1 column(s) with no value at all "
                        "(empty); nothing can be imputed from them."]
    assert preprocessor.fit_transform(frame).shape == (300, 5)


def test_repr_html_is_the_table_the_best_line_and_the_notes():
    comparison = _comparison({"base": [0.5, 0.6], "b": [0.7, 0.6]})
    html = comparison._repr_html_()
    assert html.startswith('<table class="comparison">')
    assert "<td>b</td>" in html and "Best by f1: b." in html and "<li>W/T/L" in html


def test_messages_hold_plain_labels_not_numpy_reprs(binary_data, capsys):
    X, y = binary_data
    y_numpy = y.astype(np.int64)
    messages = []
    bad_calls = [
        dict(pos_label=np.int64(7)),
        dict(cv=np.int64(50)),
        dict(y=np.linspace(0.0, 1.0, len(y))),
        dict(y=np.full(len(y), np.int64(3))),
        dict(pos_label=np.int64(1), y=np.arange(len(y)) % 3),
    ]
    for call in bad_calls:
        arguments = {"cv": 3, "verbose": 0, "y": y_numpy, **call}
        with pytest.raises(ValueError) as error:
            compare_strategies(LogisticRegression(), X, arguments.pop("y"),
                               {"b": LogisticRegression()}, **arguments)
        messages.append(str(error.value))
    result = compare_strategies(LogisticRegression(), X, y_numpy, cv=3, random_state=0,
                                verbose=1)
    messages += [result.to_string(wide=True), result.to_markdown(), repr(result),
                 result.to_html(plots=False), capsys.readouterr().err]
    assert result.positive_label == 1 and type(result.positive_label) is int
    for message in messages:
        assert not NUMPY_REPRS.search(message), message
