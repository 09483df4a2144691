"""Columns a frame was read without, read back from the Parquet table it came from, a row group at a time.

A large corpus's texts dominate its tables (a 300 MB corpus: 280 MB of cleaned text, as much again of raw
text, against 10 MB of everything else), so a notebook reads the tables without them
(``load_clean_corpus(columns=…)``) and a stage that needs the texts streams them from the stored table.
A frame read by :func:`read_table` remembers that table in ``frame.attrs`` and keeps its row numbers as its
index, so a subset of it (a filter, a sample) still knows where its rows are.

    >>> import pandas as pd, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "docs.parquet")
    >>> write_table(pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["基层", "党建", "三会一课"]}), path)
    >>> light = read_table(path, columns=["doc_id"])
    >>> [text for batch in column_batches(light, "text") for text in batch]
    ['基层', '党建', '三会一课']
    >>> read_column(light[light["doc_id"] != "b"], "text").tolist()
    ['基层', '三会一课']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers.parallel import grouped

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

# ``frame.attrs[STORED]``: the path of the Parquet table a frame was read from.
STORED = "stored_table"
# Rows per Parquet row group: what one read of a stored text column costs (1,000 articles: about 9 MB of text).
ROW_GROUP_ROWS = 1_000
# Values handed out at a time by column_batches.
BATCH_ROWS = 1_000
# ``frame.attrs[CORPUS_DIGEST]``: what load_clean_corpus read, ``{"texts": texts_digest, "doc_ids": digest of the
# ids, "cleaned": the cleaned tables' key}``, so a stage keyed on the texts finds its result without reading them.
CORPUS_DIGEST = "corpus_digest"
# Columns that tell a stored row apart: a frame's rows are checked against them before a column is read back
# (an article's line; an indicator's position in its document; a clause's number in it).
ROW_KEYS = ("doc_id", "line_no", "start", "end", "clause")
# zstd writes Chinese text faster than snappy, pyarrow's default, and into a fraction of the space
# (measured: 0.25 s against 0.5 s, 11 MB against 65 MB for the 50 MB benchmark corpus's tables).
PARQUET_COMPRESSION = "zstd"


def write_table(frame: pd.DataFrame, path: Path | str) -> None:
    """Write ``frame`` as Parquet (zstd) in row groups of :data:`ROW_GROUP_ROWS`, so a column reads back in parts."""
    frame.to_parquet(path, index=False, compression=PARQUET_COMPRESSION, row_group_size=ROW_GROUP_ROWS)


class TableParts:
    """A table that arrives in chunks, written to ``folder/name.parquet`` one chunk at a time.

    While the chunks agree in columns and types (a corpus of document files: always) they go straight into one
    Parquet writer, and the table needs no second pass; from the first chunk that differs (a table corpus whose
    files bring their own columns) the rest are written as part files and :func:`merge_parts` joins them at
    :meth:`finish`. Row groups are :data:`ROW_GROUP_ROWS` long within a chunk either way.

        >>> import pandas as pd, tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> table = TableParts(folder, "docs")
        >>> table.add(pd.DataFrame({"doc_id": ["a"], "text": ["基层"]}))
        >>> table.add(pd.DataFrame({"doc_id": ["b"], "text": ["党建"]}))
        >>> table.finish()
        >>> pd.read_parquet(folder / "docs.parquet")["text"].tolist(), sorted(p.name for p in folder.iterdir())
        (['基层', '党建'], ['docs.parquet'])
    """

    def __init__(self, folder: Path | str, name: str) -> None:
        self.folder, self.name = Path(folder), name
        self.parts: list[Path] = []
        self._writer = None  # open while every chunk so far had the first chunk's schema

    def add(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if not self.parts:
            self.parts.append(self._part_path())
            self._writer = pq.ParquetWriter(self.parts[0], table.schema, compression=PARQUET_COMPRESSION)
        if self._writer is not None:
            if _adds_nothing(table, self._writer.schema):
                return
            if table.schema.equals(self._writer.schema, check_metadata=False):
                self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
                return
            self._close_writer()
        self.parts.append(self._part_path())
        pq.write_table(table, self.parts[-1], compression=PARQUET_COMPRESSION, row_group_size=ROW_GROUP_ROWS)

    def finish(self) -> None:
        """Put the table in place: the one file every chunk went into, else the parts joined (and removed)."""
        path = self.folder / f"{self.name}.parquet"
        if self._writer is not None:
            self._close_writer()
            self.parts[0].replace(path)
        elif self.parts:
            merge_parts(self.parts, path)
            for part in self.parts:
                part.unlink()
        release_arrow_memory()

    def _part_path(self) -> Path:
        return self.folder / f".{self.name}.{len(self.parts):06d}.parquet"

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def _adds_nothing(table, schema) -> bool:
    """Whether ``table`` has no rows and only columns ``schema`` has, typed alike or untyped (a chunk whose files
    were all unreadable gives empty frames of untyped columns): joined to the others, it would change nothing."""
    import pyarrow as pa

    return table.num_rows == 0 and all(
        field.name in schema.names and (pa.types.is_null(field.type) or schema.field(field.name).type == field.type)
        for field in table.schema
    )


def merge_parts(parts: Sequence[Path], path: Path | str) -> None:
    """One table at ``path`` from the part files of a table written chunk by chunk, read one part at a time.

    Parts may differ in columns (each chunk of a table corpus brings its own): the table has every column
    in the order first seen, a text column missing from a part reads empty (``""``) and any other missing
    column null, and a column whose types differ between parts is promoted (to text when nothing else fits).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = [pq.read_schema(part) for part in parts]
    schema = _common_schema(schemas)
    with pq.ParquetWriter(path, schema, compression=PARQUET_COMPRESSION) as writer:
        for part in parts:
            table = pq.read_table(part)
            columns = []
            for field in schema:
                if field.name in table.column_names:
                    columns.append(table.column(field.name).cast(field.type))
                elif pa.types.is_large_string(field.type) or pa.types.is_string(field.type):
                    columns.append(pa.array([""] * len(table), type=field.type))
                else:
                    columns.append(pa.nulls(len(table), type=field.type))
            writer.write_table(pa.Table.from_arrays(columns, schema=schema), row_group_size=ROW_GROUP_ROWS)
    release_arrow_memory()


def _common_schema(schemas: list) -> object:
    """Every field of the schemas in the order first seen, each with a type all its parts cast to."""
    import pyarrow as pa

    types: dict[str, list] = {}
    for schema in schemas:
        for field in schema:
            types.setdefault(field.name, []).append(field.type)
    fields = []
    for name, seen in types.items():
        kinds = set(seen) - {pa.null()}
        if not kinds:
            kind = pa.large_string()
        elif len(kinds) == 1:
            kind = kinds.pop()
        else:
            try:
                kind = (
                    pa.unify_schemas([pa.schema([(name, one)]) for one in kinds], promote_options="permissive")
                    .field(name)
                    .type
                )
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
                kind = pa.large_string()
        fields.append(pa.field(name, kind))
    return pa.schema(fields, metadata=schemas[0].metadata if schemas else None)


def read_table(path: Path | str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The stored table (only ``columns`` when given), remembering where it came from (see the module's text)."""
    import pandas as pd

    frame = pd.read_parquet(path, columns=None if columns is None else list(columns))
    frame.attrs[STORED] = str(path)
    release_arrow_memory()
    return frame


def release_arrow_memory() -> None:
    """Give back to the system what Arrow's allocator kept after a pass over a stored table: its default pool
    (mimalloc) keeps freed pages for reuse, so a pass that read a 200 MB text column a row group at a time left
    the process about 450 MB larger until this."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def stored_path(frame: pd.DataFrame) -> str | None:
    """The table ``frame`` was read from, if it still lines up with it (row numbers as its index)."""
    import pandas as pd

    path = frame.attrs.get(STORED)
    if not path or not pd.api.types.is_integer_dtype(frame.index.dtype):
        return None
    return path


def column_batches(frame: pd.DataFrame, column: str, batch: int = BATCH_ROWS) -> Iterator[list]:
    """The values of ``column`` for the rows of ``frame``, in its order, ``batch`` at a time: from the frame's
    own column when it has one, else read back from its stored table a row group at a time."""
    if column in frame.columns:
        for start in range(0, len(frame), batch):
            yield frame[column].iloc[start : start + batch].tolist()
        return
    positions = _positions(frame, column)
    if len(positions) and bool(np.all(np.diff(positions) > 0)):
        yield from grouped(_ordered_values(frame.attrs[STORED], column, positions), batch)
    else:
        values = dict(
            zip(np.unique(positions).tolist(), _ordered_values(frame.attrs[STORED], column, np.unique(positions)))
        )
        for start in range(0, len(positions), batch):
            yield [values[position] for position in positions[start : start + batch].tolist()]
    release_arrow_memory()


def read_column(frame: pd.DataFrame, column: str) -> pd.Series:
    """``column`` for the rows of ``frame`` as a Series with its index (for a sample or one group: it reads every
    value requested at once)."""
    import pandas as pd

    if column in frame.columns:
        return frame[column]
    values = [value for part in column_batches(frame, column) for value in part]
    return pd.Series(values, index=frame.index, name=column)


def with_column(frame: pd.DataFrame, column: str = "text") -> pd.DataFrame:
    """``frame`` with ``column``, read back from its stored table when it was read without it: for a stage that
    needs every value at once (text reuse, clauses), which then holds that one column while it runs.

        >>> import pandas as pd
        >>> with_column(pd.DataFrame({"doc_id": ["a"], "text": ["党建"]}))["text"].tolist()
        ['党建']
    """
    if column in frame.columns:
        return frame
    return frame.assign(**{column: read_column(frame, column)})


def texts_digest(frame: pd.DataFrame, column: str = "text") -> str:
    """SHA-256 of the rows' ids and texts, in order (:func:`helpers.cache.columns_digest`): what a stage computed
    from the texts depends on. From the frame's own column; for a frame read without it, from the digest recorded
    for its stored table when the frame still has all of that table's rows in order, else from the texts read back.

        >>> import pandas as pd
        >>> texts_digest(pd.DataFrame({"doc_id": ["a"], "text": ["党建"]})) != \\
        ...     texts_digest(pd.DataFrame({"doc_id": ["a"], "text": ["党建。"]}))
        True
    """
    from helpers.cache import columns_digest

    ids = frame["doc_id"].astype("str")
    if column in frame.columns:
        return columns_digest(ids, frame[column].astype("str"))
    recorded = frame.attrs.get(CORPUS_DIGEST) or {}
    if column == "text" and recorded.get("texts") and recorded.get("doc_ids") == columns_digest(ids):
        return recorded["texts"]
    return columns_digest(ids, read_column(frame, column).astype("str"))


def has_column(frame: pd.DataFrame, column: str) -> bool:
    """Whether ``frame`` has ``column`` or can read it back from its stored table."""
    if column in frame.columns:
        return True
    path = stored_path(frame)
    if path is None:
        return False
    import pyarrow.parquet as pq

    return column in pq.read_schema(path).names


def stored_columns_digest(path: Path | str, columns: Sequence[str]) -> str:
    """:func:`columns_digest` of text columns of a stored Parquet table, read a row group at a time (each column
    twice: its values' lengths, then their bytes), so a large corpus's texts are never held whole.

        >>> import pandas as pd, tempfile
        >>> from helpers.cache import columns_digest
        >>> path = Path(tempfile.mkdtemp()) / "t.parquet"
        >>> frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["基层", "党建"]})
        >>> write_table(frame, path)
        >>> stored_columns_digest(path, ["doc_id", "text"]) == columns_digest(frame["doc_id"], frame["text"])
        True
    """
    import pandas as pd
    import pyarrow.parquet as pq

    from helpers.cache import arrow_text_chunks, columns_digest

    table = pq.ParquetFile(path)
    digest = hashlib.sha256()
    for name in columns:
        lengths = []  # a first pass for the lengths alone, which columns_digest hashes before the characters
        for batch in table.iter_batches(batch_size=ROW_GROUP_ROWS, columns=[name]):
            part = arrow_text_chunks(batch.column(0))
            if part is None:  # not all text, or missing values: hashed as columns_digest would
                whole = pd.read_parquet(path, columns=list(columns))
                return columns_digest(*(whole[column].astype("str") for column in columns))
            lengths.append(part[0])
        lengths = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
        digest.update(
            len(lengths).to_bytes(8, "little") + np.ones(len(lengths), dtype=bool).tobytes() + lengths.tobytes()
        )
        for batch in table.iter_batches(batch_size=ROW_GROUP_ROWS, columns=[name]):
            for piece in arrow_text_chunks(batch.column(0))[1]:
                digest.update(piece)
    release_arrow_memory()
    return digest.hexdigest()


def _positions(frame: pd.DataFrame, column: str) -> np.ndarray:
    """The frame's row numbers in its stored table, checked against the stored row keys; a clear error when the
    frame cannot read ``column`` back."""
    import pyarrow.parquet as pq

    path = stored_path(frame)
    if path is None:
        raise KeyError(f"the frame has no column {column!r} and was not read from a stored table (helpers.read_table)")
    stored = pq.ParquetFile(path)
    if column not in stored.schema_arrow.names:
        raise KeyError(f"{path}: the stored table has no column {column!r}")
    positions = frame.index.to_numpy(dtype=np.int64)
    n_rows = stored.metadata.num_rows
    if len(positions) and (positions.min() < 0 or positions.max() >= n_rows):
        raise ValueError(f"{path}: the frame's index is not the stored table's row numbers (reset_index?)")
    keys = [key for key in ROW_KEYS if key in frame.columns and key in stored.schema_arrow.names]
    whole = len(positions) == n_rows and bool(np.all(positions == np.arange(n_rows)))
    if not keys and not whole:
        raise ValueError(f"{path}: a part of the table without {' or '.join(ROW_KEYS)} cannot be matched to its rows")
    if keys:
        table = rows_at(stored, keys, positions)
        for key in keys:
            if table.column(key).to_pylist() != frame[key].tolist():
                raise ValueError(f"{path}: the frame's rows are not the stored rows at its index (reset_index?)")
    return positions


def rows_at(parquet: pq.ParquetFile, columns: list[str], positions: np.ndarray) -> pa.Table:
    """The rows at ``positions`` (any order) of ``columns``, in that order, read one row group at a time and only
    from the groups that hold them."""
    import pyarrow as pa

    metadata = parquet.metadata
    bounds = np.cumsum([0] + [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)])
    owner = np.searchsorted(bounds, positions, side="right") - 1
    by_group = np.argsort(owner, kind="stable")
    pieces = []
    for rows in np.split(by_group, np.flatnonzero(np.diff(owner[by_group])) + 1) if len(positions) else []:
        group = int(owner[rows[0]])
        pieces.append(parquet.read_row_group(group, columns=columns).take(positions[rows] - bounds[group]))
    if not pieces:
        return parquet.schema_arrow.empty_table().select(columns)
    return pa.concat_tables(pieces).take(np.argsort(by_group))


def _ordered_values(path: str, column: str, positions: np.ndarray) -> Iterator:
    """The values of ``column`` at increasing ``positions``, read one row group at a time."""
    import pyarrow.parquet as pq

    stored = pq.ParquetFile(path)
    start = 0
    for group in range(stored.metadata.num_row_groups):
        end = start + stored.metadata.row_group(group).num_rows
        low, high = np.searchsorted(positions, [start, end])
        if high > low:
            values = stored.read_row_group(group, columns=[column]).column(0)
            yield from values.take(positions[low:high] - start).to_pylist()
        start = end
