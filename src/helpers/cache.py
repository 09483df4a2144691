"""The one cache layer: results stored and found by a key built from their inputs and settings.

A :class:`Cache` is a folder it is told about; nothing here guesses a location.
Each entry is a *kind* (``cleaned``, ``tokens``, ``tfidf``, ``indicators`` …) and
a *key* (a hash of everything the result depends on: texts, data files, the
stage's source, library versions, settings), kept as a folder
``<folder>/<kind>/<key>/`` of named parts: tables as Parquet, arrays as an
uncompressed ``.npz`` (strings packed without pickle), small records as JSON.
An entry is written whole into a temporary folder and renamed into place, so a
reader never sees half of one; reading an entry marks it used, and each kind
keeps its :data:`KEEP_PER_KIND` most recently used entries, so editing a large
corpus again and again does not fill the disk.

    >>> import tempfile, numpy as np
    >>> cache = Cache(tempfile.mkdtemp())
    >>> key = make_key("tokens", "基层党建", 3)
    >>> cache.read_arrays("tokens", key) is None
    True
    >>> _ = cache.write_arrays("tokens", key, {"codes": np.arange(3), "vocab": ["基层", "党建"]})
    >>> cached = cache.read_arrays("tokens", key)
    >>> cached["codes"].tolist(), cached["vocab"]
    ([0, 1, 2], ('基层', '党建'))
    >>> data, lengths = pack_strings(["基层", "党建"])
    >>> unpack_strings(data, lengths)
    ('基层', '党建')
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers import config, stored

if TYPE_CHECKING:
    import pandas as pd

KEEP_PER_KIND = 6
# How a list of strings is stored in an .npz: its UTF-8 bytes and the strings' lengths, under these suffixes.
_UTF8, _LENGTHS = "__utf8", "__lengths"
# In every stage's key (see stage_key): the stored layout (and its row groups), and the reader of the data files' lines.
SHARED_KEY_SOURCES: tuple[Path, ...] = (Path(__file__), Path(config.__file__), Path(stored.__file__))
# A temporary folder this old was left by an interrupted writer (a killed kernel), never by a running one.
STALE_SECONDS = 3600
# What reading a missing, truncated or foreign part raises: all mean "not cached".
READ_ERRORS = (OSError, ValueError, KeyError, EOFError, UnicodeDecodeError, zipfile.BadZipFile)


@dataclass(frozen=True)
class Cache:
    """A folder of cached results, each found by ``(kind, key)``.

    ``keep`` is how many entries of each kind are kept (the most recently used).
    """

    folder: Path
    keep: int = KEEP_PER_KIND

    def __post_init__(self) -> None:
        object.__setattr__(self, "folder", Path(self.folder))

    def entry(self, kind: str, key: str) -> Path:
        """The folder of one entry (it may not exist)."""
        return self.folder / kind / key

    # ---------------------------------------------------------------- reading
    def read_tables(self, kind: str, key: str, names: Sequence[str]) -> dict[str, pd.DataFrame] | None:
        """The named tables of an entry, or None when any is missing or unreadable."""
        import pandas as pd

        entry = self.entry(kind, key)
        try:
            tables = {name: pd.read_parquet(entry / f"{name}.parquet") for name in names}
        except READ_ERRORS:
            return None
        _mark_used(entry)
        return tables

    def stored_path(self, kind: str, key: str, name: str) -> Path | None:
        """The Parquet file of one table of an entry, marked used, or None when missing or unreadable."""
        import pyarrow.parquet as pq

        path = self.entry(kind, key) / f"{name}.parquet"
        try:
            pq.read_schema(path)
        except READ_ERRORS:
            return None
        _mark_used(path.parent)
        return path

    def read_arrays(self, kind: str, key: str, part: str = "arrays") -> dict[str, np.ndarray | tuple[str, ...]] | None:
        """The arrays of an entry's ``.npz`` part, loaded, or None when missing or unreadable; lists of
        strings stored by :meth:`write_arrays` come back as tuples under their own names."""
        entry = self.entry(kind, key)
        try:
            with np.load(entry / f"{part}.npz", allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
            for name in [name[: -len(_UTF8)] for name in list(arrays) if name.endswith(_UTF8)]:
                arrays[name] = unpack_strings(arrays.pop(name + _UTF8), arrays.pop(name + _LENGTHS))
        except READ_ERRORS:
            return None
        _mark_used(entry)
        return arrays

    def read_record(self, kind: str, key: str) -> dict | None:
        """A small JSON record, or None."""
        entry = self.entry(kind, key)
        try:
            record = json.loads((entry / "record.json").read_text(encoding="utf-8"))
        except READ_ERRORS:
            return None
        _mark_used(entry)
        return record

    # ---------------------------------------------------------------- writing
    def write_tables(self, kind: str, key: str, tables: dict[str, pd.DataFrame]) -> Path:
        """Store tables as one entry (Parquet, zstd); the tables are written in parallel threads."""
        from concurrent.futures import ThreadPoolExecutor

        def write(folder: Path) -> None:
            def one(name: str) -> None:
                stored.write_table(tables[name], folder / f"{name}.parquet")

            with ThreadPoolExecutor(max(1, len(tables))) as pool:  # Arrow writes without the GIL
                list(pool.map(one, tables))

        return self._write_entry(kind, key, write)

    def write_table_chunks(
        self, kind: str, key: str | Callable[[], str], chunks: Iterable[dict[str, pd.DataFrame]]
    ) -> Path:
        """Store tables that arrive in chunks (``{name: frame}`` each) as one entry, holding one chunk at a time
        (:class:`stored.TableParts`: one writer per table, or parts joined at the end when the chunks' columns differ).
        ``key`` may be a function asked once every chunk is written (a key that hashes what the chunks read).
        """

        def write(folder: Path) -> None:
            tables: dict[str, stored.TableParts] = {}
            for chunk in chunks:
                for name, frame in chunk.items():
                    tables.setdefault(name, stored.TableParts(folder, name)).add(frame)
            for table in tables.values():
                table.finish()

        return self._write_entry(kind, key, write)

    def write_arrays(
        self, kind: str, key: str, arrays: dict[str, np.ndarray | Sequence[str]], part: str = "arrays"
    ) -> Path:
        """Store arrays, and lists or tuples of strings, as one uncompressed ``.npz`` (no pickle: a list of
        strings is kept as one UTF-8 buffer and the strings' lengths, see :func:`pack_strings`)."""
        plain = {}
        for name, value in arrays.items():
            if isinstance(value, list | tuple):
                plain[name + _UTF8], plain[name + _LENGTHS] = pack_strings(value)
            else:
                plain[name] = value

        def write(folder: Path) -> None:
            with open(folder / f"{part}.npz", "wb") as file:
                np.savez(file, **plain)

        return self._write_entry(kind, key, write)

    def write_record(self, kind: str, key: str, record: dict) -> Path:
        """Store a small JSON-serialisable record (compact: json's C encoder serves only that)."""

        def write(folder: Path) -> None:
            (folder / "record.json").write_text(json.dumps(record), encoding="utf-8")

        return self._write_entry(kind, key, write)

    def _write_entry(self, kind: str, key: str | Callable[[], str], write) -> Path:
        """Write an entry into a fresh temporary folder beside its place and rename it there whole; then prune.

        An old entry of the same key (one that read as damaged) is renamed aside before the new one takes its
        place and deleted after, so a reader finds the old entry, no entry, or the new one, never half of one.
        When another writer put the same entry in place first, its entry stands (same key, same content).
        """
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        prefix = "building" if callable(key) else key
        partial = Path(tempfile.mkdtemp(dir=folder, prefix=f".{prefix}.", suffix=".partial"))
        old = None
        try:
            write(partial)
            key = key() if callable(key) else key
            target = self.entry(kind, key)
            if target.exists():
                old = target.parent / f".{key}.{uuid.uuid4().hex}.old"
                with contextlib.suppress(FileNotFoundError):  # removed meanwhile by another writer
                    os.replace(target, old)
            try:
                os.replace(partial, target)
            except OSError as error:
                # another writer put the same entry (same key, same content) in place first: it stands
                if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
        finally:
            shutil.rmtree(partial, ignore_errors=True)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        self.prune(kind)
        return target

    def prune(self, kind: str) -> list[Path]:
        """Delete the kind's entries beyond the ``keep`` most recently used, and what interrupted writers left
        behind (temporary folders older than :data:`STALE_SECONDS`); return them."""

        def last_used(path: Path) -> int:
            try:
                return path.stat().st_mtime_ns
            except OSError:  # deleted meanwhile by another run
                return -1

        root = self.folder / kind
        folders = [path for path in root.iterdir() if path.is_dir()] if root.is_dir() else []
        entries = [path for path in folders if not path.name.startswith(".")]
        entries.sort(key=lambda p: (last_used(p), p.name), reverse=True)
        stale_before = time.time_ns() - STALE_SECONDS * 1_000_000_000
        leftovers = [path for path in folders if path.name.startswith(".") and 0 <= last_used(path) < stale_before]
        removed = []
        for path in [*entries[self.keep :], *leftovers]:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        return removed


def _mark_used(entry: Path) -> None:
    """Record that an entry was just read, so pruning keeps it (a read-only folder is left alone)."""
    with contextlib.suppress(OSError):
        os.utime(entry)


# -------------------------------------------------------------------- keys
def make_key(*parts: object) -> str:
    """A short hash of the parts' text, for an entry's key: the parts are everything a result depends on.

    >>> make_key("a", 1) == make_key("a", 1) != make_key("a1")
    True
    """
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:24]


def stage_key(kind: str, sources: Iterable[Path | str], *parts: object, libraries: Iterable[str] = ()) -> str:
    """The key of a stage's result: its kind, the bytes of every source file it depends on, those of this cache
    layer (the stored layout) and of ``helpers/config.py`` (which decides what a data file's lines are), the
    versions of the libraries that shape it, and the result's own inputs and settings (``parts``).

        >>> stage_key("tokens", [], "基层党建") != stage_key("tokens", [], "基层党建。")
        True
    """
    files = list(dict.fromkeys([*map(Path, sources), *SHARED_KEY_SOURCES]))
    return make_key(kind, files_digest(files), library_versions(libraries), *parts)


def library_versions(names: Iterable[str]) -> str:
    """``name=version|…`` of installed distributions (``absent`` when not installed), for keys that must
    change when a library that shapes the result is upgraded."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return "|".join(f"{name}={installed(name)}" for name in names)


def files_digest(paths: Iterable[Path | str]) -> str:
    """SHA-256 over the names and bytes of files (source modules, data files)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).name.encode() + b"\0" + source_digest(path).encode())
    return digest.hexdigest()


def package_sources(package_file: Path | str) -> list[Path]:
    """Every module of the package whose ``__init__.py`` (or any module) is given: a stage's source."""
    return sorted(Path(package_file).parent.glob("*.py"))


def pack_strings(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 buffer and their lengths in characters (no pickle in the file)."""
    data = "".join(strings).encode("utf-8", "surrogatepass")
    return np.frombuffer(data, dtype=np.uint8), np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))


def unpack_strings(data: np.ndarray, lengths: np.ndarray) -> tuple[str, ...]:
    """The strings :func:`pack_strings` packed; ValueError when the lengths do not fit the buffer."""
    text = data.tobytes().decode("utf-8", "surrogatepass")
    ends = np.cumsum(lengths).tolist()
    if (ends[-1] if ends else 0) != len(text):
        raise ValueError("string lengths do not match the buffer")
    return tuple(text[a:b] for a, b in zip([0, *ends[:-1]], ends))


@cache
def source_digest(path: Path | str) -> str:
    """SHA-256 of a source or data file, read once per process: for cache keys that must change with the code."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def columns_digest(*columns: Sequence) -> str:
    """SHA-256 of columns of values (strings, or anything with a ``repr``), for cache keys of a corpus.

    Unambiguous: each column is hashed with its length, which values were strings and
    every value's length in UTF-8 bytes, then the bytes, so no two different columns
    hash alike however their text runs together. A pandas string column stored in
    Arrow is hashed from its own UTF-8 buffers, with no Python string made; any other
    column gives the same digest for the same values, by encoding them.

        >>> columns_digest(["ab", "c"]) == columns_digest(["a", "bc"]), columns_digest(["1"]) == columns_digest([1])
        (False, False)
    """
    digest = hashlib.sha256()
    for column in columns:
        arrow = arrow_text_chunks(column)
        if arrow is None:
            values = list(column)
            is_text = np.fromiter((isinstance(value, str) for value in values), dtype=bool, count=len(values))
            data = [(v if t else repr(v)).encode("utf-8", "surrogatepass") for v, t in zip(values, is_text.tolist())]
            lengths = np.fromiter(map(len, data), dtype=np.int64, count=len(data))
            pieces: list = [b"".join(data)]
        else:
            lengths, pieces = arrow
            is_text = np.ones(len(lengths), dtype=bool)
        digest.update(len(lengths).to_bytes(8, "little") + is_text.tobytes() + lengths.tobytes())
        for piece in pieces:
            digest.update(piece)
    return digest.hexdigest()


def arrow_text_chunks(column) -> tuple[np.ndarray, list[memoryview]] | None:
    """``(UTF-8 byte lengths, the bytes chunk by chunk)`` of an Arrow-backed pandas string column with
    no missing value, read from Arrow's own buffers; None for any other column."""
    import pyarrow as pa

    if isinstance(column, pa.Array | pa.ChunkedArray):
        chunks = column
    elif getattr(getattr(column, "dtype", None), "storage", None) == "pyarrow":
        chunks = column.array.__arrow_array__()
    else:
        return None
    chunks = chunks.chunks if isinstance(chunks, pa.ChunkedArray) else [chunks]
    lengths, pieces = [], []
    for chunk in chunks:
        if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return None
        _, offsets_buffer, data_buffer = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        if len(chunk):
            lengths.append(np.diff(offsets).astype(np.int64))
            pieces.append(memoryview(data_buffer)[int(offsets[0]) : int(offsets[-1])])
    return (np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)), pieces
