"""Table corpora (CSV, TSV, Excel, JSON, JSON Lines, Parquet) → one record per row, streamed in batches.

    for batch in iter_table_records(Path("reports.jsonl")):
        ...  # each record: doc_id, row, text_raw, problem, and every other column as metadata

Which column holds the text, which the ids and which metadata the suite knows by another name is decided in
:mod:`helpers.corpus.table_columns`; this module reads each format row by row and builds the records.
"""

from __future__ import annotations

import codecs
import csv
import json
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from helpers.corpus.decode import decode_bytes
from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.table_columns import TableColumns, cell_text, header_names, table_columns, unix_lines

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".json", ".jsonl", ".parquet"})

# One row as a format gives it: (row number, {column: value} or None when the row is unreadable, problem).
Row = tuple[int, "dict[str, object] | None", str]

_BOM_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SCAN_BYTES = 1 << 20
# A spreadsheet's header is the first of its first rows with two cells filled: a title row above it
# (2023年政策文件清单, merged across the columns) fills one.
_HEADER_SEARCH_ROWS = 10
# Rows pyarrow decodes at a time: its default (65,536) would hold that many texts at once.
_PARQUET_BATCH_ROWS = 1000


@dataclass
class Sheet:
    """One table of a file (a workbook has one per sheet), read lazily.

    ``header``: the column names, or None when the rows' own keys name them (JSON); ``size``: the number of rows,
    or an upper bound, which row numbers in doc_ids are padded to; ``column``: one column's values read again
    from the start (to check that ids are unique before the first record leaves).
    """

    name: str
    header: list[str] | None
    rows: Iterator[Row]
    size: int
    column: Callable[[str], Iterable[tuple[int, object]]]


def iter_table_records(path: Path, *, batch_size: int = 1000) -> Iterator[list[dict]]:
    """Batches of records, one per row of a table file, never the whole table at once (but see below).

    Each record holds ``doc_id`` (the id column's value when an id column's values are unique in the file, else
    the file's stem and the row number, ``reports-00017``), ``row`` (the record's number in its table, header
    excluded, blank rows counted but not given), ``text_raw`` (the text column's value, line ends normalised),
    ``problem`` (``"row 17: empty text"``, else empty) and every other column, all values as strings; a workbook
    read from more than one sheet adds ``sheet``. CSV, TSV, JSON Lines and Parquet stream; a workbook is held
    by the spreadsheet reader; a JSON array is parsed whole (JSON cannot be read in parts).

    Raises :class:`UnreadableFile` before the first batch for a file without a text column, an empty table, a
    damaged file or a JSON that is not an array of records; a Parquet file damaged or a CSV malformed past its
    first rows raises on the way (the batches before it stand).

    >>> from helpers.config import data_path
    >>> [record] = next(iter_table_records(data_path("examples/cpc-congress-reports.jsonl"), batch_size=1))
    >>> record["doc_id"], record["year"], record["title"], record["text_raw"][:14]
    ('cpc-congress-reports-01', '1921', '北京共产主义组织的报告 (一大)', '同志们，北京共产主义组织仅仅')
    """
    path = Path(path)
    tables, reasons = [], []
    for sheet in _sheets(path):
        first = list(islice(sheet.rows, batch_size))
        sample = [values for _, values, _ in first if values is not None]
        if not first:
            reasons.append(UnreadableFile("empty table: no rows under the header"))
            continue
        header = sheet.header if sheet.header is not None else list(dict.fromkeys(chain.from_iterable(sample)))
        try:
            tables.append((sheet, table_columns(header, sample), chain(first, sheet.rows)))
        except UnreadableFile as reason:
            reasons.append(reason)
    if not tables:
        raise reasons[0] if reasons else UnreadableFile("empty table: no rows")
    _use_unique_ids(tables)
    width = len(str(max(sheet.size for sheet, _, _ in tables)))
    several = len(tables) > 1
    batch: list[dict] = []
    for sheet, columns, rows in tables:
        label = f"{path.stem}-{sheet.name}" if several else path.stem
        for number, values, problem in rows:
            record = _record(number, values, problem, columns, sheet.name if several else "")
            record["doc_id"] = record["doc_id"] or f"{label}-{number:0{width}d}"
            batch.append(record)
            if len(batch) == batch_size:
                yield batch
                batch = []
    if batch:
        yield batch


def _record(number: int, values: dict | None, problem: str, columns: TableColumns, sheet: str) -> dict:
    values = values or {}
    text = values.get(columns.text)
    text = unix_lines(text) if isinstance(text, str) else cell_text(text)
    if not problem and not text.strip():
        problem = f"row {number}: empty text"
    if problem and sheet:
        problem = f"sheet {sheet}, {problem}"
    doc_id = cell_text(values.get(columns.id)) if columns.id is not None else ""
    record = {"doc_id": doc_id, "row": number, "text_raw": text, "problem": problem}
    record |= {name: "" for name in columns.metadata.values()}
    for column, value in values.items():
        if carried := columns.carried(column):
            record[carried[0]] = cell_text(value, as_date=carried[1])
    if sheet:
        record["sheet"] = sheet
    return record


def _use_unique_ids(tables: list[tuple[Sheet, TableColumns, Iterator[Row]]]) -> None:
    """Keep the id columns when every table has one whose values are filled and unique in the file (read ahead of
    the records); else they become metadata and doc_ids are the stem and row numbers."""
    if all(columns.id is not None for _, columns, _ in tables) and _filled_and_unique(
        cell_text(value) for sheet, columns, _ in tables for _, value in sheet.column(columns.id)
    ):
        return
    for _, columns, _ in tables:
        columns.drop_id()


def _filled_and_unique(values: Iterable[str]) -> bool:
    """No value empty and none twice. Keeps 8-byte hashes, not the values (a million ids in 8 MB): a clash of
    hashes only costs the ids, it never makes two doc_ids equal.

    >>> _filled_and_unique(["GZ-1", "GZ-2"]), _filled_and_unique(["GZ-1", "GZ-1"]), _filled_and_unique(["", "x"])
    (True, False, False)
    """
    import numpy as np

    hashes = array("q")
    for value in values:
        if not value:
            return False
        hashes.append(hash(value))
    return len(np.unique(np.frombuffer(hashes, dtype=np.int64))) == len(hashes)


def _sheets(path: Path) -> list[Sheet]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return [_delimited_sheet(path)]
    if suffix == ".jsonl":
        return [_json_lines_sheet(path)]
    if suffix == ".json":
        return [_json_array_sheet(path)]
    if suffix == ".parquet":
        return [_parquet_sheet(path)]
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _workbook_sheets(path)
    raise UnreadableFile(f"not a table file ({', '.join(sorted(TABLE_SUFFIXES))})")


def text_file_encoding(path: Path) -> str:
    """The encoding of a CSV, TSV or JSON Lines file: a byte-order mark's, else UTF-8 when every byte reads as
    UTF-8, else the legacy encoding (GB18030, Big5) the first passage that is not UTF-8 reads in."""
    return _scan_text_file(path)[0]


def _scan_text_file(path: Path) -> tuple[str, int]:
    """``(encoding, number of line ends)``, in one pass over the bytes: a file that is UTF-8 for its first
    megabytes may still hold GBK further on, and the line count bounds the number of rows."""
    with open(path, "rb") as handle:
        start = handle.read(4)
        handle.seek(0)
        utf8, lines, blank, legacy = codecs.getincrementaldecoder("utf-8")(), 0, True, b""
        for chunk in iter(lambda: handle.read(_SCAN_BYTES), b""):
            lines, blank = lines + chunk.count(b"\n"), blank and not chunk.strip()
            if not legacy:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    # whole lines only: a GBK or Big5 character's second byte is never a line feed
                    first = chunk.find(b"\n") + 1 if handle.tell() > len(chunk) else 0
                    legacy = chunk[first : chunk.rfind(b"\n") + 1] or chunk
    if blank:
        raise UnreadableFile("empty file (no text)")
    for bom, encoding in _BOM_ENCODINGS:
        if start.startswith(bom):
            return encoding, lines + 1
    return (decode_bytes(legacy)[1] if legacy else "utf-8"), lines + 1


def _delimited_sheet(path: Path) -> Sheet:
    """A CSV or TSV file, quoted fields across lines included; a row with more fields than the header is a
    problem row, one with fewer is filled with empty cells (spreadsheets drop trailing empty ones)."""
    encoding, size = _scan_text_file(path)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # a document's text runs past the 128 KB default
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        first_line = handle.readline()
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",\t;", key=first_line.count)

    def numbered_rows() -> Iterator[tuple[int, list[str]]]:
        with open(path, encoding=encoding, errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                next(reader, None)
                for number, fields in enumerate(reader, 1):
                    if "".join(fields).strip():
                        yield number, fields
            except csv.Error as error:
                raise UnreadableFile(
                    f"malformed {path.suffix[1:].upper()} at line {reader.line_num}: {error}"
                ) from None

    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        cells = next(csv.reader(handle, delimiter=delimiter), [])  # a quoted name may span lines
    if not any(cell.strip() for cell in cells):
        raise UnreadableFile("empty table: no header row")
    header = header_names(cells)

    def rows() -> Iterator[Row]:
        for number, fields in numbered_rows():
            if len(fields) > len(header):
                yield number, None, f"row {number}: {len(fields)} fields where the header has {len(header)}"
            else:
                yield number, dict(zip(header, fields + [""] * (len(header) - len(fields)))), ""

    def column(name: str) -> Iterator[tuple[int, object]]:
        index = header.index(name)
        return ((number, fields[index]) for number, fields in numbered_rows() if index < len(fields))

    return Sheet("", header, rows(), size, column)


def _json_lines_sheet(path: Path) -> Sheet:
    """A JSON Lines file: one object a line; a line that is not one is a problem row numbered by its line."""
    encoding, size = _scan_text_file(path)

    def parsed() -> Iterator[tuple[int, object, str]]:
        with open(path, encoding=encoding, errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield number, json.loads(line), ""
                    except json.JSONDecodeError as error:
                        yield number, None, f"line {number}: not valid JSON: {error.msg}"

    def rows() -> Iterator[Row]:
        for number, value, problem in parsed():
            if problem or isinstance(value, dict):
                yield number, value, problem
            else:
                yield number, None, f"line {number}: not a JSON object but {_json_kind(value)}"

    def column(name: str) -> Iterator[tuple[int, object]]:
        return ((number, value.get(name)) for number, value, _ in parsed() if isinstance(value, dict))

    return Sheet("", None, rows(), size, column)


def _json_array_sheet(path: Path) -> Sheet:
    """A JSON array of objects, parsed whole: JSON has no record boundaries to stream by."""
    text, _ = decode_bytes(path.read_bytes())
    try:
        records = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"not valid JSON: {error.msg} (line {error.lineno})") from None
    if isinstance(records, dict):
        keys = ", ".join(list(records)[:5])
        raise UnreadableFile(f"a JSON object, not an array of records (its keys: {keys})")
    if not isinstance(records, list):
        raise UnreadableFile(f"{_json_kind(records)}, not an array of records")
    if records and not any(isinstance(record, dict) for record in records):
        raise UnreadableFile(f"an array of {_json_kind(records[0])}s, not of records (JSON objects)")
    numbered = list(enumerate(records, 1))
    rows = (
        (number, record, "") if isinstance(record, dict) else (number, None, f"row {number}: not a JSON object")
        for number, record in numbered
    )
    return Sheet(
        "", None, rows, len(records), lambda name: ((n, r.get(name)) for n, r in numbered if isinstance(r, dict))
    )


def _json_kind(value: object) -> str:
    """How a reader names a JSON value's type.

    >>> _json_kind([1]), _json_kind("正文")
    ('a JSON array', 'a JSON string')
    """
    kinds = {dict: "object", list: "array", str: "string", bool: "true/false", type(None): "null"}
    return f"a JSON {kinds.get(type(value), 'number')}"


def _parquet_sheet(path: Path) -> Sheet:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise UnreadableFile(f"damaged Parquet file: {error}") from None

    def rows() -> Iterator[Row]:
        number = 0
        try:
            for batch in table.iter_batches(batch_size=_PARQUET_BATCH_ROWS):
                for record in batch.to_pylist():
                    number += 1
                    yield number, record, ""
        except (pa.ArrowException, OSError) as error:
            raise UnreadableFile(f"damaged Parquet file after row {number}: {error}") from None

    def column(name: str) -> Iterator[tuple[int, object]]:
        values = (
            value
            for batch in table.iter_batches(_PARQUET_BATCH_ROWS, columns=[name])
            for value in batch.column(0).to_pylist()
        )
        return enumerate(values, 1)

    return Sheet("", table.schema_arrow.names, rows(), table.metadata.num_rows, column)


def _workbook_sheets(path: Path) -> list[Sheet]:
    """Every sheet of an Excel workbook (.xlsx, .xls: python-calamine tells them by their bytes, not the name)."""
    from python_calamine import CalamineError, PasswordError, load_workbook

    try:
        with open(path, "rb") as handle:
            workbook = load_workbook(handle)
        sheets = [workbook.get_sheet_by_name(name) for name in workbook.sheet_names]
    except PasswordError:
        raise UnreadableFile("encrypted Excel file (password-protected)") from None
    except CalamineError as error:
        raise UnreadableFile(f"damaged Excel file: {error}") from None
    return [sheet for sheet in map(_worksheet, sheets) if sheet is not None]


def _worksheet(sheet) -> Sheet | None:
    """One worksheet, its header the first of its first rows with two cells filled; None when it is empty."""
    head = list(islice(sheet.iter_rows(), _HEADER_SEARCH_ROWS))
    filled = [sum(cell not in ("", None) for cell in cells) for cells in head]
    if not any(filled):
        return None
    skip = next((at for at, count in enumerate(filled) if count >= min(2, max(filled))), 0)
    header = header_names(head[skip])

    def numbered_rows() -> Iterator[tuple[int, list]]:
        for number, cells in enumerate(islice(sheet.iter_rows(), skip + 1, None), 1):
            if any(cell not in ("", None) for cell in cells):
                yield number, cells

    rows = ((number, dict(zip(header, cells)), "") for number, cells in numbered_rows())

    def column(name: str) -> Iterator[tuple[int, object]]:
        index = header.index(name)
        return ((number, cells[index] if index < len(cells) else "") for number, cells in numbered_rows())

    return Sheet(sheet.name, header, rows, max(sheet.height - skip - 1, 1), column)
