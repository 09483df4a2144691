"""Run a per-document function over many documents in worker processes, with progress.

One mechanism for every stage (loading, cleaning, segmentation, indicators):
items are sent to a process pool in chunks, results come back in input order,
and a tqdm bar shows progress once the work is large enough to need one.
Small inputs run in-process, because starting workers costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool is not worth starting.
MIN_ITEMS_FOR_WORKERS = 64
# Below this many items no progress bar is drawn (it would flash and clutter outputs).
MIN_ITEMS_FOR_PROGRESS = 200


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Consecutive runs of at most ``size`` items, in order: the tasks a stage sends to the workers.

    >>> chunks(["甲", "乙", "丙"], 2)
    [['甲', '乙'], ['丙']]
    """
    return [items[start : start + size] for start in range(0, len(items), size)]


def resolve_workers(workers: int | None) -> int:
    """Number of worker processes: None or 0 means every core, negative counts back from it.

    With ``workers=None`` the environment variable ``HELPERS_WORKERS`` (set by
    ``make report WORKERS=n``) decides, so notebooks need no extra argument.
    """
    cores = os.cpu_count() or 1
    if workers is None and os.environ.get("HELPERS_WORKERS", "").strip():
        workers = int(os.environ["HELPERS_WORKERS"])
    if not workers:
        return cores
    if workers < 0:
        return max(1, cores + workers)
    return workers


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
    in-process), e.g. to load a dictionary before the first document arrives.
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
    with ProcessPoolExecutor(max_workers=n_workers, initializer=initializer) as pool:
        results = pool.map(func, items, chunksize=chunksize)
        return list(tqdm(results, total=len(items), desc=desc, disable=not show, leave=False))
