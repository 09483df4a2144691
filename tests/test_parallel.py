"""Local worker pools: started by a fork server (not forks of the caller), in order, warmed, bounded."""

from __future__ import annotations

import helpers.parallel as parallel
from helpers.parallel import map_documents, map_stream, worker_context

# set by the initializer in each worker (and in this process when running in-process)
_WARMED: list[str] = []


def _warm() -> None:
    _WARMED.append("warm")


def _warmed_and_length(text: str) -> tuple[int, int]:
    return len(_WARMED), len(text)


def _caller_state(_: object) -> int:
    return parallel.MIN_ITEMS_FOR_PROGRESS


def test_workers_come_from_a_fork_server_not_from_the_caller(monkeypatch):
    assert worker_context().get_start_method() == "forkserver"
    # a forked worker would see the caller's changed module state; one from the fork server imports afresh
    original = parallel.MIN_ITEMS_FOR_PROGRESS
    monkeypatch.setattr(parallel, "MIN_ITEMS_FOR_PROGRESS", -1)
    assert map_documents(_caller_state, range(8), workers=2, min_items=2) == [original] * 8
    assert map_documents(_caller_state, range(8), workers=1) == [-1] * 8


def test_the_initializer_warms_every_worker_and_results_keep_their_order():
    texts = ["党建" * (i % 7) for i in range(100)]
    results = map_documents(_warmed_and_length, texts, workers=2, initializer=_warm, chunksize=3)
    assert [length for _, length in results] == [len(t) for t in texts]
    assert all(warmed == 1 for warmed, _ in results)  # once per worker, before its first item


def test_a_stream_reads_its_items_only_as_workers_take_them():
    read: list[int] = []

    def items():
        for i in range(40):
            read.append(i)
            yield "党" * i

    stream = map_stream(len, items(), workers=2, pending_per_worker=2)
    assert next(stream) == 0
    assert len(read) <= 2 * 2 + 1  # what is in flight, not the whole stream
    assert [0, *stream] == list(range(40))
