"""Numba kernels of Kohonen's LVQ1 (learning vector quantization), used by LVQ-SMOTE.

One pass over the samples in a given order: the prototype nearest to a sample (squared
Euclidean distance, first prototype on ties) moves towards it when their labels agree and
away from it otherwise, by ``alpha * (x - prototype)``; ``alpha`` falls linearly from
``learning_rate`` to 0 over the whole training (``n_steps`` samples in all, of which
this pass covers steps ``first_step`` to ``first_step + len(order) - 1``). The passes are
sequential by nature (each update changes the next decision), so they run on one thread.
"""

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _lvq1_step(row, label, prototypes, prototype_labels, alpha):
    """Move the prototype nearest to ``row`` towards it (same label) or away from it."""
    n_prototypes, n_features = prototypes.shape
    best = 0
    best_distance = np.inf
    for p in range(n_prototypes):
        distance = 0.0
        for j in range(n_features):
            diff = row[j] - prototypes[p, j]
            distance += diff * diff
        if distance < best_distance:
            best_distance = distance
            best = p
    sign = 1.0 if prototype_labels[best] == label else -1.0
    for j in range(n_features):
        prototypes[best, j] += sign * alpha * (row[j] - prototypes[best, j])


@njit(cache=True, nogil=True)
def lvq1_pass_dense(X, labels, prototypes, prototype_labels, order, first_step, n_steps,
                    learning_rate):
    """One LVQ1 pass over ``X[order]`` (C-contiguous float64), ``prototypes`` in place.

    ``labels`` (one per row of ``X``) and ``prototype_labels`` are int64 arrays compared
    for equality; ``order`` is int64.
    """
    for t in range(order.shape[0]):
        i = order[t]
        alpha = learning_rate * (1.0 - (first_step + t) / n_steps)
        _lvq1_step(X[i], labels[i], prototypes, prototype_labels, alpha)


@njit(cache=True, nogil=True)
def lvq1_pass_csr(data, indices, indptr, labels, prototypes, prototype_labels, order,
                  first_step, n_steps, learning_rate):
    """:func:`lvq1_pass_dense` on a CSR matrix given by its three arrays.

    Each row is expanded into a dense buffer, so the arithmetic (and the result) is the
    dense kernel's; a step costs ``n_prototypes * n_features``.
    """
    row = np.zeros(prototypes.shape[1])
    for t in range(order.shape[0]):
        i = order[t]
        for s in range(indptr[i], indptr[i + 1]):
            row[indices[s]] = data[s]
        alpha = learning_rate * (1.0 - (first_step + t) / n_steps)
        _lvq1_step(row, labels[i], prototypes, prototype_labels, alpha)
        for s in range(indptr[i], indptr[i + 1]):
            row[indices[s]] = 0.0
