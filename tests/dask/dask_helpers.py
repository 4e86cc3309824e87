"""Data helpers of the dask tests (imported by the test modules)."""

import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
from sklearn.datasets import make_classification


def imbalanced(n_samples=3000, weights=(0.9,), n_classes=2, seed=0, flip_y=0.02):
    return make_classification(
        n_samples=n_samples, n_features=6, n_informative=4, n_classes=n_classes,
        weights=list(weights), flip_y=flip_y, random_state=seed,
    )


def as_dask_arrays(X, y, chunk):
    return da.from_array(X, chunks=(chunk, X.shape[1])), da.from_array(y, chunks=(chunk,))


def as_dask_frame(X, y, npartitions, label="label"):
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])
    frame[label] = y
    ddf = dd.from_pandas(frame, npartitions=npartitions, sort=False)
    return ddf.drop(columns=label), ddf[label]


def class_counts(y):
    values, counts = np.unique(np.asarray(y), return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))
