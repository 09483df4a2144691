"""Chinese policy-document corpus toolkit: load, clean, segment, theme, cluster, extract indicators.

The public API. Names are resolved lazily from the stage modules, so importing
``helpers`` for cleaning does not pay for matplotlib or scikit-learn.

    >>> import helpers
    >>> docs = helpers.load_clean_corpus()          # the bundled seeds
    >>> helpers.tokenize("加强基层党组织建设")
    ['加强', '基层党组织', '建设']
"""
from __future__ import annotations

import importlib

# public name -> stage module that defines it
_EXPORTS: dict[str, str] = {
    # files -> raw table
    "load_corpus": "corpus",
    # raw table -> cleaned articles + audit
    "clean_corpus": "clean",
    "clean_text": "clean",
    "CLEANING_RULES": "clean",
    "audit_summary": "clean",
    "rule_examples": "clean",
    "impurity_table": "clean",
    # cached cleaned corpus for the notebooks
    "load_clean_corpus": "pipeline",
    "corpus_paths": "pipeline",
    "load_cleaned": "pipeline",
    # tokens
    "tokenize": "segment",
    "Segmenter": "segment",
    "tokenize_corpus": "segment",
    "default_segmenter": "segment",
    # themes
    "tfidf_matrix": "themes",
    "corpus_tfidf": "themes",
    "document_tfidf": "themes",
    "top_terms": "themes",
    "kwic": "themes",
    "term_frequencies": "themes",
    "distinctive_terms": "themes",
    "nmf_topics": "themes",
    "compare_with_jieba": "themes",
    # clusters
    "cluster_documents": "cluster",
    "analyse_clusters": "cluster",
    # indicators
    "extract_indicators": "indicators",
    "indicator_table": "indicators",
    "score_against_gold": "indicator_eval",
    # charts
    "setup_fonts": "plotting",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in set(_EXPORTS.values()) | {"paths", "parallel", "report", "pipeline"}:
        return importlib.import_module(f"{__name__}.{name}")  # a stage module itself
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
