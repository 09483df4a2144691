"""The stages' tasks on a Dask cluster: the same function over the same items, results in input order.

:mod:`helpers.parallel` sends here when a scheduler is in use (:mod:`helpers.scheduler`). Items go to
the cluster in chunks, one task per chunk, and at most ``in_flight`` tasks are pending at a time, so a
producer that reads a large table batch by batch never runs ahead of the workers and the results
waiting to be collected stay few. Each worker runs the stage's initializer itself before its first
task (loading the domain dictionary and the rule files from its own disk), once per process.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from helpers.scheduler import use_scheduler

T = TypeVar("T")
R = TypeVar("R")

# initializers already run in this (worker) process, by qualified name
_INITIALISED: set[str] = set()
_INITIALISING = threading.Lock()


def run_chunk(func: Callable[[T], R], initializer: Callable[[], None] | None, chunk: list[T]) -> list[R]:
    """``[func(item) for item in chunk]`` on a worker, after ``initializer`` if this process has not run it yet.

    >>> run_chunk(len, None, ["基层", "党组织"])
    [2, 3]
    """
    # a task never sends tasks of its own: a stage called inside one runs in this process (the worker may have
    # inherited HELPERS_SCHEDULER from the process that started it)
    use_scheduler("")
    if initializer is not None:
        ensure_initialised(initializer)
    return [func(item) for item in chunk]


def ensure_initialised(initializer: Callable[[], None]) -> None:
    """Run ``initializer`` once in this process (a worker of several threads runs it once too)."""
    name = f"{initializer.__module__}.{initializer.__qualname__}"
    if name in _INITIALISED:
        return
    with _INITIALISING:
        if name not in _INITIALISED:
            initializer()
            _INITIALISED.add(name)


def map_on_cluster(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    initializer: Callable[[], None] | None = None,
    chunksize: int = 1,
    in_flight: int = 4,
) -> Iterator[R]:
    """``(func(item) for item in items)`` on the cluster's workers, in input order, ``chunksize`` items per task.

    ``func`` and ``initializer`` must be importable top-level functions (the workers import them by
    name), and any path among the items absolute or on a file system every worker shares.
    """
    from helpers.scheduler import client

    cluster = client()
    items = iter(items)
    pending: deque = deque()
    while chunk := list(itertools.islice(items, chunksize)):
        # pure=False: tasks are never deduplicated by content, and their (large) arguments never hashed
        pending.append(cluster.submit(run_chunk, func, initializer, chunk, pure=False))
        if len(pending) >= in_flight:
            yield from _collect(pending.popleft())
    while pending:
        yield from _collect(pending.popleft())


def _collect(future) -> list:
    results = future.result()
    future.release()  # the worker may forget the result now: it has come back
    return results
