"""Files of any encoding → the raw table: one row per document file, nothing dropped.

    raw = load_corpus("seeds")
    raw[["doc_id", "encoding", "problem"]].head(2)

A file that cannot be read still gets its row, with empty ``text_raw`` and a
``problem`` in plain words, and a warning names it; the rest of the corpus loads.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from pathlib import Path

import pandas as pd

from helpers.config import display_path
from helpers.corpus.decode import normalise_newlines
from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.find import document_items, find_documents
from helpers.corpus.formats import extract
from helpers.corpus.tasks import FileChunk, TableBatch, is_table, reading_tasks
from helpers.parallel import MIN_ITEMS_FOR_PROGRESS, map_stream

# Table files of this many bytes in all are read with a progress bar.
LARGE_TABLES_BYTES = 5_000_000
# Every raw table has these; a table corpus adds ``row`` (the record's number in its file) and its own columns.
RAW_COLUMNS = [
    *["doc_id", "path", "suffix", "reader", "n_bytes", "n_pages", "encoding", "text_raw", "problem", "notice"],
    *["ocr_pages", "ocr_confidence", "ocr_lines"],
]
# The raw table's columns that are not text, and their types.
NUMBER_TYPES = {"n_bytes": "int64", "n_pages": "Int64", "ocr_pages": "Int64", "ocr_confidence": "float64"}


def read_bytes_or_none(path: Path | str) -> bytes | None:
    """A file's bytes, or None when it cannot be read (:func:`read_document` then says why)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


# A row no page of which was read by OCR.
NOT_OCR = {"ocr_pages": None, "ocr_confidence": math.nan, "ocr_lines": ""}


def ocr_columns(pages: int, lines: tuple[tuple[int, float, str], ...]) -> dict:
    """A row's OCR columns: pages read by OCR, the mean line confidence, and every line as
    ``page\\tconfidence\\ttext`` (one a line), for the notebook to list the least certain.

    >>> ocr_columns(1, ((1, 0.99, "关于加强基层党建的通知"), (1, 0.61, "各乡镇党委")))
    {'ocr_pages': 1, 'ocr_confidence': 0.8, 'ocr_lines': '1\\t0.99\\t关于加强基层党建的通知\\n1\\t0.61\\t各乡镇党委'}
    """
    if not pages:
        return dict(NOT_OCR)
    confidences = [confidence for _, confidence, _ in lines]
    return {
        "ocr_pages": pages,
        "ocr_confidence": round(sum(confidences) / len(confidences), 3) if confidences else math.nan,
        "ocr_lines": "\n".join(f"{page}\t{confidence:g}\t{text}" for page, confidence, text in lines),
    }


def read_document(path: Path | str, data: bytes | None = None, *, shown: str | None = None) -> dict:
    """One raw-table row for one file (``data``: its bytes, when already read; ``shown``: its path as
    shown, when known); never raises for a bad file."""
    path = Path(path)
    row = {
        "doc_id": path.stem,
        "path": display_path(path) if shown is None else shown,
        "suffix": path.suffix.lower(),
        "n_bytes": 0,
        "encoding": "",
        "text_raw": "",
        "problem": "",
        "reader": "",
        "n_pages": None,
        "notice": "",
        **NOT_OCR,
    }
    try:
        data = path.read_bytes() if data is None else data
        row["n_bytes"] = len(data)
        extracted = extract(row["suffix"], data)
        row.update(reader=extracted.reader, encoding=extracted.encoding, n_pages=extracted.n_pages)
        row["notice"] = extracted.notice
        row.update(ocr_columns(extracted.ocr_pages, extracted.ocr_lines))
        text = normalise_newlines(extracted.text).replace("\x00", "")
        if not text.strip():
            raise UnreadableFile(f"no text in the file ({extracted.reader} reader)")
        row["text_raw"] = text
    except UnreadableFile as problem:
        row["problem"] = str(problem)
    except OSError as error:
        row["problem"] = f"cannot read file: {error.strerror or error}"
    return row


def load_corpus(corpus: Path | str, *, workers: int | None = None) -> pd.DataFrame:
    """The raw table of a corpus: a folder (every file under it) or a single file.

    One row per document: a document file's, or each record of a table file
    (CSV, Excel, JSON Lines, Parquet …, whose other columns come along as metadata).
    Columns: ``doc_id`` (file stem, or the record's id), ``path``, ``suffix``,
    ``reader`` (how the text was obtained), ``n_bytes``, ``n_pages`` (PDF),
    ``encoding``, ``text_raw`` (line endings normalised), ``problem`` (empty when
    fine; else why the file has no text), ``notice`` (what a reader should know,
    such as pages left out), ``ocr_pages`` (pages read by OCR: scans, page images), ``ocr_confidence``
    (their lines' mean recognition confidence, NaN when no page was), ``ocr_lines`` (every OCR'd line as
    ``page\\tconfidence\\ttext``). Files on disk are only read, never written.
    """
    paths = find_documents(corpus)
    if not paths:
        warn_no_documents(corpus)
        return empty_raw_table()
    items = document_items(paths, corpus)
    tables = map_stream(
        read_task,
        reading_tasks(items),
        workers=workers,
        desc="loading",
        show_progress=len(paths) >= MIN_ITEMS_FOR_PROGRESS or large_tables(paths),
    )
    raw = tidy_raw_table(pd.concat(list(tables), ignore_index=True))
    warn_problems(raw)
    return raw


def large_tables(paths: list[Path]) -> bool:
    """Tables large enough that reading them deserves a progress bar (their row count is unknown in advance)."""
    return sum(path.stat().st_size for path in paths if is_table(path)) >= LARGE_TABLES_BYTES


def read_task(task: FileChunk | TableBatch) -> pd.DataFrame:
    """The raw-table rows of one reading task: its files read here, or its table records as rows."""
    if isinstance(task, FileChunk):
        return read_documents(list(task.items))
    return records_frame([record_row(record, task.shown, task.suffix) for record in task.records], None)


def record_row(record: dict, shown: str, suffix: str) -> dict:
    """A table record as a raw-table row: the row's own fields, then the record's columns."""
    text = record.get("text_raw") or ""
    own = {
        "doc_id": record["doc_id"],
        "path": shown,
        "suffix": suffix,
        "reader": "table",
        "n_bytes": len(text.encode("utf-8")),
        "n_pages": None,
        "encoding": record.get("encoding", ""),
        "text_raw": text,
        "problem": record.get("problem", ""),
        "notice": "",
        **NOT_OCR,
    }
    return own | {key: value for key, value in record.items() if key not in own}


def tidy_raw_table(raw: pd.DataFrame) -> pd.DataFrame:
    """The raw table with its own columns first and typed, and no missing values in text columns
    (a file's row has no table columns: they read empty, not NaN)."""
    extra = [column for column in raw.columns if column not in RAW_COLUMNS]
    types = NUMBER_TYPES | {"row": "Int64"}
    # column by column: three passes of DataFrame.astype over the whole frame cost a chunk's reading as much again
    return pd.DataFrame(
        {
            name: raw[name].astype(types[name])
            if name in types
            else raw[name].astype("object").fillna("").astype("str")
            for name in [*RAW_COLUMNS, *extra]
        },
        index=raw.index,
    )


def read_documents(items: list[tuple[Path, str, str]], contents: list[bytes | None] | None = None) -> pd.DataFrame:
    """The raw table of the given ``(path, doc_id, shown path)`` items, read in this process (one chunk);
    ``contents``: the files' bytes where already read (None: read here)."""
    contents = contents if contents is not None else [None] * len(items)
    return tidy_raw_table(
        records_frame([_read_with_id(item, data) for item, data in zip(items, contents)], RAW_COLUMNS)
    )


def records_frame(rows: list[dict] | list[tuple], columns: list[str] | None) -> pd.DataFrame:
    """A frame of rows (dicts, or tuples in column order), the same as ``pd.DataFrame(rows, columns=columns)``
    but built column by column, which costs pandas a third of its row-by-row inference.
    ``columns=None``: every key of the dicts, in the order first seen."""
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    if not rows:
        return pd.DataFrame(rows, columns=columns)
    if isinstance(rows[0], dict):
        return pd.DataFrame({column: [row.get(column, math.nan) for row in rows] for column in columns})
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"rows must have {len(columns)} fields ({', '.join(columns)})")
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows)))))


def _read_with_id(item: tuple[Path, str, str], data: bytes | None = None) -> dict:
    path, doc_id, shown = item
    return read_document(path, data, shown=shown) | {"doc_id": doc_id}


def empty_raw_table() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in RAW_COLUMNS}).astype(NUMBER_TYPES)


def warn_no_documents(corpus: Path | str) -> None:
    warnings.warn(f"no files (hidden ones aside) in {display_path(corpus)}", stacklevel=_caller_level())


def warn_problems(raw: pd.DataFrame) -> None:
    """One warning per unreadable file, naming it and the reason."""
    for row in raw.loc[raw["problem"] != ""].itertuples():
        warnings.warn(f"{row.path}: {row.problem}", stacklevel=_caller_level())


def _caller_level() -> int:
    """The ``stacklevel`` of the first caller outside this package, so a warning points at the user's
    code (a notebook cell), not at a helper's absolute path, whichever helper reached this one."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # helpers/, every stage in it
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level
