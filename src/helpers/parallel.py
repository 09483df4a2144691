"""Run a per-document function over many documents in worker processes, with progress.

One mechanism for every stage (loading, cleaning, segmentation, indicators):
items are sent to a process pool in chunks, results come back in input order,
and a tqdm bar shows progress once the work is large enough to need one.
Small inputs run in-process, because starting workers costs more than it saves.
Workers are started by a fork server (:func:`worker_context`), not forked from the calling process:
a worker forked from a kernel holding a large corpus counts all its pages again in its own resident
memory, and a worker needs none of them (each loads the dictionary and the rule files itself).
When a Dask scheduler is in use (:func:`helpers.scheduler.use_scheduler`, or ``HELPERS_SCHEDULER``)
the same tasks run on its workers instead (:mod:`helpers.parallel_dask`), with the same results in
the same order; without one, Dask is never imported.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from tqdm import tqdm

from helpers.scheduler import scheduler_active

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool is not worth starting.
MIN_ITEMS_FOR_WORKERS = 64
# Below this many items no progress bar is drawn (it would flash and clutter outputs).
MIN_ITEMS_FOR_PROGRESS = 200
# Chunks of a map_documents call pending per worker on a cluster: enough that no worker waits for the
# scheduler between two chunks, few enough that the results not yet collected stay small.
CLUSTER_CHUNKS_PER_WORKER = 4
# Imported once in the fork server, so that a worker forked from it starts with the segmenter's engine and the
# indicator extraction (with pandas) already loaded: importing the extraction in every worker costs each
# indicator pool about 1.5 s, while preloading costs a fixed ~80 MB a worker, whatever the corpus's size. The
# cleaning modules are left out. The dictionary is not loaded there: a worker reads the current files.
WORKER_MODULES = ("helpers.tokens.corpus", "helpers.quantities.table")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Consecutive runs of at most ``size`` items, in order: the tasks a stage sends to the workers.

    >>> chunks(["甲", "乙", "丙"], 2)
    [['甲', '乙'], ['丙']]
    """
    return [items[start : start + size] for start in range(0, len(items), size)]


def grouped(items: Iterable[T], limit: int, weight: Callable[[T], int] | None = None) -> Iterator[list[T]]:
    """Consecutive items gathered, as they are read, until a group weighs ``limit`` (each item weighs 1, or
    ``weight(item)``); the last group may be lighter. A stream is grouped without ever being held whole.

    >>> list(grouped(["基层党建", "党员", "三会一课"], 5, weight=len))
    [['基层党建', '党员'], ['三会一课']]
    >>> list(grouped(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    group: list[T] = []
    size = 0
    for item in items:
        group.append(item)
        size += 1 if weight is None else weight(item)
        if size >= limit:
            yield group
            group, size = [], 0
    if group:
        yield group


def resolve_workers(workers: int | None) -> int:
    """Number of workers: None or 0 means every core, negative counts back from it.

    With ``workers=None`` the cluster in use decides (its worker threads), else the environment variable
    ``HELPERS_WORKERS`` (set by ``make report WORKERS=n``), so notebooks need no extra argument.
    """
    if workers is None and scheduler_active():
        from helpers.scheduler import cluster_workers

        return cluster_workers()
    return local_workers(workers)


def local_workers(workers: int | None) -> int:
    """Worker processes on this machine: None or 0 means every core (or ``HELPERS_WORKERS``), negative counts back.

    >>> local_workers(-1) == max(1, (os.cpu_count() or 1) - 1)
    True
    """
    cores = os.cpu_count() or 1
    if workers is None and os.environ.get("HELPERS_WORKERS", "").strip():
        workers = int(os.environ["HELPERS_WORKERS"])
    if not workers:
        return cores
    if workers < 0:
        return max(1, cores + workers)
    return workers


@functools.cache
def worker_context() -> multiprocessing.context.BaseContext:
    """How local pools start their workers: forked from a small server process that imported
    :data:`WORKER_MODULES`, never from the calling process (whose pages, a whole corpus in a kernel,
    a forked worker would count again in its resident memory).

    >>> worker_context().get_start_method()
    'forkserver'
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WORKER_MODULES))
    return context


def local_pool(n_workers: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """A process pool of ``n_workers`` started by :func:`worker_context`."""
    return ProcessPoolExecutor(max_workers=n_workers, mp_context=worker_context(), initializer=initializer)


def map_documents(
    func: Callable[[T], R],
    items: Sequence[T] | Iterable[T],
    *,
    workers: int | None = None,
    desc: str | None = None,
    chunksize: int | None = None,
    initializer: Callable[[], None] | None = None,
    min_items: int = MIN_ITEMS_FOR_WORKERS,
    progress_unit: int = 1,
) -> list[R]:
    """``[func(item) for item in items]``, spread over processes, in input order.

    ``func`` and ``initializer`` must be importable top-level functions.
    ``initializer`` runs once in every worker (and once here when running
    in-process), e.g. to load a dictionary before the first document arrives;
    on a cluster, once in every worker process before its first task.
    ``min_items`` is the fewest items worth a pool; ``progress_unit`` the number
    of documents one item stands for (a chunk), which decides when a bar is shown.
    """
    items = list(items)
    n_workers = min(resolve_workers(workers), max(1, len(items)))
    show = len(items) * progress_unit >= MIN_ITEMS_FOR_PROGRESS and desc is not None
    if n_workers == 1 or len(items) < min_items:
        if initializer is not None:
            initializer()
        return [func(item) for item in tqdm(items, desc=desc, disable=not show, leave=False)]
    if chunksize is None:
        # several chunks per worker keep both cores busy to the end
        chunksize = max(1, min(256, len(items) // (n_workers * 8)))
    if scheduler_active():
        from helpers.parallel_dask import map_on_cluster

        in_flight = n_workers * CLUSTER_CHUNKS_PER_WORKER
        results = map_on_cluster(func, items, initializer=initializer, chunksize=chunksize, in_flight=in_flight)
        return list(tqdm(results, total=len(items), desc=desc, disable=not show, leave=False))
    with local_pool(n_workers, initializer) as pool:
        results = pool.map(func, items, chunksize=chunksize)
        return list(tqdm(results, total=len(items), desc=desc, disable=not show, leave=False))


def map_stream(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int | None = None,
    desc: str | None = None,
    show_progress: bool = False,
    pending_per_worker: int = 2,
) -> Iterator[R]:
    """``(func(item) for item in items)`` over worker processes, for items produced lazily, in input order.

    At most ``pending_per_worker`` items per worker are in flight, so a producer that reads a large
    table batch by batch never runs ahead of the workers, and memory stays bounded by the batches in
    flight. On a cluster that many tasks are pending, each of a few items grouped so that a task is worth
    its scheduling (:data:`helpers.parallel_dask.TASK_SECONDS`, at most
    :data:`~helpers.parallel_dask.MAX_ITEMS_PER_TASK` items). A stream of a single item runs in-process
    (a pool would cost more than it saves).

    >>> list(map_stream(len, iter(["基层", "党组织"]), workers=1))
    [2, 3]
    """
    items = iter(items)
    first = list(itertools.islice(items, 2))
    n_workers = resolve_workers(workers)
    bar = tqdm(desc=desc, disable=not (show_progress and desc), leave=False)
    try:
        if n_workers == 1 or len(first) < 2:
            for item in itertools.chain(first, items):
                yield func(item)
                bar.update()
            return
        if scheduler_active():
            from helpers.parallel_dask import map_on_cluster

            for result in map_on_cluster(func, itertools.chain(first, items), in_flight=n_workers * pending_per_worker):
                yield result
                bar.update()
            return
        with local_pool(n_workers) as pool:
            pending: deque = deque()
            for item in itertools.chain(first, items):
                pending.append(pool.submit(func, item))
                if len(pending) >= n_workers * pending_per_worker:
                    yield pending.popleft().result()
                    bar.update()
            while pending:
                yield pending.popleft().result()
                bar.update()
    finally:
        bar.close()
