"""How much metadata the articles carry, and how they spread over years and places (cleaning notebook)."""

from __future__ import annotations

import pandas as pd

# The fields the cleaning reads from the text (or a table corpus supplies), in the order a reader scans them.
METADATA_FIELDS = ("title", "date", "year", "doc_number", "issuer", "province", "city", "county", "source", "author")


def metadata_coverage(docs: pd.DataFrame, fields: tuple[str, ...] | None = None) -> pd.DataFrame:
    """For each metadata field: how many articles have it, and what share of all articles that is.

    Fields a table corpus brought with it (any column beyond the cleaning's own) are listed after the
    standard ones.

    >>> docs = pd.DataFrame({"title": ["甲", ""], "year": pd.array([2019, None], dtype="Int64")})
    >>> metadata_coverage(docs, ("title", "year")).to_dict("records")
    [{'field': 'title', 'documents': 1, 'share': 0.5}, {'field': 'year', 'documents': 1, 'share': 0.5}]
    """
    fields = fields if fields is not None else METADATA_FIELDS
    present = [field for field in fields if field in docs.columns]
    rows = [
        {"field": field, "documents": int(has_value(docs[field]).sum()), "share": _share(docs[field])}
        for field in present
    ]
    return pd.DataFrame(rows, columns=["field", "documents", "share"])


def has_value(column: pd.Series) -> pd.Series:
    """True where a cell holds a value: not missing, not an empty or blank string."""
    return column.notna() & (column.astype("string").str.strip().fillna("") != "")


def _share(column: pd.Series) -> float:
    return round(float(has_value(column).mean()), 3) if len(column) else 0.0


def documents_per(docs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Articles per value of ``by`` (``year``, ``province`` …): ``<by>``, ``documents``; years in order, other
    values most frequent first; articles without a value are counted as ``(none)`` at the end.

    >>> docs = pd.DataFrame({"province": ["浙江省", "", "浙江省", "河南省"]})
    >>> documents_per(docs, "province").to_dict("records")
    [{'province': '浙江省', 'documents': 2}, {'province': '河南省', 'documents': 1}, {'province': '(none)', 'documents': 1}]
    """
    if by not in docs.columns:
        return pd.DataFrame({by: pd.Series(dtype="object"), "documents": pd.Series(dtype="int64")})
    known = has_value(docs[by])
    counts = docs.loc[known, by].value_counts()
    counts = counts.sort_index() if by == "year" else counts.sort_values(ascending=False, kind="stable")
    table = counts.rename_axis(by).reset_index(name="documents")
    table[by] = table[by].astype("object")
    missing = int((~known).sum())
    if missing:
        table = pd.concat([table, pd.DataFrame({by: ["(none)"], "documents": [missing]})], ignore_index=True)
    return table.astype({"documents": "int64"})
