"""A table left in its Parquet file and read a batch of row groups at a time: what a notebook holds of a table
with a row per finding (every indicator of a large corpus) instead of the rows themselves.

The queries that take such a table (:func:`helpers.counts_by_document`, :func:`helpers.find_indicators` …) are
written over :func:`frames`, which gives a DataFrame whole and a :class:`StoredTable` batch by batch, so one
code path serves both and a query holds one batch and its own result. :meth:`StoredTable.head` and
:meth:`StoredTable.to_pandas` give ordinary frames for the rows a reader looks at.

    >>> import pandas as pd, tempfile, os
    >>> from helpers.stored import write_table
    >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> write_table(pd.DataFrame({"doc_id": ["a", "a", "b"], "role": ["measure", "minor", "measure"]}), path)
    >>> table = StoredTable(path)
    >>> len(table), table.columns
    (3, ['doc_id', 'role'])
    >>> crosstab(table, "doc_id", "role").to_dict("index")
    {'a': {'measure': 1, 'minor': 1}, 'b': {'measure': 1, 'minor': 0}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import stored

if TYPE_CHECKING:
    import pandas as pd

# Rows a batch holds at most: a few row groups, so a pass costs few reads and holds little.
BATCH_ROWS = 50_000


@dataclass(frozen=True)
class StoredTable:
    """A stored Parquet table, read a batch at a time; ``len``, ``columns`` and ``empty`` as a DataFrame's."""

    path: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    def _file(self):
        import pyarrow.parquet as pq

        return pq.ParquetFile(self.path)

    def __len__(self) -> int:
        return self._file().metadata.num_rows

    @property
    def columns(self) -> list[str]:
        return self._file().schema_arrow.names

    @property
    def empty(self) -> bool:
        return len(self) == 0

    def batches(self, columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """The rows, whole row groups at a time up to about :data:`BATCH_ROWS`, each indexed by its row numbers in
        the file (so :func:`helpers.stored.read_column` reads a column left out back for any of its rows)."""
        import pandas as pd

        parquet = self._file()
        present = parquet.schema_arrow.names
        names = [name for name in columns if name in present] if columns is not None else present
        metadata = parquet.metadata
        start, groups, rows = 0, [], 0
        try:
            for group in range(metadata.num_row_groups):
                groups.append(group)
                rows += metadata.row_group(group).num_rows
                if rows >= BATCH_ROWS or group == metadata.num_row_groups - 1:
                    frame = parquet.read_row_groups(groups, columns=names).to_pandas()
                    frame.index = pd.RangeIndex(start, start + rows)
                    frame.attrs[stored.STORED] = str(self.path)
                    yield frame
                    start, groups, rows = start + rows, [], 0
        finally:  # also when a caller stops early (first_rows, head)
            stored.release_arrow_memory()

    def take(self, positions: Sequence[int]) -> pd.DataFrame:
        """The rows at ``positions``, every column, indexed by their positions; reads one row group at a time,
        only those that hold them."""
        import numpy as np

        positions = np.asarray(positions, dtype=np.int64)
        frame = stored.rows_at(self._file(), self.columns, positions).to_pandas()
        frame.index = positions
        frame.attrs[stored.STORED] = str(self.path)
        stored.release_arrow_memory()
        return frame

    def head(self, n: int = 5) -> pd.DataFrame:
        """The first ``n`` rows, every column."""
        return first_rows(self, n=n)

    def to_pandas(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The whole table (only ``columns`` when given) as a DataFrame that remembers where it is stored."""
        return stored.read_table(self.path, columns)

    def __repr__(self) -> str:
        return f"StoredTable({len(self):,} rows × {len(self.columns)} columns: {self.path})"


def frames(table: pd.DataFrame | StoredTable, columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
    """``table`` as DataFrames: a DataFrame once, whole; a :class:`StoredTable` batch by batch (only ``columns``
    that it has, when given)."""
    if isinstance(table, StoredTable):
        yield from table.batches(columns)
    elif columns is None:
        yield table
    else:
        yield table[[name for name in columns if name in table.columns]]


def first_rows(
    table: pd.DataFrame | StoredTable, where: Callable[[pd.DataFrame], pd.Series] | None = None, n: int = 5
) -> pd.DataFrame:
    """The first ``n`` rows that ``where`` (a function of a batch; None: every row) keeps, read batch by batch
    until found.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"type": ["uncoded", "supply", "demand"], "tool": ["uncoded", "资金投入", "政府采购"]})
    >>> first_rows(t, lambda rows: rows["type"] != "uncoded", n=1)["tool"].tolist()
    ['资金投入']
    """
    import pandas as pd

    found, left = [], n
    for part in frames(table):
        found.append((part if where is None else part[where(part)]).head(left))
        left -= len(found[-1])
        if left <= 0:
            break
    return pd.concat(found) if found else as_frame(table).iloc[:0]


def as_frame(table: pd.DataFrame | StoredTable) -> pd.DataFrame:
    """``table`` as one DataFrame (a stored table read whole: for a table known to be small)."""
    return table.to_pandas() if isinstance(table, StoredTable) else table


def summed(counts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Tables of counts added cell by cell (labels in either count as zero in the other), as integers.

    >>> import pandas as pd
    >>> summed([pd.DataFrame({"x": [1]}, index=["a"]), pd.DataFrame({"x": [2], "y": [3]}, index=["b"])]).to_dict()
    {'x': {'a': 1, 'b': 2}, 'y': {'a': 0, 'b': 3}}
    """
    import pandas as pd

    total = None
    for part in counts:
        total = part if total is None else total.add(part, fill_value=0)
    if total is None:
        return pd.DataFrame()
    return total.fillna(0).astype("int64").sort_index().sort_index(axis=1)


def value_counts(table: pd.DataFrame | StoredTable, column: str) -> pd.Series:
    """How many rows have each value of ``column`` (missing values left out), by value, a batch at a time from
    a stored table.

    >>> import pandas as pd
    >>> value_counts(pd.DataFrame({"role": ["measure", "minor", "measure"]}), "role").to_dict()
    {'measure': 2, 'minor': 1}
    """
    import pandas as pd

    counts = [part[column].value_counts() for part in frames(table, [column])]
    if not counts:
        return pd.Series(dtype="int64", name="count")
    return pd.concat(counts).groupby(level=0).sum().astype("int64").rename("count")


def crosstab(
    table: pd.DataFrame | StoredTable,
    index: str,
    columns: str,
    where: Callable[[pd.DataFrame], pd.Series] | None = None,
    using: Sequence[str] = (),
) -> pd.DataFrame:
    """How many rows have each value of ``index`` (rows) and ``columns`` (columns), over the rows ``where``
    keeps (a function of a batch that reads the columns ``using``), a batch at a time from a stored table.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"category": ["组织", "组织", "资金"], "role": ["measure", "minor", "measure"]})
    >>> crosstab(t, "category", "role", where=lambda p: p["role"] != "minor").to_dict("index")
    {'组织': {'measure': 1}, '资金': {'measure': 1}}
    """
    import pandas as pd

    def counts(part: pd.DataFrame) -> pd.DataFrame:
        part = part[where(part)] if where is not None else part
        return pd.crosstab(part[index], part[columns])

    parts = frames(table, list(dict.fromkeys([index, columns, *using])))
    return summed(counts(part) for part in parts).rename_axis(index=index, columns=columns)
