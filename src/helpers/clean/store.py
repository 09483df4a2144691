"""The cleaned corpus for any notebook: read from the corpus's cache when current, else rebuilt.

Every corpus has its own folder under ``processed/`` (the seeds ``processed/seeds/``),
and that folder is the corpus's :class:`~helpers.cache.Cache`: the cleaned tables,
tokens, TF-IDF matrices and indicator tables of that corpus are kept there, never
mixed with another corpus's. "Current" means the tables were built for exactly
these document files (by content) and these cleaning rules (the source of the
corpus and clean packages and the data files they read), with the same versions
of the libraries that decode and convert. Anything else rebuilds, so a changed
input or rule is never answered from a stale table.

    docs = load_clean_corpus()                    # bundled seeds
    docs = load_clean_corpus("path/to/my/corpus") # its own folder under processed/
    cache = corpus_cache("path/to/my/corpus")     # where the later stages keep their results
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import corpus, stored
from helpers.cache import (
    READ_ERRORS,
    Cache,
    columns_digest,
    make_key,
    stage_key,
)
from helpers.clean.files import FileRecords, file_records, file_sha256
from helpers.clean.inputs import LIBRARIES, RULE_SOURCES
from helpers.clean.pipeline import clean_corpus
from helpers.config import PROCESSED_DIR, SEEDS_DIR, display_path
from helpers.corpus.ocr import ocr_enabled
from helpers.parallel import MIN_ITEMS_FOR_PROGRESS, map_stream

TABLES = ("raw", "docs", "audit")
# The columns load_cleaned(texts=False) leaves out: the texts, which are most of every table.
TEXT_COLUMNS = {"raw": ("text_raw",), "docs": ("text", "text_raw"), "audit": ("before", "after")}
# Where a docs frame read by load_clean_corpus carries what its texts were (``docs.attrs``), see helpers.stored.
CORPUS_DIGEST = stored.CORPUS_DIGEST
# The cache's kind for the record of a cleaned table's digests (kept under the cleaned tables' own key).
DIGEST_KIND = "cleaned digest"


@dataclass
class CleanedCorpus:
    """The three tables of a cleaned corpus, the cache they are kept in and the key they are kept under."""

    raw: pd.DataFrame
    docs: pd.DataFrame
    audit: pd.DataFrame
    cache: Cache
    key: str
    from_cache: bool


def corpus_paths(corpus_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> tuple[Path, Path]:
    """``(corpus folder, processed folder)``; None means the bundled seeds and ``processed/seeds/``.

    Another corpus gets its own folder under ``processed/`` named after it,
    so its tables never overwrite the seeds'.
    """
    corpus_path = Path(corpus_dir).resolve() if corpus_dir else SEEDS_DIR
    if processed_dir:
        return corpus_path, Path(processed_dir).resolve()
    if corpus_path == SEEDS_DIR:
        return corpus_path, PROCESSED_DIR / "seeds"
    return corpus_path, PROCESSED_DIR / corpus_slug(corpus_path)


def corpus_slug(corpus_path: Path) -> str:
    """A folder name for a corpus: its own name plus a short hash of its full path."""
    name = re.sub(r"[^\w.-]+", "_", corpus_path.name) or "corpus"
    return f"{name}-{hashlib.sha1(str(corpus_path).encode()).hexdigest()[:8]}"


def corpus_cache(corpus_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> Cache:
    """The cache of a corpus: its own processed folder (see :func:`corpus_paths`).

    Every later stage is handed this object (``cache=``) to keep its results beside the corpus's tables.
    """
    return Cache(corpus_paths(corpus_dir, processed_dir)[1])


def cleaning_key(records: FileRecords) -> str:
    """Hash of the document files' names and contents, the cleaning rules, the libraries that decode and convert,
    and whether OCR is on."""
    files = sorted((name, record["sha256"]) for name, record in records.items())
    # OCR on or off (HELPERS_OCR) decides whether a scan has text or a problem
    return stage_key("cleaned", RULE_SOURCES, files, f"ocr={ocr_enabled()}", libraries=LIBRARIES)


@dataclass
class _State:
    """Where a corpus's tables stand: its cache, the files' records, the key the tables must have."""

    corpus_path: Path
    cache: Cache
    records: FileRecords
    recorded: dict  # the records as the cache holds them, to write back only what changed
    key: str | None = None  # None until every record has its hash

    @classmethod
    def of(cls, corpus_path: Path, processed: Path, *, rebuild: bool = False) -> _State:
        """Hash only what could prove the tables current: nothing when rebuilding or when no tables were
        built for this corpus; then the workers hash each file as they read it for the build."""
        cache = Cache(processed)
        recorded = cache.read_record("files", _records_key(corpus_path)) or {}
        known = recorded.get("files")
        records = file_records(corpus_path, known, hash_files=bool(known) and not rebuild)
        state = cls(corpus_path, cache, records, recorded)
        state.complete()
        return state

    def complete(self, hashes: dict[str, str] | None = None) -> None:
        """Fill in hashes the workers computed; the key once every record has one."""
        for name, sha256 in (hashes or {}).items():
            self.records[name]["sha256"] = sha256
        if all(record["sha256"] is not None for record in self.records.values()):
            self.key = cleaning_key(self.records)

    def read(self, names: tuple[str, ...]) -> dict[str, pd.DataFrame] | None:
        """The named tables when they were built for this key, else None.

        On a hit, records that changed without changing the content (a touched or
        copied file) are written back, so the next run need not hash those files again.
        """
        if self.key is None:
            return None
        tables = self.cache.read_tables("cleaned", self.key, names)
        if tables is not None and self.recorded != self._record():
            self.save_records()
        return tables

    def _record(self) -> dict:
        return {"corpus": str(self.corpus_path), "files": self.records}

    def save_records(self) -> None:
        self.cache.write_record("files", _records_key(self.corpus_path), self._record())


def recorded_files(corpus_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> FileRecords:
    """The file records kept in a corpus's cache by its last build or read (empty before the first)."""
    corpus_path, processed = corpus_paths(corpus_dir, processed_dir)
    return (Cache(processed).read_record("files", _records_key(corpus_path)) or {}).get("files", {})


def _records_key(corpus_path: Path) -> str:
    """The file records are kept per corpus folder, whatever its files hold."""
    return make_key("file records", str(corpus_path))


def load_cleaned(
    corpus_dir: Path | str | None = None,
    processed_dir: Path | str | None = None,
    *,
    workers: int | None = None,
    rebuild: bool = False,
    texts: bool = True,
) -> CleanedCorpus:
    """Raw table, cleaned articles and audit of a corpus, from its cache when current.

    A rebuild streams the corpus through the workers in chunks of files: each
    worker reads and cleans its own chunk, so texts are never sent to a worker,
    and only the chunk's finished tables come back, to be written as they come.
    ``texts=False`` reads the tables without their text columns (:data:`TEXT_COLUMNS`,
    most of every table); the helpers that show a text read it back from the stored
    table for the rows they show (:mod:`helpers.stored`).

    >>> from helpers.stored import read_column
    >>> light, whole = load_cleaned(texts=False), load_cleaned()
    >>> "text" in light.docs.columns, read_column(light.docs.head(2), "text").equals(whole.docs["text"].head(2))
    (False, True)
    """
    state = _State.of(*corpus_paths(corpus_dir, processed_dir), rebuild=rebuild)
    from_cache = not rebuild and _is_built(state)
    if not from_cache:
        _build(state, workers)
    tables = {name: _read_table(state, name, None if texts else _without_texts(state, name)) for name in TABLES}
    tables["docs"].attrs[CORPUS_DIGEST] = _corpus_digest(state)
    return CleanedCorpus(**tables, cache=state.cache, key=state.key, from_cache=from_cache)


def load_clean_corpus(
    corpus_dir: Path | str | None = None,
    processed_dir: Path | str | None = None,
    *,
    workers: int | None = None,
    columns: Sequence[str] | None = None,
    texts: bool = True,
) -> pd.DataFrame:
    """The cleaned articles of a corpus (one row per article), rebuilt only when out of date.

    Reads only the articles table when it is current (the raw table and the
    audit are for the cleaning notebook), so a warm start costs little.
    ``columns`` reads only those columns (``doc_id`` always), e.g. the metadata
    without the texts, which dominate the table: a stage that needs the texts
    reads them back from the stored table a row group at a time (:mod:`helpers.stored`).
    ``texts=False`` reads every column but the texts (``text``, ``text_raw``): what a notebook reads.
    Either way ``docs.attrs[CORPUS_DIGEST]`` holds the digest of the stored texts
    (:func:`helpers.stored.texts_digest`), so a stage keyed on the texts finds its cached result without them.

    >>> docs = load_clean_corpus()
    >>> docs.loc[0, "title"]
    '加强基层党组织建设提高科学发展能力和水平'
    >>> light = load_clean_corpus(columns=["title"])
    >>> light.columns.tolist(), light.attrs[CORPUS_DIGEST] == docs.attrs[CORPUS_DIGEST]
    (['doc_id', 'title'], True)
    """
    state = _State.of(*corpus_paths(corpus_dir, processed_dir))
    if not _is_built(state):
        _build(state, workers)
    if columns is None and not texts:
        columns = _without_texts(state, "docs")
    names = None if columns is None else list(dict.fromkeys(["doc_id", *columns]))
    docs = _read_table(state, "docs", names)
    docs.attrs[CORPUS_DIGEST] = _corpus_digest(state)
    return docs


def doc_ids_digest(docs: pd.DataFrame) -> str:
    """SHA-256 of the documents' ids, in order: whether a frame still has the rows its digest was taken of."""
    return columns_digest(docs["doc_id"].astype("str"))


def corpus_digest(docs: pd.DataFrame) -> dict[str, str]:
    """``{"texts": stored.texts_digest, "doc_ids": doc_ids_digest}`` of a frame with its texts."""
    return {"texts": stored.texts_digest(docs), "doc_ids": doc_ids_digest(docs)}


def _is_built(state: _State) -> bool:
    """Whether the three tables were built for the current key (and are where they belong)."""
    if state.key is None:
        return False
    entry = state.cache.entry("cleaned", state.key)
    try:
        import pyarrow.parquet as pq

        return all(pq.ParquetFile(entry / f"{name}.parquet").metadata.num_rows >= 0 for name in TABLES)
    except READ_ERRORS:
        return False


def _without_texts(state: _State, name: str) -> list[str]:
    import pyarrow.parquet as pq

    names = pq.read_schema(state.cache.entry("cleaned", state.key) / f"{name}.parquet").names
    return [column for column in names if column not in TEXT_COLUMNS[name]]


def _read_table(state: _State, name: str, columns: list[str] | None) -> pd.DataFrame:
    """One of the current tables (only ``columns`` when given), remembering where it is stored; marks the entry
    used and writes back changed file records."""
    import pyarrow.parquet as pq

    path = state.cache.entry("cleaned", state.key) / f"{name}.parquet"
    if columns is not None:
        available = pq.read_schema(path).names
        missing = [column for column in columns if column not in available]
        if missing:
            raise KeyError(f"the cleaned {name} table has no column {missing}; it has {available}")
    frame = stored.read_table(path, columns)
    state.read(())
    return frame


def _corpus_digest(state: _State) -> dict[str, str]:
    """What a docs frame read from the store carries: the stored texts' digest and the cleaned key, which lets a
    stage that finds no result for these texts read them back from this very table."""
    return {**_stored_digest(state), "cleaned": state.key}


def _stored_digest(state: _State) -> dict[str, str]:
    """The digest of the stored texts, from its record; computed from the stored table (a row group at a time)
    and recorded once per cleaned table."""
    record = state.cache.read_record(DIGEST_KIND, state.key)
    if record is not None and set(record) == {"texts", "doc_ids"}:
        return record
    path = state.cache.entry("cleaned", state.key) / "docs.parquet"
    record = {
        "texts": stored.stored_columns_digest(path, ["doc_id", "text"]),
        "doc_ids": stored.stored_columns_digest(path, ["doc_id"]),
    }
    state.cache.write_record(DIGEST_KIND, state.key, record)
    return record


def _build(state: _State, workers: int | None) -> None:
    """Read and clean every file and store the three tables, a chunk at a time: this process never holds more
    than the chunks in flight, whatever the corpus's size."""
    names = list(state.records)
    root = corpus.corpus_root(state.corpus_path)
    paths = [root / name for name in names]
    if not paths:
        corpus.warn_no_documents(state.corpus_path)
        raw = corpus.empty_raw_table()
        docs, audit = clean_corpus(raw)
        # through the same joining of parts as any corpus, so its empty tables have the same column types
        state.cache.write_table_chunks("cleaned", state.key, [{"raw": raw, "docs": docs, "audit": audit}])
    else:
        hashes: dict[str, str] = {}
        problems: list[pd.DataFrame] = []
        chunks = _cleaned_chunks(paths, state.corpus_path, workers, hashes, problems)
        by_path = dict(zip(map(str, paths), names))

        def key_of_what_was_read() -> str:  # every file is hashed once its chunk is read
            state.complete({by_path[path]: sha256 for path, sha256 in hashes.items()})
            return state.key

        state.cache.write_table_chunks("cleaned", key_of_what_was_read, chunks)
        if problems:
            corpus.warn_problems(pd.concat(problems, ignore_index=True))
    state.save_records()


def _cleaned_chunks(
    paths: list[Path], corpus_path: Path, workers: int | None, hashes: dict[str, str], problems: list[pd.DataFrame]
) -> Iterator[dict[str, pd.DataFrame]]:
    """The raw rows, articles and audit of each task as the workers finish it; each file's SHA-256 (empty when
    unreadable) goes into ``hashes`` and the rows of unreadable files into ``problems``.

    Document files are read and cleaned in the workers, a chunk of files per task; a table is read
    here batch by batch (its file hashed here too) and each batch of records cleaned in a worker.
    """
    items = corpus.document_items(paths, corpus_path)
    hashes |= {str(path): file_sha256(path) for path, _, _ in items if corpus.is_table(path)}
    results = map_stream(
        _load_and_clean_task,
        corpus.reading_tasks(items),
        workers=workers,
        desc="loading and cleaning",
        show_progress=len(items) >= MIN_ITEMS_FOR_PROGRESS or corpus.large_tables(paths),
    )
    for raw, docs, audit, chunk_hashes in results:
        hashes |= chunk_hashes
        unreadable = raw.loc[raw["problem"] != "", ["path", "problem"]]
        if len(unreadable):
            problems.append(unreadable)
        yield {"raw": raw, "docs": docs, "audit": audit}


def _load_and_clean_task(
    task: corpus.FileChunk | corpus.TableBatch,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Worker: read (and hash) one task's files, or take its table records, and clean them.

    The tables travel back as DataFrames, whose Arrow-backed string columns
    pickle as whole buffers, not as millions of Python objects.
    """
    hashes: dict[str, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the main process warns once per unreadable file
        if isinstance(task, corpus.FileChunk):
            items = list(task.items)
            contents = [corpus.read_bytes_or_none(path) for path, _, _ in items]
            hashes = {
                str(path): "" if data is None else hashlib.sha256(data).hexdigest()
                for (path, _, _), data in zip(items, contents)
            }
            raw = corpus.read_documents(items, contents)
        else:
            raw = corpus.read_task(task)
        docs, audit = clean_corpus(raw, workers=1)
    return raw, docs, audit, hashes


def describe_location(result: CleanedCorpus) -> str:
    """The corpus's own folder, where its tables and every later stage's results are kept, as a reader
    should see it (no absolute paths; the key below it changes with every rule and is not shown)."""
    return display_path(result.cache.folder)


def saved_files(result: CleanedCorpus) -> list[str]:
    """The files this stage wrote for the corpus: its three tables."""
    return sorted(path.name for path in result.cache.entry("cleaned", result.key).iterdir())
