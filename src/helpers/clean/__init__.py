"""The raw table → cleaned articles and an audit of every line removed or changed, cached per corpus (notebook 01)."""
from helpers.clean.rules import (
    CLEANING_RULES,
    audit_summary,
    clean_corpus,
    clean_text,
    first_raw_and_clean,
    impurity_table,
    rule_examples,
    rule_family,
)
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
    "CLEANING_RULES", "CleanedCorpus", "audit_summary", "clean_corpus", "clean_text", "corpus_cache", "corpus_paths",
    "corpus_slug", "recorded_files",
    "describe_location", "first_raw_and_clean", "impurity_table", "load_clean_corpus", "load_cleaned",
    "rule_examples", "rule_family", "saved_files",
]
