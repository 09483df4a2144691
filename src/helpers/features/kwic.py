"""Keyword in context: every occurrence of a term with the characters around it, for reading themes in place.

>>> import pandas as pd
>>> kwic(pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度"]}), "三会一课", window=2).values.tolist()
[['a', '落实', '三会一课', '制度']]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from helpers import stored

_COLUMNS = ["doc_id", "left", "term", "right"]


def kwic(
    docs: pd.DataFrame,
    term: str,
    window: int = 15,
    *,
    text_column: str = "text",
    max_hits: int | None = None,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` with ``window`` characters either side.

    Columns ``doc_id, left, term, right``, in document order then position;
    line breaks in the context are shown as spaces.

        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["各地认真落实三会一课制度，规范组织生活"]})
        >>> kwic(docs, "三会一课", window=4).values.tolist()
        [['a', '认真落实', '三会一课', '制度，规']]
    """
    if not term:
        raise ValueError("empty term")
    pattern = re.compile(re.escape(term))
    rows = []
    texts = (text for batch in stored.column_batches(docs, text_column) for text in batch)  # streamed from storage
    for doc_id, text in zip(docs["doc_id"], texts):
        text = text if isinstance(text, str) else ""
        for m in pattern.finditer(text):
            left = text[max(0, m.start() - window) : m.start()]
            right = text[m.end() : m.end() + window]
            rows.append({"doc_id": doc_id, "left": _flat(left), "term": term, "right": _flat(right)})
            if max_hits is not None and len(rows) >= max_hits:
                return pd.DataFrame(rows, columns=_COLUMNS)
    return pd.DataFrame(rows, columns=_COLUMNS)


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def kwic_many(docs: pd.DataFrame, terms: Iterable[str], window: int = 15, *, max_hits: int | None = 5) -> pd.DataFrame:
    """:func:`kwic` for several terms, at most ``max_hits`` lines each, stacked in the order given.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["党建引领，党员带头"]})
    >>> kwic_many(docs, ["党员", "党建"], window=1)["term"].tolist()
    ['党员', '党建']
    """
    parts = [kwic(docs, t, window, max_hits=max_hits) for t in dict.fromkeys(terms)]
    if not parts:
        return pd.DataFrame(columns=_COLUMNS)
    return pd.concat(parts, ignore_index=True)
