"""
===========================================
How many samples? The ``sampling_strategy``
===========================================

Every sampler takes ``sampling_strategy`` and resolves it at ``fit`` time into
``sampling_strategy_``, a dict ``{class: number of samples to add (over-samplers) or to
keep (under-samplers)}``. This example shows the forms on a three-class problem.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification

from imbtools.over_sampling import RandomOverSampler
from imbtools.under_sampling import RandomUnderSampler

X, y = make_classification(
    n_samples=1000, n_classes=3, n_informative=4, weights=[0.7, 0.2, 0.1], random_state=0
)
print("original counts:", np.bincount(y).tolist())

# %%
# Each form, and the class counts it produces.
strategies = {
    "over: 'auto'": RandomOverSampler(sampling_strategy="auto"),
    "over: 'minority'": RandomOverSampler(sampling_strategy="minority"),
    "over: {1: 400, 2: 300}": RandomOverSampler(sampling_strategy={1: 400, 2: 300}),
    "over: callable\n(half the majority)": RandomOverSampler(
        sampling_strategy=lambda y: {c: max(n, np.bincount(y).max() // 2)
                                     for c, n in enumerate(np.bincount(y))}
    ),
    "under: 'auto'": RandomUnderSampler(sampling_strategy="auto"),
    "under: {0: 300}": RandomUnderSampler(sampling_strategy={0: 300}),
}
fig, ax = plt.subplots(figsize=(11, 4))
width = 0.12
names = ["original", *strategies]
for i, name in enumerate(names):
    if name == "original":
        counts = np.bincount(y)
    else:
        sampler = strategies[name].set_params(random_state=0)
        counts = np.bincount(sampler.fit_resample(X, y)[1])
        print(f"{name.splitlines()[0]:<24} sampling_strategy_={sampler.sampling_strategy_}")
    ax.bar(np.arange(3) + (i - len(names) / 2) * width, counts, width, label=name)
ax.set_xticks(range(3), ["class 0", "class 1", "class 2"])
ax.set_ylabel("samples after resampling")
ax.legend(fontsize=8, ncol=2)
fig.tight_layout()
plt.show()

# %%
# A request that cannot be met is refused with a message saying what was asked and
# what is possible, for instance asking an under-sampler to keep more samples than a
# class has:
try:
    RandomUnderSampler(sampling_strategy={0: 5000}).fit_resample(X, y)
except ValueError as error:
    print(error)
