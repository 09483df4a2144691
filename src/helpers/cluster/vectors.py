"""Documents as vectors: the rows clustered, LSA, cosine similarity, hierarchical linkage, 2-D maps.

Everything takes the documents × terms TF-IDF matrix of a
:class:`helpers.features.CorpusTfidf` (or rows derived from it) and returns
plain arrays; nothing here makes the TF-IDF.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.manifold import MDS
from sklearn.preprocessing import normalize

from helpers.cluster.settings import (
    LSA_COMPONENTS,
    MIN_CLUSTER_DOCS,
    MIN_K_DOCS,
    MINIBATCH_MIN_DOCS,
)

Matrix = sparse.csr_matrix | np.ndarray


def document_vectors(matrix: Matrix) -> sparse.csr_matrix:
    """The TF-IDF rows as clustering expects them: a float64 sparse matrix, rows L2-normalised.

    Rows are normalised again even though a :class:`~helpers.features.CorpusTfidf`
    promises it, so that any matrix handed in (a slice, a sum) gives cosine
    similarities as dot products. A matrix with no documents or no terms is
    returned as it is: every view built on it is empty.

    >>> X = document_vectors(np.array([[3.0, 4.0], [0.0, 2.0]]))
    >>> X.toarray().tolist()
    [[0.6, 0.8], [0.0, 1.0]]
    """
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    if min(matrix.shape) == 0:
        return matrix
    return normalize(matrix)


def lsa_vectors(X: Matrix, n_components: int, random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
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


def clustering_vectors(X: Matrix, n_components: int | Literal["auto"] | None = "auto", random_state: int = 0) -> Matrix:
    """The rows k-means runs on: ``X`` itself, or its LSA vectors (:func:`lsa_vectors`).

    ``"auto"`` reduces to ``LSA_COMPONENTS`` dimensions from ``MINIBATCH_MIN_DOCS``
    documents on (where distances between thousands of sparse rows are slow and
    noisy), an int forces that many, None keeps ``X``. A matrix of two documents
    or two terms or fewer is never reduced: LSA would leave at most one axis.

    >>> clustering_vectors(np.eye(4), 2).shape
    (4, 2)
    >>> clustering_vectors(np.eye(4)).shape
    (4, 4)
    """
    if n_components == "auto":
        n_components = LSA_COMPONENTS if X.shape[0] >= MINIBATCH_MIN_DOCS else None
    if n_components is None or min(X.shape) <= 2:
        return X
    return lsa_vectors(X, int(n_components), random_state)[0]


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


def mean_pairwise(matrix: np.ndarray, rows: np.ndarray, columns: np.ndarray, same: bool) -> float:
    """Mean of a document × document matrix over the pairs (row, column) the two masks select.

    With ``same=True`` the masks pick one group and its diagonal (a document
    with itself) is left out: the mean over two *different* members, NaN for a
    group of one. Otherwise the mean of the whole block, NaN when it is empty.

    >>> m = np.array([[1.0, 0.5, 0.1], [0.5, 1.0, 0.3], [0.1, 0.3, 1.0]])
    >>> group = np.array([True, True, False])
    >>> mean_pairwise(m, group, group, True), round(mean_pairwise(m, group, ~group, False), 3)
    (0.5, 0.2)
    """
    block = matrix[np.ix_(rows, columns)]
    if same:
        m = block.shape[0]
        if m < 2:
            return float("nan")
        return float((block.sum() - np.trace(block)) / (m * (m - 1)))
    return float(block.mean()) if block.size else float("nan")


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


def map_coordinates(X: Matrix, method: Literal["pca", "mds"] = "pca", random_state: int = 0) -> np.ndarray:
    """Two coordinates per document for a map: PCA of the rows, or metric MDS on cosine distance.

    PCA centres sparse input implicitly (no densifying); the sign of
    each axis is fixed so that the largest coordinate is positive, making the
    map identical across runs and library versions. Fewer than ``MIN_K_DOCS``
    documents get zeros: two points only show one distance.

    >>> map_coordinates(np.eye(3)).shape
    (3, 2)
    """
    n = X.shape[0]
    if n < MIN_K_DOCS:
        return np.zeros((n, 2))
    if method == "mds":
        distance = np.clip(1.0 - cosine_similarity_matrix(X), 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        # classical MDS as the start: deterministic, and SMACOF only refines it
        mds = MDS(n_components=2, metric="precomputed", init="classical_mds", n_init=1, random_state=random_state)
        coords = mds.fit_transform(distance)
    elif sparse.issparse(X):
        # scikit-learn centres sparse input implicitly with the arpack solver, so
        # this is true PCA, not LSA (whose first axis is just the average document)
        coords = PCA(n_components=2, svd_solver="arpack", random_state=random_state).fit_transform(sparse.csr_matrix(X))
    else:
        coords = PCA(n_components=2, random_state=random_state).fit_transform(np.asarray(X))
    for axis in range(coords.shape[1]):
        column = coords[:, axis]
        if column[np.argmax(np.abs(column))] < 0:
            coords[:, axis] = -column
    return coords
