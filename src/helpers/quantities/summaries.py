"""Summaries of an indicator table for notebooks and reports: counts by document and by year, the
largest quantities of a kind, the shares of status and role, the CSV export, and whether a chart needs a log axis.

    >>> unit_kind("名"), needs_log_scale([4, 1630000])
    ('people', True)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import stored
from helpers.corpus import short_doc_id
from helpers.quantities.rules import IndicatorRules, load_rules

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


def counts_by_document(table: pd.DataFrame, docs: pd.DataFrame | None = None, top_n: int | None = None) -> pd.DataFrame:
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

    table = charted(table)
    if table.empty and docs is None:
        return pd.DataFrame()
    labels = table["doc_id"].map(short_doc_id)
    counts = pd.crosstab(labels, table["category"]) if len(table) else pd.DataFrame()
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
    table: pd.DataFrame,
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
    kind = table["unit"].map(lambda u: unit_kind(u, rules))
    keep = (table["role"] == "measure") & kind.isin(kinds)
    if categories:
        keep &= table["category"].isin(categories)
    part = table[keep].sort_values(["value", "doc_id", "start"], ascending=[False, True, True], kind="mergesort")
    part = part.head(top_n)
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


def indicators_by_year(table: pd.DataFrame) -> pd.DataFrame:
    """Indicators that state a year (``minor`` rows left out), counted by year (rows) and category (columns).

    >>> from helpers.quantities.table import indicator_table
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["2016年全县新建党支部118个。\\n另有党员300名。"]})
    >>> indicators_by_year(indicator_table(docs)).to_dict("index")
    {2016: {'组织': 1}}
    """
    import pandas as pd

    dated = charted(table).dropna(subset=["stated_year"])
    if dated.empty:
        return pd.DataFrame()
    counts = pd.crosstab(dated["stated_year"].astype(int), dated["category"])
    counts.index.name = "年份"
    counts.columns.name = "类别"
    return counts


# The order statuses and roles are listed in; a value outside them follows, sorted.
STATUS_ORDER = ("achieved", "target", "unknown")
ROLE_ORDER = ("measure", "threshold", "duration", "frequency", "minor")
# The column status_role_shares shows for a table extracted before rows had a status.
NO_STATUS_COLUMN = "（无 status 列）"


def status_role_shares(table: pd.DataFrame) -> pd.DataFrame:
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

    status = table["status"] if "status" in table.columns else pd.Series(NO_STATUS_COLUMN, index=table.index)
    if table.empty:
        shares = pd.DataFrame(dtype="float64")
    else:
        shares = pd.crosstab(table["role"], status, normalize="all", margins=True, margins_name="合计")

    def ordered(values, known: tuple[str, ...]) -> list:
        present = [value for value in values if value != "合计"]
        return [v for v in known if v in present] + sorted(v for v in present if v not in known) + ["合计"]

    if not shares.empty:
        shares = shares.loc[ordered(shares.index, ROLE_ORDER), ordered(shares.columns, STATUS_ORDER)]
    shares.index.name, shares.columns.name = "角色", "状态"
    return shares


def export_indicators(table: pd.DataFrame, output_dir: Path | str, name: str = "indicators.csv") -> Path:
    """Write the table as ``output_dir/name``, CSV in UTF-8 with a BOM (so Excel reads the Chinese); return its path.

    Every column of the table in its order (provenance, the document's groups, the figure, its context), so
    a column added to the extraction reaches the spreadsheet without a change here.

    A table read without some of its stored columns (``indicator_table(texts=False)``) gets them back in the
    file, in the stored order, read a batch of rows at a time, so the export never holds every sentence.

    A user-facing export, not a cache: the caller says where it goes (the notebook: its corpus's processed folder).
    """
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    columns = stored.stored_columns(table)
    missing = [column for column in columns if column not in table.columns]
    if not missing:
        table.to_csv(path, index=False, encoding="utf-8-sig")
        return path
    rows = stored.BATCH_ROWS
    batches = zip(*(stored.column_batches(table, column, rows) for column in missing))
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        for start, values in zip(range(0, len(table), rows), batches):
            part = table.iloc[start : start + rows].assign(**dict(zip(missing, values)))
            part[columns].to_csv(out, index=False, header=start == 0)
    if len(table) == 0:
        path.write_text(",".join(columns) + "\n", encoding="utf-8-sig")
    return path


def needs_log_scale(values: Iterable[float | None], ratio: float = 100.0) -> bool:
    """Whether positive values span more than ``ratio`` times (then a log axis shows them all).

    >>> needs_log_scale([4, 1630000]), needs_log_scale([30, 118])
    (True, False)
    """
    positive = [float(v) for v in values if v is not None and float(v) > 0]
    return bool(positive) and max(positive) / min(positive) > ratio
