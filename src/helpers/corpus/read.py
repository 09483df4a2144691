"""Files of any encoding → the raw table: one row per document file, nothing dropped.

    raw = load_corpus("seeds")
    raw[["doc_id", "encoding", "problem"]].head(2)

A file that cannot be read still gets its row, with empty ``text_raw`` and a
``problem`` in plain words, and a warning names it; the rest of the corpus loads.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

from helpers.config import display_path
from helpers.corpus.decode import normalise_newlines
from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.formats import HTML_SUFFIXES, PLAIN_SUFFIXES, extract
from helpers.parallel import map_documents

DOCUMENT_SUFFIXES = PLAIN_SUFFIXES | HTML_SUFFIXES

RAW_COLUMNS = ["doc_id", "path", "suffix", "n_bytes", "encoding", "text_raw", "problem"]


def find_documents(folder: Path | str) -> list[Path]:
    """Document files under ``folder`` (recursively), sorted, hidden files and folders skipped."""
    return [Path(full) for _, full in document_files(folder)]


def document_files(folder: Path | str) -> list[tuple[str, str]]:
    """``(name relative to folder with / separators, full path)`` of :func:`find_documents`' files, as strings.

    Walks with ``os.walk`` on strings: pathlib's per-path work costs seconds on a folder of thousands.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {display_path(folder)}")
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        relative = os.path.relpath(root, folder)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        for name in files:
            full = os.path.join(root, name)
            if (
                not name.startswith(".")
                and os.path.splitext(name)[1].lower() in DOCUMENT_SUFFIXES
                and os.path.isfile(full)
            ):
                found.append((parts + (name,), full))
    found.sort()  # part by part, case-sensitively, the same on every platform
    return [("/".join(parts), full) for parts, full in found]


def relative_names(paths: list[Path], folder: Path | str) -> list[str]:
    """Each path relative to ``folder``, with forward slashes.

    >>> relative_names([Path("corpus/2016/x.txt"), Path("corpus/y.txt")], "corpus")
    ['2016/x.txt', 'y.txt']
    >>> relative_names([Path("x.txt")], ".")
    ['x.txt']
    """
    base = os.path.join(str(folder), "")  # with its trailing separator
    fast = base not in (os.curdir + os.sep, os.sep)  # "./x" is written "x", and "/" is its own prefix
    return [
        str(path)[len(base) :].replace(os.sep, "/")
        if fast and str(path).startswith(base)
        else os.path.relpath(path, folder).replace(os.sep, "/")
        for path in paths
    ]


def read_bytes_or_none(path: Path | str) -> bytes | None:
    """A file's bytes, or None when it cannot be read (:func:`read_document` then says why)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def read_document(path: Path | str, data: bytes | None = None, *, shown: str | None = None) -> dict:
    """One raw-table row for one file (``data``: its bytes, when already read; ``shown``: its path as
    shown, when known); never raises for a bad file."""
    path = Path(path)
    row = {
        "doc_id": path.stem,
        "path": display_path(path) if shown is None else shown,
        "suffix": path.suffix.lower(),
        "n_bytes": 0,
        "encoding": "",
        "text_raw": "",
        "problem": "",
        "reader": "",
        "n_pages": None,
        "notice": "",
    }
    try:
        data = path.read_bytes() if data is None else data
        row["n_bytes"] = len(data)
        extracted = extract(row["suffix"], data)
        row.update(reader=extracted.reader, encoding=extracted.encoding, n_pages=extracted.n_pages)
        row["notice"] = extracted.notice
        text = normalise_newlines(extracted.text).replace("\x00", "")
        if not text.strip():
            raise UnreadableFile(f"no text in the file ({extracted.reader} reader)")
        row["text_raw"] = text
    except UnreadableFile as problem:
        row["problem"] = str(problem)
    except OSError as error:
        row["problem"] = f"cannot read file: {error.strerror or error}"
    return row


def load_corpus(folder: Path | str, *, workers: int | None = None) -> pd.DataFrame:
    """The raw table of every document file under ``folder``.

    Columns: ``doc_id`` (file stem), ``path``, ``suffix``, ``n_bytes``,
    ``encoding``, ``text_raw`` (line endings normalised), ``problem`` (empty when fine).
    Files on disk are only read, never written.
    """
    paths = find_documents(folder)
    if not paths:
        warn_no_documents(folder)
        return empty_raw_table()
    rows = map_documents(_read_with_id, document_items(paths, folder), workers=workers, desc="loading")
    raw = records_frame(rows, RAW_COLUMNS)
    warn_problems(raw)
    return raw


def read_documents(items: list[tuple[Path, str, str]], contents: list[bytes | None] | None = None) -> pd.DataFrame:
    """The raw table of the given ``(path, doc_id, shown path)`` items, read in this process (one chunk);
    ``contents``: the files' bytes where already read (None: read here)."""
    contents = contents if contents is not None else [None] * len(items)
    return records_frame([_read_with_id(item, data) for item, data in zip(items, contents)], RAW_COLUMNS)


def records_frame(rows: list[dict] | list[tuple], columns: list[str]) -> pd.DataFrame:
    """A frame of rows (dicts, or tuples in column order), the same as ``pd.DataFrame(rows, columns=columns)``
    but built column by column, which costs pandas a third of its row-by-row inference."""
    if not rows:
        return pd.DataFrame(rows, columns=columns)
    if isinstance(rows[0], dict):
        return pd.DataFrame({column: [row.get(column, math.nan) for row in rows] for column in columns})
    if any(len(row) != len(columns) for row in rows):
        raise ValueError(f"rows must have {len(columns)} fields ({', '.join(columns)})")
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows)))))


def document_items(paths: list[Path], folder: Path | str) -> list[tuple[Path, str, str]]:
    """``(path, doc_id, path as shown)`` for each file: ids unique, paths free of this machine's folders."""
    folder = Path(folder)
    shown = shown_paths(paths, folder)
    return list(zip(paths, document_ids(paths, folder), shown))


def shown_paths(paths: list[Path], folder: Path) -> list[str]:
    """Each file as a reader should see it: project-relative inside the project (``seeds/x.txt``), else
    relative to the corpus folder under its name (``我的语料/2016/x.txt``), never this machine's folders.

        >>> from helpers.config import SEEDS_DIR
        >>> shown_paths([SEEDS_DIR / "a.txt"], SEEDS_DIR)
        ['seeds/a.txt']
    """
    shown_folder = display_path(folder)
    if shown_folder.startswith("/"):
        shown_folder = Path(shown_folder).name
    return [
        f"{shown_folder}/{name}" if shown_folder not in ("", ".") else name for name in relative_names(paths, folder)
    ]


def _read_with_id(item: tuple[Path, str, str], data: bytes | None = None) -> dict:
    path, doc_id, shown = item
    return read_document(path, data, shown=shown) | {"doc_id": doc_id}


def document_ids(paths: list[Path], folder: Path | str) -> list[str]:
    """File stems, made unique with the relative folder where two files share a stem.

    >>> document_ids([Path("a/2016/x.txt"), Path("a/2017/x.txt"), Path("a/y.txt")], "a")
    ['2016__x', '2017__x', 'y']
    """
    counts = Counter(path.stem for path in paths)
    return [
        path.relative_to(folder).with_suffix("").as_posix().replace("/", "__") if counts[path.stem] > 1 else path.stem
        for path in paths
    ]


def empty_raw_table() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in RAW_COLUMNS}).astype({"n_bytes": "int64"})


def warn_no_documents(folder: Path | str) -> None:
    warnings.warn(
        f"no document files ({', '.join(sorted(DOCUMENT_SUFFIXES))}) in {display_path(folder)}",
        stacklevel=_caller_level(),
    )


def warn_problems(raw: pd.DataFrame) -> None:
    """One warning per unreadable file, naming it and the reason."""
    for row in raw.loc[raw["problem"] != ""].itertuples():
        warnings.warn(f"{row.path}: {row.problem}", stacklevel=_caller_level())


def _caller_level() -> int:
    """The ``stacklevel`` of the first caller outside this package, so a warning points at the user's
    code (a notebook cell), not at a helper's absolute path, whichever helper reached this one."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep  # helpers/, every stage in it
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level
