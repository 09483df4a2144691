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
    "load_clean_corpus": "clean",
    "corpus_paths": "clean",
    "load_cleaned": "clean",
    "corpus_cache": "clean",
    # tokens
    "tokenize": "tokens",
    "TokenSettings": "tokens",
    "Segmenter": "tokens",
    "tokenize_corpus": "tokens",
    "default_segmenter": "tokens",
    # themes
    "TfidfSettings": "features",
    "corpus_tfidf": "features",
    "top_terms": "features",
    "kwic": "features",
    "term_frequencies": "features",
    "distinctive_terms": "features",
    "nmf_topics": "features",
    "compare_with_jieba": "features",
    # clusters
    "analyse_clusters": "cluster",
    "ClusterSettings": "cluster",
    # indicators
    "extract_indicators": "quantities",
    "indicator_table": "quantities",
    "score_against_gold": "quantities",
    # charts
    "setup_fonts": "plots",
}

__all__ = sorted(_EXPORTS)
_SUBMODULES = {"cache", "clean", "cluster", "config", "corpus", "features", "hanzi", "notices", "parallel",
               "plots", "quantities", "report", "tokens"}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")  # a stage module itself
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
