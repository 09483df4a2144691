"""The stages' tasks on a Dask cluster: the same function over the same items, results in input order.

:mod:`helpers.parallel` sends here when a scheduler is in use (:mod:`helpers.scheduler`). Items go to
the cluster in groups, one task per group, and at most ``in_flight`` tasks are pending at a time, so a
producer that reads a large table batch by batch never runs ahead of the workers and the results
waiting to be collected stay few. Each worker runs the stage's initializer itself before its first
task (loading the domain dictionary and the rule files from its own disk), once per process.

A task on a cluster costs more than one in a local pool: the scheduler places it, the worker's event loop
reports it and sends its result, and on a small machine all of them share the cores with the workers. So a
stream's items are grouped until a task takes about :data:`TASK_SECONDS` (timed on the workers as the
results come back), and a task's results travel as one pickled buffer made in the task's own thread, where
the worker's event loop would otherwise pickle them, and size them, item by item while holding the
interpreter's lock.
"""

from __future__ import annotations

import itertools
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from helpers.scheduler import use_scheduler

T = TypeVar("T")
R = TypeVar("R")

# Seconds of work a stream's task should carry: enough that scheduling it costs a few percent of it, few enough
# that both workers stay busy to the end (benchmarks/RESULTS.md, session 10).
TASK_SECONDS = 0.5
# The most items a task carries, whatever their speed: with the tasks in flight it bounds what waits to be sent.
MAX_ITEMS_PER_TASK = 8

# initializers already run in this (worker) process, by qualified name
_INITIALISED: set[str] = set()
_INITIALISING = threading.Lock()


def run_chunk(func: Callable[[T], R], initializer: Callable[[], None] | None, chunk: list[T]) -> bytes:
    """``[func(item) for item in chunk]`` on a worker, after ``initializer`` if this process has not run it yet,
    pickled with the seconds the items took (:func:`unpack`).

    >>> unpack(run_chunk(len, None, ["基层", "党组织"]))[1]
    [2, 3]
    """
    # a task never sends tasks of its own: a stage called inside one runs in this process (the worker may have
    # inherited HELPERS_SCHEDULER from the process that started it)
    use_scheduler("")
    if initializer is not None:
        ensure_initialised(initializer)
    start = time.perf_counter()
    results = [func(item) for item in chunk]
    return pickle.dumps((time.perf_counter() - start, results), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(payload: bytes) -> tuple[float, list]:
    """The seconds a task's items took on the worker, and their results (what :func:`run_chunk` returned)."""
    return pickle.loads(payload)


def ensure_initialised(initializer: Callable[[], None]) -> None:
    """Run ``initializer`` once in this process (a worker of several threads runs it once too)."""
    name = f"{initializer.__module__}.{initializer.__qualname__}"
    if name in _INITIALISED:
        return
    with _INITIALISING:
        if name not in _INITIALISED:
            initializer()
            _INITIALISED.add(name)


@dataclass
class TaskSizer:
    """How many items the next task carries: ``fixed`` if given, else enough for :data:`TASK_SECONDS` of work
    at the speed measured so far (one item until a task has come back).

    >>> sizer = TaskSizer()
    >>> sizer.items()
    1
    >>> sizer.record(0.2, 2)  # 0.1 s an item
    >>> sizer.items()
    5
    >>> TaskSizer(fixed=3).items()
    3
    """

    fixed: int | None = None
    seconds: float = 0.0
    measured: int = 0

    def record(self, seconds: float, n_items: int) -> None:
        self.seconds += seconds
        self.measured += n_items

    def items(self) -> int:
        if self.fixed is not None:
            return self.fixed
        if not self.measured or self.seconds <= 0:
            return 1
        per_item = self.seconds / self.measured
        return max(1, min(MAX_ITEMS_PER_TASK, round(TASK_SECONDS / per_item)))


def map_on_cluster(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    initializer: Callable[[], None] | None = None,
    chunksize: int | None = None,
    in_flight: int = 4,
) -> Iterator[R]:
    """``(func(item) for item in items)`` on the cluster's workers, in input order.

    A task carries ``chunksize`` items, or with None as many as take about :data:`TASK_SECONDS`
    (at most :data:`MAX_ITEMS_PER_TASK`). ``func`` and ``initializer`` must be importable top-level
    functions (the workers import them by name), and any path among the items absolute or on a file
    system every worker shares.
    """
    from helpers.scheduler import client

    cluster = client()
    items = iter(items)
    sizer = TaskSizer(fixed=chunksize)
    pending: deque = deque()

    def collect() -> list:
        future, n_items = pending.popleft()
        seconds, results = unpack(future.result())
        future.release()  # the worker may forget the result now: it has come back
        sizer.record(seconds, n_items)
        return results

    while chunk := list(itertools.islice(items, sizer.items())):
        # pure=False: tasks are never deduplicated by content, and their (large) arguments never hashed
        pending.append((cluster.submit(run_chunk, func, initializer, chunk, pure=False), len(chunk)))
        if len(pending) >= in_flight:
            yield from collect()
    while pending:
        yield from collect()
