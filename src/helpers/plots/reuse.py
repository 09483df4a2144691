"""The chart of text reuse (:mod:`helpers.policy.reuse`): a heat map of the share of each document found in
another, documents named by their short id and title.

    >>> import pandas as pd
    >>> plot_reuse_matrix(pd.DataFrame()).texts[0].get_text()[:8]
    '没有两篇文档共有'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.corpus.labels import short_doc_id
from helpers.notices import NO_REUSE_NOTE
from helpers.plots import base as plotting

if TYPE_CHECKING:
    from matplotlib.axes import Axes

# past this many documents the heat map's labels no longer read; the most reusing ones are kept
MAX_DOCUMENTS = 30


def most_reusing(matrix: pd.DataFrame, max_docs: int = MAX_DOCUMENTS) -> pd.DataFrame:
    """The ``max_docs`` documents with the most reuse (the share found in others plus the share of others
    found in them), in the matrix's order; the whole matrix when it is small enough.

    >>> m = pd.DataFrame([[0, .5, 0], [.4, 0, .1], [0, .1, 0]], index=list("甲乙丙"), columns=list("甲乙丙"))
    >>> most_reusing(m, 2).index.tolist()
    ['甲', '乙']
    """
    if len(matrix) <= max_docs:
        return matrix
    weight = matrix.sum(axis=1).to_numpy() + matrix.sum(axis=0).reindex(matrix.index).fillna(0).to_numpy()
    keep = np.sort(np.argsort(-weight, kind="stable")[:max_docs])
    kept = matrix.index[keep]
    return matrix.loc[kept, [c for c in matrix.columns if c in set(kept)]]


def plot_reuse_matrix(
    matrix: pd.DataFrame,
    *,
    labels: pd.Series | None = None,
    max_docs: int = MAX_DOCUMENTS,
    title: str | None = None,
) -> Axes:
    """Heat map of :func:`helpers.policy.reuse_matrix`: a row is a document, a column the document it shares
    passages with, the colour the share of the row's characters found there. ``labels`` (indexed by doc_id,
    e.g. :func:`helpers.corpus.labels.document_labels`) names the documents, else their short ids. Past
    ``max_docs`` documents only the most reusing are drawn (:func:`most_reusing`), and the title says so.
    """
    title = title or "文档间的文本复用（行：文档；列：来源文档；值：行文档字数中见于列文档的比例）"
    if matrix.empty:
        return plotting.empty_panel(title, NO_REUSE_NOTE)
    shown = most_reusing(matrix, max_docs)
    if len(shown) < len(matrix):
        title += f"\n复用最多的 {len(shown)} 篇（共 {len(matrix)} 篇有复用）"
    names = labels if labels is not None else pd.Series({doc: short_doc_id(doc) for doc in matrix.index})
    shown = shown.rename(index=lambda d: names.get(d, d), columns=lambda d: names.get(d, d))
    ax = plotting.heatmap(shown, cmap="Reds", fmt="{:.0%}")
    ax.set_title(title, fontsize=10)
    ax.figure.tight_layout()
    return ax
