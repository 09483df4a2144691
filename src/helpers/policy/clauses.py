"""Policy documents split into the units coders code: numbered items and the sentences within them.

Chinese official documents number their items by a fixed set of styles (GB/T 9704 and common practice):
第一章 / 第一条 in regulations, 一、 for sections, （一） for items, 1. or 1、 for points, （1） and ① below
them. Which style sits under which is read from the document (the first style met opens a level, a style
seen before closes every level under it), so an item's path is that of the items that enclose it,
``二.（三）.2``. Within an item, clauses are its sentences, split after 。！？ and ；.

    >>> text = "一、总体要求\\n（一）加大资金投入。落实税收优惠；\\n1.建设平台。"
    >>> [(c.item, c.text) for c in split_clauses(text)]
    [('一', '总体要求'), ('一.（一）', '加大资金投入。'), ('一.（一）', '落实税收优惠；'), ('一.（一）.1', '建设平台。')]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import stored
from helpers.cache import Cache, columns_digest, stage_key
from helpers.stored_table import StoredTable

_CN = "一二三四五六七八九十百零〇"
# One pattern per numbering style, in no particular order: levels come from the order a document uses them.
# Each captures the number itself; arabic numbers stop before a digit (1.5亿 is a number, not an item).
NUMBERING = {
    "chapter": re.compile(rf"第([{_CN}\d]{{1,4}})章(?=[\s\u3000]|$)"),
    "article": re.compile(rf"第([{_CN}\d]{{1,4}})条(?=[\s\u3000]|$)"),
    "chinese": re.compile(rf"([{_CN}]{{1,3}})[、．.]"),
    "paren_chinese": re.compile(rf"[（(]([{_CN}]{{1,3}})[）)]"),
    "arabic": re.compile(r"(\d{1,2})(?:[.．](?!\d)|、)"),
    "paren_arabic": re.compile(r"[（(](\d{1,2})[）)]"),
    "circled": re.compile(r"([①-⑳])"),
}
# How a number is written in the item path.
LABELS = {
    "chapter": "第{}章",
    "article": "第{}条",
    "chinese": "{}",
    "paren_chinese": "（{}）",
    "arabic": "{}",
    "paren_arabic": "（{}）",
    "circled": "{}",
}
# A sentence runs to 。！？ or ； (with closing quotes and brackets after them) or to the end of the line.
SENTENCE = re.compile(r"[^。！？；!?;]+(?:[。！？；!?;]+[”’」』）)\"']*)?|[。！？；!?;]+")
SPACES = " \t\u3000\xa0"
# The document's columns each clause carries, so shares by group need no join.
CARRIED_COLUMNS = ("title", "date", "year", "province", "city", "issuer")
# The cache's kind for clause tables, and the name of the one table an entry holds.
KIND = "clauses"
# A numbered line this short without a sentence end is a heading (一、总体要求), not a measure.
HEADING_MAX_CHARS = 30


@dataclass(frozen=True)
class Clause:
    """One coding unit: its item path (empty before the first numbered item), its text, whether it is a heading."""

    item: str
    text: str
    heading: bool = False


def numbering(text: str) -> tuple[str, str, str] | None:
    """``(style, label, rest)`` when ``text`` opens with an item number, else None.

    >>> numbering("（三）建立健全机制"), numbering("1.5亿元"), numbering("第二条　本办法")
    (('paren_chinese', '（三）', '建立健全机制'), None, ('article', '第二条', '本办法'))
    """
    for style, pattern in NUMBERING.items():
        match = pattern.match(text)
        if match:
            return style, LABELS[style].format(match.group(1)), text[match.end() :].lstrip(SPACES)
    return None


def _enter(stack: list[tuple[str, str]], style: str, label: str) -> None:
    """Open an item: a style already open closes its own level and every level under it."""
    styles = [s for s, _ in stack]
    if style in styles:
        del stack[styles.index(style) :]
    stack.append((style, label))


def _is_heading(line_rest: str, sentences: list[str]) -> bool:
    return len(sentences) == 1 and len(line_rest) <= HEADING_MAX_CHARS and not re.search(r"[。！？；!?;]$", line_rest)


def split_clauses(text: str) -> list[Clause]:
    """The clauses of one document's text, in order (see the module's doctest).

    A number that opens a sentence inside a line (``包括：(1)仪器；(2)材料。``) opens an item too.

    >>> [(c.item, c.text) for c in split_clauses("费用包括：(1)仪器费；(2)材料费。")]
    [('', '费用包括：(1)仪器费；'), ('（2）', '材料费。')]
    """
    clauses: list[Clause] = []
    stack: list[tuple[str, str]] = []
    for raw_line in (text or "").splitlines():
        line = raw_line.strip(SPACES)
        if not line:
            continue
        opened = numbering(line)
        if opened:
            _enter(stack, opened[0], opened[1])
            line = opened[2]
        sentences = [s.strip(SPACES) for s in SENTENCE.findall(line)]
        sentences = [s for s in sentences if s.strip("。！？；!?;”’」』）)\"'")]
        heading = bool(opened) and _is_heading(line, sentences)
        for k, sentence in enumerate(sentences):
            inner = numbering(sentence) if k > 0 else None
            if inner:
                _enter(stack, inner[0], inner[1])
                sentence = inner[2]
                if not sentence:
                    continue
            clauses.append(Clause(".".join(label for _, label in stack), sentence, heading))
    return clauses


def policy_clauses(docs: pd.DataFrame, *, cache: Cache | None = None, lazy: bool = False) -> pd.DataFrame | StoredTable:
    """One row per clause of every document: ``doc_id``, ``item``, ``clause`` (1, 2 … within the document),
    ``text``, ``heading``, and the document's ``title``, ``date``, ``year``, ``province``, ``city``, ``issuer``
    where ``docs`` has them.

    With a ``cache`` the table is written there a batch of documents at a time (kind ``clauses``, keyed on the
    texts, the carried columns and this module) and read back; ``lazy=True`` leaves it there as a
    :class:`~helpers.stored_table.StoredTable`, which :func:`code_instruments` reads a batch at a time, so a
    notebook never holds the clauses of a large corpus.

    >>> docs = pd.DataFrame({"doc_id": ["d1"], "year": [2019], "text": ["一、加大资金投入。\\n（一）落实税收优惠。"]})
    >>> policy_clauses(docs)[["doc_id", "item", "clause", "text", "year"]].to_dict("records")[1]
    {'doc_id': 'd1', 'item': '一.（一）', 'clause': 2, 'text': '落实税收优惠。', 'year': 2019}
    """
    if cache is None and lazy:
        raise ValueError("policy_clauses(lazy=True) leaves the clauses in a cache: give it cache=…")
    carried = [c for c in CARRIED_COLUMNS if c in docs.columns]
    if cache is None:
        parts = list(_clause_batches(docs, carried))
        return pd.concat(parts, ignore_index=True) if parts else _empty_clauses(carried)
    key = clauses_cache_key(docs, carried)
    path = cache.stored_path(KIND, key, KIND)
    if path is None:
        batches = _clause_batches(docs, carried)
        first = next(batches, _empty_clauses(carried))  # a corpus without clauses still gets its columns
        chunks = ({KIND: batch} for batch in itertools.chain([first], batches))
        path = cache.write_table_chunks(KIND, key, chunks) / f"{KIND}.parquet"
    return StoredTable(path) if lazy else stored.read_table(path)


def clauses_cache_key(docs: pd.DataFrame, carried: list[str]) -> str:
    """What the clauses of ``docs`` depend on: the texts, the ids and carried columns, this module."""
    ids = docs["doc_id"].astype("str")
    return stage_key(
        KIND,
        [Path(__file__)],
        stored.texts_digest(docs),
        columns_digest(
            carried, [str(docs[name].dtype) for name in carried], ids, *(docs[name].astype("str") for name in carried)
        ),
    )


def _clause_batches(docs: pd.DataFrame, carried: list[str]) -> Iterator[pd.DataFrame]:
    """The clauses of a batch of documents at a time, its texts read back from the stored table when the frame
    has none."""
    start = 0
    for texts in stored.column_batches(docs, "text", stored.BATCH_ROWS):
        rows: dict[str, list] = {"position": [], "item": [], "clause": [], "text": [], "heading": []}
        for position, text in enumerate(texts, start):
            for number, found in enumerate(split_clauses(text if isinstance(text, str) else ""), 1):
                for name, value in zip(rows, (position, found.item, number, found.text, found.heading)):
                    rows[name].append(value)
        start += len(texts)
        owners = docs.iloc[rows.pop("position")].reset_index(drop=True)  # the columns keep their types
        part = pd.DataFrame({"doc_id": owners["doc_id"], **rows, **{c: owners[c] for c in carried}})
        yield part.astype({"clause": "int64", "heading": bool, "text": "str", "item": "str"})


def _empty_clauses(carried: list[str]) -> pd.DataFrame:
    columns = ["doc_id", "item", "clause", "text", "heading", *carried]
    return pd.DataFrame({c: pd.Series(dtype={"clause": "int64", "heading": bool}.get(c, object)) for c in columns})
