"""Comparisons across time, place and issuer (notebook 05): term trends, keyness, topic prevalence, co-word networks.

One concern a module: :mod:`~helpers.compare.groups` (which group a document belongs to, and what a
comparison cannot show), :mod:`~helpers.compare.counts` (group token counts from the cached tokens),
:mod:`~helpers.compare.trends` (term rates per group), :mod:`~helpers.compare.change` (terms that rose or fell), :mod:`~helpers.compare.keyness` (signed G² and
Log Ratio of a target group against a reference) and :mod:`~helpers.compare.prevalence` (NMF topics'
mean weight per group) and :mod:`~helpers.compare.network` (co-word networks and their export for Gephi).

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "year": [1978, 1982], "text": ["阶级斗争", "改革开放"]})
    >>> term_trends(docs, ["改革开放"])["count"].tolist()
    [0, 1]
"""

from helpers.compare.change import changing_terms, trend_candidates
from helpers.compare.groups import (
    DECADE,
    YEAR,
    comparison_notice,
    comparison_notices,
    document_years,
    group_sizes,
    group_values,
    largest_group,
    periods,
)
from helpers.compare.keyness import keyness, log_ratio, signed_g2
from helpers.compare.network import (
    community_terms,
    cooccurrence_network,
    export_network,
    network_notice,
    network_tables,
)
from helpers.compare.prevalence import prevalence_matrix, topic_prevalence
from helpers.compare.trends import RATE_BASE, term_trends

__all__ = [
    "DECADE",
    "RATE_BASE",
    "YEAR",
    "changing_terms",
    "community_terms",
    "comparison_notice",
    "comparison_notices",
    "cooccurrence_network",
    "document_years",
    "export_network",
    "group_sizes",
    "group_values",
    "keyness",
    "largest_group",
    "log_ratio",
    "network_notice",
    "network_tables",
    "periods",
    "prevalence_matrix",
    "signed_g2",
    "term_trends",
    "topic_prevalence",
    "trend_candidates",
]
