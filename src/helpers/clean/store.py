"""The cleaned corpus for any notebook: read from ``processed/`` when current, else rebuilt.

"Current" means the manifest beside the tables was written for exactly these
document files (by content) and these cleaning rules (by the source of the
modules and the data files they read). Anything else rebuilds, so a changed
input or rule is never answered from a stale table.

    docs = load_clean_corpus()                    # bundled seeds
    docs = load_clean_corpus("path/to/my/corpus") # its own folder under processed/
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import hanzi
from helpers.clean import pipeline as clean
from helpers import corpus
from helpers.parallel import map_documents
from helpers.cache import PARQUET_COMPRESSION
from helpers.config import DATA_DIR, PROCESSED_DIR, SEEDS_DIR, display_path

# Everything the cleaned tables depend on besides the documents themselves.
_RULE_SOURCES = (
    *sorted(Path(corpus.__file__).parent.glob("*.py")), *sorted(Path(clean.__file__).parent.glob("*.py")),
    Path(hanzi.__file__),
    DATA_DIR / "boilerplate_patterns.tsv", DATA_DIR / "metadata_labels.tsv", hanzi.COMMON_HANZI_FILE,
)
_TABLES = ("raw", "docs", "audit")


@dataclass
class CleanedCorpus:
    """The three tables of a cleaned corpus and where they are kept."""

    raw: pd.DataFrame
    docs: pd.DataFrame
    audit: pd.DataFrame
    processed_dir: Path
    from_cache: bool


def corpus_paths(corpus_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> tuple[Path, Path]:
    """``(corpus folder, processed folder)``; None means the bundled seeds and ``processed/``.

    Another corpus gets its own folder under ``processed/`` named after it,
    so its tables never overwrite the seeds'.
    """
    corpus_path = Path(corpus_dir).resolve() if corpus_dir else SEEDS_DIR
    if processed_dir:
        return corpus_path, Path(processed_dir).resolve()
    if corpus_path == SEEDS_DIR:
        return corpus_path, PROCESSED_DIR
    return corpus_path, PROCESSED_DIR / corpus_slug(corpus_path)


def corpus_slug(corpus_path: Path) -> str:
    """A folder name for a corpus: its own name plus a short hash of its full path."""
    name = re.sub(r"[^\w.-]+", "_", corpus_path.name) or "corpus"
    return f"{name}-{hashlib.sha1(str(corpus_path).encode()).hexdigest()[:8]}"


# Libraries whose upgrade changes decoded or cleaned text.
_LIBRARIES = ("opencc", "trafilatura", "charset-normalizer")


def _library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "absent"

    return "|".join(f"{name}={installed(name)}" for name in _LIBRARIES)


FileRecords = dict[str, dict]  # relative name -> {size, mtime_ns, ctime_ns, inode, hashed_ns, sha256}

# A file changed within this long of being hashed may share its timestamp with the hashed version
# (coarse clocks, FAT's 2 s), so its record is not trusted: git's "racily clean" rule.
RACY_NS = 3_000_000_000
_HASH_RE = re.compile(r"[0-9a-f]{64}")


def file_records(corpus_path: Path, known: FileRecords | None = None, *, hash_files: bool = True) -> FileRecords:
    """Size, times, inode and content hash (SHA-256) of every document file.

    A file whose size, modification time, status-change time and inode all match
    ``known`` (the last build's records) keeps its recorded hash instead of being
    read again, as git's index does. Writing a file, replacing it, copying it
    over it or restoring its old modification time all change the status-change
    time, which no user tool can set, so an edited file is always read and hashed.
    With ``hash_files=False`` such a file's ``sha256`` is left None, for the
    workers that read it anyway to fill in (:func:`_load_and_clean_chunk`).
    """
    known = known or {}
    records: FileRecords = {}
    for name, path in corpus.document_files(corpus_path):
        stat = os.stat(path)
        signature = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "ctime_ns": stat.st_ctime_ns, "inode": stat.st_ino}
        recorded = known.get(name)
        recorded = recorded if isinstance(recorded, dict) else {}  # absent, or written by an older version
        if (_HASH_RE.fullmatch(str(recorded.get("sha256")))  # a file unreadable last time is tried again
                and all(recorded.get(field) == value for field, value in signature.items())
                and max(stat.st_mtime_ns, stat.st_ctime_ns) < recorded.get("hashed_ns", 0) - RACY_NS):
            records[name] = recorded
            continue
        records[name] = {**signature, "hashed_ns": time.time_ns(), "sha256": _file_sha256(path) if hash_files else None}
    return records


def _file_sha256(path: Path | str) -> str:
    """The file's SHA-256, or "" when it cannot be read (the build then names it and the reason)."""
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return ""


def cleaning_key(corpus_path: Path, records: FileRecords | None = None) -> str:
    """Hash of the document files' names and bytes, the cleaning rules and the libraries that decode and convert."""
    digest = hashlib.sha256()
    for source in _RULE_SOURCES:
        digest.update(source.read_bytes())
    digest.update(_library_versions().encode())
    for name, record in (records if records is not None else file_records(corpus_path)).items():
        digest.update(name.encode() + b"\0" + record["sha256"].encode())
    return digest.hexdigest()


@dataclass
class _State:
    """Where a corpus's tables stand: the key they must have, the files' records, the manifest on disk."""

    corpus_path: Path
    processed: Path
    key: str | None  # None until every record has its hash
    records: FileRecords
    manifest: dict

    @classmethod
    def of(cls, corpus_path: Path, processed: Path, *, rebuild: bool = False) -> "_State":
        """Hash only what could prove the tables current: nothing when rebuilding or when no tables were
        built for this corpus; then the workers hash each file as they read it for the build."""
        manifest = _read_manifest(processed)
        known = manifest.get("files") if manifest.get("corpus") == str(corpus_path) else None
        records = file_records(corpus_path, known, hash_files=bool(known) and not rebuild)
        state = cls(corpus_path, processed, None, records, manifest)
        state.complete()
        return state

    def complete(self, hashes: dict[str, str] | None = None) -> None:
        """Fill in hashes the workers computed; the key once every record has one."""
        for name, sha256 in (hashes or {}).items():
            self.records[name]["sha256"] = sha256
        if all(record["sha256"] is not None for record in self.records.values()):
            self.key = cleaning_key(self.corpus_path, self.records)

    def read(self, names: tuple[str, ...]) -> dict[str, pd.DataFrame] | None:
        """The named tables when the manifest says they were built for this key, else None.

        On a hit, records that changed without changing the content (a touched or
        copied file) are written back, so the next run need not hash those files again.
        """
        if self.key is None or self.manifest.get("key") != self.key:
            return None
        try:
            tables = {name: pd.read_parquet(self.processed / f"{name}.parquet") for name in names}
        except (OSError, ValueError):
            return None
        if self.manifest.get("files") != self.records:
            _write_manifest(self.processed, {**self.manifest, "corpus": str(self.corpus_path), "files": self.records})
        return tables


def _read_manifest(processed: Path) -> dict:
    try:
        return json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(processed: Path, manifest: dict) -> None:
    partial = processed / f".manifest.json.{os.getpid()}.partial"
    # no indent: json's C encoder only serves compact output, and thousands of file records are read by programs
    partial.write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(partial, processed / "manifest.json")


def save_cleaned(result: CleanedCorpus, state: _State) -> None:
    """Write the tables as Parquet and the manifest last, so a half-written folder is never current."""
    result.processed_dir.mkdir(parents=True, exist_ok=True)
    (result.processed_dir / "manifest.json").unlink(missing_ok=True)
    def write(name: str) -> None:
        path = result.processed_dir / f"{name}.parquet"
        getattr(result, name).to_parquet(path, index=False, compression=PARQUET_COMPRESSION)

    with ThreadPoolExecutor(len(_TABLES)) as pool:  # Arrow writes without the GIL: the tables go out together
        list(pool.map(write, _TABLES))
    _write_manifest(result.processed_dir, {
        "key": state.key, "tables": [f"{name}.parquet" for name in _TABLES],
        "corpus": str(state.corpus_path), "files": state.records,
    })


def load_cleaned(
    corpus_dir: Path | str | None = None,
    processed_dir: Path | str | None = None,
    *,
    workers: int | None = None,
    rebuild: bool = False,
) -> CleanedCorpus:
    """Raw table, cleaned articles and audit of a corpus, from cache when current.

    A rebuild streams the corpus through the workers in chunks of files: each
    worker reads and cleans its own chunk, so texts are never sent to a worker,
    and only the chunk's finished tables come back.
    """
    state = _State.of(*corpus_paths(corpus_dir, processed_dir), rebuild=rebuild)
    if not rebuild:
        tables = state.read(_TABLES)
        if tables is not None:
            return _with_cache_location(CleanedCorpus(**tables, processed_dir=state.processed, from_cache=True))
    return _build(state, workers)


def _build(state: _State, workers: int | None) -> CleanedCorpus:
    names = list(state.records)
    paths = [state.corpus_path / name for name in names]
    if not paths:
        corpus.warn_no_documents(state.corpus_path)
        raw = corpus.empty_raw_table()
        docs, audit = clean.clean_corpus(raw)
    else:
        raw, docs, audit, hashes = _load_and_clean_in_chunks(paths, state.corpus_path, workers)
        state.complete(dict(zip(names, hashes)))
    corpus.warn_problems(raw)
    result = CleanedCorpus(raw, docs, audit, state.processed, from_cache=False)
    save_cleaned(result, state)
    return _with_cache_location(result)


# Files per chunk: large enough to amortise a task, small enough to balance the workers.
CHUNK_FILES = 64


def _load_and_clean_in_chunks(
    paths: list[Path], corpus_path: Path, workers: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Raw table, articles and audit of the files, and each file's SHA-256 (empty when unreadable)."""
    items = corpus.document_items(paths, corpus_path)
    chunks = [items[start:start + CHUNK_FILES] for start in range(0, len(items), CHUNK_FILES)]
    results = map_documents(_load_and_clean_chunk, chunks, workers=workers, desc="loading and cleaning",
                            min_items=2, progress_unit=CHUNK_FILES, chunksize=1)  # chunks are already sized
    raw, docs, audit = (pd.concat(tables, ignore_index=True) for tables in zip(*(r[:3] for r in results)))
    return raw, docs, audit, [sha256 for result in results for sha256 in result[3]]


def _load_and_clean_chunk(
    items: list[tuple[Path, str, str]]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[str]]:
    """Worker: read, hash, load and clean one chunk of files, each file read once.

    The tables travel back as DataFrames, whose Arrow-backed string columns
    pickle as whole buffers, not as millions of Python objects.
    """
    contents = [corpus.read_bytes_or_none(path) for path, _, _ in items]
    hashes = ["" if data is None else hashlib.sha256(data).hexdigest() for data in contents]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the main process warns once per unreadable file
        raw = corpus.read_documents(items, contents)
        docs, audit = clean.clean_corpus(raw, workers=1)
    return raw, docs, audit, hashes


def _with_cache_location(result: CleanedCorpus) -> CleanedCorpus:
    """Tell later stages where this corpus's caches live (``docs.attrs["cache_dir"]``),
    so its tokens are kept beside its tables, not with another corpus's."""
    result.docs.attrs["cache_dir"] = str(result.processed_dir / "cache")
    return result


def load_clean_corpus(
    corpus_dir: Path | str | None = None,
    processed_dir: Path | str | None = None,
    *,
    workers: int | None = None,
) -> pd.DataFrame:
    """The cleaned articles of a corpus (one row per article), rebuilt only when out of date.

    Reads only the articles table when it is current (the raw table and the
    audit are for the cleaning notebook), so a warm start costs little.

    >>> docs = load_clean_corpus()
    >>> docs.loc[0, "title"]
    '加强基层党组织建设提高科学发展能力和水平'
    """
    state = _State.of(*corpus_paths(corpus_dir, processed_dir))
    current = state.read(("docs",))
    if current is not None:
        current["docs"].attrs["cache_dir"] = str(state.processed / "cache")
        return current["docs"]
    return _build(state, workers).docs


def describe_location(result: CleanedCorpus) -> str:
    """Where the tables live, as a reader should see it (no absolute paths)."""
    return display_path(result.processed_dir)


def saved_files(result: CleanedCorpus) -> list[str]:
    """The files this stage wrote (tables and manifest), as listed in its manifest."""
    manifest = json.loads((result.processed_dir / "manifest.json").read_text(encoding="utf-8"))
    return sorted(manifest["tables"] + ["manifest.json"])
