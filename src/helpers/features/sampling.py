"""What a notebook shows of a large corpus or table: a sample of documents, the first document's rows,
per-document weights for word clouds, the field's terms to read in context.

    >>> sample_documents(["甲", "乙", "丙"], 2, random_state=0)
    ['乙', '丙']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.tokens import read_userdict


def sample_documents(doc_ids: Sequence[str], n: int, *, random_state: int = 0) -> list[str]:
    """At most ``n`` doc_ids, a seeded sample in corpus order (all of them when there are few).

    >>> sample_documents(["政策甲", "政策乙"], 5)
    ['政策甲', '政策乙']
    """
    ids = list(doc_ids)
    rows = seeded_rows(len(ids), n, random_state=random_state)
    return ids if rows is None else [ids[i] for i in rows]


def seeded_rows(n_rows: int, n: int, *, random_state: int = 0) -> np.ndarray | None:
    """Positions of a seeded sample of ``n`` of ``n_rows`` rows, in ascending order; None when there are no
    more than ``n``: every stage that reads a sample of a large corpus draws it this way.

    >>> seeded_rows(5, 2).tolist(), seeded_rows(2, 5)
    ([3, 4], None)
    """
    if n_rows <= n:
        return None
    return np.sort(np.random.default_rng(random_state).choice(n_rows, size=n, replace=False))


def seeded_rows_within(lengths: np.ndarray, budget: int, *, random_state: int = 0) -> np.ndarray | None:
    """Positions, ascending, of a seeded sample of whole rows whose ``lengths`` add up to about ``budget`` (the
    row that crosses it included); None when all of them fit.

    >>> seeded_rows_within(np.array([4, 4, 4, 4]), 6).tolist(), seeded_rows_within(np.array([4]), 6)
    ([0, 2], None)
    """
    if int(lengths.sum()) <= budget:
        return None
    order = np.random.default_rng(random_state).permutation(len(lengths))
    return np.sort(order[: int(np.searchsorted(np.cumsum(lengths[order]), budget, side="left")) + 1])


def first_document(table: pd.DataFrame, *, column: str = "doc_id") -> pd.DataFrame:
    """The rows of the table's first document, without the ``doc_id`` column.

    An empty table gives an empty table with the other columns.

        >>> t = pd.DataFrame({"doc_id": ["a", "a", "b"], "term": ["党建", "基层", "高校"]})
        >>> first_document(t)["term"].tolist()
        ['党建', '基层']
    """
    if table.empty:
        return table.drop(columns=column)
    return table[table[column] == table[column].iloc[0]].drop(columns=column)


def weights_by_doc(table: pd.DataFrame, *, group: str = "doc_id", value: str = "score") -> dict[str, dict[str, float]]:
    """``{doc_id: {term: weight}}`` from a tidy table (e.g. top_terms), for word clouds.

    >>> weights_by_doc(pd.DataFrame({"doc_id": ["a"], "term": ["党建"], "score": [0.5]}))
    {'a': {'党建': 0.5}}
    """
    out: dict[str, dict[str, float]] = {}
    for name, part in table.groupby(group, sort=False):
        out[str(name)] = dict(zip(part["term"], part[value].astype(float)))
    return out


def field_terms(table: pd.DataFrame, n: int = 3, *, column: str = "term") -> list[str]:
    """The first ``n`` distinct terms of a ranked table that are entries of the domain dictionary.

    Picks theme words worth reading in context (:func:`helpers.features.kwic.kwic`): the field's own
    terms, not generic words.

        >>> field_terms(pd.DataFrame({"term": ["发展", "两新组织", "党员", "致富能手"]}), 2)
        ['两新组织', '致富能手']
    """
    vocabulary = {e.word for e in read_userdict()}
    return [t for t in dict.fromkeys(table[column]) if t in vocabulary][:n]
