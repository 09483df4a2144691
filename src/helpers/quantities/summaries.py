"""Summaries of an indicator table for notebooks and reports: counts by document and by year, the
largest quantities of a kind, the shares of status and role, the CSV export, and whether a chart needs a log axis.

    >>> unit_kind("名"), needs_log_scale([4, 1630000])
    ('people', True)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.corpus import short_doc_id
from helpers.quantities.rules import IndicatorRules, load_rules
from helpers.stored_table import StoredTable, as_frame, frames, summed

if TYPE_CHECKING:
    import pandas as pd


def unit_kind(unit: str, rules: IndicatorRules | None = None) -> str:
    """Kind of a reported unit (people, count, money, rate ...), ``other`` when unknown.

    >>> unit_kind("名"), unit_kind("元"), unit_kind("%")
    ('people', 'money', 'rate')
    """
    rules = rules or load_rules()
    kinds = {info.reported: info.kind for info in rules.units.values()}
    kinds.update({name: info.kind for name, info in rules.units.items() if name == info.reported})
    return kinds.get(unit, "other")


def charted(table: pd.DataFrame) -> pd.DataFrame:
    """The rows a reader charts and counts: every role but ``minor``.

    >>> import pandas as pd
    >>> charted(pd.DataFrame({"role": ["measure", "minor", "threshold"]}))["role"].tolist()
    ['measure', 'threshold']
    """
    return table[table["role"] != "minor"] if "role" in table.columns else table


def counts_by_document(
    table: pd.DataFrame | StoredTable, docs: pd.DataFrame | None = None, top_n: int | None = None
) -> pd.DataFrame:
    """Indicators per document (rows) and category (columns), most indicators first; ``minor`` rows (三个村,
    两位书记: small talk in Chinese numerals) are not counted.

    With ``docs``, documents without any indicator get a row of zeros. Past
    ``top_n`` documents the rest are summed into one row ``其余N篇``.

        >>> from helpers.quantities.table import indicator_table
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["下设党支部118个。", "没有数字。"]})
        >>> counts_by_document(indicator_table(docs), docs).to_dict("index")
        {'a': {'组织': 1, '合计': 1}, 'b': {'组织': 0, '合计': 0}}
    """
    import pandas as pd

    parts = (charted(part) for part in frames(table, ["doc_id", "category", "role"]))
    counts = summed(pd.crosstab(part["doc_id"].map(short_doc_id), part["category"]) for part in parts if len(part))
    if counts.empty and docs is None:
        return pd.DataFrame()
    if docs is not None:
        every = pd.Index(sorted({short_doc_id(d) for d in docs["doc_id"]}), name=counts.index.name)
        counts = counts.reindex(every.union(counts.index), fill_value=0)
    counts["合计"] = counts.sum(axis=1)
    counts = counts.sort_index().sort_values("合计", ascending=False, kind="mergesort")
    if top_n and len(counts) > top_n:
        rest = counts.iloc[top_n:].sum().to_frame(f"其余{len(counts) - top_n}篇").T
        counts = pd.concat([counts.iloc[:top_n], rest])
    counts.index.name = "文档"
    counts.columns.name = "类别"
    return counts


def top_quantities(
    table: pd.DataFrame | StoredTable,
    kinds: tuple[str, ...] = ("people",),
    categories: tuple[str, ...] | None = None,
    top_n: int = 20,
    scale: float = 1.0,
) -> pd.DataFrame:
    """The largest ``measure`` rows of some unit kinds (and categories), labelled for a chart.

    ``标签`` reads 文档 · 主语 (mention); ``数值`` is value / ``scale`` (1e4 charts money in 万元).

        >>> from helpers.quantities.table import indicator_table
        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["每年安排经费6500万元。"]})
        >>> top_quantities(indicator_table(docs), kinds=("money",), scale=1e4)["标签"].tolist()
        ['a · 经费（6500万元）']
    """
    import pandas as pd

    if table.empty:
        return pd.DataFrame(columns=["标签", "数值", "文档", "主语", "原文", "类别"])
    rules = load_rules()
    order = {"by": ["value", "doc_id", "start"], "ascending": [False, True, True], "kind": "mergesort"}

    def largest(part: pd.DataFrame) -> pd.DataFrame:
        kind = part["unit"].map(lambda u: unit_kind(u, rules))
        keep = (part["role"] == "measure") & kind.isin(kinds)
        if categories:
            keep &= part["category"].isin(categories)
        return part[keep].sort_values(**order).head(top_n)

    # each batch's largest, then the largest of those (a stable sort: ties keep the table's order)
    columns = ["doc_id", "start", "unit", "role", "category", "value", "subject", "mention"]
    part = pd.concat([largest(part) for part in frames(table, columns)]).sort_values(**order).head(top_n)
    doc = part["doc_id"].map(short_doc_id)
    label = doc + " · " + part["subject"].where(part["subject"] != "", "（未识别）") + "（" + part["mention"] + "）"
    return pd.DataFrame(
        {
            "标签": label.to_numpy(),
            "数值": (part["value"] / scale).round(3).to_numpy(),
            "文档": doc.to_numpy(),
            "主语": part["subject"].to_numpy(),
            "原文": part["mention"].to_numpy(),
            "类别": part["category"].to_numpy(),
        }
    )


def indicators_by_year(table: pd.DataFrame | StoredTable) -> pd.DataFrame:
    """Indicators that state a year (``minor`` rows left out), counted by year (rows) and category (columns).

    >>> from helpers.quantities.table import indicator_table
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["2016年全县新建党支部118个。\\n另有党员300名。"]})
    >>> indicators_by_year(indicator_table(docs)).to_dict("index")
    {2016: {'组织': 1}}
    """
    import pandas as pd

    dated = (
        charted(part).dropna(subset=["stated_year"]) for part in frames(table, ["stated_year", "category", "role"])
    )
    counts = summed(pd.crosstab(part["stated_year"].astype(int), part["category"]) for part in dated if len(part))
    if counts.empty:
        return pd.DataFrame()
    counts.index.name = "年份"
    counts.columns.name = "类别"
    return counts


# The order statuses and roles are listed in; a value outside them follows, sorted.
STATUS_ORDER = ("achieved", "target", "unknown")
ROLE_ORDER = ("measure", "threshold", "duration", "frequency", "minor")
# The column status_role_shares shows for a table extracted before rows had a status.
NO_STATUS_COLUMN = "（无 status 列）"


def status_role_shares(table: pd.DataFrame | StoredTable) -> pd.DataFrame:
    """The share of all rows (0-1) of each role (rows) and status (columns), with ``合计`` totals on both.

    A table without a ``status`` column gets a single column named :data:`NO_STATUS_COLUMN`, so the role
    shares still show and the missing status is visible, never read as ``unknown``.

        >>> import pandas as pd
        >>> table = pd.DataFrame({"role": ["measure", "measure", "threshold", "measure"],
        ...                       "status": ["achieved", "target", "unknown", "achieved"]})
        >>> status_role_shares(table).loc[["measure", "合计"], ["achieved", "合计"]].values.tolist()
        [[0.5, 0.75], [0.5, 1.0]]
    """
    import pandas as pd

    def counts(part: pd.DataFrame) -> pd.DataFrame:
        status = part["status"] if "status" in part.columns else pd.Series(NO_STATUS_COLUMN, index=part.index)
        return pd.crosstab(part["role"], status)

    shares = summed(counts(part) for part in frames(table, ["role", "status"]) if len(part))
    if shares.empty:
        shares = pd.DataFrame(dtype="float64")
    else:  # the margins counted, then every cell a share of all rows
        shares["合计"] = shares.sum(axis=1)
        shares.loc["合计"] = shares.sum(axis=0)
        shares = shares / shares.loc["合计", "合计"]

    def ordered(values, known: tuple[str, ...]) -> list:
        present = [value for value in values if value != "合计"]
        return [v for v in known if v in present] + sorted(v for v in present if v not in known) + ["合计"]

    if not shares.empty:
        shares = shares.loc[ordered(shares.index, ROLE_ORDER), ordered(shares.columns, STATUS_ORDER)]
    shares.index.name, shares.columns.name = "角色", "状态"
    return shares


def export_indicators(table: pd.DataFrame | StoredTable, output_dir: Path | str, name: str = "indicators.csv") -> Path:
    """Write the table as ``output_dir/name``, CSV in UTF-8 with a BOM (so Excel reads the Chinese); return its path.

    Every column of the table in its order (provenance, the document's groups, the figure, its context), so
    a column added to the extraction reaches the spreadsheet without a change here.

    A :class:`~helpers.stored_table.StoredTable` (``indicator_table(lazy=True)``) is written a batch of rows at a
    time, the same file as its rows read whole would give.

    A user-facing export, not a cache: the caller says where it goes (the notebook: its corpus's processed folder).
    """
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if table.empty:  # its header, for Excel
        table = as_frame(table)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        for number, part in enumerate(frames(table)):
            part.to_csv(out, index=False, header=number == 0)
    return path


def needs_log_scale(values: Iterable[float | None], ratio: float = 100.0) -> bool:
    """Whether positive values span more than ``ratio`` times (then a log axis shows them all).

    >>> needs_log_scale([4, 1630000]), needs_log_scale([30, 118])
    (True, False)
    """
    positive = [float(v) for v in values if v is not None and float(v) > 0]
    return bool(positive) and max(positive) / min(positive) > ratio
