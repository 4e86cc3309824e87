"""``fit_resample`` time and peak memory: imbtools vs imbalanced-learn, same data.

Data: ``make_classification(n, n_features=20, weights=[0.99], random_state=0)``, built
once per run in ``setup_cache``. ``setup`` makes one warm-up call on small data, so
Numba compilation or cache loading is not part of the timings (see ``imports.py`` for
the first-call cost). ``peakmem_`` is the peak resident memory of the whole benchmark
process (imports and data included), so compare the two libraries at equal ``n``.
"""

from __future__ import annotations

from .common import make_imbalanced, sampler_class, warm_up

SIZES = [10_000, 100_000]


class FitResample:
    params = (
        ["imbtools", "imblearn"],
        ["SMOTE", "RandomOverSampler", "RandomUnderSampler"],
        SIZES,
    )
    param_names = ["library", "sampler", "n_samples"]
    timeout = 300

    def setup_cache(self):
        return {n_samples: make_imbalanced(n_samples) for n_samples in SIZES}

    def setup(self, data, library, sampler, n_samples):
        self.X, self.y = data[n_samples]
        self.sampler_cls = sampler_class(library, sampler)
        warm_up(self.sampler_cls)

    def time_fit_resample(self, data, library, sampler, n_samples):
        self.sampler_cls(random_state=0).fit_resample(self.X, self.y)

    def peakmem_fit_resample(self, data, library, sampler, n_samples):
        self.sampler_cls(random_state=0).fit_resample(self.X, self.y)


class SmoothedBootstrap:
    """RandomOverSampler with ``shrinkage`` (imbtools' Numba kernel, imblearn's NumPy)."""

    params = (["imbtools", "imblearn"], SIZES)
    param_names = ["library", "n_samples"]
    timeout = 300

    def setup_cache(self):
        return {n_samples: make_imbalanced(n_samples) for n_samples in SIZES}

    def setup(self, data, library, n_samples):
        self.X, self.y = data[n_samples]
        self.sampler = sampler_class(library, "RandomOverSampler")(shrinkage=1.0,
                                                                   random_state=0)
        self.sampler.fit_resample(*make_imbalanced(2000, minority=0.1))

    def time_fit_resample(self, data, library, n_samples):
        self.sampler.fit_resample(self.X, self.y)
