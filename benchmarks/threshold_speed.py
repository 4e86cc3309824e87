"""Fit time of ThresholdCalibratedClassifier against (cv + 1) plain model fits.

LogisticRegression on 10^5 x 20 rows, cv=5, serial. The three timings alternate within
one process and medians are reported, because the machine may be shared: read the
ratios, not the absolute seconds. Also reports the cost of the sweep alone and the
import / first-call (Numba) time.

Run: ``python benchmarks/threshold_speed.py [--repeats 5] [--n-samples 100000]``
"""

import argparse
import subprocess
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def first_call_seconds():
    """(import imbtools.metrics, first threshold_curve call) in a fresh process."""
    code = (
        "import time; t0 = time.perf_counter();"
        "import numpy as np; from imbtools.metrics import threshold_curve;"
        "t1 = time.perf_counter();"
        "threshold_curve(np.array([0, 1, 1]), np.array([0.1, 0.5, 0.9]));"
        "print(t1 - t0, time.perf_counter() - t1)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return [float(value) for value in out.stdout.split()]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n-samples", type=int, default=100_000)
    args = parser.parse_args()
    from imbtools.metrics import threshold_curve
    from imbtools.threshold import ThresholdCalibratedClassifier

    X, y = make_classification(n_samples=args.n_samples, n_features=20, n_informative=10,
                               weights=[0.9], random_state=0)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    runs = {
        "plain fit x 6": lambda: [LogisticRegression().fit(X, y) for _ in range(6)],
        "ThresholdCalibratedClassifier": lambda: ThresholdCalibratedClassifier(
            LogisticRegression(), cv=cv).fit(X, y),
        "TunedThresholdClassifierCV": lambda: TunedThresholdClassifierCV(
            LogisticRegression(), cv=cv).fit(X, y),
    }
    runs["ThresholdCalibratedClassifier"]()  # warm caches (Numba is cached on disk)
    times = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():
            times[name].append(timed(run))
    median = {name: float(np.median(values)) for name, values in times.items()}
    base = median["plain fit x 6"]
    print(f"n_samples={args.n_samples}, n_features=20, cv=5, repeats={args.repeats} "
          "(medians; machine shared, absolute times are under load)\n")
    print("| fit | median s | ratio to (cv + 1) plain fits |")
    print("|---|---:|---:|")
    for name, value in median.items():
        print(f"| {name} | {value:.2f} | {value / base:.2f} |")

    rng = np.random.default_rng(0)
    scores = rng.random(args.n_samples // 5)
    labels = (rng.random(args.n_samples // 5) < 0.1).astype(int)
    sweep = np.median([timed(lambda: threshold_curve(labels, scores)) for _ in range(7)])
    print(f"\nexact sweep of one fold ({args.n_samples // 5} distinct scores): "
          f"{1000 * sweep:.1f} ms")
    import_s, first_call_s = first_call_seconds()
    print(f"fresh process: import imbtools.metrics (numpy, scikit-learn, numba) "
          f"{import_s:.2f} s; first threshold_curve call (Numba cache load) {first_call_s:.2f} s")


if __name__ == "__main__":
    main()
