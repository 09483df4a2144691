"""Which files a corpus has, what each is called, and how a reader sees its path.

A corpus is a folder (searched recursively) or a single file. Every regular file
that is not hidden counts, whatever its suffix: a file the suite cannot read still
gets its row in the raw table, with the reason, rather than being skipped unseen.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from helpers.config import display_path


def find_documents(corpus: Path | str) -> list[Path]:
    """Every document file of a corpus (a folder, recursively, or one file), sorted, hidden files and folders skipped."""
    return [Path(full) for _, full in document_files(corpus)]


def corpus_root(corpus: Path | str) -> Path:
    """The folder a corpus's file names are relative to: the corpus itself, or a single file's folder."""
    corpus = Path(corpus)
    return corpus.parent if corpus.is_file() else corpus


def document_files(corpus: Path | str) -> list[tuple[str, str]]:
    """``(name relative to the corpus folder with / separators, full path)`` of :func:`find_documents`' files.

    Walks with ``os.walk`` on strings: pathlib's per-path work costs seconds on a folder of thousands.
    """
    corpus = Path(corpus)
    if corpus.is_file():
        return [(corpus.name, str(corpus))]
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder or file not found: {display_path(corpus)}")
    found = []
    for root, dirs, files in os.walk(corpus):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        relative = os.path.relpath(root, corpus)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        for name in files:
            full = os.path.join(root, name)
            if not name.startswith(".") and os.path.isfile(full):
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


def document_items(paths: list[Path], corpus: Path | str) -> list[tuple[Path, str, str]]:
    """``(path, doc_id, path as shown)`` for each file: ids unique, paths free of this machine's folders."""
    folder = corpus_root(corpus)
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


def document_ids(paths: list[Path], folder: Path | str) -> list[str]:
    """File stems, made unique with the relative folder where two files share a stem.

    >>> document_ids([Path("a/2016/x.txt"), Path("a/2017/x.txt"), Path("a/y.txt")], "a")
    ['2016__x', '2017__x', 'y']
    >>> document_ids([Path("a/x.txt"), Path("a/x.pdf")], "a")
    ['x.txt', 'x.pdf']
    """
    counts = Counter(path.stem for path in paths)
    ids = [
        path.relative_to(folder).with_suffix("").as_posix().replace("/", "__") if counts[path.stem] > 1 else path.stem
        for path in paths
    ]
    # the same stem in one folder under two suffixes (a notice as .pdf and as .docx): the suffix tells them apart
    repeated = Counter(ids)
    return [
        path.relative_to(folder).as_posix().replace("/", "__") if repeated[doc_id] > 1 else doc_id
        for path, doc_id in zip(paths, ids)
    ]
