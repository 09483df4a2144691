"""Where each indicator comes from: the document columns an indicator row carries so that a chart of one
indicator across provinces, issuers or years needs no join.

Every row gets its document's year (``year``: the ``year`` cleaning filled, else the first four digits of
``date``; the year the indicator's own sentence states is ``stated_year``) and the grouping columns cleaning fills (:data:`GROUP_COLUMNS`, blank where a document has none);
a table corpus's own short columns (``congress``, ``栏目``, a sheet name) follow them. They are looked up
by ``doc_id`` after extraction (the workers never see them); the indicator cache key covers their names
and values, since the cached table carries them.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "date": ["2024-01-20"], "province": ["浙江省"], "栏目": ["政府工作报告"]})
    >>> rows = pd.DataFrame({"doc_id": ["a", "a"], "value": [5.5, 5.0]})
    >>> with_document_columns(rows, docs)[["doc_id", "year", "province", "栏目"]].values.tolist()
    [['a', 2024, '浙江省', '政府工作报告'], ['a', 2024, '浙江省', '政府工作报告']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# The document's own year (the year the indicator's sentence states is the table's ``stated_year``).
DOC_YEAR = "year"
# The year an indicator's own sentence (or the text just before it) states (helpers.quantities.years).
STATED_YEAR = "stated_year"
# The columns helpers.compare groups documents by (plots.base.FIELD_NAMES) that cleaning fills on every corpus.
GROUP_COLUMNS = ("province", "city", "county", "issuer")
# A table corpus's column with longer values than this is text (an abstract, the page's HTML), not a group:
# copying it onto every indicator row would multiply the corpus's memory, so it stays in the docs.
MAX_GROUP_CHARS = 100
# Years outside this range are misreadings (a document number, a count), not a policy document's year.
YEAR_RANGE = (1800, 2100)
# The columns cleaning defines (helpers.clean.pipeline.DOC_COLUMNS, listed here because importing the cleaning
# reads its data files, which the indicator cache key would then have to cover; a test keeps the two lists
# alike), and the ones the readers record about a file: none is a table corpus's own.
CLEANING_COLUMNS = (
    *["doc_id", "parent_id", "title", "date", "year", "doc_number", "issuer", "source", "author", "published"],
    *["province", "city", "county", "adcode", "script", "n_chars_raw", "n_chars", "text", "text_raw"],
)
_NOT_CARRIED = (
    *["path", "suffix", "reader", "n_bytes", "n_pages", "encoding", "problem", "notice", "row"],
    *["ocr_pages", "ocr_confidence", "ocr_lines"],
)


def document_year(docs: pd.DataFrame) -> pd.Series:
    """Each document's year: the ``year`` column where filled, else the first four digits of ``date``; NA if none.

    >>> import pandas as pd
    >>> document_year(pd.DataFrame({"year": [1921, None, None], "date": ["", "2022-10-16", "二〇二二年"]})).tolist()
    [1921, 2022, <NA>]
    """
    import pandas as pd

    def plausible(column: pd.Series) -> pd.Series:
        years = pd.to_numeric(column, errors="coerce")
        return years.where(years.between(*YEAR_RANGE) & (years == years.round())).astype("Int64")

    years = pd.Series(pd.NA, index=docs.index, dtype="Int64")
    if "date" in docs.columns:
        years = plausible(docs["date"].astype("string").str.extract(r"^\s*(\d{4})", expand=False))
    if "year" in docs.columns:
        years = plausible(docs["year"]).fillna(years)
    return years


def carried_columns(docs: pd.DataFrame) -> list[str]:
    """A table corpus's own columns an indicator row carries: every column cleaning does not define itself,
    whose values are short text (at most :data:`MAX_GROUP_CHARS` characters).

    >>> import pandas as pd
    >>> carried_columns(pd.DataFrame({"doc_id": ["a"], "text": ["正文"], "province": [""], "congress": ["十九大"],
    ...                               "content": ["长" * 500], "ocr_lines": [""]}))
    ['congress']
    """
    own = {*CLEANING_COLUMNS, *_NOT_CARRIED}
    names = []
    for name in docs.columns:
        if name in own or not isinstance(name, str):
            continue
        lengths = docs[name].astype("string").str.len()
        if lengths.isna().all() or lengths.max() <= MAX_GROUP_CHARS:
            names.append(name)
    return names


def document_columns(docs: pd.DataFrame) -> pd.DataFrame:
    """One row per document: ``doc_id``, ``year``, :data:`GROUP_COLUMNS` (blank where ``docs`` lacks one),
    then :func:`carried_columns`; every column but ``year`` a string column, missing values blank.
    A doc_id given twice keeps its first row."""
    import pandas as pd

    columns = {"doc_id": docs["doc_id"].astype("str"), DOC_YEAR: document_year(docs)}
    for name in (*GROUP_COLUMNS, *carried_columns(docs)):
        values = docs[name] if name in docs.columns else pd.Series("", index=docs.index)
        columns[name] = values.astype("string").fillna("").str.strip().astype("str")
    frame = pd.DataFrame(columns).reset_index(drop=True)
    return frame.drop_duplicates("doc_id", keep="first").reset_index(drop=True)


def with_document_columns(
    rows: pd.DataFrame, docs: pd.DataFrame, documents: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``rows`` (with ``doc_id``, ``title``, ``date`` first if present) with :func:`document_columns`
    inserted after those provenance columns, looked up by ``doc_id``; a row whose document is not in ``docs``
    gets NA and blanks. ``documents``: :func:`document_columns` of ``docs`` when already made (chunk by chunk)."""
    import pandas as pd

    documents = document_columns(docs) if documents is None else documents
    position = pd.Index(documents["doc_id"]).get_indexer(rows["doc_id"].astype("str"))
    position[position < 0] = len(documents)  # a row of a document not in docs: the blank row appended below
    added = {}
    for name in documents.columns.drop("doc_id"):
        column = documents[name]
        blank = pd.Series([pd.NA if name == DOC_YEAR else ""], dtype=column.dtype)
        added[name] = pd.concat([column, blank], ignore_index=True).take(position).reset_index(drop=True)
    lead = [name for name in ("doc_id", "title", "date") if name in rows.columns]
    rest = [name for name in rows.columns if name not in lead and name not in added]
    rows = rows.reset_index(drop=True)
    return pd.concat([rows[lead], pd.DataFrame(added), rows[rest]], axis=1)
