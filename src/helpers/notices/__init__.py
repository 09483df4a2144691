"""A sentence a notebook shows when a corpus is too small for a method: what cannot be said, and why.

Helpers return a :class:`Notice` (or None when nothing is missing), so a
notebook cell stays a single call: Jupyter shows the sentence as Markdown in
the rendered report and as plain text elsewhere, and a None shows nothing.
One module a stage (:mod:`.cleaning` for notebook 01, :mod:`.themes` 02,
:mod:`.clusters` 03, :mod:`.quantities` 04, :mod:`.compare` 05, :mod:`.policy` 06);
every name is importable from here.

    >>> Notice("聚类至少需要 2 篇文档 · clustering needs at least 2 documents")
    聚类至少需要 2 篇文档 · clustering needs at least 2 documents
"""

from helpers.notices.base import (
    Notice,
    notice_of,
)
from helpers.notices.cleaning import (
    NO_EDITS_BESIDES_LAYOUT_NOTE,
    NO_VALUES_NOTE,
    other_corpus_note,
)
from helpers.notices.clusters import (
    NO_CHARACTERISTIC_TERMS_NOTE,
    NO_K_NOTE,
    NO_STABILITY_NOTE,
    SINGLE_CLUSTER_NOTE,
    TOO_FEW_FOR_LSA_NOTE,
    TOO_FEW_FOR_MAP_NOTE,
    TOO_FEW_FOR_SIMILARITY_NOTE,
    TOO_FEW_TO_CLUSTER_NOTE,
    no_documents_to_cluster_notice,
    one_cluster_notice,
    one_document_to_cluster_notice,
    too_few_to_choose_k_notice,
)
from helpers.notices.compare import (
    NO_GROUPS_NOTE,
    NO_KEY_TERMS_NOTE,
    NO_TOPIC_GROUPS_NOTE,
    TOO_SMALL_FOR_NETWORK_NOTE,
    documents_without_group_notice,
    group_without_words_notice,
    no_group_values_notice,
    single_document_groups_notice,
    too_few_groups_notice,
    too_small_for_network_notice,
    unknown_group_notice,
    unordered_groups_notice,
)
from helpers.notices.policy import (
    LOW_COVERAGE,
    MIN_CODED_FOR_KAPPA,
    NO_INSTRUMENT_GROUPS_NOTE,
    NO_INSTRUMENTS_NOTE,
    NO_REUSE_NOTE,
    coding_agreement_notice,
    instrument_coverage_notice,
    no_reuse_notice,
    reuse_search_notice,
)
from helpers.notices.quantities import (
    NO_STATUS_NOTE,
    NO_SUCH_INDICATORS_NOTE,
    indicator_notice,
    no_indicator_range_notice,
)
from helpers.notices.themes import (
    NO_CONTENT_WORDS_NOTE,
    NO_TERMS_NOTE,
    NO_TOPIC_COUNT_NOTE,
    ONE_DOCUMENT_THEMES_NOTE,
    TOO_FEW_FOR_TOPICS_NOTE,
    discovery_sample_notice,
    single_document_topics_note,
)

__all__ = [
    "LOW_COVERAGE",
    "MIN_CODED_FOR_KAPPA",
    "NO_CHARACTERISTIC_TERMS_NOTE",
    "NO_CONTENT_WORDS_NOTE",
    "NO_EDITS_BESIDES_LAYOUT_NOTE",
    "NO_GROUPS_NOTE",
    "NO_INSTRUMENTS_NOTE",
    "NO_INSTRUMENT_GROUPS_NOTE",
    "NO_KEY_TERMS_NOTE",
    "NO_K_NOTE",
    "NO_REUSE_NOTE",
    "NO_STABILITY_NOTE",
    "NO_STATUS_NOTE",
    "NO_SUCH_INDICATORS_NOTE",
    "NO_TERMS_NOTE",
    "NO_TOPIC_COUNT_NOTE",
    "NO_TOPIC_GROUPS_NOTE",
    "NO_VALUES_NOTE",
    "ONE_DOCUMENT_THEMES_NOTE",
    "SINGLE_CLUSTER_NOTE",
    "TOO_FEW_FOR_LSA_NOTE",
    "TOO_FEW_FOR_MAP_NOTE",
    "TOO_FEW_FOR_SIMILARITY_NOTE",
    "TOO_FEW_FOR_TOPICS_NOTE",
    "TOO_FEW_TO_CLUSTER_NOTE",
    "TOO_SMALL_FOR_NETWORK_NOTE",
    "Notice",
    "coding_agreement_notice",
    "discovery_sample_notice",
    "documents_without_group_notice",
    "group_without_words_notice",
    "indicator_notice",
    "instrument_coverage_notice",
    "no_documents_to_cluster_notice",
    "no_group_values_notice",
    "no_indicator_range_notice",
    "no_reuse_notice",
    "notice_of",
    "one_cluster_notice",
    "one_document_to_cluster_notice",
    "other_corpus_note",
    "reuse_search_notice",
    "single_document_groups_notice",
    "single_document_topics_note",
    "too_few_groups_notice",
    "too_few_to_choose_k_notice",
    "too_small_for_network_notice",
    "unknown_group_notice",
    "unordered_groups_notice",
]
