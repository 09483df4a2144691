"""Features → clusters: similarity, hierarchical and flat clusters, stability, near-duplicates (notebook 03).

One concern per module: ``settings`` (size thresholds, :class:`ClusterSettings`),
``vectors`` (LSA, similarity, linkage, maps), ``flat`` (k-means, silhouettes,
choosing k), ``stability`` (co-assignment), ``describe`` (terms, summaries,
near-duplicates, the drawn sample), ``gold`` (hand labels, ARI) and
``analysis`` (:func:`analyse_clusters`, the one entry that computes).
"""

from helpers.cluster.analysis import ClusterAnalysis, analyse_clusters
from helpers.cluster.describe import (
    characteristic_terms,
    cluster_summary,
    display_sample,
    map_table,
    merge_table,
    near_duplicates,
    similarity_summary,
    with_inserted_copy,
)
from helpers.cluster.flat import (
    canonical_labels,
    choose_k,
    clusterings_by_k,
    default_k_range,
    flat_clusters,
    silhouette_scores,
    silhouette_table,
)
from helpers.cluster.gold import (
    GOLD_ARTICLES,
    SEED_COMPILATION_ID,
    agreement_table,
    label_agreement,
    load_gold_articles,
    reference_labels,
    seed_reference_labels,
)
from helpers.cluster.settings import (
    LSA_COMPONENTS,
    MAX_DRAWN_DOCS,
    MAX_K,
    MIN_CLUSTER_DOCS,
    MIN_K_DOCS,
    MINIBATCH_MIN_DOCS,
    NEAR_DUPLICATE_THRESHOLD,
    SILHOUETTE_SAMPLE,
    SMALL_CORPUS_DOCS,
    ClusterSettings,
)
from helpers.cluster.stability import co_assignment, stability_table
from helpers.cluster.vectors import (
    clustering_vectors,
    cosine_similarity_matrix,
    document_vectors,
    explained_variance,
    linkage_matrix,
    lsa_vectors,
    map_coordinates,
    mean_pairwise,
)

__all__ = [
    "GOLD_ARTICLES",
    "LSA_COMPONENTS",
    "MAX_DRAWN_DOCS",
    "MAX_K",
    "MINIBATCH_MIN_DOCS",
    "MIN_CLUSTER_DOCS",
    "MIN_K_DOCS",
    "NEAR_DUPLICATE_THRESHOLD",
    "SEED_COMPILATION_ID",
    "SILHOUETTE_SAMPLE",
    "SMALL_CORPUS_DOCS",
    "ClusterAnalysis",
    "ClusterSettings",
    "agreement_table",
    "analyse_clusters",
    "canonical_labels",
    "characteristic_terms",
    "choose_k",
    "cluster_summary",
    "clustering_vectors",
    "clusterings_by_k",
    "co_assignment",
    "cosine_similarity_matrix",
    "default_k_range",
    "display_sample",
    "document_vectors",
    "explained_variance",
    "flat_clusters",
    "label_agreement",
    "linkage_matrix",
    "load_gold_articles",
    "lsa_vectors",
    "map_coordinates",
    "map_table",
    "mean_pairwise",
    "merge_table",
    "near_duplicates",
    "reference_labels",
    "seed_reference_labels",
    "silhouette_scores",
    "silhouette_table",
    "similarity_summary",
    "stability_table",
    "with_inserted_copy",
]
