"""Files → the raw table: one row per file, its decoded text, or the reason it cannot be read (notebook 01)."""

from helpers.corpus.labels import document_labels, short_doc_id
from helpers.corpus.read import (
    document_files,
    document_items,
    empty_raw_table,
    load_corpus,
    read_bytes_or_none,
    read_documents,
    records_frame,
    warn_no_documents,
    warn_problems,
)

__all__ = [
    "document_files",
    "document_items",
    "document_labels",
    "empty_raw_table",
    "load_corpus",
    "read_bytes_or_none",
    "read_documents",
    "records_frame",
    "short_doc_id",
    "warn_no_documents",
    "warn_problems",
]
