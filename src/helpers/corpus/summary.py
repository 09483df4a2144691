"""What a corpus is made of, for the cleaning notebook: its formats, and how each was read."""

from __future__ import annotations

import itertools

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


OCR_COLUMNS = [
    "doc_id",
    "path",
    "reader",
    "n_pages",
    "ocr_pages",
    "lines",
    "mean_confidence",
    "min_confidence",
    "uncertain",
]
# Confidence bands of the distribution (right-open), the lowest ones below LOW_CONFIDENCE.
CONFIDENCE_BANDS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0001)


def ocr_line_table(raw: pd.DataFrame) -> pd.DataFrame:
    """Every line OCR recognised, one row each: ``doc_id``, ``page``, ``confidence``, ``text`` (from ``ocr_lines``).

    >>> raw = pd.DataFrame({"doc_id": ["a", "b"], "ocr_lines": ["1\\t0.99\\t关于加强基层党建的通知\\n2\\t0.61\\t各乡镇党委", ""]})
    >>> ocr_line_table(raw).to_dict("records")[1]
    {'doc_id': 'a', 'page': 2, 'confidence': 0.61, 'text': '各乡镇党委'}
    """
    rows = [
        (doc_id, int(page), float(confidence), text)
        for doc_id, lines in zip(raw["doc_id"], _ocr_lines(raw))
        for page, confidence, text in (line.split("\t", 2) for line in lines.split("\n") if line)
    ]
    table = pd.DataFrame(rows, columns=["doc_id", "page", "confidence", "text"])
    return table.astype({"doc_id": "str", "page": "int64", "confidence": "float64", "text": "str"})


def _ocr_lines(raw: pd.DataFrame) -> pd.Series:
    return raw["ocr_lines"].fillna("") if "ocr_lines" in raw.columns else pd.Series([""] * len(raw), index=raw.index)


def ocr_summary(raw: pd.DataFrame) -> pd.DataFrame:
    """One row per document some page of which was read by OCR: its pages (all, and OCR'd), lines, their mean
    and lowest confidence, and how many lines fall below :data:`~helpers.corpus.ocr.LOW_CONFIDENCE` (kept in
    the text, listed by :func:`uncertain_lines`). Empty when no page was read by OCR."""
    from helpers.corpus.ocr import LOW_CONFIDENCE

    if "ocr_pages" not in raw.columns:
        return pd.DataFrame({column: pd.Series(dtype="object") for column in OCR_COLUMNS})
    read = raw.loc[pd.to_numeric(raw["ocr_pages"], errors="coerce").fillna(0) > 0]
    lines = ocr_line_table(read)
    per_document = lines.groupby("doc_id")["confidence"].agg(
        lines="size", mean_confidence="mean", min_confidence="min", uncertain=lambda c: int((c < LOW_CONFIDENCE).sum())
    )
    summary = read.reindex(columns=["doc_id", "path", "reader", "n_pages", "ocr_pages"]).merge(
        per_document, left_on="doc_id", right_index=True, how="left"
    )
    summary = summary.fillna({"lines": 0, "uncertain": 0}).round({"mean_confidence": 3, "min_confidence": 3})
    return summary.astype({"lines": "int64", "uncertain": "int64", "ocr_pages": "int64"})[OCR_COLUMNS].reset_index(
        drop=True
    )


def confidence_distribution(raw: pd.DataFrame) -> pd.DataFrame:
    """How many OCR'd lines fall in each confidence band (``[0.8, 0.9)`` …), with their share of all OCR'd lines."""
    confidences = ocr_line_table(raw)["confidence"]
    labels = [f"{low:g}–{min(high, 1):g}" for low, high in itertools.pairwise(CONFIDENCE_BANDS)]
    bands = pd.cut(confidences, CONFIDENCE_BANDS, right=False, labels=labels)
    counts = bands.value_counts(sort=False).reindex(labels, fill_value=0)
    total = max(int(counts.sum()), 1)
    return pd.DataFrame(
        {"confidence": labels, "lines": counts.to_numpy(), "share": (counts / total).round(3).to_numpy()}
    )


def uncertain_lines(raw: pd.DataFrame, k: int | None = 20) -> pd.DataFrame:
    """The OCR'd lines below :data:`~helpers.corpus.ocr.LOW_CONFIDENCE`, least certain first (at most ``k``;
    None: all), with their document, page and text, for a reader to check against the scan."""
    from helpers.corpus.ocr import LOW_CONFIDENCE

    lines = ocr_line_table(raw)
    low = lines.loc[lines["confidence"] < LOW_CONFIDENCE].sort_values(["confidence", "doc_id", "page"], kind="stable")
    return (low if k is None else low.head(k)).reset_index(drop=True)
