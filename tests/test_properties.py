"""Property-based tests of every public sampler (issue 12).

Hypothesis draws small data sets (2-4 classes, 1-6 features, duplicate rows and distance
ties), feature dtypes, containers (ndarray, DataFrame, list), label types (int, str,
bool) and the parameters of each sampler, and checks what must hold for any input:

- the only exceptions are ``ValueError`` / ``TypeError`` whose message names a parameter;
- no input is modified, the same seed gives the same output;
- the class counts equal imbalanced-learn's where both succeed (for methods whose counts
  depend on neighbour order, on data without distance ties: ties are broken by index in
  imbtools and in no documented order in scikit-learn);
- the output keeps the container and the dtypes, and finite input gives finite output;
- ``sample_indices_`` (where present) points at the rows and labels of the output;
- multiplying ``X`` by a power of two (exact in floating point) keeps the same rows and
  labels and scales the synthetic rows by the same factor.

The number of examples comes from the hypothesis profile (see ``tests/conftest.py``):
``ci`` by default, ``--hypothesis-profile=thorough`` for a longer local run.
"""

import copy
import importlib
import re
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import pdist
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import assume, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MODULES = ("imbtools.over_sampling", "imbtools.under_sampling", "imbtools.combine")


@pytest.fixture(autouse=True, scope="module")
def one_thread_per_pool():
    """k-means' OpenMP threads spin badly on a busy machine; these data are tiny."""
    with threadpool_limits(limits=1):
        yield


def public_sampler_classes():
    """Every public sampler class, lazily exported ones included, sorted by name."""
    classes = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in [*module.__all__, *getattr(module, "_LAZY", {})]:
            classes[attr] = getattr(module, attr)
    return [classes[name] for name in sorted(classes)]


SAMPLERS = public_sampler_classes()
SAMPLER_IDS = [cls.__name__ for cls in SAMPLERS]

# Samplers whose class counts follow from sampling_strategy alone, not from neighbours.
COUNTS_FROM_STRATEGY = {"ClusterCentroids", "NearMiss", "RandomOverSampler",
                        "RandomUnderSampler", "SMOTE", "SMOTEN", "SMOTENC", "SVMSMOTE"}
# Over-samplers that generate exactly the requested samples.
EXACT_OVER_SAMPLERS = {"RandomOverSampler", "SMOTE", "SMOTEN", "SMOTENC", "SVMSMOTE"}
# No imbalanced-learn counterpart, or a documented difference: CondensedNearestNeighbour
# (imbalanced-learn's skip list passes over some misclassified samples) and SVMSMOTE
# (imbalanced-learn generates only one group's share when a class has no support vector
# in danger, or none safe); see their Notes. Both are checked against exact rules instead.
NOT_COMPARED = {"SelfPacedUnderSampler", "CondensedNearestNeighbour", "SVMSMOTE"}
# Among classes of the smallest size, imbtools takes the smallest label as the minority
# (the documented tie rule), imbalanced-learn the first to appear in y in these samplers.
MINORITY_BY_APPEARANCE = {"AllKNN", "NearMiss", "NeighbourhoodCleaningRule",
                          "OneSidedSelection", "RepeatedEditedNearestNeighbours"}
# Exceptions to the invariance tests, each for a reason of the method, not of imbtools:
NOT_SCALE_INVARIANT = {
    # cluster weights are mean_distance ** density_exponent with a per-cluster exponent
    "KMeansSMOTE",
}
NOT_TRANSLATION_SAFE = {
    # scikit-learn's MiniBatchKMeans and libsvm's RBF kernel expand |x|^2 + |c|^2 - 2 x.c
    # on uncentred data, so their clusters and support vectors move with a large offset
    "KMeansSMOTE", "SVMSMOTE",
    # scikit-learn's trees (the invariance tests' estimator) split float32 values, which
    # lose the low bits of X under a large offset
    "InstanceHardnessThreshold", "SelfPacedUnderSampler",
}
# Output rows that form a set: k-means numbers its clusters in no fixed order.
UNORDERED_OUTPUT = {"ClusterCentroids"}
#: parameters of the invariance tests that differ from PARAMETERS: a scale- and
#: translation-invariant estimator (a logistic regression's penalty is neither)
INVARIANT_PARAMETERS = {
    "InstanceHardnessThreshold": {
        "estimator": st.just(DecisionTreeClassifier(max_depth=3, random_state=0))},
}
# Samplers that may output new rows (the others only select input rows).
MAY_CREATE_ROWS = {"ADASYN", "BorderlineSMOTE", "ClusterCentroids", "KMeansSMOTE",
                   "RandomOverSampler", "SMOTE", "SMOTEENN", "SMOTEN", "SMOTENC",
                   "SMOTETomek", "SVMSMOTE"}


# -- data ------------------------------------------------------------------------------------


class Case:
    """One drawn input: features in their container, labels, and what was drawn."""

    def __init__(self, X, y, codes, container, labels):
        self.X, self.y, self.codes = X, y, codes
        self.container, self.labels = container, labels

    @property
    def values(self):
        """The features as a float64 ndarray."""
        return np.asarray(self.X.to_numpy() if isinstance(self.X, pd.DataFrame) else self.X,
                          dtype=np.float64)

    def __repr__(self):
        return (f"Case(container={self.container!r}, labels={self.labels!r}, "
                f"X=\n{self.X!r},\ny={self.y!r})")


def feature_values(draw, n_samples, n_features, codes, layout):
    """Float64 features of one layout: continuous, on a small grid (ties), or dyadic."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1), label="seed"))
    shift = codes[:, None] * draw(st.sampled_from([0.0, 0.5, 1.5]), label="separation")
    if layout == "continuous":
        X = rng.normal(size=(n_samples, n_features)) + shift
    elif layout == "grid":  # integers in [-3, 3]: many equal distances
        X = np.round(rng.normal(size=(n_samples, n_features)) + shift).clip(-3, 3)
    else:  # multiples of 2**-10: exact under translation by integers up to 2**30
        X = np.round((rng.normal(size=(n_samples, n_features)) + shift) * 1024) / 1024
    n_duplicates = draw(st.integers(0, n_samples // 4), label="n_duplicates")
    if n_duplicates:
        source = rng.integers(0, n_samples, size=n_duplicates)
        target = rng.integers(0, n_samples, size=n_duplicates)
        same_class = codes[source] == codes[target]
        X[target[same_class]] = X[source[same_class]]
    return X


@st.composite
def cases(draw, layouts=("continuous", "grid", "dyadic"), containers=("ndarray", "DataFrame",
                                                                        "list"),
          dtypes=("float64", "float32", "int64")):
    n_classes = draw(st.integers(2, 4), label="n_classes")
    n_features = draw(st.integers(1, 6), label="n_features")
    sizes = draw(st.lists(st.integers(1, 30), min_size=n_classes, max_size=n_classes),
                 label="class sizes")
    codes = np.repeat(np.arange(n_classes), sizes)
    order = np.random.default_rng(sum(sizes)).permutation(codes.shape[0])
    codes = codes[order]
    layout = draw(st.sampled_from(layouts), label="layout")
    values = feature_values(draw, codes.shape[0], n_features, codes, layout)
    dtype = draw(st.sampled_from([d for d in dtypes if d != "int64" or layout == "grid"]),
                 label="dtype")
    values = values.astype(dtype)

    label_kinds = ["int", "str"] + (["bool"] if n_classes == 2 else [])
    label_kind = draw(st.sampled_from(label_kinds), label="labels")
    classes = {"int": np.array([3, -1, 10, 7]), "str": np.array(["b", "a", "yes", "no"]),
               "bool": np.array([False, True])}[label_kind][:n_classes]
    y = classes[codes]
    if label_kind == "str":
        y = y.astype(object)

    container = draw(st.sampled_from(containers), label="container")
    if container == "DataFrame":
        X = pd.DataFrame(values, columns=[f"f{j}" for j in range(n_features)])
        if draw(st.booleans(), label="mixed column dtypes"):
            other = "int64" if layout == "grid" and dtype != "int64" else "float32"
            X = X.astype({"f0": other if dtype != other else "float64"})
        y = pd.Series(y, name="target")
    elif container == "list":
        X, y = values.tolist(), y.tolist()
    else:
        X = values
    return Case(X, y, codes, container, label_kind)


# -- parameters ------------------------------------------------------------------------------


def class_counts(case):
    return Counter(np.asarray(case.y, dtype=object).tolist())


def over_strategy(draw, case):
    counts = class_counts(case)
    options = ["auto", "minority", "not minority", "not majority", "all", "dict"]
    if len(counts) == 2:
        options.append("float")
    choice = draw(st.sampled_from(options), label="sampling_strategy")
    if choice == "dict":
        chosen = draw(st.lists(st.sampled_from(sorted(counts, key=str)), min_size=1,
                               unique=True), label="classes")
        return {label: counts[label] + draw(st.integers(0, 20)) for label in chosen}
    if choice == "float":
        return draw(st.floats(0.05, 1.0), label="ratio")
    return choice


def under_strategy(draw, case):
    counts = class_counts(case)
    options = ["auto", "majority", "not minority", "not majority", "all", "dict"]
    if len(counts) == 2:
        options.append("float")
    choice = draw(st.sampled_from(options), label="sampling_strategy")
    if choice == "dict":
        chosen = draw(st.lists(st.sampled_from(sorted(counts, key=str)), min_size=1,
                               unique=True), label="classes")
        return {label: draw(st.integers(1, counts[label])) for label in chosen}
    if choice == "float":
        return draw(st.floats(0.05, 1.0), label="ratio")
    return choice


def clean_strategy(draw, case):
    counts = class_counts(case)
    choice = draw(st.sampled_from(["auto", "majority", "not minority", "not majority",
                                   "all", "list"]), label="sampling_strategy")
    if choice == "list":
        return draw(st.lists(st.sampled_from(sorted(counts, key=str)), min_size=1,
                             unique=True), label="classes")
    return choice


def small_int(low, high):
    return st.integers(low, high)


def n_jobs():
    return st.sampled_from([None, 1, 2, -1])


#: for each sampler: its kind of sampling_strategy and strategies of its other parameters
PARAMETERS = {
    "ADASYN": ("over", {"n_neighbors": small_int(1, 6), "n_jobs": n_jobs()}),
    "AllKNN": ("clean", {"n_neighbors": small_int(1, 5), "kind_sel": st.sampled_from(
        ["all", "mode"]), "allow_minority": st.booleans(), "n_jobs": n_jobs()}),
    "BorderlineSMOTE": ("over", {"k_neighbors": small_int(1, 5), "m_neighbors": small_int(
        1, 8), "kind": st.sampled_from(["borderline-1", "borderline-2"]), "n_jobs": n_jobs()}),
    "ClusterCentroids": ("under", {"voting": st.sampled_from(["auto", "hard", "soft"]),
                                   "estimator": st.just(KMeans(n_init=1, random_state=0))}),
    "CondensedNearestNeighbour": ("clean", {"n_neighbors": st.sampled_from([None, 1, 2, 3]),
                                            "n_seeds_S": small_int(1, 3), "n_jobs": n_jobs()}),
    "EditedNearestNeighbours": ("clean", {"n_neighbors": small_int(1, 5), "kind_sel":
                                          st.sampled_from(["all", "mode"]), "n_jobs": n_jobs()}),
    "InstanceHardnessThreshold": ("under", {
        "estimator": st.sampled_from([LogisticRegression(),
                                      DecisionTreeClassifier(max_depth=3, random_state=0)]),
        "cv": small_int(2, 5), "n_jobs": st.sampled_from([None, 1])}),  # no process pool
    "KMeansSMOTE": ("over", {"k_neighbors": small_int(1, 3), "kmeans_estimator": st.sampled_from(
        [None, 1, 2, 3]), "cluster_balance_threshold": st.sampled_from(["auto", 0.0, 0.1]),
        "n_jobs": n_jobs()}),
    "NearMiss": ("under", {"version": st.sampled_from([1, 2, 3]), "n_neighbors": small_int(1, 4),
                           "n_neighbors_ver3": small_int(1, 4), "n_jobs": n_jobs()}),
    "NeighbourhoodCleaningRule": ("clean", {"n_neighbors": small_int(1, 5), "threshold_cleaning":
                                            st.sampled_from([0.1, 0.5, 1.0]), "n_jobs": n_jobs()}),
    "OneSidedSelection": ("clean", {"n_neighbors": st.sampled_from([None, 1, 2, 3]),
                                    "n_seeds_S": small_int(1, 3), "n_jobs": n_jobs()}),
    "RandomOverSampler": ("over", {"shrinkage": st.sampled_from([None, 0.0, 0.5, 2.0])}),
    "RandomUnderSampler": ("under", {"replacement": st.booleans()}),
    "RepeatedEditedNearestNeighbours": ("clean", {"n_neighbors": small_int(1, 5), "kind_sel":
                                                  st.sampled_from(["all", "mode"]),
                                                  "max_iter": small_int(1, 4),
                                                  "n_jobs": n_jobs()}),
    "SMOTE": ("over", {"k_neighbors": small_int(1, 6), "n_jobs": n_jobs()}),
    "SMOTEENN": ("over", {"n_jobs": n_jobs()}),
    "SMOTEN": ("over", {"k_neighbors": small_int(1, 5), "n_jobs": n_jobs()}),
    "SMOTENC": ("over", {"k_neighbors": small_int(1, 5), "n_jobs": n_jobs()}),
    "SMOTETomek": ("over", {"n_jobs": n_jobs()}),
    "SVMSMOTE": ("over", {"k_neighbors": small_int(1, 5), "m_neighbors": small_int(1, 8),
                          "out_step": st.sampled_from([0.0, 0.5, 1.0]), "n_jobs": n_jobs()}),
    "SelfPacedUnderSampler": ("under", {
        "estimator": st.just(DecisionTreeClassifier(max_depth=3, random_state=0)),
        "k_bins": small_int(1, 5), "alpha": st.sampled_from([0.0, 1.0, 10.0]),
        "soft_resample": st.booleans(), "replacement": st.booleans(), "cv": small_int(2, 4)}),
    "TomekLinks": ("clean", {"n_jobs": n_jobs()}),
}
STRATEGIES = {"over": over_strategy, "under": under_strategy, "clean": clean_strategy}


def default_parameter_space(cls):
    """A sampler without an entry in PARAMETERS: its sampling_strategy and n_jobs."""
    kind = cls._sampling_type.split("-")[0]
    has_n_jobs = "n_jobs" in cls.__init__.__code__.co_varnames
    return kind, ({"n_jobs": n_jobs()} if has_n_jobs else {})


def draw_params(draw, cls, case, invariant=False):
    kind, others = PARAMETERS.get(cls.__name__) or default_parameter_space(cls)
    if invariant:
        others = {**others, **INVARIANT_PARAMETERS.get(cls.__name__, {})}
    params = {"sampling_strategy": STRATEGIES[kind](draw, case)}
    params.update({name: draw(strategy, label=name) for name, strategy in others.items()})
    if "random_state" in cls.__init__.__code__.co_varnames:
        params["random_state"] = draw(st.integers(0, 2**31 - 1), label="random_state")
    if cls.__name__ == "SMOTENC":
        n_features = case.values.shape[1]
        params["categorical_features"] = draw(st.lists(
            st.integers(0, n_features - 1), min_size=1, max_size=n_features, unique=True),
            label="categorical_features")
    return params


def test_every_parameter_space_names_a_public_sampler():
    """Samplers without an entry get default_parameter_space (and no invariance test)."""
    assert set(PARAMETERS) <= set(SAMPLER_IDS)


# -- running and comparing -------------------------------------------------------------------


def allowed_names(sampler):
    """Names an error message may point at: the sampler's parameters and the data's."""
    names = set(sampler.get_params()) | {"X", "y", "sample_weight"}
    for nested in ("smote", "enn", "tomek", "edited_nearest_neighbours"):
        if nested in names:  # the default inner samplers' parameters
            names |= {"k_neighbors", "n_neighbors", "kind_sel"}
    return names


def run(sampler, X, y):
    """``fit_resample``, or the exception, checked to be a clear one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # ADASYN raises imbalanced-learn's RuntimeError when no seed has a foreign neighbour
        expected = (ValueError, TypeError) + (
            (RuntimeError,) if type(sampler).__name__ == "ADASYN" else ())
        try:
            return sampler.fit_resample(X, y)
        except expected as exc:
            names = allowed_names(sampler)
            message = str(exc)
            assert any(re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", message)
                       for name in names), f"{type(exc).__name__} names no parameter: {message}"
            return None


def snapshot(obj):
    return copy.deepcopy(obj)


def assert_same(a, b):
    """Exact equality of two inputs or outputs in any container."""
    assert type(a) is type(b)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif isinstance(a, pd.Series):
        pd.testing.assert_series_equal(a, b)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    else:
        assert a == b


def as_array(X):
    return np.asarray(X.to_numpy() if isinstance(X, pd.DataFrame) else X)


def imblearn_class(name):
    import imblearn.combine
    import imblearn.over_sampling
    import imblearn.under_sampling

    for module in (imblearn.over_sampling, imblearn.under_sampling, imblearn.combine):
        if hasattr(module, name):
            return getattr(module, name)
    return None


def reference_sampler(sampler):
    name = type(sampler).__name__
    reference = imblearn_class(name)
    accepted = set(reference().get_params()) if name != "SMOTENC" else set(
        reference(categorical_features=[0]).get_params())
    params = {key: clone(value) if hasattr(value, "get_params") else value
              for key, value in sampler.get_params(deep=False).items() if key in accepted}
    return reference(**params)


def has_distance_ties(values):
    """Whether two rows coincide or two pairwise distances are within rounding."""
    distances = np.sort(pdist(values, "sqeuclidean"))
    if distances.size and distances[0] == 0:  # a duplicate ties with the row itself
        return True
    return bool(np.any(np.diff(distances) <= 1e-9 * distances[1:]))


def minority_is_tied(case):
    counts = sorted(class_counts(case).values())
    return counts[0] == counts[1]


def may_create_rows(sampler):
    return (type(sampler).__name__ in MAY_CREATE_ROWS
            or sampler._sampling_type == "over-sampling")


def check_output(sampler, case, X_res, y_res):
    name = type(sampler).__name__
    # container and dtypes
    assert type(X_res) is type(case.X) and type(y_res) is type(case.y)
    if isinstance(case.X, pd.DataFrame):
        assert list(X_res.columns) == list(case.X.columns)
        assert isinstance(X_res.index, pd.RangeIndex) and y_res.name == case.y.name
        assert y_res.dtype == case.y.dtype
        for column, dtype in case.X.dtypes.items():
            allowed = {dtype}
            if may_create_rows(sampler):
                allowed.add(np.dtype(np.float32 if dtype == np.float32 else np.float64))
            assert X_res.dtypes[column] in allowed, (column, X_res.dtypes[column])
    elif isinstance(case.X, np.ndarray):
        allowed = {case.X.dtype}
        if may_create_rows(sampler):
            allowed.add(np.dtype(np.float32 if case.X.dtype == np.float32 else np.float64))
        assert X_res.dtype in allowed and y_res.dtype == case.y.dtype
    else:
        assert all(type(row) is list for row in X_res)
    values = np.asarray(as_array(X_res), dtype=np.float64)
    if len(y_res) == 0:  # an empty list has no row length to keep
        values = values.reshape(0, case.values.shape[1])
    assert values.shape == (len(y_res), case.values.shape[1])
    assert np.isfinite(values).all()
    labels = np.asarray(y_res, dtype=object)
    assert set(labels.tolist()) <= set(np.asarray(case.y, dtype=object).tolist())
    # sample_indices_ points at the input rows (and their labels) the output comes from
    if hasattr(sampler, "sample_indices_"):
        indices = sampler.sample_indices_
        assert indices.shape == (len(y_res),)
        np.testing.assert_array_equal(labels, np.asarray(case.y, dtype=object)[indices])
        created = name == "RandomOverSampler" and sampler.shrinkage is not None
        if not created:
            np.testing.assert_array_equal(values, case.values[indices])


def reference_resample(sampler, case):
    """imbalanced-learn's labels for the same input, or None where it fails.

    SMOTE draws its random numbers differently in the two libraries, so a combination is
    compared with imbalanced-learn's cleaner run on imbtools' SMOTE output.
    """
    import imblearn.under_sampling

    from imbtools.over_sampling import SMOTE

    X_in = case.values if case.container == "list" else case.X
    y_in = np.asarray(case.y, dtype=object) if case.container == "list" else case.y
    name = type(sampler).__name__
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if name in ("SMOTEENN", "SMOTETomek"):
                X_in, y_in = SMOTE(sampling_strategy=sampler.sampling_strategy,
                                   random_state=sampler.random_state).fit_resample(X_in, y_in)
                reference = (imblearn.under_sampling.EditedNearestNeighbours
                             if name == "SMOTEENN" else imblearn.under_sampling.TomekLinks)
                return reference(sampling_strategy="all").fit_resample(X_in, y_in)[1]
            return reference_sampler(sampler).fit_resample(X_in, y_in)[1]
        except Exception:  # noqa: BLE001 - the reference fails on inputs we accept
            return None


def check_counts(sampler, case, y_res):
    name = type(sampler).__name__
    ours = Counter(np.asarray(y_res, dtype=object).tolist())
    if name in EXACT_OVER_SAMPLERS:
        requested = class_counts(case) + Counter(sampler.sampling_strategy_)
        assert ours == requested
    if name in NOT_COMPARED or imblearn_class(name) is None or (
            name == "OneSidedSelection" and sampler.n_seeds_S > 1):
        return  # OneSidedSelection: a seed drawn twice is output twice by imbalanced-learn
    if name in MINORITY_BY_APPEARANCE and minority_is_tied(case):
        return
    from_strategy = name in COUNTS_FROM_STRATEGY and not (
        name == "NearMiss" and sampler.version == 3)  # keeps at most its short-list
    if not from_strategy and has_distance_ties(case.values):
        return
    y_ref = reference_resample(sampler, case)
    if y_ref is None:
        return
    theirs = Counter(np.asarray(y_ref, dtype=object).tolist())
    assert ours == theirs, f"class counts {dict(ours)} != imbalanced-learn's {dict(theirs)}"


# -- the properties --------------------------------------------------------------------------


@pytest.mark.parametrize("cls", SAMPLERS, ids=SAMPLER_IDS)
@given(data=st.data())
def test_sampler_properties(cls, data):
    case = data.draw(cases(), label="case")
    params = draw_params(data.draw, cls, case)
    sampler = cls(**params)
    X_before, y_before, params_before = snapshot(case.X), snapshot(case.y), snapshot(params)

    result = run(sampler, case.X, case.y)
    assert_same(case.X, X_before)
    assert_same(case.y, y_before)
    after = sampler.get_params(deep=False)
    for name, value in params_before.items():  # estimators are cloned, never fitted in place
        assert (repr(after[name]) if hasattr(value, "get_params") else after[name]) == (
            repr(value) if hasattr(value, "get_params") else value), name
    if result is None:
        return
    X_res, y_res = result
    check_output(sampler, case, X_res, y_res)

    X_again, y_again = run(clone(sampler), case.X, case.y)
    assert_same(X_again, X_res)
    assert_same(y_again, y_res)

    check_counts(sampler, case, y_res)


def rows_and_labels(sampler, X, y):
    """Output as a float64 array, labels, and sample_indices_ (or None)."""
    result = run(sampler, X, y)
    if result is None:
        return None
    X_res, y_res = np.asarray(result[0], dtype=np.float64), np.asarray(result[1], dtype=object)
    if type(sampler).__name__ in UNORDERED_OUTPUT:  # by label, then by rounded row
        keys = np.round(X_res, 6).T[::-1].tolist() + [y_res.astype(str)]
        order = np.lexsort(keys)
        X_res, y_res = X_res[order], y_res[order]
    return X_res, y_res, getattr(sampler, "sample_indices_", None)


# The invariance tests cover the samplers whose parameter space says what is invariant.
SCALE_INVARIANT = [cls for cls in SAMPLERS if cls.__name__ in PARAMETERS
                   and cls.__name__ not in NOT_SCALE_INVARIANT]
TRANSLATION_SAFE = [cls for cls in SAMPLERS if cls.__name__ in PARAMETERS
                    and cls.__name__ not in NOT_TRANSLATION_SAFE]


@pytest.mark.parametrize("cls", SCALE_INVARIANT, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_power_of_two_scaling_keeps_the_rows(cls, data):
    """Distances scale exactly by 4**p: the same rows, synthetic rows scaled by 2**p."""
    case = data.draw(cases(containers=("ndarray",), dtypes=("float64", "float32")),
                     label="case")
    params = draw_params(data.draw, cls, case, invariant=True)
    factor = 2.0 ** data.draw(st.integers(-8, 8).filter(bool), label="power of two")
    plain = rows_and_labels(cls(**params), case.X, case.y)
    scaled = rows_and_labels(cls(**params), case.X * case.X.dtype.type(factor), case.y)
    assert (plain is None) == (scaled is None)
    if plain is None:
        return
    np.testing.assert_array_equal(plain[1], scaled[1])
    if plain[2] is not None:
        np.testing.assert_array_equal(plain[2], scaled[2])
    np.testing.assert_array_equal(plain[0] * factor, scaled[0])


@pytest.mark.parametrize("cls", TRANSLATION_SAFE, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_common_translation_keeps_the_rows(cls, data):
    """``X + c`` is exact for these data (multiples of 2**-10, integer ``c`` below 2**30):
    the same rows, and synthetic rows moved by ``c`` up to rounding."""
    case = data.draw(cases(layouts=("dyadic",), containers=("ndarray",),
                           dtypes=("float64",)), label="case")
    assume(not has_distance_ties(case.X))
    params = draw_params(data.draw, cls, case, invariant=True)
    offset = float(data.draw(st.sampled_from([2**10, 10**6, 10**8, 2**30 - 1]),
                             label="offset"))
    plain = rows_and_labels(cls(**params), case.X, case.y)
    moved = rows_and_labels(cls(**params), case.X + offset, case.y)
    assert (plain is None) == (moved is None)
    if plain is None:
        return
    np.testing.assert_array_equal(plain[1], moved[1])
    if plain[2] is not None:
        np.testing.assert_array_equal(plain[2], moved[2])
    tolerance = 8 * np.finfo(np.float64).eps * (offset + np.abs(case.X).max())
    np.testing.assert_allclose(moved[0] - offset, plain[0], rtol=0, atol=tolerance)
