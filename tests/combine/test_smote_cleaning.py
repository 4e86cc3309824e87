from collections import Counter

import numpy as np
import pandas as pd
import pytest
from imblearn.combine import SMOTEENN as ImblearnSMOTEENN
from imblearn.combine import SMOTETomek as ImblearnSMOTETomek
from imblearn.over_sampling import SMOTE as ImblearnSMOTE
from imblearn.over_sampling import SMOTENC as ImblearnSMOTENC
from imblearn.under_sampling import EditedNearestNeighbours as ImblearnENN
from imblearn.under_sampling import TomekLinks as ImblearnTomek

from imbtools.combine import SMOTEENN, SMOTETomek
from imbtools.neighbors import _certificate
from imbtools.over_sampling import SMOTE, SMOTENC, BorderlineSMOTE
from imbtools.under_sampling import EditedNearestNeighbours

COMBINATIONS = [
    (SMOTEENN, ImblearnSMOTEENN, ImblearnENN, "enn"),
    (SMOTETomek, ImblearnSMOTETomek, ImblearnTomek, "tomek"),
]


def sorted_rows(X, y):
    frame = pd.DataFrame(np.asarray(X)).assign(label=np.asarray(y).astype(str))
    return frame.sort_values(list(frame.columns)).to_numpy()


@pytest.mark.parametrize("ours, _, reference_cleaner, __", COMBINATIONS)
def test_equals_reference_cleaning_of_our_smote_output(multiclass_data, ours, _,
                                                        reference_cleaner, __):
    X, y = multiclass_data
    X_res, y_res = ours(random_state=0).fit_resample(X, y)
    X_smote, y_smote = SMOTE(random_state=0).fit_resample(X, y)
    X_ref, y_ref = reference_cleaner(sampling_strategy="all").fit_resample(X_smote, y_smote)
    assert Counter(y_res) == Counter(y_ref)
    np.testing.assert_array_equal(sorted_rows(X_res, y_res), sorted_rows(X_ref, y_ref))


@pytest.mark.parametrize("ours, theirs, _, __", COMBINATIONS)
@pytest.mark.parametrize("strategy", ["auto", "minority", {"mid": 150, "small": 100}])
def test_class_counts_equal_imblearn_with_the_same_smote(multiclass_data, ours, theirs, _,
                                                         __, strategy):
    X, y = multiclass_data
    smote = ImblearnSMOTE(sampling_strategy=strategy, random_state=0)
    _, y_ours = ours(smote=smote).fit_resample(X, y)
    _, y_theirs = theirs(sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    assert Counter(y_ours) == Counter(y_theirs)


@pytest.mark.parametrize("ours, _, __, cleaner_name", COMBINATIONS)
def test_dataframe_sample_weight_and_fitted_parts(binary_data, ours, _, __, cleaner_name):
    X, y = binary_data
    frame = pd.DataFrame(X, columns=list("abcde")).astype({"a": np.float32})
    target = pd.Series(np.where(y == 1, "yes", "no"), name="answer")
    weights = np.where(y == 1, 3.0, 1.0)
    sampler = ours(random_state=0)
    X_res, y_res, w_res = sampler.fit_resample(frame, target, sample_weight=weights)
    assert X_res.dtypes["a"] == np.float32 and y_res.name == "answer"
    assert len(X_res) == len(y_res) == len(w_res)
    # every class keeps its weights: minority (original and synthetic) 3, majority 1
    np.testing.assert_allclose(w_res, np.where(y_res == "yes", 3.0, 1.0))
    assert isinstance(sampler.smote_, SMOTE)
    assert hasattr(getattr(sampler, cleaner_name + "_"), "sample_indices_")


@pytest.mark.parametrize("kind_sel", ["all", "mode"])
def test_certificate_through_smote_parents_is_exact(monkeypatch, kind_sel):
    """SMOTEENN hands our ENN the synthetic rows' parents; the rows kept do not change."""
    rng = np.random.default_rng(0)
    y = (rng.random(3000) < 0.08).astype(int)
    X = np.round(rng.normal(size=(3000, 4)) + 0.8 * y[:, None], 1)  # ties, duplicates
    enn = EditedNearestNeighbours(sampling_strategy="all", kind_sel=kind_sel)
    X_plain, y_plain = SMOTEENN(random_state=0, enn=enn).fit_resample(X, y)
    fractions = []
    certify = _certificate._pure_neighbourhoods

    def recorded(*args):
        certified = certify(*args)
        fractions.append(certified.mean())
        return certified

    monkeypatch.setattr(_certificate, "CERTIFY_MIN_CLASS", 100)
    monkeypatch.setattr(_certificate, "_pure_neighbourhoods", recorded)
    X_res, y_res = SMOTEENN(random_state=0, enn=enn).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_plain)
    np.testing.assert_array_equal(y_res, y_plain)
    assert len(fractions) == 2 and min(fractions) > 0.3


def test_custom_parts():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(200, 2)), rng.normal(loc=1, size=(40, 2))])
    y = np.array([0] * 200 + [1] * 40)
    sampler = SMOTEENN(smote=BorderlineSMOTE(random_state=0),
                       enn=EditedNearestNeighbours(sampling_strategy="majority",
                                                   n_neighbors=5))
    _, y_res = sampler.fit_resample(X, y)
    assert isinstance(sampler.smote_, BorderlineSMOTE)
    assert sampler.enn_.n_neighbors == 5
    assert Counter(y_res)[1] == 200  # only the majority was cleaned


def test_foreign_smote_with_sample_weight_is_a_clear_error(binary_data):
    X, y = binary_data
    sampler = SMOTETomek(smote=ImblearnSMOTE(random_state=0))
    with pytest.raises(ValueError, match=r"sample_weight needs the over-sampler to be an "
                                         r"imbtools sampler \(got SMOTE\)"):
        sampler.fit_resample(X, y, sample_weight=np.ones(len(y)))


def test_bad_parameters(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match=r"The 'enn' parameter of SMOTEENN must be"):
        SMOTEENN(enn="enn").fit_resample(X, y)


@pytest.mark.parametrize("ours, _, reference_cleaner, cleaner_name", COMBINATIONS)
def test_smotenc_inside_equals_reference_cleaning_of_its_output(ours, _, reference_cleaner,
                                                                cleaner_name):
    """SMOTE-NC's rows were assembled as plain interpolations: all NaN (issue 12)."""
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(size=(60, 3)), rng.normal(loc=1.2, size=(20, 3))])
    X[:, 2] = rng.randint(0, 3, size=80)  # an integer-coded categorical column
    y = np.repeat([0, 1], [60, 20])
    sampler = ours(smote=SMOTENC(categorical_features=[2], random_state=0))
    X_res, y_res = sampler.fit_resample(X, y)
    X_nc, y_nc = SMOTENC(categorical_features=[2], random_state=0).fit_resample(X, y)
    X_ref, y_ref = reference_cleaner(sampling_strategy="all").fit_resample(X_nc, y_nc)
    assert np.isfinite(X_res).all() and set(X_res[:, 2]) <= {0.0, 1.0, 2.0}
    assert Counter(y_res.tolist()) == Counter(y_ref.tolist())
    np.testing.assert_array_equal(sorted_rows(X_res, y_res), sorted_rows(X_ref, y_ref))
    assert isinstance(sampler.smote_, SMOTENC)


@pytest.mark.parametrize("ours, theirs, _, __", COMBINATIONS)
def test_class_counts_equal_imblearn_with_the_same_smotenc(ours, theirs, _, __):
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(size=(60, 3)), rng.normal(loc=1.2, size=(20, 3))])
    X[:, 2] = rng.randint(0, 3, size=80)
    y = np.repeat([0, 1], [60, 20])
    smote = ImblearnSMOTENC(categorical_features=[2], random_state=0)
    _, y_ours = ours(smote=smote).fit_resample(X, y)
    _, y_theirs = theirs(smote=smote, random_state=0).fit_resample(X, y)
    assert Counter(y_ours.tolist()) == Counter(y_theirs.tolist())
