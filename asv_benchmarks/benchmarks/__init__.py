"""asv benchmarks of imbtools, with imbalanced-learn and scikit-learn measured in the same run."""
