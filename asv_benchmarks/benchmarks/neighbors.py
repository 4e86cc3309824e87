"""Exact k-nearest-neighbour search: imbtools' engine vs scikit-learn.

Every reference queried against itself (``kneighbors()`` without ``X``; scikit-learn is
asked for ``k + 1`` neighbours of ``X`` since it returns the query itself), ``k=5``, on
``make_classification`` data. ``imbtools-auto`` follows ``_choose_algorithm``; the
crossover study behind it is ``benchmarks/neighbors_crossover.py`` at the repository root.
"""

from __future__ import annotations

from .common import make_imbalanced

K = 5
SIZES = [1_000, 10_000]
FEATURES = [5, 20]


def _search(engine, X):
    if engine == "sklearn":
        from sklearn.neighbors import NearestNeighbors

        return NearestNeighbors(n_neighbors=K + 1, n_jobs=-1).fit(X).kneighbors(X)
    from imbtools.neighbors import NearestNeighbors

    algorithm = engine.split("-", 1)[1]
    return NearestNeighbors(n_neighbors=K, algorithm=algorithm).fit(X).kneighbors()


class KNeighbors:
    params = (["imbtools-auto", "imbtools-brute", "imbtools-kd_tree", "sklearn"], SIZES,
              FEATURES)
    param_names = ["engine", "n_samples", "n_features"]
    timeout = 300

    def setup_cache(self):
        return {
            (n_samples, n_features): make_imbalanced(n_samples, n_features=n_features)[0]
            for n_samples in SIZES
            for n_features in FEATURES
        }

    def setup(self, data, engine, n_samples, n_features):
        self.X = data[(n_samples, n_features)]
        _search(engine, self.X[:500])  # warm-up: kernel cache load, thread start-up

    def time_kneighbors(self, data, engine, n_samples, n_features):
        _search(engine, self.X)

    def peakmem_kneighbors(self, data, engine, n_samples, n_features):
        _search(engine, self.X)
