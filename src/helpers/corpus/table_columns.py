"""A table corpus's columns: which holds the text, which the record ids, which metadata the suite knows under
another name (标题 → title); and each cell's value as the string a document carries.

The names and their roles live in ``data/table_columns.tsv``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

from helpers.config import read_data_table
from helpers.corpus.decode import normalise_newlines
from helpers.corpus.extracted import UnreadableFile

CANONICAL_NAMES = (
    "title",
    "date",
    "year",
    "province",
    "city",
    "county",
    "issuer",
    "doc_number",
    "url",
    "source",
    "author",
)
ROLES = ("text", "id", "date_word", *CANONICAL_NAMES)
# Columns of the raw table a record becomes; a table's own column of one of these names is carried as table_<name>.
RESERVED_NAMES = frozenset(
    {"doc_id", "row", "text_raw", "problem", "path", "suffix", "reader", "n_bytes", "encoding", "n_pages", "notice"}
    | {"sheet"}
)
# A column guessed to hold the text (no known name) must average this many characters in the first rows:
# shorter ones are labels, dates or document numbers (国函〔2023〕98号), not documents.
MIN_GUESSED_TEXT_CHARS = 20
_URL = re.compile(r"(?:https?|ftp)://|www\.", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"[\s\-.]+")
# Excel counts days from 1899-12-30 (1900 date system); 10000–80000 is 1927–2119, the span of policy documents.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_DAYS = range(10_000, 80_000)


@dataclass(frozen=True)
class KnownNames:
    """Normalised column names by role, in the data file's order."""

    text: tuple[str, ...]
    ids: tuple[str, ...]
    date_words: tuple[str, ...]
    canonical: Mapping[str, tuple[str, int]]  # synonym → (canonical name, rank: lower wins)


@lru_cache(maxsize=1)
def known_names() -> KnownNames:
    by_role: dict[str, list[str]] = {role: [] for role in ROLES}
    for row in read_data_table("table_columns.tsv"):
        if len(row) != 2 or row[0] not in by_role or not row[1].strip():
            raise ValueError(f"data/table_columns.tsv: expected 'role<TAB>name' with a role from {ROLES}, got {row}")
        by_role[row[0]].append(normalise_name(row[1]))
    canonical = {name: (name, -1) for name in CANONICAL_NAMES}
    rank = 0
    for role in CANONICAL_NAMES:
        for name in by_role[role]:
            canonical.setdefault(name, (role, rank := rank + 1))
    return KnownNames(tuple(by_role["text"]), tuple(by_role["id"]), tuple(by_role["date_word"]), canonical)


def normalise_name(name: str) -> str:
    """A column name as the data file lists it: trimmed, case folded, spaces, hyphens and dots read as ``_``.

    >>> normalise_name(" Full-Text "), normalise_name("发布 日期")
    ('full_text', '发布_日期')
    """
    return _NAME_SEPARATORS.sub("_", name.strip()).casefold()


def header_names(cells: Sequence[object]) -> list[str]:
    """A header row's column names: each cell as text, an empty one named by its position, a repeated one numbered.

    >>> header_names(["标题", "", "标题", 2019.0])
    ['标题', 'column_2', '标题_2', '2019']
    """
    names: list[str] = []
    for position, cell in enumerate(cells, 1):
        name = cell_text(cell) or f"column_{position}"
        unique, number = name, 2
        while unique in names:
            unique, number = f"{name}_{number}", number + 1
        names.append(unique)
    return names


@dataclass
class TableColumns:
    """The roles of one table's columns.

    ``metadata`` maps each other column to its name in the documents; a column first met after the first rows
    (a later JSON line's new key) is named on the way by :meth:`carried`.
    """

    text: str
    id: str | None
    metadata: dict[str, str] = field(default_factory=dict)
    _carried: dict[str, tuple[str, bool] | None] = field(default_factory=dict, repr=False)

    def carried(self, column: str) -> tuple[str, bool] | None:
        """``(name in the documents, whether its numbers are dates)`` of a metadata column; None for text and id."""
        if column not in self._carried:
            self._carried[column] = (
                None if column in (self.text, self.id) else (self.output_name(column), self.is_date(column))
            )
        return self._carried[column]

    def output_name(self, column: str) -> str:
        if column not in self.metadata:
            self.metadata.update(metadata_names([column], taken=set(self.metadata.values())))
        return self.metadata[column]

    def is_date(self, column: str) -> bool:
        name = normalise_name(column)
        return self.metadata.get(column) == "date" or any(word in name for word in known_names().date_words)

    def drop_id(self) -> None:
        """The id column's values are not usable as doc_ids: carry it as metadata instead."""
        if self.id is not None:
            self.output_name(self.id)
            self.id = None
            self._carried.clear()


def table_columns(names: Sequence[str], sample: Sequence[Mapping[str, object]]) -> TableColumns:
    """The text, id and metadata columns of a table with these column ``names``, judged on its first rows.

    >>> columns = table_columns(["编号", "标题", "正文内容", "年度"], [{"正文内容": "为深入贯彻落实……"}])
    >>> columns.text, columns.id, columns.metadata
    ('正文内容', '编号', {'标题': 'title', '年度': 'year'})
    """
    known = known_names()
    text = text_column(names, sample)
    ids = [name for name in names if name != text and normalise_name(name) in known.ids]
    id_column = min(ids, key=lambda name: known.ids.index(normalise_name(name))) if ids else None
    others = [name for name in names if name not in (text, id_column)]
    return TableColumns(text, id_column, metadata_names(others))


def text_column(names: Sequence[str], sample: Sequence[Mapping[str, object]]) -> str:
    """The column named as a text column (the longest of several), else the longest column of prose.

    >>> text_column(["url", "title"], [{"url": "https://www.gov.cn/zhengce/content_6905142.htm", "title": "国务院关于《江西省国土空间规划（2021—2035年）》的批复"}])
    'title'
    """
    known = known_names()
    named = [name for name in names if normalise_name(name) in known.text]
    if named:
        return max(named, key=lambda name: (mean_length(sample, name), -known.text.index(normalise_name(name))))
    prose = [name for name in names if normalise_name(name) not in known.ids and reads_as_prose(sample, name)]
    if not prose:
        raise UnreadableFile(
            f"no text column: none named {', '.join(known.text[:3])}, 正文, 内容 … "
            f"and no column of text averaging {MIN_GUESSED_TEXT_CHARS} characters"
        )
    return max(prose, key=lambda name: mean_length(sample, name))


def mean_length(sample: Sequence[Mapping[str, object]], column: str) -> float:
    lengths = [len(value) if isinstance(value, str) else 0 for value in (record.get(column) for record in sample)]
    return sum(lengths) / len(lengths) if lengths else 0.0


def reads_as_prose(sample: Sequence[Mapping[str, object]], column: str) -> bool:
    """Strings, mostly not web addresses, long enough on average to be documents."""
    values = [record.get(column) for record in sample]
    filled = [value for value in values if value not in (None, "")]
    strings = [value for value in filled if isinstance(value, str)]
    return (
        len(strings) * 2 > len(filled)
        and sum(bool(_URL.match(value.strip())) for value in strings) * 2 <= len(strings)
        and mean_length(sample, column) >= MIN_GUESSED_TEXT_CHARS
    )


def metadata_names(columns: Sequence[str], taken: AbstractSet[str] = frozenset()) -> dict[str, str]:
    """Each column's name in the documents: the canonical name of a known synonym (a column named exactly so, else
    the best-ranked synonym, wins), else its own; a raw-table column's name (``path``) is prefixed ``table_``.

    >>> metadata_names(["Date", "发布日期", "Link", "省份", "path"])
    {'Date': 'date', '发布日期': '发布日期', 'Link': 'url', '省份': 'province', 'path': 'table_path'}
    """
    canonical = known_names().canonical
    claims = sorted(
        (canonical[normalise_name(column)][1], position, column)
        for position, column in enumerate(columns)
        if normalise_name(column) in canonical
    )
    named: dict[str, str] = {}
    used = set(taken)
    for _, _, column in claims:
        name = canonical[normalise_name(column)][0]
        if name not in used:
            named[column], used = name, used | {name}
    for column in columns:
        if column not in named:
            own = column.strip() or "column"
            named[column] = f"table_{own}" if own in RESERVED_NAMES or own in used else own
            used.add(named[column])
    return {column: named[column] for column in columns}


def cell_text(value: object, *, as_date: bool = False) -> str:
    """A cell's value as a document's metadata string: the same type in every row whatever the format stored.

    >>> cell_text(2019.0), cell_text(None), cell_text(" 北京 \\r\\n"), cell_text(dt.datetime(2019, 3, 15, 8, 30))
    ('2019', '', '北京', '2019-03-15')
    >>> cell_text(43539.0, as_date=True), cell_text(20190315, as_date=True), cell_text(["政策", 1])
    ('2019-03-15', '2019-03-15', '["政策", 1]')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return unix_lines(value).strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            return ""
        whole = float(value).is_integer()
        day = number_as_date(int(value)) if as_date and whole else ""
        return day or (str(int(value)) if whole else str(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def unix_lines(text: str) -> str:
    """Line ends normalised (CRLF, CR, U+2028/9 → LF) and NUL bytes dropped; most cells have neither, so look first.

    >>> unix_lines("第一行\\r\\n第二行\\x00")
    '第一行\\n第二行'
    """
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = normalise_newlines(text)
    return text.replace("\x00", "") if "\x00" in text else text


def number_as_date(number: int) -> str:
    """An ISO date from a date column's number: an Excel serial day, or digits written ``YYYYMMDD``; else ``""``.

    >>> number_as_date(45189), number_as_date(20230920), number_as_date(2023)
    ('2023-09-20', '2023-09-20', '')
    """
    if number in _SERIAL_DAYS:
        return (_EXCEL_EPOCH + dt.timedelta(days=number)).isoformat()
    if 10_000_101 <= number <= 99_991_231:
        try:
            return dt.date(number // 10_000, number // 100 % 100, number % 100).isoformat()
        except ValueError:
            return ""
    return ""
