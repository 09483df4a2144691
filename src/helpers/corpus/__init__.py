"""Files → the raw table: one row per document (a file, or a table's record), its text, or the reason it has none (notebook 01)."""

from helpers.corpus.find import corpus_root, document_files, document_items, find_documents
from helpers.corpus.labels import document_labels, short_doc_id
from helpers.corpus.read import (
    empty_raw_table,
    large_tables,
    load_corpus,
    read_bytes_or_none,
    read_documents,
    read_task,
    records_frame,
    tidy_raw_table,
    warn_no_documents,
    warn_problems,
)
from helpers.corpus.summary import confidence_distribution, format_summary, ocr_summary, uncertain_lines
from helpers.corpus.tasks import CHUNK_FILES, FileChunk, TableBatch, is_table, reading_tasks

__all__ = [
    "CHUNK_FILES",
    "FileChunk",
    "TableBatch",
    "confidence_distribution",
    "corpus_root",
    "document_files",
    "document_items",
    "document_labels",
    "empty_raw_table",
    "find_documents",
    "format_summary",
    "is_table",
    "large_tables",
    "load_corpus",
    "ocr_summary",
    "read_bytes_or_none",
    "read_documents",
    "read_task",
    "reading_tasks",
    "records_frame",
    "short_doc_id",
    "tidy_raw_table",
    "uncertain_lines",
    "warn_no_documents",
    "warn_problems",
]
