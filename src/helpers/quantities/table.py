"""The indicator table of a corpus: every document's indicators with its provenance, year and grouping
columns, extracted in worker processes and, given a :class:`helpers.cache.Cache`, kept there under a key of
everything the extraction depends on.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "province": ["吉林省"], "text": ["全县共有党员2.3万名。"]})
    >>> indicator_table(docs)[["doc_id", "province", "mention", "subject"]].values.tolist()
    [['a', '吉林省', '2.3万名', '党员']]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import config, stored
from helpers.cache import Cache, columns_digest, package_sources, stage_key
from helpers.parallel import grouped
from helpers.quantities.extract import COLUMNS, extract_rows
from helpers.quantities.numbers import chinese_value
from helpers.quantities.provenance import (
    DOC_YEAR,
    GROUP_COLUMNS,
    STATED_YEAR,
    document_columns,
    with_document_columns,
)
from helpers.quantities.rules import DATA_FILES, load_rules
from helpers.quantities.sentences import sentence_ends
from helpers.quantities.years import row_years
from helpers.stored_table import StoredTable

if TYPE_CHECKING:
    import pandas as pd

# What the extraction gives: the document's id, title and date, the year the sentence states, the extraction's columns.
EXTRACTED_COLUMNS = ["doc_id", "title", "date", STATED_YEAR, *COLUMNS]
# Every table's columns: the document's year and grouping columns come after its id, title and date; a table
# corpus's own short columns (helpers.quantities.provenance.carried_columns) follow GROUP_COLUMNS.
TABLE_COLUMNS = ["doc_id", "title", "date", DOC_YEAR, *GROUP_COLUMNS, STATED_YEAR, *COLUMNS]
# The cache's kind for indicator tables, and the name of the one table an entry holds.
KIND = "indicators"
# The columns of a corpus the table reads; a missing title or date reads as blank.
DOCUMENT_COLUMNS = ("doc_id", "title", "date", "text")
# Libraries whose upgrade may change a value: cn2an reads the Chinese numerals.
LIBRARIES = ("cn2an",)
# Rows written at a time to the cached table (the workers send a few dozen documents' rows each).
GATHER_ROWS = 20_000
# Documents per task: enough to amortise sending a task, few enough to keep both cores busy to the end.
CHUNK_DOCS = 32
# Columns that are not strings; built typed, column by column, since inferring types row by row then casting cost 3x.
# Every other column is a string column (a date given as a Timestamp becomes its ISO text), empty tables included.
_TYPED_COLUMNS = {"start": "int64", "end": "int64", "value": "float64", "value_high": "float64", STATED_YEAR: "Int64"}


def indicator_key_files() -> list[Path]:
    """Every file an indicator table depends on besides the documents: each module of this package,
    and every data file the rules read (:data:`helpers.quantities.rules.DATA_FILES`). The key also holds the files
    every stage's key holds (:data:`helpers.cache.SHARED_KEY_SOURCES`: the cache layer, and ``helpers/config.py``,
    whose ``read_data_lines`` decides which lines of a data file count)."""
    return [*package_sources(__file__), *(config.data_path(name) for name in DATA_FILES)]


def _document_columns(docs: pd.DataFrame) -> list:
    """doc_id, title and date (blank where missing): the text is read apart, batch by batch (helpers.stored)."""
    return [docs[name] if name in docs.columns else [""] * len(docs) for name in DOCUMENT_COLUMNS[:-1]]


def indicator_cache_key(docs: pd.DataFrame) -> str:
    """The cache key of the indicator table of ``docs``: each document's doc_id, title, date and
    text, the document columns its rows carry (:func:`helpers.quantities.provenance.document_columns`:
    their names and values), the files of :func:`indicator_key_files` and the cn2an version.

    A changed text, a changed province, a new column of a table corpus, a changed rule file or a new
    version of this code gives a new key, so :func:`indicator_table` never answers from a stale cache.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "province": [""], "text": ["全县共有党员2.3万名。"]})
        >>> indicator_cache_key(docs) == indicator_cache_key(docs.assign(text=["全县共有党员2.4万名。"]))
        False
        >>> indicator_cache_key(docs) == indicator_cache_key(docs.assign(province=["吉林省"]))
        False
    """
    carried = document_columns(docs)
    # the columns as stored: hashed from their Arrow buffers, without making Python strings
    return stage_key(
        KIND,
        indicator_key_files(),
        columns_digest(*_document_columns(docs)),
        stored.texts_digest(docs),  # a frame read without its texts: the digest recorded for them
        columns_digest(list(carried.columns), *(carried[name] for name in carried.columns)),
        libraries=LIBRARIES,
    )


def _document_rows(item: tuple) -> list[tuple]:
    """Rows of one document with its year column; top-level so worker processes can run it."""
    doc_id, title, date, text = item
    rules = load_rules()
    text = text if isinstance(text, str) else ""
    ends = sentence_ends(text, rules)
    rows = extract_rows(text, rules, ends)
    years = row_years(text, rows, rules, ends)
    return [(doc_id, title, date, year, *row) for year, row in zip(years, rows)]


def _chunk_size(n_docs: int, n_workers: int) -> int:
    """At most CHUNK_DOCS documents a task, at least four tasks per worker so none idles at the end."""
    return max(1, min(CHUNK_DOCS, -(-n_docs // (4 * n_workers))))


def _document_chunks(docs: pd.DataFrame, size: int) -> Iterator[list[tuple]]:
    """The ``(doc_id, title, date, text)`` of ``size`` documents at a time, made from the docs frame's columns
    only when the workers are ready for them: the whole text column never becomes Python strings at once (and
    a frame read without it reads it back from its stored table a row group at a time)."""
    columns = _document_columns(docs)
    texts = stored.column_batches(docs, "text", size)
    for start, text in zip(range(0, len(docs), size), texts, strict=True):
        part = [
            column.iloc[start : start + size].tolist() if hasattr(column, "iloc") else column[start : start + size]
            for column in columns
        ]
        yield list(zip(*part, text))


def _chunk_table(items: list[tuple]) -> pd.DataFrame:
    """Worker: the indicator rows of a chunk of documents, as a typed frame (the rules loaded once per process)."""
    _warm()
    return _rows_table([row for item in items for row in _document_rows(item)])


def _rows_table(rows: list[tuple]) -> pd.DataFrame:
    import pandas as pd

    names = EXTRACTED_COLUMNS
    columns = dict(zip(names, map(list, zip(*rows)))) if rows else {name: [] for name in names}
    return pd.DataFrame({name: pd.array(columns[name], dtype=_TYPED_COLUMNS.get(name, "str")) for name in names})


def _warm() -> None:
    """Load the rules and cn2an once per process (forked workers inherit them from the parent)."""
    load_rules()
    chinese_value("二十")


def indicator_table(
    docs: pd.DataFrame, workers: int | None = None, cache: Cache | None = None, *, lazy: bool = False
) -> pd.DataFrame | StoredTable:
    """Indicators of every document in ``docs`` (columns doc_id, text; title, date and the rest if present).

    Adds ``doc_id``, ``title``, ``date``, the document's own ``year`` (its ``year`` column, else its date's),
    its ``province``, ``city``, ``county`` and ``issuer`` (blank where ``docs`` has none) and a table corpus's
    own short columns (:mod:`helpers.quantities.provenance`); then ``stated_year``: the nearest year the
    sentence states (截至2016年, 2014年起), else the one stated just before it in the paragraph, as a
    nullable integer. Sorted by doc_id and position.
    ``workers``: processes to spread documents over (None or 0: every core, or the
    ``HELPERS_WORKERS`` setting; 1: this process). With a ``cache`` the table is kept
    there (kind ``indicators``) and read back while :func:`indicator_cache_key` is
    unchanged; None means it is neither read nor kept. ``lazy=True`` (with a ``cache``) leaves the kept table
    there and returns it as a :class:`helpers.stored_table.StoredTable`: the queries of
    :mod:`helpers.quantities.summaries` and :mod:`~helpers.quantities.find` read it a batch at a time, so
    a notebook never holds every indicator row of a large corpus.

        >>> import pandas as pd, tempfile
        >>> from helpers.cache import Cache
        >>> docs = pd.DataFrame({"doc_id": ["a"], "title": ["示例"], "date": [""],
        ...                      "text": ["截至2016年，全县共有党员2.3万名。"]})
        >>> indicator_table(docs)[["doc_id", "stated_year", "value", "unit"]].values.tolist()
        [['a', 2016, 23000.0, '名']]
        >>> cache = Cache(tempfile.mkdtemp())
        >>> indicator_table(docs, cache=cache).equals(indicator_table(docs, cache=cache))
        True
        >>> lazy = indicator_table(docs, cache=cache, lazy=True)
        >>> len(lazy), lazy.head(1)["sentence"].tolist()
        (1, ['截至2016年，全县共有党员2.3万名。'])
    """
    import pandas as pd

    from helpers.parallel import MIN_ITEMS_FOR_PROGRESS, MIN_ITEMS_FOR_WORKERS, map_stream, resolve_workers

    if cache is None and lazy:
        raise ValueError("indicator_table(lazy=True) leaves the table in a cache: give it cache=…")
    key = None
    if cache is not None:
        key = indicator_cache_key(docs)
        path = cache.stored_path(KIND, key, KIND)
        if path is not None:  # kept in order when written
            return StoredTable(path) if lazy else stored.read_table(path)
    if len(docs) < MIN_ITEMS_FOR_WORKERS:
        workers = 1  # starting workers would cost more than they save
    # chunks are made as the workers take them and each worker builds its chunk's frame, so the parent holds
    # the finished frames, never every row's tuple nor every text as a Python string (and loads no rules itself)
    parts = map_stream(
        _chunk_table,
        _document_chunks(docs, _chunk_size(len(docs), resolve_workers(workers))),
        workers=workers,
        desc="指标抽取",
        show_progress=len(docs) >= MIN_ITEMS_FOR_PROGRESS,
    )
    documents = document_columns(docs)
    empty = with_document_columns(_rows_table([]), docs, documents)  # so even a corpus without rows has its columns
    finished = itertools.chain(
        [empty],
        (
            with_document_columns(_in_order(pd.concat(group, ignore_index=True)), docs, documents)
            for group in grouped(parts, GATHER_ROWS, weight=len)
        ),
    )
    # a corpus in doc_id order gives its rows in order, part after part; any other is sorted once, whole
    ids = docs["doc_id"].astype("str")
    if not (ids.is_monotonic_increasing and ids.is_unique):
        finished = iter([_in_order(pd.concat(list(finished), ignore_index=True))])
    if cache is None:
        return pd.concat(list(finished), ignore_index=True)
    # written as the parts come, so this process never holds every row twice; read back as a cached run reads it
    path = cache.write_table_chunks(KIND, key, ({KIND: part} for part in finished)) / f"{KIND}.parquet"
    return StoredTable(path) if lazy else stored.read_table(path)


def _in_order(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by doc_id and position (a stable sort: rows at the same position keep their order)."""
    return rows.sort_values(["doc_id", "start", "end"], kind="mergesort").reset_index(drop=True)
