"""Tokens → features: TF-IDF, term frequencies, NMF topics, keywords in context (notebook 02).

One concern a module: :mod:`~helpers.features.tfidf` (the one TF-IDF entry point,
its :class:`TfidfSettings` and cache), :mod:`~helpers.features.terms` (term
frequencies, top and distinctive terms, jieba's IDF alongside),
:mod:`~helpers.features.topics` (NMF topics and what a small corpus cannot show),
:mod:`~helpers.features.kwic` (keywords in context), :mod:`~helpers.features.discover` (terms the
dictionary lacks) and
:mod:`~helpers.features.sampling` (what a notebook shows of a large table).

    >>> import pandas as pd
    >>> tfidf = corpus_tfidf(pd.Series([["党建", "基层"], ["党建"]], index=["a", "b"]))
    >>> top_terms(tfidf, k=1)["term"].tolist()
    ['基层', '党建']
"""

from helpers.features.discover import DiscoverySettings, discover_terms
from helpers.features.kwic import kwic, kwic_many
from helpers.features.sampling import (
    field_terms,
    first_document,
    sample_documents,
    weights_by_doc,
)
from helpers.features.terms import (
    compare_with_jieba,
    distinctive_terms,
    frequencies,
    jieba_keywords,
    keyword_overlap,
    term_frequencies,
    top_terms,
)
from helpers.features.tfidf import CorpusTfidf, TfidfSettings, corpus_tfidf
from helpers.features.topics import (
    MIN_TOPIC_DOCS,
    choose_n_topics,
    corpus_notice,
    nmf_model_selection,
    nmf_topics,
    topic_labels,
    topic_notice,
)

__all__ = [
    "MIN_TOPIC_DOCS",
    "CorpusTfidf",
    "DiscoverySettings",
    "TfidfSettings",
    "choose_n_topics",
    "compare_with_jieba",
    "corpus_notice",
    "corpus_tfidf",
    "discover_terms",
    "distinctive_terms",
    "field_terms",
    "first_document",
    "frequencies",
    "jieba_keywords",
    "keyword_overlap",
    "kwic",
    "kwic_many",
    "nmf_model_selection",
    "nmf_topics",
    "sample_documents",
    "term_frequencies",
    "top_terms",
    "topic_labels",
    "topic_notice",
    "weights_by_doc",
]
