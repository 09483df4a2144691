"""The raw table → cleaned articles and an audit of every line removed or changed, cached per corpus (notebook 01).

One concern per module: ``lines`` (line edits), ``mojibake``, ``drops`` (line drops), ``boilerplate``
(patterns from ``data/``), ``metadata`` (dates, labels, title and author), ``compilations``
(splitting a download site's compilation), ``document`` (a document as the rules work through it),
``pipeline`` (the rules' composition), ``audit`` (summaries for the notebook), ``coverage`` (metadata per field, year and place), ``files`` (which files a
corpus has, hashed once), ``store`` (the cleaned corpus in its cache).
"""

from helpers.clean.audit import (
    audit_summary,
    first_raw_and_clean,
    impurity_table,
    rule_examples,
    rule_family,
)
from helpers.clean.coverage import METADATA_FIELDS, documents_per, has_value, metadata_coverage
from helpers.clean.pipeline import CLEANING_RULES, clean_corpus, clean_text
from helpers.clean.store import (
    CleanedCorpus,
    corpus_cache,
    corpus_paths,
    corpus_slug,
    describe_location,
    load_clean_corpus,
    load_cleaned,
    recorded_files,
    saved_files,
)

__all__ = [
    "CLEANING_RULES",
    "METADATA_FIELDS",
    "CleanedCorpus",
    "audit_summary",
    "clean_corpus",
    "clean_text",
    "corpus_cache",
    "corpus_paths",
    "corpus_slug",
    "describe_location",
    "documents_per",
    "first_raw_and_clean",
    "has_value",
    "impurity_table",
    "load_clean_corpus",
    "load_cleaned",
    "metadata_coverage",
    "recorded_files",
    "rule_examples",
    "rule_family",
    "saved_files",
]
