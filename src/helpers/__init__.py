"""Chinese policy-document corpus toolkit: load, clean, segment, theme, cluster, compare, code, extract indicators.

The public API: exactly the names the notebooks and the README call (a test checks
this). Names are resolved lazily from the stage packages, so importing ``helpers``
for cleaning does not pay for matplotlib or scikit-learn.

    >>> import helpers
    >>> docs = helpers.load_clean_corpus()          # the bundled seeds
    >>> helpers.tokenize("加强基层党组织建设")
    ['加强', '基层党组织', '建设']
"""

from __future__ import annotations

import importlib

# public name -> the stage package (or charts module) that defines it
_EXPORTS: dict[str, str] = {
    # files → raw table (notebook 01)
    "document_labels": "corpus",
    "confidence_distribution": "corpus",
    "format_summary": "corpus",
    "load_corpus": "corpus",
    "ocr_summary": "corpus",
    "uncertain_lines": "corpus",
    # raw table → cleaned articles + audit, kept in the corpus's cache (01)
    "audit_summary": "clean",
    "clean_corpus": "clean",
    "clean_text": "clean",
    "CLEANING_RULES": "clean",
    "corpus_cache": "clean",
    "describe_location": "clean",
    "documents_per": "clean",
    "first_raw_and_clean": "clean",
    "impurity_table": "clean",
    "load_clean_corpus": "clean",
    "load_cleaned": "clean",
    "metadata_coverage": "clean",
    "rule_examples": "clean",
    "saved_files": "clean",
    # a column a frame was read without, read back from its stored table
    "read_column": "stored",
    # a table left in its file and read a batch at a time (indicator_table(lazy=True))
    "crosstab": "stored_table",
    "first_rows": "stored_table",
    "value_counts": "stored_table",
    # tokens (02)
    "default_segmenter": "tokens",
    "Segmenter": "tokens",
    "tokenize": "tokens",
    "tokenize_corpus": "tokens",
    "encoded_corpus": "tokens",
    "token_overview": "tokens",
    "TokenSettings": "tokens",
    # features: TF-IDF, terms, topics, keywords in context (02)
    "choose_n_topics": "features",
    "compare_with_jieba": "features",
    "corpus_notice": "features",
    "corpus_tfidf": "features",
    "discover_terms": "features",
    "distinctive_terms": "features",
    "field_terms": "features",
    "first_document": "features",
    "keyword_overlap": "features",
    "kwic": "features",
    "kwic_many": "features",
    "nmf_model_selection": "features",
    "nmf_topics": "features",
    "sample_documents": "features",
    "term_frequencies": "features",
    "TfidfSettings": "features",
    "top_terms": "features",
    "topic_labels": "features",
    "topic_notice": "features",
    "weights_by_doc": "features",
    # clusters (03)
    "agreement_table": "cluster",
    "analyse_clusters": "cluster",
    "ClusterSettings": "cluster",
    "LSA_COMPONENTS": "cluster",
    "MAX_DRAWN_DOCS": "cluster",
    "MINIBATCH_MIN_DOCS": "cluster",
    "NEAR_DUPLICATE_THRESHOLD": "cluster",
    "map_table": "cluster",
    "merge_table": "cluster",
    "near_duplicates": "cluster",
    "similarity_summary": "cluster",
    "seed_reference_labels": "cluster",
    "SILHOUETTE_SAMPLE": "cluster",
    "with_inserted_copy": "cluster",
    # quantities (04)
    "counts_by_document": "quantities",
    "export_indicators": "quantities",
    "extract_indicators": "quantities",
    "find_indicators": "quantities",
    "indicator_range_notice": "quantities",
    "indicator_ranges": "quantities",
    "indicator_table": "quantities",
    "indicators_by_year": "quantities",
    "score_against_gold": "quantities",
    "status_role_shares": "quantities",
    "top_quantities": "quantities",
    "indicator_notice": "notices",
    "notice_of": "notices",
    # comparisons across time, place and issuer (05)
    "changing_terms": "compare",
    "community_terms": "compare",
    "comparison_notice": "compare",
    "cooccurrence_network": "compare",
    "export_network": "compare",
    "group_sizes": "compare",
    "keyness": "compare",
    "largest_group": "compare",
    "network_notice": "compare",
    "network_tables": "compare",
    "term_trends": "compare",
    "trend_candidates": "compare",
    "topic_prevalence": "compare",
    # policy instruments and text reuse (06)
    "code_instruments": "policy",
    "coding_agreement": "policy",
    "coding_coverage": "policy",
    "coverage_notice": "policy",
    "export_coding_sheet": "policy",
    "find_reuse": "policy",
    "instrument_shares": "policy",
    "longest_passages": "policy",
    "policy_clauses": "policy",
    "read_coding_sheet": "policy",
    "reuse_matrix": "policy",
    "reuse_notice": "policy",
    # charts
    "setup_fonts": "plots.base",
    "plot_audit": "plots.cleaning",
    "plot_documents_per": "plots.cleaning",
    "corpus_wordcloud": "plots.themes",
    "document_wordclouds": "plots.themes",
    "plot_doc_topics": "plots.themes",
    "plot_term_counts": "plots.themes",
    "plot_top_terms": "plots.themes",
    "MAP_LABEL_LIMIT": "plots.clusters",
    "plot_cluster_terms": "plots.clusters",
    "plot_co_assignment": "plots.clusters",
    "plot_dendrogram": "plots.clusters",
    "plot_explained_variance": "plots.clusters",
    "plot_map": "plots.clusters",
    "plot_silhouette": "plots.clusters",
    "plot_similarity": "plots.clusters",
    "plot_counts": "plots.quantities",
    "plot_indicator_range": "plots.quantities",
    "plot_quantities": "plots.quantities",
    "plot_keyness": "plots.compare",
    "plot_network": "plots.network",
    "plot_prevalence": "plots.compare",
    "plot_instrument_shares": "plots.policy",
    "plot_tool_types": "plots.policy",
    "plot_reuse_matrix": "plots.reuse",
    "explore_keyness": "plots.explore",
    "explore_kwic": "plots.explore",
    "explore_trends": "plots.explore",
    # paths and the cache layer
    "display_path": "config",
    "Cache": "cache",
    # where the stages' tasks run: the local process pool, or a Dask cluster
    "use_scheduler": "scheduler",
}

__all__ = sorted(_EXPORTS)
# the stage packages and shared modules, reachable as attributes (helpers.clean, helpers.cache …)
_SUBMODULES = {
    "cache",
    "clean",
    "cluster",
    "compare",
    "config",
    "corpus",
    "features",
    "hanzi",
    "notices",
    "parallel",
    "parallel_dask",
    "plots",
    "policy",
    "quantities",
    "report",
    "scheduler",
    "tokens",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'helpers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
