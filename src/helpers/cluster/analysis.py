"""Which documents resemble each other: similarity, clusters, stability, near-duplicates.

Stage 03. Everything here works on the TF-IDF matrix of
:func:`helpers.features.themes.tfidf_matrix` (one row a document, rows L2-normalised so
that a dot product is a cosine similarity) and returns plain arrays or frames;
only :mod:`helpers.plots.clusters` draws.

    >>> import helpers
    >>> docs = helpers.load_clean_corpus()               # doctest: +SKIP
    >>> helpers.cluster_documents(docs).head(3)          # doctest: +SKIP
                      doc_id  cluster
    0  000_a02c7e0e326b1c8c        0
    ...

Sizes that change the method (stated here so that notebooks can quote them):

* ``MINIBATCH_MIN_DOCS`` — from this many documents on, flat clustering uses
  MiniBatchKMeans, documents are first reduced with LSA (``LSA_COMPONENTS``
  dimensions) and silhouettes are estimated on a sample of
  ``SILHOUETTE_SAMPLE`` documents.
* ``MAX_DRAWN_DOCS`` — past this many documents the per-document views
  (heatmap, dendrogram, labelled map, co-assignment matrix) are drawn on a
  sample stratified by cluster; the cluster-level tables always cover all.

Small corpora get empty results, never errors: with fewer than
``MIN_CLUSTER_DOCS`` documents there is nothing to compare, and choosing k,
the stability check and the map need ``MIN_K_DOCS``. The ``*_NOTE``
sentences say why; :meth:`ClusterAnalysis.notice` and
:mod:`helpers.plots.clusters` show them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.manifold import MDS
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from helpers.corpus import short_doc_id  # one labelling rule for every chart
from helpers.notices import NO_K_NOTE, SINGLE_CLUSTER_NOTE, TOO_FEW_TO_CLUSTER_NOTE, Notice

MINIBATCH_MIN_DOCS = 2000
LSA_COMPONENTS = 100
SILHOUETTE_SAMPLE = 2000
MAX_DRAWN_DOCS = 60
MAX_K = 12
SMALL_CORPUS_DOCS = 500  # below this, k-means runs single-threaded
NEAR_DUPLICATE_THRESHOLD = 0.9
MIN_CLUSTER_DOCS = 2  # similarity, a dendrogram and clusters need two documents
MIN_K_DOCS = 3        # k runs from 2 to n/2, and a 2-D map of two points says nothing

Matrix = sparse.csr_matrix | np.ndarray

__all__ = [
    "agreement_table",
    "reference_labels",
    "MINIBATCH_MIN_DOCS",
    "LSA_COMPONENTS",
    "SILHOUETTE_SAMPLE",
    "MAX_DRAWN_DOCS",
    "MAX_K",
    "SMALL_CORPUS_DOCS",
    "NEAR_DUPLICATE_THRESHOLD",
    "MIN_CLUSTER_DOCS",
    "MIN_K_DOCS",
    "ClusterAnalysis",
    "analyse_clusters",
    "canonical_labels",
    "characteristic_terms",
    "choose_k",
    "cluster_documents",
    "cluster_summary",
    "co_assignment",
    "cosine_similarity_matrix",
    "default_k_range",
    "display_sample",
    "document_vectors",
    "explained_variance",
    "flat_clusters",
    "label_agreement",
    "linkage_matrix",
    "lsa_vectors",
    "map_coordinates",
    "near_duplicates",
    "short_doc_id",
    "short_labels",
    "silhouette_table",
    "with_inserted_copy",
]


# ---------------------------------------------------------------- labels


def short_labels(docs: pd.DataFrame, max_chars: int = 10) -> list[str]:
    """Chart labels: short doc_id plus the title cut to ``max_chars`` characters.

    The id keeps labels unique when titles repeat (compilations often hold
    several articles of one name); without a ``title`` column the id alone is used.

    >>> short_labels(pd.DataFrame({"doc_id": ["004_7c2344e521650bcf-01"],
    ...                            "title": ["新形势下基层党建工作创新研究"]}))
    ['004-01 新形势下基层党建工作…']
    """
    ids = [short_doc_id(str(d)) for d in docs["doc_id"]]
    if "title" not in docs.columns:
        return ids
    labels = []
    for doc_id, title in zip(ids, docs["title"].fillna("").astype(str)):
        title = re.sub(r"\s+", "", title)
        if len(title) > max_chars:
            title = title[:max_chars] + "…"
        labels.append(f"{doc_id} {title}".strip())
    return labels


# ---------------------------------------------------------------- vectors


def document_vectors(
    docs: pd.DataFrame,
    *,
    tokens: pd.Series | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """TF-IDF rows of ``docs`` (in row order), L2-normalised, and the terms.

    The matrix is the corpus's cached TF-IDF (:func:`helpers.features.themes.document_tfidf`),
    the one notebook 02 reads, so clusters and themes share one representation;
    ``tokens`` (token lists in the order of ``docs``) computes it from those instead.

    >>> X, terms = document_vectors(pd.DataFrame(
    ...     {"doc_id": ["a", "b"], "text": ["加强村党支部建设", "高校党建工作"]}))
    >>> X.shape[0]
    2
    """
    from helpers.features import document_tfidf, tfidf_or_empty

    # no documents or no content words: a documents x 0 matrix, and every view below is empty
    if tokens is None:
        tfidf = document_tfidf(docs, min_df=min_df, max_df=max_df)
        matrix, terms = tfidf.matrix, tfidf.terms
    else:
        if len(tokens) != len(docs):
            raise ValueError(f"{len(tokens)} token lists for {len(docs)} documents")
        matrix, terms = tfidf_or_empty([list(t) for t in tokens], min_df=min_df, max_df=max_df, sublinear_tf=True)
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    if min(matrix.shape) == 0:
        return matrix, np.asarray(terms)
    return normalize(matrix), np.asarray(terms)


def lsa_vectors(
    X: Matrix, n_components: int, random_state: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Latent semantic analysis: truncated SVD of ``X``, rows re-normalised.

    Returns the reduced vectors and the share of variance each component
    explains. The rows are not centred (sparse input stays sparse), so the
    first component mostly follows the average document and its variance share
    can be smaller than the second's. ``n_components`` is capped at
    ``min(n_docs, n_terms) - 1``.

    >>> Z, ratio = lsa_vectors(np.eye(4), 2)
    >>> Z.shape
    (4, 2)
    """
    n_components = int(min(n_components, min(X.shape) - 1))
    if n_components < 1:
        raise ValueError("LSA needs at least two documents and two terms")
    svd = TruncatedSVD(n_components=n_components, algorithm="arpack", random_state=random_state)
    reduced = svd.fit_transform(X)
    return normalize(reduced), np.asarray(svd.explained_variance_ratio_)


def explained_variance(X: Matrix, n_components: int, random_state: int = 0) -> np.ndarray:
    """Variance share of each LSA component (see :func:`lsa_vectors`); empty when LSA is impossible.

    Fewer than two documents or two terms leave no component to compute.

    >>> explained_variance(np.eye(1), 10).size
    0
    """
    if min(X.shape) < 2:
        return np.zeros(0)
    return lsa_vectors(X, n_components, random_state)[1]


def cosine_similarity_matrix(X: Matrix) -> np.ndarray:
    """Dense document × document cosine similarities, diagonal exactly 1 for non-empty rows.

    >>> cosine_similarity_matrix(np.array([[1.0, 0.0], [1.0, 1.0]])).round(3).tolist()
    [[1.0, 0.707], [0.707, 1.0]]
    """
    if min(X.shape) == 0:  # no documents, or no terms: nothing in common
        return np.zeros((X.shape[0], X.shape[0]))
    Xn = normalize(X)
    sim = Xn @ Xn.T
    sim = sim.toarray() if sparse.issparse(sim) else np.asarray(sim)
    sim = np.clip(sim, -1.0, 1.0)
    nonzero = np.asarray(abs(Xn).sum(axis=1)).ravel() > 0
    np.fill_diagonal(sim, np.where(nonzero, 1.0, 0.0))
    return (sim + sim.T) / 2


def linkage_matrix(X: Matrix, method: str = "average") -> np.ndarray:
    """Hierarchical clustering of the rows on cosine distance (scipy linkage matrix).

    Average linkage suits cosine distance; ``method="ward"`` uses Euclidean
    distance between the L2-normalised rows instead, which orders the same way.

    >>> linkage_matrix(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])).shape
    (2, 4)

    Fewer than two documents have nothing to merge: a linkage matrix of no rows.
    """
    if X.shape[0] < MIN_CLUSTER_DOCS:
        return np.zeros((0, 4))
    if method == "ward":
        dense = normalize(X)
        dense = dense.toarray() if sparse.issparse(dense) else np.asarray(dense)
        return linkage(dense, method="ward")
    distance = np.clip(1.0 - cosine_similarity_matrix(X), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    return linkage(squareform(distance, checks=False), method=method)


def map_coordinates(
    X: Matrix, method: Literal["pca", "mds"] = "pca", random_state: int = 0
) -> np.ndarray:
    """Two coordinates per document for a map: PCA of the rows, or metric MDS on cosine distance.

    PCA centres sparse input implicitly (no densifying); the sign of
    each axis is fixed so that the largest coordinate is positive, making the
    map identical across runs and library versions.

    >>> map_coordinates(np.eye(3)).shape
    (3, 2)
    """
    n = X.shape[0]
    if n < 3:
        return np.zeros((n, 2))
    if method == "mds":
        distance = np.clip(1.0 - cosine_similarity_matrix(X), 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        # classical MDS as the start: deterministic, and SMACOF only refines it
        mds = MDS(n_components=2, metric="precomputed", init="classical_mds", n_init=1,
                  random_state=random_state)
        coords = mds.fit_transform(distance)
    elif sparse.issparse(X):
        # scikit-learn centres sparse input implicitly with the arpack solver, so
        # this is true PCA, not LSA (whose first axis is just the average document)
        coords = PCA(n_components=2, svd_solver="arpack",
                     random_state=random_state).fit_transform(sparse.csr_matrix(X))
    else:
        coords = PCA(n_components=2, random_state=random_state).fit_transform(np.asarray(X))
    for axis in range(coords.shape[1]):
        column = coords[:, axis]
        if column[np.argmax(np.abs(column))] < 0:
            coords[:, axis] = -column
    return coords


# ---------------------------------------------------------------- flat clusters


def canonical_labels(labels: Sequence[int] | np.ndarray) -> np.ndarray:
    """Renumber clusters 0, 1, … in the order their first member appears.

    Makes label numbers independent of the arbitrary ids a clusterer returns.

    >>> canonical_labels([2, 2, 0, 1, 0]).tolist()
    [0, 0, 1, 2, 1]
    """
    labels = np.asarray(labels)
    order: dict[int, int] = {}
    for value in labels.tolist():
        order.setdefault(value, len(order))
    return np.array([order[v] for v in labels.tolist()], dtype=int)


def flat_clusters(
    X: Matrix,
    k: int,
    random_state: int = 0,
    *,
    n_init: int = 10,
    minibatch: bool | None = None,
) -> np.ndarray:
    """k-means labels of the rows, canonically numbered (see :func:`canonical_labels`).

    KMeans with ``n_init`` restarts below ``MINIBATCH_MIN_DOCS`` documents,
    MiniBatchKMeans from there on (``minibatch`` forces either).

    >>> flat_clusters(np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]), 2).tolist()
    [0, 0, 1]
    """
    n = X.shape[0]
    if k <= 1 or n <= 1 or X.shape[1] == 0:  # documents without terms cannot be told apart
        return np.zeros(n, dtype=int)
    k = min(k, n)
    if minibatch is None:
        minibatch = n >= MINIBATCH_MIN_DOCS
    if minibatch:
        model = MiniBatchKMeans(n_clusters=k, n_init=n_init, random_state=random_state,
                                batch_size=1024)
    else:
        model = KMeans(n_clusters=k, n_init=n_init, random_state=random_state)
    if n >= SMALL_CORPUS_DOCS:
        return canonical_labels(model.fit_predict(X))
    # on a few hundred rows, starting OpenMP threads costs more than the work itself
    # (7x slower on a busy 2-core machine); one thread gives the same labels
    with threadpool_limits(limits=1):
        return canonical_labels(model.fit_predict(X))


def default_k_range(n_docs: int, max_k: int = MAX_K) -> range:
    """Numbers of clusters worth trying: 2 up to half the documents, at most ``max_k``.

    Clusters of one or two documents say little, so k stops at n/2.

    >>> list(default_k_range(13))
    [2, 3, 4, 5, 6]
    """
    if n_docs < 3:
        return range(0)
    return range(2, max(2, min(max_k, n_docs // 2, n_docs - 1)) + 1)


def _silhouette(X: Matrix, labels: np.ndarray, random_state: int) -> float:
    sample = SILHOUETTE_SAMPLE if X.shape[0] > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(X, labels, metric="cosine", sample_size=sample,
                                  random_state=random_state))


def silhouette_table(
    X: Matrix,
    k_range: Sequence[int] | None = None,
    random_state: int = 0,
    *,
    minibatch: bool | None = None,
) -> pd.DataFrame:
    """Mean silhouette (cosine) of the k-means solution for each k: columns ``k, silhouette``.

    A k whose solution has a single non-empty cluster gets NaN.

    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> silhouette_table(X).k.tolist()
    [2]
    """
    if k_range is None:
        k_range = default_k_range(X.shape[0])
    rows = []
    for k in k_range:
        labels = flat_clusters(X, k, random_state, minibatch=minibatch)
        score = (_silhouette(X, labels, random_state)
                 if 1 < len(set(labels.tolist())) < X.shape[0] else float("nan"))
        rows.append({"k": int(k), "silhouette": score})
    return pd.DataFrame(rows, columns=["k", "silhouette"])


def choose_k(table: pd.DataFrame) -> int:
    """The k of highest silhouette; ties (to 1e-9) go to the smaller k, and an empty table gives 1.

    >>> choose_k(pd.DataFrame({"k": [2, 3], "silhouette": [0.4, 0.4]}))
    2
    """
    scores = table.dropna(subset=["silhouette"])
    if scores.empty:
        return 1
    best = scores["silhouette"].max()
    return int(scores.loc[scores["silhouette"] >= best - 1e-9, "k"].min())


def _auto_reduce(X: Matrix, n_components: int | None | Literal["auto"], random_state: int) -> Matrix:
    if n_components == "auto":
        n_components = LSA_COMPONENTS if X.shape[0] >= MINIBATCH_MIN_DOCS else None
    if n_components is None or min(X.shape) <= 2:
        return X
    return lsa_vectors(X, int(n_components), random_state)[0]


def cluster_documents(
    docs: pd.DataFrame,
    k: int | None = None,
    random_state: int = 0,
    *,
    n_components: int | None | Literal["auto"] = "auto",
    k_range: Sequence[int] | None = None,
    tokens: pd.Series | None = None,
) -> pd.DataFrame:
    """Flat clusters of the documents: a frame ``doc_id, cluster`` in the order of ``docs``.

    ``docs`` needs ``doc_id`` and ``text``. With ``k=None`` the number of
    clusters is the one of highest silhouette over ``k_range`` (default
    :func:`default_k_range`). Clusters are numbered by their first member's
    position, and the result is identical across runs for a fixed
    ``random_state``. ``n_components="auto"`` applies LSA only from
    ``MINIBATCH_MIN_DOCS`` documents on; an int forces it, None disables it.
    ``tokens`` reuses a segmentation (see :func:`document_vectors`).

    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
    ...     "text": ["村党支部 嘎查村", "村党支部 嘎查村 农村", "高校 学生党员", "高校 学生党员 辅导员"]})
    >>> cluster_documents(docs).cluster.tolist()       # doctest: +SKIP
    [0, 0, 1, 1]
    """
    if docs.empty:
        return pd.DataFrame({"doc_id": pd.Series(dtype=str), "cluster": pd.Series(dtype=int)})
    tfidf, _ = document_vectors(docs, tokens=tokens)
    vectors = _auto_reduce(tfidf, n_components, random_state)
    if k is None:
        k = choose_k(silhouette_table(vectors, k_range, random_state))
    labels = flat_clusters(vectors, int(k), random_state)
    return pd.DataFrame({"doc_id": [str(d) for d in docs["doc_id"]], "cluster": labels})


# ---------------------------------------------------------------- descriptions


def characteristic_terms(
    X: Matrix, terms: Sequence[str], labels: Sequence[int], n: int = 10
) -> pd.DataFrame:
    """Terms that set each cluster apart: mean TF-IDF of its members minus that of the rest.

    Columns ``cluster, rank, term, score`` (score rounded to 4 decimals),
    ``n`` positive-scoring terms per cluster, ties broken by term. A single
    cluster has no rest to be contrasted with, so it gets no terms (see
    ``SINGLE_CLUSTER_NOTE``).

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> characteristic_terms(X, ["农村", "高校"], [0, 1], n=1).term.tolist()
    ['农村', '高校']
    >>> characteristic_terms(X, ["农村", "高校"], [0, 0]).empty
    True
    """
    labels = np.asarray(labels)
    terms = np.asarray(terms)
    rows = []
    clusters = sorted(set(labels.tolist()))
    for cluster in clusters if len(clusters) > 1 else []:
        inside = labels == cluster
        mean_in = np.asarray(X[inside].mean(axis=0)).ravel()
        mean_out = np.asarray(X[~inside].mean(axis=0)).ravel()
        score = mean_in - mean_out
        order = np.lexsort((terms, -np.round(score, 12)))
        kept = [i for i in order if score[i] > 0][:n]
        rows += [{"cluster": int(cluster), "rank": r + 1, "term": str(terms[i]),
                  "score": round(float(score[i]), 4)} for r, i in enumerate(kept)]
    return pd.DataFrame(rows, columns=["cluster", "rank", "term", "score"])


def _mean_pairwise(matrix: np.ndarray, mask_rows: np.ndarray, mask_cols: np.ndarray,
                   same: bool) -> float:
    block = matrix[np.ix_(mask_rows, mask_cols)]
    if same:
        m = block.shape[0]
        if m < 2:
            return float("nan")
        return float((block.sum() - np.trace(block)) / (m * (m - 1)))
    return float(block.mean()) if block.size else float("nan")


def cluster_summary(
    X: Matrix,
    terms: Sequence[str],
    labels: Sequence[int],
    titles: Sequence[str],
    *,
    n_terms: int = 6,
    n_titles: int = 5,
) -> pd.DataFrame:
    """One row per cluster: size, characteristic terms, member titles, within/between cosine.

    ``within`` is the mean similarity of two different members and
    ``between`` that of a member and a non-member (NaN where undefined); on
    large clusters both are computed on up to ``MAX_DRAWN_DOCS`` members.

    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    >>> cluster_summary(X, ["农村", "高校"], [0, 0, 1], ["甲", "乙", "丙"])["size"].tolist()
    [2, 1]
    """
    labels = np.asarray(labels)
    titles = [str(t) for t in titles]
    described = characteristic_terms(X, terms, labels, n=n_terms)
    sample = display_sample(labels, max_docs=max(MAX_DRAWN_DOCS, 4 * len(set(labels.tolist()))))
    sim = cosine_similarity_matrix(X[sample])
    sample_labels = labels[sample]
    rows = []
    for cluster in sorted(set(labels.tolist())):
        members = np.flatnonzero(labels == cluster)
        inside = sample_labels == cluster
        shown = [titles[i] for i in members[:n_titles]]
        if len(members) > n_titles:
            shown.append(f"……等 {len(members)} 篇")
        rows.append({
            "cluster": int(cluster),
            "size": int(len(members)),
            "terms": "、".join(described.loc[described.cluster == cluster, "term"]),
            "titles": "；".join(shown),
            "within": round(_mean_pairwise(sim, inside, inside, True), 3),
            "between": round(_mean_pairwise(sim, inside, ~inside, False), 3),
        })
    return pd.DataFrame(rows, columns=["cluster", "size", "terms", "titles", "within", "between"])


# ---------------------------------------------------------------- stability


def co_assignment(
    X: Matrix,
    k: int,
    *,
    n_runs: int = 50,
    mode: Literal["restarts", "bootstrap"] = "restarts",
    random_state: int = 0,
    rows: Sequence[int] | None = None,
    minibatch: bool | None = None,
) -> np.ndarray:
    """Share of runs in which each pair of documents lands in the same cluster.

    ``mode="restarts"``: k-means from ``n_runs`` single random starts (seeds
    ``random_state``, ``random_state + 1``, …), showing how much the solution
    depends on initialisation. ``mode="bootstrap"``: each run clusters the
    documents on a bootstrap resample of the terms (columns drawn with
    replacement, rows re-normalised), showing how much it depends on the
    particular vocabulary. Every run clusters all documents; ``rows`` limits
    the returned matrix to a subset (for large corpora).

    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    >>> co_assignment(X, 2, n_runs=5).tolist()
    [[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    rows_idx = np.arange(X.shape[0]) if rows is None else np.asarray(rows)
    together = np.zeros((len(rows_idx), len(rows_idx)))
    rng = np.random.default_rng(random_state)
    for run in range(n_runs):
        if mode == "bootstrap":
            columns = np.sort(rng.integers(0, X.shape[1], size=X.shape[1]))
            data = normalize(X[:, columns])
            labels = flat_clusters(data, k, random_state + run, n_init=1, minibatch=minibatch)
        elif mode == "restarts":
            labels = flat_clusters(X, k, random_state + run, n_init=1, minibatch=minibatch)
        else:
            raise ValueError(f"unknown mode {mode!r}")
        sub = labels[rows_idx]
        together += sub[:, None] == sub[None, :]
    return together / max(n_runs, 1)


# ---------------------------------------------------------------- near-duplicates


def near_duplicates(
    X: Matrix,
    doc_ids: Sequence[str],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
    *,
    chunk_size: int = 1000,
) -> pd.DataFrame:
    """Pairs of documents whose cosine similarity is at least ``threshold``.

    Columns ``doc_a, doc_b, similarity`` (rounded to 3 decimals), most similar
    first then by ids. Works in row chunks so thousands of documents never
    need the full similarity matrix in memory.

    >>> X = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> near_duplicates(X, ["甲", "乙", "丙"]).values.tolist()
    [['甲', '乙', 1.0]]
    """
    ids = [str(d) for d in doc_ids]
    found = []
    if min(X.shape) == 0:  # no documents, or none with a term: no pairs
        return pd.DataFrame(found, columns=["doc_a", "doc_b", "similarity"])
    Xn = normalize(X)
    for start in range(0, Xn.shape[0], chunk_size):
        block = Xn[start:start + chunk_size] @ Xn.T
        block = block.toarray() if sparse.issparse(block) else np.asarray(block)
        rows, cols = np.nonzero(block >= threshold - 1e-12)
        for r, c in zip(rows.tolist(), cols.tolist()):
            i = start + r
            if i < c:
                found.append((ids[i], ids[c], round(min(float(block[r, c]), 1.0), 3)))
    frame = pd.DataFrame(found, columns=["doc_a", "doc_b", "similarity"])
    return (frame.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True])
            .reset_index(drop=True))


def with_inserted_copy(docs: pd.DataFrame, position: int = 1, doc_id: str = "转载副本") -> pd.DataFrame:
    """``docs`` plus a verbatim copy of the document at ``position`` (the last one if there are fewer), as a
    control for :func:`near_duplicates`; unchanged when there is no document to copy.

    >>> docs = pd.DataFrame({"doc_id": ["甲"], "text": ["加强村党支部建设"]})
    >>> with_inserted_copy(docs)["doc_id"].tolist()
    ['甲', '转载副本']
    """
    if docs.empty:
        return docs.copy()
    row = docs.iloc[[min(position, len(docs) - 1)]].assign(doc_id=doc_id)
    return pd.concat([docs, row], ignore_index=True)


# ---------------------------------------------------------------- large corpora & evaluation


def display_sample(labels: Sequence[int], max_docs: int = MAX_DRAWN_DOCS,
                   random_state: int = 0) -> np.ndarray:
    """Row positions to draw: all of them up to ``max_docs``, else a sample stratified by cluster.

    Each cluster keeps a share proportional to its size (at least one member);
    positions come back sorted.

    >>> display_sample([0, 0, 1], max_docs=10).tolist()
    [0, 1, 2]
    >>> len(display_sample([0] * 90 + [1] * 10, max_docs=20))
    20
    """
    labels = np.asarray(labels)
    n = len(labels)
    if n <= max_docs:
        return np.arange(n)
    rng = np.random.default_rng(random_state)
    clusters = sorted(set(labels.tolist()))
    sizes = np.array([(labels == c).sum() for c in clusters])
    quota = np.maximum(1, np.floor(sizes / n * max_docs)).astype(int)
    # hand the places lost to rounding to the clusters with the largest remainders
    remainder = sizes / n * max_docs - np.floor(sizes / n * max_docs)
    for i in np.argsort(-remainder, kind="stable"):
        if quota.sum() >= max_docs:
            break
        if quota[i] < sizes[i]:
            quota[i] += 1
    chosen = [rng.choice(np.flatnonzero(labels == c), size=min(q, s), replace=False)
              for c, q, s in zip(clusters, quota, sizes)]
    return np.sort(np.concatenate(chosen))


def label_agreement(assignments: pd.DataFrame, reference: pd.Series) -> tuple[float, int]:
    """Adjusted Rand index between clusters and a reference labelling, and how many documents it covers.

    ``reference`` is indexed by doc_id; documents without a reference label
    are left out. 1 means the same partition, about 0 what chance gives.

    >>> a = pd.DataFrame({"doc_id": ["甲", "乙", "丙"], "cluster": [0, 0, 1]})
    >>> label_agreement(a, pd.Series({"甲": "高校", "乙": "高校", "丙": "企业"}))
    (1.0, 3)
    """
    ref = reference.dropna()
    merged = assignments.set_index("doc_id").join(ref.rename("reference"), how="inner")
    if merged.empty:
        return float("nan"), 0
    return float(adjusted_rand_score(merged["reference"], merged["cluster"])), int(len(merged))


def reference_labels(docs: pd.DataFrame, compilation_id: str, sectors: Sequence[str]) -> pd.DataFrame:
    """Hand labels to compare clusters with: ``doc_id, genre, sector``.

    ``sectors`` are given in order for the articles split from the compilation
    file ``compilation_id`` (the rows of ``data/gold/seed_articles.tsv``);
    ``genre`` marks those articles 期刊论文 (journal article) and every other
    document 新闻网页 (news or web article). The frame is empty when the
    compilation is absent or holds a different number of articles (another
    corpus), so that no agreement is reported rather than a wrong one.

    >>> docs = pd.DataFrame({"doc_id": ["甲", "乙-01", "乙-02"], "parent_id": ["甲", "乙", "乙"]})
    >>> reference_labels(docs, "乙", ["高校", "企业"]).values.tolist()
    [['甲', '新闻网页', nan], ['乙-01', '期刊论文', '高校'], ['乙-02', '期刊论文', '企业']]
    """
    columns = ["doc_id", "genre", "sector"]
    in_compilation = (docs["parent_id"] == compilation_id).to_numpy()
    sectors = list(sectors)
    if in_compilation.sum() != len(sectors) or not sectors:
        return pd.DataFrame(columns=columns)
    sector = np.full(len(docs), None, dtype=object)
    sector[in_compilation] = sectors
    return pd.DataFrame({"doc_id": docs["doc_id"].astype(str).to_numpy(),
                         "genre": np.where(in_compilation, "期刊论文", "新闻网页"),
                         "sector": sector}, columns=columns)


def agreement_table(assignments: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Adjusted Rand index of the clusters against each reference column: ``reference, ari, n_docs``.

    >>> a = pd.DataFrame({"doc_id": ["甲", "乙"], "cluster": [0, 1]})
    >>> agreement_table(a, pd.DataFrame({"doc_id": ["甲", "乙"], "genre": ["x", "y"]})).values.tolist()
    [['genre', 1.0, 2]]
    """
    rows = []
    indexed = reference.set_index("doc_id")
    for column in indexed.columns:
        ari, n = label_agreement(assignments, indexed[column])
        rows.append({"reference": column, "ari": round(ari, 3), "n_docs": n})
    return pd.DataFrame(rows, columns=["reference", "ari", "n_docs"])


# ---------------------------------------------------------------- everything at once


@dataclass(frozen=True)
class ClusterAnalysis:
    """All results of :func:`analyse_clusters`, for a notebook to show one at a time."""

    doc_ids: list[str]
    labels: list[str]               # chart labels (short id + short title)
    titles: list[str]
    vectors: Matrix                 # rows used for clustering (TF-IDF, or LSA when reduced)
    tfidf: sparse.csr_matrix        # TF-IDF rows (for characteristic terms)
    terms: np.ndarray
    silhouettes: pd.DataFrame       # k, silhouette
    k: int
    cluster: np.ndarray             # canonical cluster number per document
    restarts: np.ndarray | None     # co-assignment over random restarts (drawn rows)
    bootstrap: np.ndarray | None    # co-assignment over term bootstraps (drawn rows)
    drawn: np.ndarray               # row positions shown in per-document charts
    random_state: int

    @property
    def assignments(self) -> pd.DataFrame:
        """The frame ``doc_id, cluster``."""
        # object dtype even with no documents, so merging on doc_id with another table still works
        return pd.DataFrame({"doc_id": pd.Series(self.doc_ids, dtype=object),
                             "cluster": self.cluster.astype(int)})

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

        >>> analyse_clusters(pd.DataFrame({"doc_id": [], "text": []})).notice()  # doctest: +ELLIPSIS
        本语料没有可读的文档...
        """
        n = len(self.doc_ids)
        if n == 0:
            return Notice("本语料没有可读的文档：相似度、聚类、稳定性和近似重复都无从计算，下面的表为空，图只写明原因 · "
                          "no readable documents: there is nothing to compare or cluster")
        if n < MIN_CLUSTER_DOCS:
            return Notice("本语料只有 1 篇文档，没有可比较的另一篇，图只写明原因：" + TOO_FEW_TO_CLUSTER_NOTE)
        if self.k > 1 or self.silhouettes["silhouette"].notna().any():  # clusters, or k = 1 asked for
            return None
        if n < MIN_K_DOCS:
            return Notice(f"本语料只有 {n} 篇文档：可以看它们的相似度，但选择聚类数 k 至少需要 {MIN_K_DOCS} 篇文档，"
                          "所以全部归为一组（k = 1），没有特征词、稳定性检验和文档地图 · "
                          f"only {n} documents: their similarity can be read, but choosing k needs at least "
                          f"{MIN_K_DOCS} documents, so all form one cluster (k = 1)")
        return Notice("所有文档归为一组（k = 1），所以没有特征词和稳定性检验：" + NO_K_NOTE)

    def summary(self, n_terms: int = 6, n_titles: int = 5) -> pd.DataFrame:
        """One row per cluster (see :func:`cluster_summary`)."""
        return cluster_summary(self.tfidf, self.terms, self.cluster, self.titles,
                               n_terms=n_terms, n_titles=n_titles)

    def characteristic_terms(self, n: int = 10) -> pd.DataFrame:
        """Most characteristic terms per cluster (see :func:`characteristic_terms`)."""
        return characteristic_terms(self.tfidf, self.terms, self.cluster, n)

    def near_duplicates(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> pd.DataFrame:
        """Near-duplicate pairs over all documents, with their chart labels."""
        pairs = near_duplicates(self.tfidf, self.doc_ids, threshold)
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
            labels = flat_clusters(self.vectors, int(k), self.random_state)
            table = agreement_table(pd.DataFrame({"doc_id": self.doc_ids, "cluster": labels}), reference)
            rows.append({"k": int(k), "silhouette": round(float(score), 3),
                         **dict(zip("ari_" + table["reference"], table["ari"]))})
        return pd.DataFrame(rows, columns=columns)

    def stability(self) -> pd.DataFrame:
        """Per cluster, the mean co-assignment of two drawn members under restarts and bootstraps.

        1 means the members always stayed together; values near 1/k mean the
        grouping is a coin toss.
        """
        rows = []
        clusters = self.drawn_clusters
        for cluster in sorted(set(self.cluster.tolist())):
            inside = clusters == cluster
            row = {"cluster": int(cluster), "size": int((self.cluster == cluster).sum())}
            for name, matrix in (("restarts", self.restarts), ("bootstrap", self.bootstrap)):
                row[name] = (round(_mean_pairwise(matrix, inside, inside, True), 3)
                             if matrix is not None else float("nan"))
            rows.append(row)
        return pd.DataFrame(rows, columns=["cluster", "size", "restarts", "bootstrap"])


def analyse_clusters(
    docs: pd.DataFrame,
    k: int | None = None,
    random_state: int = 0,
    *,
    n_components: int | None | Literal["auto"] = "auto",
    k_range: Sequence[int] | None = None,
    stability_runs: int = 50,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_drawn: int = MAX_DRAWN_DOCS,
    tokens: pd.Series | None = None,
) -> ClusterAnalysis:
    """Vectors, silhouette-chosen k, clusters and their stability, computed once.

    ``stability_runs=0`` skips the co-assignment matrices (the slow part).
    A corpus too small for some views (no document, one, two) still gets an
    analysis whose tables are empty; :meth:`ClusterAnalysis.notice` says why.

    >>> analysis = analyse_clusters(helpers.load_clean_corpus())   # doctest: +SKIP
    >>> analysis.k, analysis.silhouettes                            # doctest: +SKIP
    """
    tfidf, terms = document_vectors(docs, tokens=tokens, min_df=min_df, max_df=max_df)
    vectors = _auto_reduce(tfidf, n_components, random_state)
    table = silhouette_table(vectors, k_range, random_state)
    chosen = choose_k(table) if k is None else int(k)
    labels = flat_clusters(vectors, chosen, random_state)
    drawn = display_sample(labels, max_drawn, random_state)
    restarts = bootstrap = None
    if stability_runs > 0 and chosen > 1:
        restarts = co_assignment(vectors, chosen, n_runs=stability_runs, mode="restarts",
                                 random_state=random_state, rows=drawn)
        # terms are resampled from the TF-IDF matrix even when clustering ran on LSA
        # vectors: an LSA axis is not a term, and resampling axes would test nothing
        bootstrap = co_assignment(tfidf, chosen, n_runs=stability_runs, mode="bootstrap",
                                  random_state=random_state, rows=drawn)
    titles = (docs["title"].fillna("").astype(str).tolist() if "title" in docs.columns
              else [short_doc_id(str(d)) for d in docs["doc_id"]])
    return ClusterAnalysis(
        doc_ids=[str(d) for d in docs["doc_id"]],
        labels=short_labels(docs),
        titles=titles,
        vectors=vectors,
        tfidf=tfidf,
        terms=terms,
        silhouettes=table,
        k=chosen,
        cluster=labels,
        restarts=restarts,
        bootstrap=bootstrap,
        drawn=drawn,
        random_state=random_state,
    )
