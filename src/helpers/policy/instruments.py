"""Each clause coded with the policy instruments whose cue words it contains, and how sure the code is.

A clause gets one row per tool of the codebook whose cues it matches; a clause matching none keeps one
row of type ``uncoded``, so the share of clauses coded (coverage) is visible. The codes are deterministic:
the same clauses and codebook give the same rows.

How ``confidence`` is computed (0.5 to 1.0), from what a human coder looks at:

* 0.5 for a tool whose cue is only mentioned (``资金管理办法另行制定`` mentions funds);
* +0.3 when a cue is the clause's predicate: it follows a directive verb or modal of
  ``data/policy_predicates.txt`` (要, 应当, 加大, 给予, 鼓励 …) in the same comma-bounded phrase, or begins
  with one (``加大投入``), so the clause orders or offers that measure; a heading (``一、资金保障``)
  names a section's topic and never counts as a predicate;
* cited titles (《…》), parentheticals (responsible units, document numbers), the legal basis of a clause
  (根据…规定，) and organ names (财政厅, 知识产权局) are never cues (``data/policy_masks.tsv``);
* +0.1 for each further distinct cue of the same tool, at most +0.2 (``设立专项资金，给予补贴``).

    >>> clauses = pd.DataFrame({"doc_id": ["d"], "item": ["一"], "clause": [1], "text": ["加大财政资金投入，给予补贴。"]})
    >>> code_instruments(clauses)[["tool", "cue", "confidence"]].to_dict("records")
    [{'tool': '资金投入', 'cue': '加大财政资金投入、补贴', 'confidence': 0.9}]
"""

from __future__ import annotations

import collections
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

import helpers.policy.codebook as codebook_module
from helpers import stored
from helpers.cache import Cache, columns_digest, files_digest, stage_key
from helpers.config import data_path, read_data_lines, read_data_table
from helpers.policy.codebook import UNCODED, Codebook, Tool, load_codebook
from helpers.stored_table import StoredTable, as_frame, frames

PREDICATES_FILE = "policy_predicates.txt"
MENTION, PREDICATE_BONUS, EXTRA_CUE_BONUS, MAX_EXTRA_CUES = 0.5, 0.3, 0.1, 2
# What bounds the phrase a directive verb governs.
PHRASE_END = re.compile(r"[，,、：:。！？；!?;（）()]")
CODE_COLUMNS = ["type", "tool", "cue", "confidence"]
# Clauses a worker codes per task: enough to amortise sending it (a clause takes about 60 µs).
CLAUSES_PER_TASK = 2_000
# The cache's kind for code tables, and the name of the one table an entry holds.
KIND = "instruments"
MASKS_FILE = "policy_masks.tsv"


@lru_cache(maxsize=1)
def masks() -> tuple[re.Pattern, re.Pattern]:
    """``(spans to blank, organ-name endings)`` from ``data/policy_masks.tsv``."""
    rows = read_data_table(MASKS_FILE)
    blank = "|".join(f"(?:{row[1]})" for row in rows if row[0] == "mask")
    organ = "|".join(f"(?:{row[1]})" for row in rows if row[0] == "organ")
    return re.compile(blank), re.compile(organ)


def masked(text: str) -> str:
    """``text`` with every span that holds no cue blanked (same length, so positions hold): cited titles in
    《…》, parentheticals, the legal basis of a clause.

    >>> masked("根据《预算法》规定，安排资金（市财政局负责）").replace("\u3000", "·")
    '·········，安排资金········'
    """
    blank, _ = masks()
    return blank.sub(lambda m: "\u3000" * len(m.group(0)), text)


def names_an_organ(text: str, end: int) -> bool:
    """Whether the cue ending at ``end`` is part of an organ's name (财政厅, 技术推广中心).

    >>> names_an_organ("省知识产权局、省商务厅", 5), names_an_organ("保护知识产权，", 6)
    (True, False)
    """
    return masks()[1].match(text, end) is not None


@lru_cache(maxsize=1)
def predicate_words() -> re.Pattern:
    """The directive verbs and modals of ``data/policy_predicates.txt`` as one pattern, longest first."""
    words = sorted({w.strip() for w in read_data_lines(PREDICATES_FILE) if w.strip()}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _phrase_start(text: str, pos: int) -> int:
    ends = [m.end() for m in PHRASE_END.finditer(text, 0, pos)]
    return ends[-1] if ends else 0


def in_predicate(text: str, start: int, end: int) -> bool:
    """Whether the cue at ``text[start:end]`` follows (or opens with) a directive verb in its phrase.

    >>> in_predicate("要加大资金投入", 4, 6), in_predicate("资金使用情况，报财政局", 0, 2)
    (True, False)
    """
    predicates = predicate_words()
    return bool(predicates.search(text, _phrase_start(text, start), start) or predicates.match(text, start, end))


def tool_matches(tool: Tool, text: str) -> list[re.Match]:
    """Matches of a tool's cues in a text, the first of each distinct matched string, in order."""
    seen: dict[str, re.Match] = {}
    for match in tool.cues.finditer(text):
        if match.group(0) and not names_an_organ(text, match.end()):
            seen.setdefault(match.group(0), match)
    return list(seen.values())


def confidence(matches: list[re.Match], text: str, heading: bool = False) -> float:
    """The confidence of a code from its cue matches (see the module's docstring).

    >>> text = "鼓励金融机构提供贷款"
    >>> confidence(list(re.finditer("金融|贷款", text)), text)
    0.9
    """
    predicate = not heading and any(in_predicate(text, m.start(), m.end()) for m in matches)
    extra = min(MAX_EXTRA_CUES, len(matches) - 1)
    return round(min(1.0, MENTION + PREDICATE_BONUS * predicate + EXTRA_CUE_BONUS * extra), 2)


def code_clause(text: str, book: Codebook, heading: bool = False) -> list[dict]:
    """``type``, ``tool``, ``cue`` (the matched strings, joined by 、) and ``confidence`` of each tool a clause
    matches, in the codebook's order; one ``uncoded`` code when none does.

    >>> [c["tool"] for c in code_clause("对首台套产品实行政府采购，并开展示范应用。", load_codebook())]
    ['政府采购', '示范试点']
    """
    codes = []
    text = masked(text)
    for tool in book.tools:
        matches = tool_matches(tool, text)
        if matches:
            cue = "、".join(m.group(0) for m in matches)
            codes.append({"type": tool.type, "tool": tool.name, "cue": cue,
                          "confidence": confidence(matches, text, heading)})  # fmt: skip
    return codes or [{"type": UNCODED, "tool": UNCODED, "cue": "", "confidence": 0.0}]


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
    sources = [Path(__file__), Path(codebook_module.__file__), data_path(PREDICATES_FILE), data_path(MASKS_FILE)]
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
    """What the codes of ``clauses`` depend on: a stored table's bytes, else its columns' values."""
    if isinstance(clauses, StoredTable):
        return files_digest([clauses.path])
    return columns_digest(list(clauses.columns), *(clauses[name] for name in clauses.columns))


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
    """Worker: the codes of a batch of clauses, as their clauses' positions in the batch and typed columns (what
    the parent keeps of two million clauses: a dict per code would cost it 1.1 GB more)."""
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
