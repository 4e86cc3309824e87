"""SMOTE-IPF: SMOTE, then the iterative-partitioning noise filter."""

from __future__ import annotations

import numbers
import warnings

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.base import clone
from sklearn.tree import DecisionTreeClassifier

from ..base import BaseOverSampler, BaseSampler, Resampled
from ..neighbors import NEIGHBORS_CONSTRAINT, check_neighbors, neighbors_excluding_self
from ..utils._docstrings import fill_doc
from ..utils._param_validation import N_JOBS_CONSTRAINT, HasMethods, Interval, StrOptions
from .generation import (
    ExplicitRows,
    Interpolation,
    check_generator,
    class_matrix,
    classes_to_oversample,
    draw_smote_pairs,
    synthetic_rows,
)

__all__ = ["SMOTEIPF", "ipf_noise_filter", "stratified_partitions"]


def stratified_partitions(labels, n_partitions, generator):
    """A random partition index per row, each class spread evenly over the partitions."""
    partition = np.empty(labels.shape[0], dtype=np.int64)
    offset = 0
    for code in np.unique(labels):
        rows = np.flatnonzero(labels == code)
        shuffled = rows[generator.permutation(rows.shape[0])]
        partition[shuffled] = (np.arange(rows.shape[0]) + offset) % n_partitions
        offset += rows.shape[0]
    return partition


def ipf_noise_filter(X, labels, estimator, *, n_partitions, voting, n_stable, min_removed,
                     generator, n_jobs=None):
    """The iterative-partitioning filter: which rows survive.

    Each iteration splits the remaining rows into ``n_partitions`` partitions, fits a
    clone of ``estimator`` on each partition, lets every fitted model classify every
    remaining row, and removes the rows misclassified by more than half of the models
    (``voting="majority"``) or by all of them (``"consensus"``). It stops after
    ``n_stable`` consecutive iterations that each removed fewer than
    ``min_removed * len(labels)`` rows. The models of one iteration are fitted in
    ``n_jobs`` threads (``None``: every core).

    Returns
    -------
    keep : ndarray of shape (n_rows,), bool
    n_iterations : int
    """
    keep = np.ones(labels.shape[0], dtype=bool)
    threshold = min_removed * labels.shape[0]
    stable = n_iterations = 0
    with Parallel(n_jobs=-1 if n_jobs is None else n_jobs, prefer="threads") as parallel:
        while stable < n_stable:
            rows = np.flatnonzero(keep)
            partition = stratified_partitions(labels[rows], n_partitions, generator)
            X_rows, y_rows = X[rows], labels[rows]
            parts = [partition == part for part in range(n_partitions)]
            models = [_seeded(clone(estimator), generator) for members in parts
                      if members.any()]
            wrong = parallel(delayed(_misclassified)(model, X_rows[members], y_rows[members],
                                                     X_rows, y_rows)
                             for model, members in zip(models, (m for m in parts if m.any())))
            wrong = np.sum(wrong, axis=0)
            noisy = wrong == len(models) if voting == "consensus" else 2 * wrong > len(models)
            keep[rows[noisy]] = False
            n_iterations += 1
            stable = stable + 1 if noisy.sum() < threshold else 0
    return keep, n_iterations


def _misclassified(model, X_train, y_train, X_all, y_all):
    """Fit ``model`` on one partition; which of all the rows it misclassifies."""
    return (model.fit(X_train, y_train).predict(X_all) != y_all).astype(np.int64)


def _over_sampled_matrix(data, blocks):
    """SMOTE's rows, and the original rows followed by them (dense or CSR)."""
    X = data.numeric
    if sparse.issparse(X):
        synthetic = synthetic_rows(blocks, sparse_output=True)
        new = synthetic.rows if synthetic.n_rows else sparse.csr_matrix((0, X.shape[1]))
        return synthetic, sparse.vstack([X, new.astype(X.dtype)]).tocsr()
    synthetic = synthetic_rows(blocks)
    new = np.empty((synthetic.n_rows, X.shape[1]), dtype=X.dtype)
    synthetic.write_into(new)
    return synthetic, np.vstack([X, new])


def _seeded(model, generator):
    if "random_state" in model.get_params(deep=False):
        model.set_params(random_state=int(generator.integers(np.iinfo(np.int32).max)))
    return model


@fill_doc
class SMOTEIPF(BaseSampler):
    """SMOTE, then remove the noisy samples with the iterative-partitioning filter.

    SMOTE first creates the requested samples. The iterative-partitioning filter (IPF)
    then cleans the whole over-sampled set, original and synthetic samples of every
    class alike: each iteration splits the remaining samples at random into
    ``n_partitions`` parts, fits a decision tree on each part, and removes the samples
    that most trees (``voting="majority"``) or all of them (``"consensus"``)
    misclassify. It stops when ``n_stable`` iterations in a row each removed fewer than
    ``min_removed_fraction`` of the over-sampled set [1]_. The filter removes both the
    noisy samples SMOTE started from and those it created.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many samples SMOTE generates, as in :class:`~imbtools.over_sampling.SMOTE`;
        the filter then removes some (see Notes: output counts are lower).
    random_state : int, RandomState instance or None, default=None
        Seed of the generator driving SMOTE, the partitions and the trees.
    k_neighbors : int or object, default=5
        SMOTE's same-class neighbours, or a scikit-learn-like object with ``fit`` and
        ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    n_partitions : int, default=9
        Partitions (and trees) per filter iteration.
    voting : {"majority", "consensus"}, default="majority"
        Remove a sample misclassified by more than half of the trees, or by all.
    n_stable : int, default=3
        Consecutive iterations that must each remove few samples before the filter
        stops (the paper's ``k``).
    min_removed_fraction : float, default=0.01
        "Few samples": fewer than this fraction of the over-sampled set (the paper's
        ``p``).
    estimator : classifier, default=None
        The model fitted on each partition; ``None`` is a
        ``DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2)`` standing in
        for C4.5. Cloned for every partition; its ``random_state``, if any, is drawn
        from the fit's generator.
    n_jobs : int, default=None
        Threads for SMOTE's neighbour search and generation, and for fitting the trees
        of an iteration (``None``: every core).

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{label: number of samples SMOTE generated}``, before the filter.
    removed_indices_ : ndarray of int
        Rows of ``X`` the filter removed.
    n_synthetic_removed_ : dict
        ``{label: synthetic samples of the class the filter removed}``.
    n_iterations_ : int
        Filter iterations run.
    %(fitted_features)s
    %(synthetic_provenance)s

    See Also
    --------
    SMOTEENN : SMOTE followed by edited nearest neighbours.
    SMOTE : The over-sampling step alone.

    Notes
    -----
    *Counts.* The filter runs on the over-sampled set as in the paper, so it removes
    original samples of any class as well as synthetic ones: the output holds
    ``n_c + sampling_strategy_[c] - removed_c`` samples of class ``c``, fewer than
    ``sampling_strategy`` asks for whenever the filter removes anything. This is why
    SMOTE-IPF, like :class:`~imbtools.combine.SMOTEENN`, is a combination and not an
    over-sampler (it subclasses ``BaseSampler``): it does not promise the counts of an
    over-sampler. ``sampling_strategy_`` counts what SMOTE generated; the removals are in
    ``removed_indices_`` and ``n_synthetic_removed_``.

    *The filter as published.* Each tree is fitted on one partition only and classifies
    every remaining sample, so each sample gets ``n_partitions`` votes, of which
    ``n_partitions - 1`` come from trees that never saw it. smote_variants' version fits
    each tree on all partitions but one and lets it classify its own training samples;
    an unpruned tree rarely misclassifies those, so that filter almost never removes
    anything. The partitions are stratified by class (the paper only asks for equal
    sizes), so every tree sees every class. The stopping threshold is a fraction of the
    over-sampled set the filter started from (smote_variants uses the current size).
    The defaults (``n_partitions=9``, majority voting, ``n_stable=3``, 1 %) are the
    settings smote_variants takes from the paper. On small data each tree sees few
    samples and the majority vote can remove a sizeable share of the minority class;
    ``voting="consensus"`` removes far less. C4.5's pruning has no scikit-learn
    equivalent, hence the ``min_samples_leaf=2`` tree.

    Output: the kept original samples in their order, then the kept synthetic samples
    grouped by class; the ``sample_weight`` of a synthetic sample is interpolated from
    its two parents. If the filter removes every sample of a class, or every synthetic
    sample of a class, a ``UserWarning`` says so.

    References
    ----------
    .. [1] J. A. Sáez, J. Luengo, J. Stefanowski, F. Herrera, "SMOTE-IPF: Addressing the
       noisy and borderline examples problem in imbalanced classification by a
       re-sampling method with filtering", Information Sciences, 291, 184-203, 2015.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbtools.over_sampling import SMOTEIPF
    >>> X, y = make_classification(n_samples=1000, weights=[0.9], flip_y=0.05,
    ...                            random_state=0)
    >>> sampler = SMOTEIPF(random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sampler.sampling_strategy_
    {1: 754}
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 862), (1, 705)]
    >>> len(sampler.removed_indices_), sampler.n_synthetic_removed_
    (43, {1: 144})
    """

    _sampling_type = "over-sampling"
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_partitions": [Interval(numbers.Integral, 1, None, closed="left")],
        "voting": [StrOptions({"majority", "consensus"})],
        "n_stable": [Interval(numbers.Integral, 1, None, closed="left")],
        "min_removed_fraction": [Interval(numbers.Real, 0, 1, closed="right")],
        "estimator": [HasMethods(["fit", "predict"]), None],
        "n_jobs": N_JOBS_CONSTRAINT,
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5,
                 n_partitions=9, voting="majority", n_stable=3, min_removed_fraction=0.01,
                 estimator=None, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_stable = n_stable
        self.min_removed_fraction = min_removed_fraction
        self.estimator = estimator
        self.n_jobs = n_jobs

    def _fit_resample(self, data, targets):
        generator = check_generator(self.random_state)
        synthetic, X = _over_sampled_matrix(data, self._smote_blocks(data, targets, generator))
        labels = np.concatenate([data.target.codes, synthetic.codes])
        if self.estimator is None:
            # scikit-learn's trees work in float32: convert once, not per fit and predict
            estimator = DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2)
            X_filter = X.astype(np.float32)
        else:
            estimator, X_filter = self.estimator, X
        keep, self.n_iterations_ = ipf_noise_filter(
            X_filter, labels, estimator, n_partitions=self.n_partitions, voting=self.voting,
            n_stable=self.n_stable, min_removed=self.min_removed_fraction,
            generator=generator, n_jobs=self.n_jobs)
        return self._filtered_result(data, X, labels, keep, synthetic)

    def _smote_blocks(self, data, targets, generator):
        searcher, k = check_neighbors("k_neighbors", self.k_neighbors, n_jobs=self.n_jobs)
        blocks = []
        for group in classes_to_oversample(data, targets, min_samples=k + 1):
            X_class = class_matrix(data.numeric, group.rows)
            neighbor_index = neighbors_excluding_self(searcher, X_class, k)
            seeds, neighbors, steps = draw_smote_pairs(neighbor_index, group.n_new, generator)
            blocks.append(Interpolation(group.code, group.rows, X_class, seeds, neighbors,
                                        steps))
        return blocks

    def _filtered_result(self, data, X, labels, keep, synthetic):
        n = data.n_samples
        classes = data.target.classes.tolist()
        self.removed_indices_ = np.flatnonzero(~keep[:n])
        self.n_synthetic_removed_ = {}
        for code in np.unique(data.target.codes):
            if not keep[labels == code].any():
                warnings.warn(
                    f"SMOTEIPF's filter removed every sample of class {classes[code]!r}. "
                    "Use voting='consensus', a larger min_removed_fraction or a smaller "
                    "n_stable for a milder filter.", UserWarning, stacklevel=4)
        kept_new = keep[n:]
        blocks = []
        for code in np.unique(synthetic.codes):
            of_class = synthetic.codes == code
            self.n_synthetic_removed_[classes[code]] = int((of_class & ~kept_new).sum())
            rows = np.flatnonzero(of_class & kept_new)
            if rows.shape[0] == 0 and keep[labels == code].any():
                warnings.warn(
                    f"SMOTEIPF's filter removed all {int(of_class.sum())} synthetic samples "
                    f"of class {classes[code]!r}, so this class is not over-sampled. Use "
                    "voting='consensus' for a milder filter, or SMOTE alone.",
                    UserWarning, stacklevel=4)
            values = X[n + rows]
            blocks.append(ExplicitRows(int(code), values, synthetic.parent_a[rows],
                                       synthetic.parent_b[rows], synthetic.step[rows]))
        sparse_output = sparse.issparse(data.numeric_if_computed)
        return Resampled(np.flatnonzero(keep[:n]),
                         synthetic_rows(blocks, sparse_output=sparse_output, n_jobs=self.n_jobs))
