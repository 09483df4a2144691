"""What the clusters are: characteristic terms, a summary per cluster, near-duplicate pairs, the sample drawn.

Cluster-level tables always cover every document; only the per-document
charts are drawn on a sample (:func:`display_sample`) past ``MAX_DRAWN_DOCS``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.preprocessing import normalize

from helpers import stored
from helpers.cluster.settings import MAX_DRAWN_DOCS, NEAR_DUPLICATE_BLOCK, NEAR_DUPLICATE_THRESHOLD
from helpers.cluster.vectors import Matrix, cosine_similarity_matrix, mean_pairwise


def characteristic_terms(X: Matrix, terms: Sequence[str], labels: Sequence[int], n: int = 10) -> pd.DataFrame:
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
        # rounded before ranking so that float noise between equal scores does not decide the order
        order = np.lexsort((terms, -np.round(score, 12)))
        kept = [i for i in order if score[i] > 0][:n]
        rows += [
            {"cluster": int(cluster), "rank": r + 1, "term": str(terms[i]), "score": round(float(score[i]), 4)}
            for r, i in enumerate(kept)
        ]
    return pd.DataFrame(rows, columns=["cluster", "rank", "term", "score"])


def display_sample(labels: Sequence[int], max_docs: int = MAX_DRAWN_DOCS, random_state: int = 0) -> np.ndarray:
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
    chosen = [
        rng.choice(np.flatnonzero(labels == c), size=min(q, s), replace=False)
        for c, q, s in zip(clusters, quota, sizes)
    ]
    return np.sort(np.concatenate(chosen))


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
    # room for four members per cluster, so that with many clusters each still has pairs to average
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
        rows.append(
            {
                "cluster": int(cluster),
                "size": len(members),
                "terms": "、".join(described.loc[described.cluster == cluster, "term"]),
                "titles": "；".join(shown),
                "within": round(mean_pairwise(sim, inside, inside, True), 3),
                "between": round(mean_pairwise(sim, inside, ~inside, False), 3),
            }
        )
    return pd.DataFrame(rows, columns=["cluster", "size", "terms", "titles", "within", "between"])


def near_duplicates(
    X: Matrix,
    doc_ids: Sequence[str],
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
    *,
    top: int | None = None,
    chunk_size: int | None = None,
) -> pd.DataFrame:
    """Pairs of documents whose cosine similarity is at least ``threshold``; with ``top``, only the ``top`` first.

    ``X`` is a TF-IDF matrix (rows in the order of ``doc_ids``). Columns
    ``doc_a, doc_b, similarity`` (rounded to 3 decimals), most similar first
    then by ids. Rows are compared a block at a time (``chunk_size`` rows, by
    default as many as keep a block under ``NEAR_DUPLICATE_BLOCK`` similarities),
    so the n × n similarity matrix never exists; ``top`` keeps only the best
    pairs while going, so a low threshold on a large corpus holds ``top`` rows,
    not n²/2 (the same rows as the first ``top`` of the whole table).

    >>> X = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    >>> near_duplicates(X, ["甲", "乙", "丙"]).values.tolist()
    [['甲', '乙', 1.0]]
    >>> near_duplicates(X, ["甲", "乙", "丙"], threshold=0.0, top=2).values.tolist()
    [['甲', '乙', 1.0], ['乙', '丙', 0.0]]
    """
    ids = np.array([str(d) for d in doc_ids], dtype=object)
    best = pd.DataFrame([], columns=["doc_a", "doc_b", "similarity"])  # (object columns when nothing is found)
    if min(X.shape) == 0 or top == 0:  # no documents, or none with a term: no pairs
        return best
    Xn = normalize(X)
    n = Xn.shape[0]
    # a block of similarities and the block of rows it is made from (dense, terms × rows) both stay bounded
    rows_per_block = chunk_size or max(1, NEAR_DUPLICATE_BLOCK // max(n, Xn.shape[1]))
    for start in range(0, n, rows_per_block):
        # only columns from ``start`` on: the pairs (i, j) with i < j, each once; sparse × dense is many times
        # faster than sparse × sparse with a dense result, and sums the same products in the same term order
        rows = Xn[start : start + rows_per_block]
        rows = rows.T.toarray() if sparse.issparse(rows) else np.asarray(rows).T
        block = np.asarray(Xn[start:] @ rows).T
        r, c = np.nonzero(np.triu(block >= threshold - 1e-12, k=1))
        values = block[r, c]
        if top is not None:
            r, c, values = _best_candidates(r, c, values, top, best)
        pairs = pd.DataFrame(
            {
                "doc_a": ids[start + r],
                "doc_b": ids[start + c],
                "similarity": [round(min(v, 1.0), 3) for v in values.tolist()],
            }
        )
        if len(pairs):
            best = pd.concat([best, pairs], ignore_index=True) if len(best) else pairs
        if top is not None:
            best = _sorted_pairs(best).head(top)
    return _sorted_pairs(best)


def _best_candidates(
    r: np.ndarray, c: np.ndarray, values: np.ndarray, top: int, best: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of a block that may still enter the ``top`` best pairs: a superset of them, since pairs are
    ranked on similarities rounded to 3 places (and then ids), so anything within 0.001 of a cut-off stays."""
    floor = -np.inf
    if len(best) >= top:
        floor = float(best["similarity"].min()) - 1e-3
    if len(values) > top:
        floor = max(floor, float(np.partition(values, len(values) - top)[len(values) - top]) - 1e-3)
    keep = values >= floor
    return r[keep], c[keep], values[keep]


def _sorted_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    return pairs.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True]).reset_index(drop=True)


def with_inserted_copy(docs: pd.DataFrame, position: int = 1, doc_id: str = "转载副本") -> pd.DataFrame:
    """``docs`` plus a verbatim copy of the document at ``position`` (the last one if there are fewer), as a
    control for :func:`near_duplicates`; unchanged when there is no document to copy.

    >>> docs = pd.DataFrame({"doc_id": ["甲"], "text": ["加强村党支部建设"]})
    >>> with_inserted_copy(docs)["doc_id"].tolist()
    ['甲', '转载副本']
    """
    if docs.empty:
        return docs.copy()
    docs = stored.with_column(docs, "text")  # the copy is a new row: its text cannot be read back from storage
    row = docs.iloc[[min(position, len(docs) - 1)]].assign(doc_id=doc_id)
    return pd.concat([docs, row], ignore_index=True)


# ---------------------------------------------------------------- the numbers behind the per-document charts


def similarity_summary(similarity: np.ndarray) -> pd.Series:
    """How similar the pairs of documents are: count, quartiles and extremes of the off-diagonal similarities.

    The numbers behind the similarity heatmap, as text a reader (and nbval) can compare.

    >>> similarity_summary(np.array([[1.0, 0.2, 0.1], [0.2, 1.0, 0.05], [0.1, 0.05, 1.0]])).round(3).tolist()
    [3.0, 0.05, 0.075, 0.1, 0.15, 0.2]
    """
    n = len(similarity)
    values = similarity[np.triu_indices(n, 1)] if n > 1 else np.array([])
    if not len(values):
        return pd.Series([0.0] + [np.nan] * 5, index=_SIMILARITY_ROWS, name="相似度")
    quartiles = np.quantile(values, [0.0, 0.25, 0.5, 0.75, 1.0])
    return pd.Series([float(len(values)), *quartiles], index=_SIMILARITY_ROWS, name="相似度")


_SIMILARITY_ROWS = ["文档对数", "最低", "下四分位", "中位数", "上四分位", "最高"]


def merge_table(linkage: np.ndarray, labels: Sequence[str]) -> pd.DataFrame:
    """The merges of a dendrogram in order: distance, size and what was joined (a group by its first member).

    >>> from scipy.cluster.hierarchy import linkage
    >>> Z = linkage(np.array([[0.0], [0.1], [1.0]]), "average")
    >>> merge_table(Z, ["甲", "乙", "丙"]).values.tolist()
    [[1, 0.1, 2, '甲', '乙'], [2, 0.95, 3, '丙', '甲 等 2 篇']]
    """
    names = list(labels)
    sizes = [1] * len(names)
    rows = []
    for step, (left, right, distance, size) in enumerate(linkage, start=1):
        left, right = int(left), int(right)
        rows.append((step, round(float(distance), 3), int(size), names[left], names[right]))
        first = names[left] if sizes[left] == 1 else names[left].split(" 等 ")[0]
        names.append(f"{first} 等 {int(size)} 篇")
        sizes.append(int(size))
    return pd.DataFrame(rows, columns=["次序", "距离", "文档数", "合并的一方", "另一方"])


def map_table(coordinates: np.ndarray, labels: Sequence[str], clusters: Sequence[int]) -> pd.DataFrame:
    """The points of a document map: label, cluster and the two coordinates (rounded to 2 places, as a map is read).

    >>> map_table(np.array([[0.12345, -1.0]]), ["甲"], [0]).values.tolist()
    [['甲', 0, 0.12, -1.0]]
    """
    return pd.DataFrame(
        {
            "文档": list(labels),
            "聚类": [int(c) for c in clusters],
            "x": np.round(np.asarray(coordinates)[:, 0], 2) if len(labels) else [],
            "y": np.round(np.asarray(coordinates)[:, 1], 2) if len(labels) else [],
        }
    )
