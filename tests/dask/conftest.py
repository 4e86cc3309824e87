"""Fixtures of the dask tests: a real 2-process LocalCluster on the loopback interface.

Every test module here starts with ``pytest.importorskip`` so that the suite is skipped,
with the reason, when the optional ``imbtools[dask]`` extra is not installed.
"""

import pytest

dask = pytest.importorskip("dask", reason="imbtools[dask] (dask) is not installed")
distributed = pytest.importorskip(
    "distributed", reason="imbtools[dask] (distributed) is not installed")

from dask.callbacks import Callback  # noqa: E402
from dask_helpers import imbalanced  # noqa: E402


@pytest.fixture(scope="session")
def client():
    """A ``distributed.Client`` on a 2-worker, 1-thread-each LocalCluster (processes)."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", memory_limit="600MB",
    )
    with distributed.Client(cluster, set_as_default=False) as session_client:
        yield session_client
    cluster.close()


@pytest.fixture
def on_cluster(client):
    """Run the test's dask computations on the LocalCluster."""
    with dask.config.set(scheduler=client):
        yield client


@pytest.fixture(autouse=True)
def synchronous_by_default():
    """Tests without ``on_cluster`` use the synchronous scheduler (fast, countable)."""
    with dask.config.set(scheduler="sync"):
        yield


class ComputeCounter(Callback):
    """Counts graph executions (each ``compute``/``persist``) on a local scheduler."""

    def __init__(self):
        super().__init__()
        self.n_graphs = 0

    def _start(self, dsk):
        self.n_graphs += 1


@pytest.fixture
def count_computes():
    with ComputeCounter() as counter:
        yield counter


@pytest.fixture
def binary():
    return imbalanced()
