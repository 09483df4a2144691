"""What a stage reads while it runs, sorted by kind, for tests that its cache key covers every input.

``files_opened()`` records every path the process opens (``sys.addaudithook``,
event ``open``, which ``open()`` and ``os.open`` both raise) while its block
runs; :func:`classify` tells data files, library files (by distribution),
the project's modules and cache files apart, and names anything else.
Finding a library's version tries every ``sys.path`` entry, a zip archive
among them; those attempts are set apart too.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import site
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import helpers
from helpers.config import DATA_DIR

_recording: list[str] | None = None
_hooked = False


def _hook(event: str, args: tuple) -> None:
    if event == "open" and _recording is not None and isinstance(args[0], (str, bytes, os.PathLike)):
        _recording.append(os.fsdecode(args[0]))


@contextmanager
def files_opened() -> Iterator[list[str]]:
    """The paths opened while the block runs (an audit hook cannot be removed, so one is installed once)."""
    global _recording, _hooked
    if not _hooked:
        sys.addaudithook(_hook)
        _hooked = True
    _recording = opened = []
    try:
        yield opened
    finally:
        _recording = None


def normalise(name: str) -> str:
    """A distribution's name as packaging compares them (``scikit_learn`` = ``scikit-learn``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@lru_cache(maxsize=1)
def _top_level_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def distribution_of(path: Path) -> str | None:
    """The installed distribution a file under site-packages belongs to, or None."""
    for root in map(Path, site.getsitepackages()):
        try:
            first = path.relative_to(root).parts[0]
        except ValueError:
            continue
        if first.endswith((".dist-info", ".egg-info")):
            return normalise(first.split("-")[0])
        top = first.split(".")[0]  # a package folder, or a module file such as six.py or x.cpython-311.so
        dists = _top_level_distributions().get(top)
        return normalise(dists[0]) if dists else None
    return None


@dataclass
class Reads:
    """What a stage opened: data files, libraries by distribution, the project's modules, cache files, the rest."""

    data: set[Path] = field(default_factory=set)
    libraries: set[str] = field(default_factory=set)
    modules: set[Path] = field(default_factory=set)
    caches: set[Path] = field(default_factory=set)
    searched: set[Path] = field(default_factory=set)  # sys.path entries tried by importlib.metadata (a zip)
    other: set[Path] = field(default_factory=set)


def classify(paths: Iterable[str], cache_folders: Iterable[Path]) -> Reads:
    reads = Reads()
    folders = [Path(f).resolve() for f in cache_folders]
    package = Path(helpers.__file__).resolve().parent
    search_path = {Path(entry).resolve() for entry in sys.path if entry}
    for raw in paths:
        path = Path(raw).resolve()
        if any(path.is_relative_to(folder) for folder in folders):
            reads.caches.add(path)
        elif path in search_path:
            reads.searched.add(path)
        elif path.is_relative_to(DATA_DIR.resolve()):
            reads.data.add(path)
        elif path.is_relative_to(package):
            reads.modules.add(path)
        elif (dist := distribution_of(path)) is not None:
            reads.libraries.add(dist)
        else:
            reads.other.add(path)
    return reads


# ------------------------------------------------------------ changing one input
def modified_data_dir(tmp_path: Path, name: str) -> Path:
    """A copy of data/ with one file changed in its bytes only (a comment line: the same entries)."""
    folder = tmp_path / f"data-{name}"
    shutil.copytree(DATA_DIR, folder)
    with open(folder / name, "a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    return folder


def another_version_of(library: str, real):
    """``helpers.cache.library_versions`` as if ``library`` (a normalised distribution name) were upgraded."""

    def versions(names):
        return real(names) + ("|upgraded" if library in map(normalise, names) else "")

    return versions
