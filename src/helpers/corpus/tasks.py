"""A corpus as a stream of reading tasks: chunks of document files, and batches of a table's records.

A document file is read where its task runs (a worker reads its own chunk of
files, so their bytes are never sent to it). A table is read here, batch by
batch, so a table of 100,000 rows is never held whole; each batch travels to a
worker as records. Every record gets a ``doc_id`` unique in the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.tables import TABLE_SUFFIXES, iter_table_records

# Files per chunk: large enough to amortise a task, small enough to balance the workers.
CHUNK_FILES = 64
# A page-layout file (PDF, OFD, Word) costs about as much to read as this many text files (a 10-page PDF
# 185 ms against a text file's 0.8 ms, benchmarks/RESULTS.md), so a chunk holds fewer of them and a few dozen
# PDFs still reach every worker.
SLOW_FILE_WEIGHT = 16
SLOW_SUFFIXES = frozenset({".pdf", ".ofd", ".docx"})
# A page image is read by OCR, seconds a page (a scanned PDF's pages too, but a PDF is rarely a scan): each
# image is a chunk of its own, so the workers share them out.
OCR_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
# Records per table batch: about a chunk of files' worth of work.
TABLE_BATCH_ROWS = 500

Item = tuple[Path, str, str]  # (path, doc_id, path as shown)


@dataclass(frozen=True)
class FileChunk:
    """Document files to read in one task."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class TableBatch:
    """Records of one table file (``shown``: its path as shown), each a document."""

    shown: str
    suffix: str
    records: tuple[dict, ...]


def is_table(path: Path | str) -> bool:
    """A file that holds one document per record (CSV, Excel, JSON Lines, Parquet …), by its suffix."""
    return Path(path).suffix.lower() in TABLE_SUFFIXES


def reading_tasks(items: Iterable[Item]) -> Iterator[FileChunk | TableBatch]:
    """The tasks that read ``items`` in order: runs of document files in chunks, each table in batches."""
    items = list(items)
    taken = {doc_id for path, doc_id, _ in items if not is_table(path)}
    run: list[Item] = []
    weight = 0
    for item in items:
        if not is_table(item[0]):
            run.append(item)
            weight += file_weight(item[0])
            if weight >= CHUNK_FILES:
                yield FileChunk(tuple(run))
                run, weight = [], 0
            continue
        if run:
            yield FileChunk(tuple(run))
            run, weight = [], 0
        yield from table_batches(item, taken)
    if run:
        yield FileChunk(tuple(run))


def file_weight(path: Path | str) -> int:
    """What reading a file costs, in text files: a chunk holds files worth ``CHUNK_FILES``.

    >>> file_weight("通知.pdf"), file_weight("通知.txt"), file_weight("通知.png")
    (16, 1, 64)
    """
    suffix = Path(path).suffix.lower()
    if suffix in OCR_SUFFIXES:
        return CHUNK_FILES
    return SLOW_FILE_WEIGHT if suffix in SLOW_SUFFIXES else 1


def table_batches(item: Item, taken: set[str]) -> Iterator[TableBatch]:
    """A table's records in batches, their ids made unique against ``taken`` (which grows); a table that
    cannot be read (or stops being readable) gives one record that names the reason."""
    path, file_id, shown = item
    suffix = Path(path).suffix.lower()
    try:
        for records in iter_table_records(Path(path), batch_size=TABLE_BATCH_ROWS):
            yield TableBatch(shown, suffix, tuple(_with_unique_id(record, taken, file_id) for record in records))
    except UnreadableFile as problem:
        yield TableBatch(shown, suffix, (_problem_record(file_id, str(problem), taken),))
    except OSError as error:
        yield TableBatch(
            shown, suffix, (_problem_record(file_id, f"cannot read file: {error.strerror or error}", taken),)
        )


def _with_unique_id(record: dict, taken: set[str], file_id: str) -> dict:
    """The record with an id no other document of the corpus has: its own, else prefixed with its file's."""
    doc_id = str(record["doc_id"])
    if doc_id in taken:
        doc_id = f"{file_id}__{doc_id}"
    base, number = doc_id, 1
    while doc_id in taken:
        number += 1
        doc_id = f"{base}_{number}"
    taken.add(doc_id)
    return record if doc_id == record["doc_id"] else {**record, "doc_id": doc_id}


def _problem_record(file_id: str, problem: str, taken: set[str]) -> dict:
    return _with_unique_id({"doc_id": file_id, "text_raw": "", "problem": problem}, taken, file_id)
