"""The code table of a corpus: every clause coded (:func:`helpers.policy.instruments.code_clause`) in worker
processes, a task of clauses at a time, and, given a :class:`helpers.cache.Cache`, kept there as the codes come.

    >>> clauses = pd.DataFrame({"doc_id": ["d"], "item": ["一"], "clause": [1], "text": ["加大财政资金投入，给予补贴。"]})
    >>> code_instruments(clauses, workers=1)[["tool", "cue", "confidence"]].to_dict("records")
    [{'tool': '资金投入', 'cue': '加大财政资金投入、补贴', 'confidence': 0.9}]
"""

from __future__ import annotations

import collections
import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

import helpers.policy.codebook as codebook_module
import helpers.policy.instruments as instruments_module
from helpers import stored
from helpers.cache import Cache, columns_digest, stage_key
from helpers.config import data_path
from helpers.policy.codebook import Codebook, load_codebook
from helpers.policy.instruments import CODE_COLUMNS, MASKS_FILE, PREDICATES_FILE, code_clause
from helpers.stored_table import StoredTable, as_frame, frames

# Clauses a worker codes per task: enough to amortise sending it, few enough to keep both cores busy to the end.
CLAUSES_PER_TASK = 2_000
# The cache's kind for code tables, and the name of the one table an entry holds.
KIND = "instruments"


def code_instruments(
    clauses: pd.DataFrame | StoredTable,
    codebook: Codebook | str | Path | None = None,
    *,
    workers: int | None = None,
    cache: Cache | None = None,
    lazy: bool = False,
) -> pd.DataFrame | StoredTable:
    """One row per clause and matched tool: the clause's columns (``doc_id``, ``item``, ``clause``, ``text`` …)
    then ``type`` (supply/environment/demand, or ``uncoded``), ``tool``, ``cue`` and ``confidence``.

    ``clauses`` is :func:`policy_clauses`'s table, held or left in its cache file (``lazy=True``: read a batch
    at a time); ``codebook`` a path to a codebook file of the bundled one's columns, or None for
    ``data/policy_instruments.tsv``. ``workers``: processes to code in (None: every core; 1: this process).
    With a ``cache`` the codes are written there as they come (kind ``instruments``, keyed on the clauses,
    the codebook and this code) and read back; ``lazy=True`` leaves them there as a
    :class:`~helpers.stored_table.StoredTable`, which :func:`instrument_shares`, :func:`coding_coverage`
    and :func:`export_coding_sheet` read a batch at a time.
    """
    if cache is None and lazy:
        raise ValueError("code_instruments(lazy=True) leaves the codes in a cache: give it cache=…")
    book = load_codebook(codebook)
    if cache is None:
        parts = list(_coded_parts(clauses, book, workers))
        return pd.concat(parts, ignore_index=True) if parts else _empty_codes(clauses)
    sources = [Path(__file__), Path(instruments_module.__file__), Path(codebook_module.__file__),
               data_path(PREDICATES_FILE), data_path(MASKS_FILE)]  # fmt: skip
    tools = [(tool.type, tool.name, tool.cues.pattern) for tool in book.tools]
    key = stage_key(KIND, sources, _clauses_digest(clauses), tools)
    path = cache.stored_path(KIND, key, KIND)
    if path is None:
        parts = _coded_parts(clauses, book, workers)
        first = next(parts, None)
        first = _empty_codes(clauses) if first is None else first  # no clauses: still the codes' columns
        chunks = ({KIND: part} for part in itertools.chain([first], parts))
        path = cache.write_table_chunks(KIND, key, chunks) / f"{KIND}.parquet"
    return StoredTable(path) if lazy else stored.read_table(path)


def _clauses_digest(clauses: pd.DataFrame | StoredTable) -> str:
    """What the codes of ``clauses`` depend on: a stored table's bytes (read a block at a time), else its columns'
    names, types and values."""
    if isinstance(clauses, StoredTable):
        with clauses.path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    names = list(clauses.columns)
    return columns_digest(names, [str(clauses[name].dtype) for name in names], *(clauses[name] for name in names))


def _coded_parts(clauses: pd.DataFrame | StoredTable, book: Codebook, workers: int | None) -> Iterator[pd.DataFrame]:
    """The codes of :data:`CLAUSES_PER_TASK` clauses at a time, coded in the workers, in the clauses' order."""
    from helpers.parallel import MIN_ITEMS_FOR_PROGRESS, map_stream

    in_flight: collections.deque[pd.DataFrame] = collections.deque()  # the clauses of the tasks not yet back

    def tasks() -> Iterator[tuple[list, list, Codebook]]:
        for batch in frames(clauses):
            for start in range(0, len(batch), CLAUSES_PER_TASK):
                part = batch.iloc[start : start + CLAUSES_PER_TASK]
                in_flight.append(part)
                headings = part["heading"] if "heading" in part.columns else pd.Series(False, index=part.index)
                yield stored.read_column(part, "text").tolist(), headings.tolist(), book

    show = len(clauses) >= MIN_ITEMS_FOR_PROGRESS * CLAUSES_PER_TASK
    for positions, codes in map_stream(_code_batch, tasks(), workers=workers, desc="政策工具编码", show_progress=show):
        yield _with_codes(in_flight.popleft().iloc[positions], codes)


def _empty_codes(clauses: pd.DataFrame | StoredTable) -> pd.DataFrame:
    """The codes of a table without clauses: its columns and the codes'."""
    return _with_codes(as_frame(clauses).iloc[:0], _code_columns([]))


def _code_batch(task: tuple[list, list, Codebook]) -> tuple[np.ndarray, dict[str, pd.api.extensions.ExtensionArray]]:
    """Worker: the codes of a batch of clauses, as their clauses' positions in the batch and typed columns (so the
    parent never holds a dict per code)."""
    texts, headings, book = task
    positions: list[int] = []
    codes: list[dict] = []
    for position, (text, heading) in enumerate(zip(texts, headings)):
        found = code_clause(text if isinstance(text, str) else "", book, bool(heading))
        positions.extend([position] * len(found))
        codes.extend(found)
    return np.asarray(positions, dtype=np.int64), _code_columns(codes)


def _code_columns(codes: list[dict]) -> dict[str, pd.api.extensions.ExtensionArray]:
    return {name: pd.array([code[name] for code in codes], dtype="float64" if name == "confidence" else "str")
            for name in CODE_COLUMNS}  # fmt: skip


def _with_codes(base: pd.DataFrame, codes: dict) -> pd.DataFrame:
    """The clauses' rows (one per code) followed by the code columns."""
    base = base.reset_index(drop=True)
    found = pd.DataFrame(codes, index=base.index)
    return pd.concat([base.drop(columns=[c for c in CODE_COLUMNS if c in base.columns]), found], axis=1)
