"""Which documents resemble each other, computed once: :func:`analyse_clusters` and its :class:`ClusterAnalysis`.

Stage 03. The analysis takes the corpus's TF-IDF as made by the features stage
(a :class:`helpers.features.CorpusTfidf`: rows L2-normalised, so that a dot
product is a cosine similarity) and the docs frame for titles, and keeps
every result a notebook shows one at a time; only :mod:`helpers.plots.clusters`
draws.

    >>> import helpers
    >>> docs = helpers.load_clean_corpus()                                   # doctest: +SKIP
    >>> analysis = helpers.analyse_clusters(helpers.corpus_tfidf(docs), docs)  # doctest: +SKIP
    >>> analysis.assignments.head(1)                                         # doctest: +SKIP
                      doc_id  cluster
    0  000_a02c7e0e326b1c8c        0

Small corpora get empty results, never errors: with fewer than
``MIN_CLUSTER_DOCS`` documents there is nothing to compare, and choosing k,
the stability check and the map need ``MIN_K_DOCS``.
:meth:`ClusterAnalysis.notice` says what is missing and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from helpers.cluster.describe import (
    characteristic_terms,
    cluster_summary,
    display_sample,
    near_duplicates,
)
from helpers.cluster.flat import (
    choose_k,
    clusterings_by_k,
    default_k_range,
    flat_clusters,
    silhouette_scores,
)
from helpers.cluster.gold import agreement_table
from helpers.cluster.settings import (
    MIN_CLUSTER_DOCS,
    MIN_K_DOCS,
    NEAR_DUPLICATE_THRESHOLD,
    ClusterSettings,
)
from helpers.cluster.stability import co_assignment, stability_table
from helpers.cluster.vectors import (
    Matrix,
    clustering_vectors,
    cosine_similarity_matrix,
    document_vectors,
    explained_variance,
    linkage_matrix,
    map_coordinates,
)
from helpers.corpus import (  # one labelling rule for every chart
    document_labels,
    short_doc_id,
)
from helpers.notices import (
    Notice,
    no_documents_to_cluster_notice,
    one_cluster_notice,
    one_document_to_cluster_notice,
    too_few_to_choose_k_notice,
)

if TYPE_CHECKING:
    from helpers.features import CorpusTfidf


@dataclass(frozen=True)
class ClusterAnalysis:
    """All results of :func:`analyse_clusters`, for a notebook to show one at a time."""

    doc_ids: list[str]
    labels: list[str]  # chart labels (short id + short title)
    titles: list[str]
    vectors: Matrix  # rows used for clustering (TF-IDF, or LSA when reduced)
    tfidf: sparse.csr_matrix  # TF-IDF rows (for similarity and characteristic terms)
    terms: np.ndarray
    silhouettes: pd.DataFrame  # k, silhouette
    k: int
    cluster: np.ndarray  # canonical cluster number per document
    restarts: np.ndarray | None  # co-assignment over random restarts (drawn rows)
    bootstrap: np.ndarray | None  # co-assignment over term bootstraps (drawn rows)
    drawn: np.ndarray  # row positions shown in per-document charts
    by_k: dict[int, np.ndarray]  # k-means labels of every k in ``silhouettes``: no view re-runs k-means
    settings: ClusterSettings

    @property
    def random_state(self) -> int:
        """The seed of every random step (``settings.random_state``)."""
        return self.settings.random_state

    @property
    def assignments(self) -> pd.DataFrame:
        """The frame ``doc_id, cluster``, in the order of the documents."""
        return _assignments(self.doc_ids, self.cluster)

    @property
    def drawn_labels(self) -> list[str]:
        """Chart labels of the drawn documents."""
        return [self.labels[i] for i in self.drawn]

    @property
    def drawn_clusters(self) -> np.ndarray:
        """Cluster numbers of the drawn documents."""
        return self.cluster[self.drawn]

    @property
    def sampled(self) -> bool:
        """Whether per-document charts show a sample rather than every document."""
        return len(self.drawn) < len(self.doc_ids)

    def similarity(self) -> np.ndarray:
        """Cosine similarities between the drawn documents (on the TF-IDF rows)."""
        return cosine_similarity_matrix(self.tfidf[self.drawn])

    def linkage(self, method: str = "average") -> np.ndarray:
        """Hierarchical clustering of the drawn documents (see :func:`linkage_matrix`)."""
        return linkage_matrix(self.tfidf[self.drawn], method)

    def coordinates(self, method: Literal["pca", "mds"] = "pca") -> np.ndarray:
        """2-D map coordinates of the drawn documents (see :func:`map_coordinates`)."""
        return map_coordinates(self.tfidf[self.drawn], method, self.random_state)

    def explained_variance(self, n_components: int = 10) -> np.ndarray:
        """Variance share of the first LSA components of the TF-IDF rows (see :func:`explained_variance`)."""
        return explained_variance(self.tfidf, n_components, self.random_state)

    def notice(self) -> Notice | None:
        """What this corpus is too small to show, and why; None when every view can be computed.

        >>> from helpers.features import CorpusTfidf
        >>> empty = CorpusTfidf(matrix=sparse.csr_matrix((0, 0)), terms=np.array([]), doc_ids=[])
        >>> analyse_clusters(empty).notice()  # doctest: +ELLIPSIS
        本语料没有可读的文档...
        """
        n = len(self.doc_ids)
        if n == 0:
            return no_documents_to_cluster_notice()
        if n < MIN_CLUSTER_DOCS:
            return one_document_to_cluster_notice()
        if self.k > 1 or self.silhouettes["silhouette"].notna().any():  # clusters, or k = 1 asked for
            return None
        if n < MIN_K_DOCS:
            return too_few_to_choose_k_notice(n, MIN_K_DOCS)
        return one_cluster_notice()

    def summary(self, n_terms: int = 6, n_titles: int = 5) -> pd.DataFrame:
        """One row per cluster (see :func:`cluster_summary`)."""
        return cluster_summary(self.tfidf, self.terms, self.cluster, self.titles, n_terms=n_terms, n_titles=n_titles)

    def characteristic_terms(self, n: int = 10) -> pd.DataFrame:
        """Most characteristic terms per cluster (see :func:`characteristic_terms`)."""
        return characteristic_terms(self.tfidf, self.terms, self.cluster, n)

    def near_duplicates(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, top: int | None = None) -> pd.DataFrame:
        """Near-duplicate pairs over all documents, with their chart labels; the ``top`` most similar with ``top``.

        A low threshold on a large corpus matches nearly every pair: ``top`` keeps the table (and the
        memory it takes) to that many rows, the same as the head of the whole table.
        """
        pairs = near_duplicates(self.tfidf, self.doc_ids, threshold, top=top)
        label_of = dict(zip(self.doc_ids, self.labels))
        return pairs.assign(label_a=pairs["doc_a"].map(label_of), label_b=pairs["doc_b"].map(label_of))

    def agreement_by_k(self, reference: pd.DataFrame) -> pd.DataFrame:
        """For every k tried: its silhouette and the ARI of its clusters against each reference column.

        Shows whether any number of clusters would have matched the reference,
        not only the one the silhouette picked.
        """
        rows = []
        columns = ["k", "silhouette", *("ari_" + c for c in reference.columns if c != "doc_id")]
        for k, score in zip(self.silhouettes["k"], self.silhouettes["silhouette"]):
            table = agreement_table(_assignments(self.doc_ids, self.by_k[int(k)]), reference)
            rows.append(
                {
                    "k": int(k),
                    "silhouette": round(float(score), 3),
                    **dict(zip("ari_" + table["reference"], table["ari"])),
                }
            )
        return pd.DataFrame(rows, columns=columns)

    def stability(self) -> pd.DataFrame:
        """Per cluster, the mean co-assignment of two drawn members under restarts and bootstraps.

        1 means the members always stayed together; values near 1/k mean the
        grouping is a coin toss (see :func:`stability_table`).
        """
        return stability_table(self.cluster, self.drawn, {"restarts": self.restarts, "bootstrap": self.bootstrap})


def _assignments(doc_ids: list[str], labels: np.ndarray) -> pd.DataFrame:
    # object dtype even with no documents, so merging on doc_id with another table still works
    return pd.DataFrame({"doc_id": pd.Series(doc_ids, dtype=object), "cluster": labels.astype(int)})


def _titles(docs: pd.DataFrame) -> list[str]:
    """Member titles for the cluster summary; the short id stands in where a corpus has no titles."""
    if "title" in docs.columns:
        return docs["title"].fillna("").astype(str).tolist()
    return [short_doc_id(str(d)) for d in docs["doc_id"]]


def analyse_clusters(
    tfidf: CorpusTfidf,
    docs: pd.DataFrame | None = None,
    settings: ClusterSettings | None = None,
) -> ClusterAnalysis:
    """Silhouette-chosen k, clusters and their stability for a corpus's TF-IDF, computed once.

    ``docs`` (with ``doc_id`` and, for labels and the summary, ``title``) must
    list the documents in the order of ``tfidf.doc_ids``; without it labels are
    the short ids. ``settings=None`` means ``ClusterSettings()``. A corpus too
    small for some views (no document, one, two) still gets an analysis whose
    tables are empty; :meth:`ClusterAnalysis.notice` says why.

    >>> from helpers.features import CorpusTfidf
    >>> tfidf = CorpusTfidf(matrix=sparse.csr_matrix([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]]),
    ...                     terms=np.array(["村党支部", "高校"]), doc_ids=["甲", "乙", "丙", "丁"])
    >>> analysis = analyse_clusters(tfidf, settings=ClusterSettings(stability_runs=5))
    >>> analysis.k, analysis.assignments["cluster"].tolist()
    (2, [0, 0, 1, 1])
    """
    settings = ClusterSettings() if settings is None else settings
    doc_ids = [str(d) for d in tfidf.doc_ids]
    if docs is None:
        docs = pd.DataFrame({"doc_id": pd.Series(doc_ids, dtype=object)})
    elif [str(d) for d in docs["doc_id"]] != doc_ids:
        # a frame in another order would silently give every document another's title
        raise ValueError("docs must list the documents of the TF-IDF, in the order of tfidf.doc_ids")
    X = document_vectors(tfidf.matrix)
    rs = settings.random_state
    vectors = clustering_vectors(X, settings.n_components, rs)
    by_k = clusterings_by_k(vectors, default_k_range(vectors.shape[0], settings.max_k), rs)
    table = silhouette_scores(vectors, by_k, rs)
    chosen = choose_k(table) if settings.k is None else int(settings.k)
    labels = by_k[chosen] if chosen in by_k else flat_clusters(vectors, chosen, rs)
    drawn = display_sample(labels, settings.max_drawn, rs)
    restarts = bootstrap = None
    if settings.stability_runs > 0 and chosen > 1:
        restarts = co_assignment(
            vectors, chosen, n_runs=settings.stability_runs, mode="restarts", random_state=rs, rows=drawn
        )
        # terms are resampled from the TF-IDF matrix even when clustering ran on LSA
        # vectors: an LSA axis is not a term, and resampling axes would test nothing
        bootstrap = co_assignment(
            X, chosen, n_runs=settings.stability_runs, mode="bootstrap", random_state=rs, rows=drawn
        )
    return ClusterAnalysis(
        doc_ids=doc_ids,
        labels=document_labels(docs).tolist(),
        titles=_titles(docs),
        vectors=vectors,
        tfidf=X,
        terms=np.asarray(tfidf.terms),
        silhouettes=table,
        k=chosen,
        cluster=labels,
        restarts=restarts,
        bootstrap=bootstrap,
        drawn=drawn,
        by_k=by_k,
        settings=settings,
    )
