"""The human check of the automatic codes: an Excel coding sheet out, the coder's sheet back in, and agreement.

A coder opens the sheet, reads each clause with its automatic code, and writes the right code in
``human_code`` (a tool of the codebook, a type, or ``uncoded``) with an optional ``note``; rows left
empty are not counted. Agreement is Cohen's kappa (scikit-learn) over the rows a human coded.

    >>> sheet = pd.DataFrame({"tool": ["资金投入", "税收优惠", "uncoded"], "human_code": ["资金投入", "金融支持", ""]})
    >>> coding_agreement(sheet).n_coded
    2
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.notices import Notice, coding_agreement_notice
from helpers.policy.codebook import TYPE_NAMES, UNCODED, Codebook, load_codebook
from helpers.stored_table import StoredTable, as_frame

SHEET_NAME = "coding"
CODEBOOK_SHEET = "codebook"
# The columns a coding sheet must have, in the order written; the coder fills the last two.
SHEET_COLUMNS = ["doc_id", "item", "clause", "text", "type", "tool", "cue", "confidence", "human_code", "note"]
HUMAN_COLUMNS = ("human_code", "note")
# Column widths in characters (a Chinese character counts about two).
WIDTHS = {"doc_id": 16, "item": 12, "clause": 7, "text": 70, "type": 10, "tool": 14, "cue": 18, "confidence": 10,
          "human_code": 14, "note": 30}  # fmt: skip
NO_CODE = {"", "nan", "none"}
# Rows of a coding sheet at most (a seeded sample past it): more than one coder checks, far fewer than Excel holds.
SHEET_MAX_ROWS = 5_000
# Words a coder may write for "no instrument here" besides ``uncoded``.
UNCODED_WORDS = {UNCODED, "无", "未编码", "不适用"}


class CodingSheetError(ValueError):
    """A coding sheet that cannot be read back; the message names the file and the row."""


def export_coding_sheet(
    coded: pd.DataFrame | StoredTable,
    path: str | Path,
    codebook: Codebook | str | Path | None = None,
    max_rows: int = SHEET_MAX_ROWS,
    random_state: int = 0,
) -> Path:
    """Write :func:`code_instruments`'s rows to an Excel sheet for a human coder; return the path.

    The sheet has the automatic code (``type`` in Chinese, ``tool``, ``cue``, ``confidence``), an empty
    ``human_code`` column offering the codebook's tools in a drop-down, and a ``note`` column; the header is
    frozen and the clause text wraps. A second sheet lists the codebook for reference. Past ``max_rows``
    rows the sheet holds a seeded random sample of them, in corpus order: what one coder checks (and Excel
    holds at most 1,048,576 rows). A :class:`~helpers.stored_table.StoredTable` of codes reads only the rows it
    writes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = load_codebook(codebook)
    if len(coded) > max_rows:  # the rows DataFrame.sample would take, in corpus order
        taken = np.sort(np.random.RandomState(random_state).choice(len(coded), size=max_rows, replace=False))
        coded = coded.take(taken) if isinstance(coded, StoredTable) else coded.iloc[taken]
    table = as_frame(coded).reindex(columns=SHEET_COLUMNS)
    table["type"] = table["type"].map(lambda t: TYPE_NAMES.get(t, t))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append(SHEET_COLUMNS)
    for record in table.itertuples(index=False):
        sheet.append(["" if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in record])
    for index, name in enumerate(SHEET_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[name]
        sheet[f"{letter}1"].font = Font(bold=True)
        if name in ("doc_id", "item"):  # kept as text: Excel would turn an item "1" or a doc_id "007" into numbers
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
                cell.value = "" if cell.value is None else str(cell.value)
    for cell in sheet["D"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    reference = workbook.create_sheet(CODEBOOK_SHEET)
    reference.append(["code", "type", "comment"])
    for tool in book.tools:
        reference.append([tool.name, TYPE_NAMES[tool.type], tool.comment])
    reference.append([UNCODED, "", "no instrument in this clause · 本句无政策工具"])
    reference.column_dimensions["A"].width, reference.column_dimensions["C"].width = 16, 90
    choices = DataValidation(type="list", formula1=f"={CODEBOOK_SHEET}!$A$2:$A${len(book.tools) + 2}",
                             allow_blank=True, showErrorMessage=False)  # fmt: skip
    sheet.add_data_validation(choices)
    choices.add(f"I2:I{max(2, len(table) + 1)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _human_code(value: str, book: Codebook) -> str | None:
    """A coder's entry as a code: a tool's name, a type key, ``uncoded``; None when empty; raises when unknown."""
    text = str(value).strip()
    if text.lower() in NO_CODE:
        return None
    if text in UNCODED_WORDS:
        return UNCODED
    if text in book.names:
        return text
    types = {**{k: k for k in TYPE_NAMES}, **{v: k for k, v in TYPE_NAMES.items()}}
    if text in types:
        return types[text]
    raise KeyError(text)


def read_coding_sheet(path: str | Path, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """A coding sheet written by :func:`export_coding_sheet` (and filled by a coder) as a table.

    ``human_code`` is normalised (a type in Chinese → its key, 无 → ``uncoded``, empty → NA); ``type`` back to
    its key. A missing column, a clause number that is not a number, or a human code that names no tool or type
    raises :class:`CodingSheetError` naming the file and the sheet's row.
    """
    path = Path(path)
    book = load_codebook(codebook)
    try:
        table = pd.read_excel(path, sheet_name=SHEET_NAME, dtype=str, keep_default_na=False, engine="openpyxl")
    except (FileNotFoundError, ValueError, KeyError, OSError) as error:
        raise CodingSheetError(f"{path}: not a coding sheet ({error})") from None
    table.columns = [str(c).strip() for c in table.columns]
    missing = [c for c in SHEET_COLUMNS if c not in table.columns]
    if missing:
        raise CodingSheetError(f"{path}: the sheet {SHEET_NAME!r} lacks the column(s) {', '.join(missing)}")
    codes, types = [], {v: k for k, v in TYPE_NAMES.items()}
    for row, (clause, value) in enumerate(zip(table["clause"], table["human_code"]), start=2):
        if not str(clause).strip().isdigit():
            raise CodingSheetError(f"{path}, row {row}: the clause number {clause!r} is not a whole number")
        try:
            codes.append(_human_code(value, book))
        except KeyError:
            raise CodingSheetError(
                f"{path}, row {row}: human_code {value!r} is no tool or type of the codebook "
                f"(use one of {', '.join(book.names)}, a type, or {UNCODED})"
            ) from None
    table["clause"] = table["clause"].astype("int64")
    table["confidence"] = pd.to_numeric(table["confidence"], errors="coerce")
    table["type"] = table["type"].map(lambda t: types.get(t, t))
    table["human_code"] = pd.Series(codes, index=table.index, dtype="object").astype("string")
    return table


@dataclass(frozen=True)
class Agreement:
    """How far the automatic codes agree with a human's: Cohen's kappa, the observed agreement, the confusion
    table (automatic codes as rows, human codes as columns), the number of rows the human coded, the level."""

    kappa: float
    observed: float
    confusion: pd.DataFrame
    n_coded: int
    level: str

    @property
    def notice(self) -> Notice | None:
        """Why this kappa says little (nothing coded, a single code, few rows), or None."""
        return coding_agreement_notice(self.n_coded, len(self.confusion.index))


def _as_type(code: str, book: Codebook) -> str:
    return book.type_of(code) or code  # a tool → its type; a type or uncoded stays


def coding_agreement(
    sheet: pd.DataFrame, level: str = "tool", codebook: Codebook | str | Path | None = None
) -> Agreement:
    """Cohen's kappa between the automatic ``tool`` and the ``human_code`` over the rows a human coded.

    ``level="type"`` compares types instead (a tool written by the coder counts as its type). Kappa is NaN
    when fewer than one row was coded or when both coders used a single code (kappa is undefined then).

    >>> sheet = pd.DataFrame({"tool": ["资金投入", "资金投入", "税收优惠", "uncoded"],
    ...                       "human_code": ["资金投入", "税收优惠", "税收优惠", "uncoded"]})
    >>> round(coding_agreement(sheet).kappa, 4)
    0.6364
    """
    import warnings

    from sklearn.metrics import cohen_kappa_score

    if level not in ("tool", "type"):
        raise ValueError(f"level is 'tool' or 'type', not {level!r}")
    book = load_codebook(codebook)
    human = sheet["human_code"].astype("string").str.strip()
    rows = sheet[human.notna() & (human != "")]
    automatic = rows["tool"].astype(str).tolist()
    coded = [_human_code(v, book) or UNCODED for v in rows["human_code"]]
    if level == "type":
        automatic = [_as_type(c, book) for c in automatic]
        coded = [_as_type(c, book) for c in coded]
    labels = sorted(set(automatic) | set(coded))
    confusion = pd.crosstab(pd.Series(automatic, name="automatic", dtype="object"),
                            pd.Series(coded, name="human", dtype="object")).reindex(
        index=labels, columns=labels, fill_value=0)  # fmt: skip
    if not automatic:
        return Agreement(float("nan"), float("nan"), confusion, 0, level)
    observed = sum(a == h for a, h in zip(automatic, coded)) / len(automatic)
    with warnings.catch_warnings():  # a single code on both sides: sklearn warns and returns NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        kappa = float(cohen_kappa_score(automatic, coded)) if len(labels) > 1 else float("nan")
    return Agreement(kappa, observed, confusion, len(automatic), level)
