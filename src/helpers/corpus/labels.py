"""How a document is named on a chart or in a table: one labelling rule for every notebook."""

from __future__ import annotations

import re

import pandas as pd

_HASHED_ID = re.compile(r"^(?P<stem>[^_]+)_[0-9a-f]{6,}(?P<part>-\d+)?$")


def short_doc_id(doc_id: str) -> str:
    """A doc_id without a content hash in its file name, for chart labels; any other id unchanged.

    >>> short_doc_id("004_7c2344e521650bcf-01"), short_doc_id("通知_2019"), short_doc_id("政策文件甲")
    ('004-01', '通知_2019', '政策文件甲')
    """
    match = _HASHED_ID.match(str(doc_id))
    if match is None:
        return str(doc_id)
    return match["stem"] + (match["part"] or "")


def document_labels(docs: pd.DataFrame, max_chars: int = 10) -> pd.Series:
    """A short label per document, indexed by ``doc_id``: the short id plus the title cut to ``max_chars``.

    The id keeps labels unique when titles repeat (compilations often hold
    several articles of one name); without a ``title`` column the id alone is used.

    >>> document_labels(pd.DataFrame({"doc_id": ["004_7c2344e521650bcf-01"],
    ...                               "title": ["新形势下基层党建工作创新研究"]})).tolist()
    ['004-01 新形势下基层党建工作…']
    """
    ids = [str(d) for d in docs["doc_id"]]
    short = [short_doc_id(d) for d in ids]
    if "title" in docs.columns:
        titles = [re.sub(r"\s+", "", title) for title in docs["title"].fillna("").astype(str)]
        short = [
            f"{name} {title[:max_chars] + '…' if len(title) > max_chars else title}".strip()
            for name, title in zip(short, titles)
        ]
    return pd.Series(short, index=pd.Index(ids, name="doc_id"), name="label", dtype=object)
