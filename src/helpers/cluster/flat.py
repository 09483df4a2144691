"""Flat clusters: k-means, canonical cluster numbers, silhouettes and choosing k.

KMeans below ``MINIBATCH_MIN_DOCS`` documents, MiniBatchKMeans from there on;
silhouettes use cosine distance, on a sample of ``SILHOUETTE_SAMPLE`` documents
in large corpora.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from helpers.cluster.settings import (
    MAX_K,
    MIN_K_DOCS,
    MINIBATCH_MIN_DOCS,
    SILHOUETTE_SAMPLE,
    SMALL_CORPUS_DOCS,
)
from helpers.cluster.vectors import Matrix


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
        model = MiniBatchKMeans(n_clusters=k, n_init=n_init, random_state=random_state, batch_size=1024)
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
    if n_docs < MIN_K_DOCS:
        return range(0)
    return range(2, max(2, min(max_k, n_docs // 2, n_docs - 1)) + 1)


def clusterings_by_k(
    X: Matrix,
    k_range: Sequence[int],
    random_state: int = 0,
    *,
    minibatch: bool | None = None,
) -> dict[int, np.ndarray]:
    """The k-means labels (:func:`flat_clusters`) for every k of ``k_range``.

    Kept together so that choosing k, the chosen clusters and the comparison of
    every k with a reference all read the same solutions instead of re-running k-means.

    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> {k: labels.tolist() for k, labels in clusterings_by_k(X, [2]).items()}
    {2: [0, 0, 1, 1]}
    """
    return {int(k): flat_clusters(X, int(k), random_state, minibatch=minibatch) for k in k_range}


def _silhouette(X: Matrix, labels: np.ndarray, random_state: int) -> float:
    # past SILHOUETTE_SAMPLE documents the full n × n distance matrix would not fit: estimate on a sample
    sample = SILHOUETTE_SAMPLE if X.shape[0] > SILHOUETTE_SAMPLE else None
    return float(silhouette_score(X, labels, metric="cosine", sample_size=sample, random_state=random_state))


def silhouette_scores(X: Matrix, clusterings: dict[int, np.ndarray], random_state: int = 0) -> pd.DataFrame:
    """Mean silhouette (cosine) of each clustering of the rows: columns ``k, silhouette``.

    A k whose solution has a single non-empty cluster (or one document per
    cluster) gets NaN.

    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> silhouette_scores(X, {2: np.array([0, 0, 1, 1]), 3: np.array([0, 0, 0, 0])}).silhouette.isna().tolist()
    [False, True]
    """
    rows = []
    for k, labels in clusterings.items():
        score = _silhouette(X, labels, random_state) if 1 < len(set(labels.tolist())) < X.shape[0] else float("nan")
        rows.append({"k": int(k), "silhouette": score})
    return pd.DataFrame(rows, columns=["k", "silhouette"])


def silhouette_table(
    X: Matrix,
    k_range: Sequence[int] | None = None,
    random_state: int = 0,
    *,
    minibatch: bool | None = None,
) -> pd.DataFrame:
    """Mean silhouette (cosine) of the k-means solution for each k: columns ``k, silhouette``.

    ``k_range`` defaults to :func:`default_k_range`; a k whose solution has a
    single non-empty cluster gets NaN.

    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> silhouette_table(X).k.tolist()
    [2]
    """
    if k_range is None:
        k_range = default_k_range(X.shape[0])
    return silhouette_scores(X, clusterings_by_k(X, k_range, random_state, minibatch=minibatch), random_state)


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
