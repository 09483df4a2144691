"""How stable clusters are: co-assignment of document pairs over random restarts and term bootstraps.

A pair that k-means puts together in every run belongs together; a pair
together in about half the runs is a coin toss.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.preprocessing import normalize

from helpers.cluster.flat import flat_clusters
from helpers.cluster.vectors import Matrix, mean_pairwise


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


def stability_table(
    labels: Sequence[int],
    drawn: Sequence[int],
    co_assignments: dict[str, np.ndarray | None],
) -> pd.DataFrame:
    """Per cluster, its size and the mean co-assignment of two of its drawn members in each matrix.

    ``co_assignments`` maps a column name to a :func:`co_assignment` matrix over
    the rows ``drawn`` (None when no check was run: the column is NaN). 1 means
    the members always stayed together; values near 1/k mean the grouping is a
    coin toss.

    >>> together = np.array([[1.0, 0.8, 0.0], [0.8, 1.0, 0.1], [0.0, 0.1, 1.0]])
    >>> stability_table([0, 0, 1], [0, 1, 2], {"restarts": together}).values.tolist()
    [[0.0, 2.0, 0.8], [1.0, 1.0, nan]]
    """
    labels = np.asarray(labels)
    drawn_labels = labels[np.asarray(drawn, dtype=int)]
    rows = []
    for cluster in sorted(set(labels.tolist())):
        inside = drawn_labels == cluster
        row = {"cluster": int(cluster), "size": int((labels == cluster).sum())}
        for name, matrix in co_assignments.items():
            row[name] = round(mean_pairwise(matrix, inside, inside, True), 3) if matrix is not None else float("nan")
        rows.append(row)
    return pd.DataFrame(rows, columns=["cluster", "size", *co_assignments])
