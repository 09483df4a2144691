"""Cache files of plain arrays: written whole or not at all, strings without pickle, old ones pruned.

Token codes (:mod:`helpers.tokens.segment`) and TF-IDF matrices (:mod:`helpers.features.themes`)
are kept beside a corpus's tables as uncompressed ``.npz`` files named
``<kind>-<key>.npz``. A changed text, dictionary or setting gives a new key and
so a new file; without pruning, every edit of a large corpus would leave its
old files behind. Each kind keeps its :data:`KEEP_PER_KIND` most recently used
files in a folder (reading a file marks it used), enough for the variants a
report reads side by side (tagged and untagged tokens, several TF-IDF settings).

    >>> data, lengths = pack_strings(["基层", "党建"])
    >>> unpack_strings(data, lengths)
    ('基层', '党建')
"""
from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

KEEP_PER_KIND = 6
# What np.load raises on a missing, truncated or foreign file: all mean "not cached".
READ_ERRORS = (OSError, ValueError, KeyError, EOFError, UnicodeDecodeError, zipfile.BadZipFile)


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


def cache_kind(path: Path) -> str:
    """The kind of a cache file, the part of its name before the key: ``rjieba-3f2a….npz`` → ``rjieba``."""
    return path.name.split("-", 1)[0]


def write_arrays(path: Path, arrays: dict[str, np.ndarray], *, keep: int = KEEP_PER_KIND) -> None:
    """Save arrays as one uncompressed ``.npz`` beside the target, renamed into place (a reader never
    sees half a file); then delete the kind's files in that folder beyond the ``keep`` most recently used."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(partial, "wb") as file:
        np.savez(file, **arrays)
    os.replace(partial, path)
    prune(path.parent, cache_kind(path), keep=keep)


def mark_used(path: Path) -> None:
    """Record that a cache file was just read, so pruning keeps it (a read-only folder is left alone)."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(folder: Path, kind: str, *, keep: int = KEEP_PER_KIND) -> list[Path]:
    """Delete the ``kind-*.npz`` files of ``folder`` beyond the ``keep`` most recently used; return them."""
    def last_used(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:  # deleted meanwhile by another run
            return -1

    files = sorted(folder.glob(f"{kind}-*.npz"), key=lambda p: (last_used(p), p.name), reverse=True)
    removed = []
    for path in files[keep:]:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


@lru_cache(maxsize=None)
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
    import numpy as np

    digest = hashlib.sha256()
    for column in columns:
        arrow = _arrow_text_chunks(column)
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


def _arrow_text_chunks(column) -> "tuple[np.ndarray, list[memoryview]] | None":
    """``(UTF-8 byte lengths, the bytes chunk by chunk)`` of an Arrow-backed pandas string column with
    no missing value, read from Arrow's own buffers; None for any other column."""
    import numpy as np

    if getattr(getattr(column, "dtype", None), "storage", None) != "pyarrow":
        return None
    import pyarrow as pa

    chunks = column.array.__arrow_array__()
    chunks = chunks.chunks if isinstance(chunks, pa.ChunkedArray) else [chunks]
    lengths, pieces = [], []
    for chunk in chunks:
        if chunk.null_count or not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return None
        _, offsets_buffer, data_buffer = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(offsets_buffer, dtype=width)[chunk.offset: chunk.offset + len(chunk) + 1]
        if len(chunk):
            lengths.append(np.diff(offsets).astype(np.int64))
            pieces.append(memoryview(data_buffer)[int(offsets[0]): int(offsets[-1])])
    return (np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)), pieces
