"""
=============================================================
Self-paced ensemble: under-sampling by hardness, step by step
=============================================================

The self-paced ensemble (Liu et al., ICDE 2020) trains each member on all minority
samples plus an equally large draw of the majority class. The draw is not uniform: the
majority samples are cut into ``k`` bins of *hardness* (here ``1 - p``, with ``p`` the
ensemble's average probability of the sample's own class) and bin ``l`` contributes a
share ``1 / (h_l + alpha)`` of the draw, where ``h_l`` is the mean hardness of the bin
and ``alpha = tan(i * pi / (2 (n - 1)))`` grows with the member index ``i``.

This example shows (1) the schedule of ``alpha`` and how many samples each hardness bin
gives as it grows, and (2) average precision against the number of members, compared
with an ensemble of trees on random balanced subsets.
"""

# %%
# The self-paced factor and the per-bin counts
# --------------------------------------------
# Early members (``alpha`` near 0) *harmonise* hardness: every bin contributes about the
# same total hardness, so most samples come from the large, easy bins. Late members
# (``alpha`` huge) take the same number from every bin, which puts the rare hard samples
# -- borderline ones, and mislabelled ones -- in focus.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split

from imbtools.ensemble import SelfPacedEnsembleClassifier
from imbtools.under_sampling.self_paced_steps import (
    assign_hardness_bins,
    bin_sample_counts,
    self_paced_alpha,
    self_paced_bin_weights,
)

n_estimators, k_bins = 10, 10
hardness = np.random.RandomState(0).beta(0.4, 4.0, size=20_000)  # mostly easy samples
_, populations, mean_hardness = assign_hardness_bins(hardness, k_bins)

fig, (ax_alpha, ax_bins) = plt.subplots(1, 2, figsize=(11, 4))
alphas = [self_paced_alpha(i, n_estimators) for i in range(n_estimators)]
ax_alpha.semilogy(range(1, n_estimators - 1), alphas[1:-1], "o-")
ax_alpha.set(xlabel="member i", ylabel="alpha (log scale)",
             title="alpha = tan(i pi / (2 (n - 1)))\n(0 at i=0, ~1.6e16 at i=n-1)")
for i in (1, 4, 7, 9):
    weights = self_paced_bin_weights(mean_hardness, populations, alphas[i])
    counts = bin_sample_counts(weights, populations, 500)
    ax_bins.plot(range(k_bins), counts, "o-", label=f"member {i}, alpha={alphas[i]:.3g}")
ax_bins.plot(range(k_bins), populations * 500 / populations.sum(), "k--",
             label="uniform random draw")
ax_bins.set(xlabel="hardness bin (easy -> hard)", ylabel="samples drawn (of 500)",
            yscale="log", title="Samples drawn from each bin")
ax_bins.legend(fontsize=8)
fig.tight_layout()

# %%
# Quality against the number of members
# -------------------------------------
# Overlapping classes, 1 positive per 100 negatives and 1% of labels drawn at random. We compare the
# self-paced ensemble with the same trees trained on random balanced subsets (an
# EasyEnsemble of trees) by average precision on held-out data, member after member
# (``staged_predict_proba``). ``SelfPacedEnsembleClassifier`` has no option to draw
# uniformly, but its first member is, by construction, trained on a random subset: we
# get the random-subset ensemble by averaging first members of differently seeded
# ensembles.
X, y = make_classification(
    n_samples=30_000, n_features=10, n_informative=5, weights=[0.99], flip_y=0.01,
    class_sep=1.0, random_state=1,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)

spe = SelfPacedEnsembleClassifier(n_estimators=20, random_state=0).fit(X_train, y_train)
spe_ap = [average_precision_score(y_test, proba[:, 1])
          for proba in spe.staged_predict_proba(X_test)]

random_members = [
    SelfPacedEnsembleClassifier(n_estimators=1, random_state=seed).fit(X_train, y_train)
    for seed in range(20)
]
running = np.cumsum([m.predict_proba(X_test)[:, 1] for m in random_members], axis=0)
random_ap = [average_precision_score(y_test, s / (i + 1)) for i, s in enumerate(running)]

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(range(1, 21), spe_ap, "o-", label="self-paced subsets")
ax.plot(range(1, 21), random_ap, "s-", label="random balanced subsets")
ax.set(xlabel="number of members", ylabel="average precision (test)",
       title="Self-paced vs random under-sampling ensembles")
ax.legend()
fig.tight_layout()
plt.show()
