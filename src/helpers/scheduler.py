"""Which Dask scheduler, if any, the stages send their tasks to: the one switch, and the cluster's lifetime.

    use_scheduler(None)                # the local process pool (the default: Dask is never imported)
    use_scheduler("local")             # a LocalCluster of HELPERS_WORKERS single-threaded worker processes
    use_scheduler("tcp://host:8786")   # a running cluster: `dask scheduler` and `dask worker` on other machines

With no call, the environment variable ``HELPERS_SCHEDULER`` decides (``helpers.report --scheduler``
sets it for the notebook kernels, as ``HELPERS_WORKERS`` for the workers). ``dask`` and ``distributed``
are imported only when a scheduler is asked for, so a run without one pays nothing for them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

ENV_VARIABLE = "HELPERS_SCHEDULER"
LOCAL = "local"
# words that mean "no scheduler" in the environment or on the command line
OFF = {"", "none", "off", "0"}


@dataclass
class _Connection:
    """The client of this process and, for ``"local"``, the cluster it started (kept for the process's life)."""

    asked: str | None = None  # what use_scheduler was given; None: read the environment
    client: Any = None
    target: str = ""  # the address the client was connected to, as given
    cluster: Any = None


_CONNECTION = _Connection()


def use_scheduler(address: str | None) -> str | None:
    """Send the stages' tasks to this scheduler from now on; return the scheduler's address (None: the local pool).

    ``None`` leaves the choice to ``HELPERS_SCHEDULER`` (unset: the local process pool). ``"local"``
    starts a ``distributed.LocalCluster`` once per process, with as many single-threaded worker
    processes as ``HELPERS_WORKERS`` (or cores); ``"tcp://host:8786"`` connects to a running scheduler.

    >>> use_scheduler(None) is None  # no HELPERS_SCHEDULER here: the local pool, and dask stays unimported
    True
    """
    _CONNECTION.asked = address
    if not wanted_address():
        return None
    return client().scheduler.address


def wanted_address() -> str:
    """The scheduler asked for (``"local"``, ``"tcp://…"``), or ``""`` when the local process pool runs the tasks.

    >>> wanted_address()
    ''
    """
    asked = _CONNECTION.asked if _CONNECTION.asked is not None else os.environ.get(ENV_VARIABLE, "")
    asked = asked.strip()
    return "" if asked.lower() in OFF else asked


# The stages already keep at most two tasks per worker in flight (helpers.parallel_dask), so the scheduler's own
# queueing only makes each worker wait a round trip through it for its next task; and on a small machine the event
# loops' ticks and resource monitors take CPU from the work (benchmarks/RESULTS.md, session 9).
CLUSTER_CONFIG = {
    "distributed.scheduler.worker-saturation": float("inf"),
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def scheduler_active() -> bool:
    """Whether the stages' tasks go to a Dask scheduler (cheap: imports nothing)."""
    return bool(wanted_address())


def client():
    """The ``distributed.Client`` of the scheduler asked for, connected (or its LocalCluster started) on first use."""
    target = wanted_address()
    if target == LOCAL:
        if _CONNECTION.cluster is None:
            _CONNECTION.cluster = start_local_cluster(_local_workers())
        target = _CONNECTION.cluster.scheduler_address
    current = _CONNECTION.client
    if current is not None and current.status == "running" and _CONNECTION.target == target:
        return current
    if current is not None:
        current.close()
    from distributed import Client

    _CONNECTION.client, _CONNECTION.target = Client(target, set_as_default=False), target
    return _CONNECTION.client


def start_local_cluster(n_workers: int, *, dashboard_address: str | None = ":0"):
    """A ``distributed.LocalCluster`` of ``n_workers`` single-threaded processes, as the local pool would use.

    One thread per worker because segmentation and the rules hold the GIL; processes, not threads, for
    the same reason. ``dashboard_address=None`` starts no dashboard (tests). Its logs are kept to errors,
    so notebooks show no worker chatter. Its scheduler sends every task to a worker as soon as it is
    submitted, and its monitors wake less often (:data:`CLUSTER_CONFIG`).
    """
    import dask
    from distributed import LocalCluster

    with dask.config.set(CLUSTER_CONFIG):
        return LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=dashboard_address,
            silence_logs=logging.ERROR,
        )


def cluster_workers() -> int:
    """Worker threads of the cluster in use: how many tasks run at once there (the local pool's ``workers``)."""
    return max(1, sum(client().nthreads().values()))


def dashboard_link(cluster_or_client) -> str:
    """The dashboard's URL of a cluster or client, or ``""`` when it has none (bokeh missing, or turned off)."""
    try:
        return cluster_or_client.dashboard_link or ""
    except Exception:  # distributed raises when no dashboard runs; a missing link is not worth failing for
        return ""


def _local_workers() -> int:
    from helpers.parallel import local_workers

    return local_workers(None)
