"""The instances on which every public estimator meets the estimator checks.

``INSTANCES`` maps each class name of :func:`imbtools.utils.discovery.all_estimators` to
the configurations to check (one per code path worth checking). A public estimator
missing from it fails ``tests/test_common.py::test_every_public_estimator_is_registered``,
so a new estimator cannot silently skip the checks: add its line here.
"""

from imblearn.over_sampling import RandomOverSampler as ImblearnRandomOverSampler
from imblearn.pipeline import make_pipeline
from imblearn.under_sampling import RandomUnderSampler as ImblearnRandomUnderSampler
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from imbtools.utils.discovery import all_estimators


def _classes():
    return dict(all_estimators())


def build_instances():
    """``{class name: [estimator, ...]}`` for every registered estimator."""
    c = _classes()
    return {
        # over-sampling
        "RandomOverSampler": [c["RandomOverSampler"](random_state=0),
                              c["RandomOverSampler"](random_state=0, shrinkage=0.5)],
        "SMOTE": [c["SMOTE"](random_state=0)],
        "ADASYN": [c["ADASYN"](random_state=0)],
        "BorderlineSMOTE": [c["BorderlineSMOTE"](random_state=0),
                            c["BorderlineSMOTE"](random_state=0, kind="borderline-2")],
        # imbalanced-learn's own checks instantiate SMOTENC like this (and then skip it);
        # a user's encoder that groups rare values takes the encoder path of both
        "SMOTENC": [c["SMOTENC"](categorical_features=[0], random_state=0),
                    c["SMOTENC"](categorical_features=[0],
                                 categorical_encoder=OneHotEncoder(min_frequency=3),
                                 random_state=0)],
        "SMOTEN": [c["SMOTEN"](random_state=0),
                   c["SMOTEN"](OrdinalEncoder(min_frequency=3), random_state=0)],
        "SVMSMOTE": [c["SVMSMOTE"](random_state=0)],
        "KMeansSMOTE": [c["KMeansSMOTE"](random_state=0)],
        # issue 14, var2
        "SafeLevelSMOTE": [c["SafeLevelSMOTE"](random_state=0)],
        "SMOBD": [c["SMOBD"](random_state=0)],
        "LeeSMOTE": [c["LeeSMOTE"](random_state=0)],
        "EdgeDetSMOTE": [c["EdgeDetSMOTE"](random_state=0)],
        "AssembledSMOTE": [c["AssembledSMOTE"](random_state=0)],
        "CCR": [c["CCR"](random_state=0)],
        "SandhanChoiSMOTE": [c["SandhanChoiSMOTE"](random_state=0)],
        # issue 14, var1
        "RandomSMOTE": [c["RandomSMOTE"](random_state=0)],
        "SMOTEOut": [c["SMOTEOut"](random_state=0)],
        "SMOTECosine": [c["SMOTECosine"](random_state=0)],
        "SelectedSMOTE": [c["SelectedSMOTE"](random_state=0)],
        "ProWSyn": [c["ProWSyn"](random_state=0)],
        "SMOTEIPF": [c["SMOTEIPF"](random_state=0)],
        "PolynomialFitSMOTE": [c["PolynomialFitSMOTE"](random_state=0, topology=topology)
                               for topology in ("star", "bus", "mesh", "polynomial")],
        # issue 14, var3
        "MWMOTE": [c["MWMOTE"](random_state=0)],
        "NTSMOTE": [c["NTSMOTE"](random_state=0)],
        "TRIMSMOTE": [c["TRIMSMOTE"](random_state=0)],
        "MSYN": [c["MSYN"](random_state=0)],
        "SupervisedSMOTE": [c["SupervisedSMOTE"](random_state=0)],
        # issue 14, lvq
        "LVQSMOTE": [c["LVQSMOTE"](random_state=0)],
        # under-sampling
        "RandomUnderSampler": [c["RandomUnderSampler"](random_state=0)],
        "TomekLinks": [c["TomekLinks"]()],
        "EditedNearestNeighbours": [c["EditedNearestNeighbours"]()],
        "RepeatedEditedNearestNeighbours": [c["RepeatedEditedNearestNeighbours"]()],
        "AllKNN": [c["AllKNN"]()],
        "NeighbourhoodCleaningRule": [c["NeighbourhoodCleaningRule"]()],
        "OneSidedSelection": [c["OneSidedSelection"](random_state=0)],
        "CondensedNearestNeighbour": [c["CondensedNearestNeighbour"](random_state=0)],
        "NearMiss": [c["NearMiss"](), c["NearMiss"](version=2)],
        # default parameters pass too; a 10-tree forest keeps the suite fast
        "InstanceHardnessThreshold": [c["InstanceHardnessThreshold"](
            estimator=RandomForestClassifier(n_estimators=10, random_state=0),
            random_state=0)],
        # voting='auto' is hard for sparse and soft for dense input by design, so the
        # sparse-equals-dense check needs one fixed voting (as imbalanced-learn's tests)
        "ClusterCentroids": [c["ClusterCentroids"](random_state=0, voting="soft")],
        "SelfPacedUnderSampler": [
            c["SelfPacedUnderSampler"](random_state=0),
            c["SelfPacedUnderSampler"](random_state=0, soft_resample=True, replacement=True,
                                       k_bins=3)],
        # combinations
        "SMOTEENN": [c["SMOTEENN"](random_state=0)],
        "SMOTETomek": [c["SMOTETomek"](random_state=0)],
        # classifiers
        "SelfPacedEnsembleClassifier": [
            c["SelfPacedEnsembleClassifier"](n_estimators=3),
            c["SelfPacedEnsembleClassifier"](LogisticRegression(), n_estimators=2,
                                             soft_resample=True)],
        "ThresholdCalibratedClassifier": [
            c["ThresholdCalibratedClassifier"](LogisticRegression(), cv=3)],
        "PriorCorrectedClassifier": [
            c["PriorCorrectedClassifier"](
                make_pipeline(ImblearnRandomUnderSampler(random_state=0), LogisticRegression())),
            c["PriorCorrectedClassifier"](
                make_pipeline(StandardScaler(), ImblearnRandomOverSampler(random_state=0),
                              LogisticRegression())),
            c["PriorCorrectedClassifier"](LogisticRegression(), sampling_rates={})],
        "ClassWeightSearchCV": [
            c["ClassWeightSearchCV"](LogisticRegression(), cv=3, n_candidates=3)],
        "StrategySearchCV": [c["StrategySearchCV"](
            LogisticRegression(),
            strategies={"baseline": LogisticRegression(),
                        "under": c["RandomUnderSampler"](random_state=0)},
            cv=3)],
        # neighbour search
        "NearestNeighbors": [c["NearestNeighbors"]()],
        "ApproximateNearestNeighbors": [c["ApproximateNearestNeighbors"](random_state=0)],
    }


_SAMPLE_WEIGHT_EQUIVALENCE_SPE = (
    "an integer weight w is not equivalent to w copies of a row: copies change the class "
    "sizes the self-paced under-sampling balances")
_CV_SPLITS = "CV splits are drawn over rows"


def expected_failed_checks(estimator):
    """scikit-learn checks an estimator fails by design, with the reason."""
    name = type(estimator).__name__
    if name == "SelfPacedEnsembleClassifier":
        failed = {"check_sample_weight_equivalence_on_dense_data": _SAMPLE_WEIGHT_EQUIVALENCE_SPE,
                  "check_sample_weight_equivalence_on_sparse_data": _SAMPLE_WEIGHT_EQUIVALENCE_SPE}
        if estimator.estimator is not None and estimator.n_estimators > 1:
            # the mean of the members' decision functions and the mean of their
            # probabilities can order two close samples differently (the sigmoid of a
            # mean is not the mean of sigmoids); it passes or not with BLAS's threads
            failed["check_decision_proba_consistency"] = (
                "the members' mean decision function and mean probability are not "
                "monotone in each other")
        return failed
    if name == "ThresholdCalibratedClassifier":
        return {"check_classifiers_train": "predict_proba is the estimator's own (unadjusted) "
                "probability, so its argmax differs from the calibrated predict by design"}
    if name == "ClassWeightSearchCV":
        # a weight-2 sample and a repeated sample can land in different CV folds, so the
        # selected weights (and the refit) differ: no CV search can pass these
        return {"check_sample_weight_equivalence_on_dense_data": _CV_SPLITS,
                "check_sample_weight_equivalence_on_sparse_data": _CV_SPLITS}
    return {}


def expected_failed_imblearn_checks(estimator):
    """imbalanced-learn checks a sampler fails by design, with the reason."""
    if type(estimator).__name__ == "SMOTENC":
        return {"check_samplers_string": "SMOTE-NC needs a continuous feature; this check "
                "passes one categorical column only (imbalanced-learn skips SMOTENC entirely)"}
    return {}
