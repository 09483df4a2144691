"""What a corpus is made of, for the cleaning notebook: its formats, and how each was read."""

from __future__ import annotations

import pandas as pd

FORMAT_COLUMNS = ["suffix", "reader", "files", "documents", "unreadable", "pages", "MB"]


def format_summary(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per file suffix and reader: files, documents (a table holds many), unreadable ones, PDF pages, MB.

    A table's documents share one file, so files are counted by path; MB are the documents' text bytes
    for a table and the file sizes for the rest.

    >>> raw = pd.DataFrame({"path": ["a.pdf", "t.csv", "t.csv"], "suffix": [".pdf", ".csv", ".csv"],
    ...     "reader": ["pdf-text", "table", "table"], "n_bytes": [2_000_000, 10, 20],
    ...     "n_pages": [3, None, None], "problem": ["", "", "row 2: empty text"]})
    >>> format_summary(raw)[["suffix", "files", "documents", "unreadable", "pages"]].to_dict("records")
    [{'suffix': '.csv', 'files': 1, 'documents': 2, 'unreadable': 1, 'pages': 0}, {'suffix': '.pdf', 'files': 1, 'documents': 1, 'unreadable': 0, 'pages': 3}]
    """
    if raw.empty:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in FORMAT_COLUMNS})
    frame = raw.assign(
        unreadable=raw["problem"].fillna("") != "",
        reader=raw["reader"].replace("", "—"),
        pages=pd.to_numeric(raw["n_pages"], errors="coerce").fillna(0),
    )
    summary = (
        frame.groupby(["suffix", "reader"], sort=True)
        .agg(
            files=("path", "nunique"),
            documents=("path", "size"),
            unreadable=("unreadable", "sum"),
            pages=("pages", "sum"),
            MB=("n_bytes", "sum"),
        )
        .reset_index()
    )
    summary["MB"] = (summary["MB"] / 1e6).round(2)
    return summary.astype({"files": "int64", "documents": "int64", "unreadable": "int64", "pages": "int64"})[
        FORMAT_COLUMNS
    ]
