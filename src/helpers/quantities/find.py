"""Queries of an indicator table: the rows of one indicator, and one indicator's achieved and target values
by group, so that "GDP growth achieved, by province" is one line in a notebook.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"province": ["浙江省", "浙江省", "河南省"], "subject": ["地区生产总值", "地区生产总值", "粮食产量"],
    ...                       "value": [5.5, 5.0, 1.3], "unit": ["%", "%", "亿斤"], "role": ["measure"] * 3,
    ...                       "status": ["achieved", "target", "achieved"]})
    >>> find_indicators(table, subject="生产总值", status="achieved")[["province", "value"]].values.tolist()
    [['浙江省', 5.5]]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from helpers.notices import NO_STATUS_NOTE, Notice, no_indicator_range_notice
from helpers.quantities.provenance import DOC_YEAR, GROUP_COLUMNS, STATED_YEAR
from helpers.stored_table import StoredTable, as_frame, frames

if TYPE_CHECKING:
    import pandas as pd

ACHIEVED, TARGET = "achieved", "target"
# The groups an indicator is compared across when the caller names none, in order of preference: the first
# that splits the indicator's rows into two groups or more (provinces of work reports, else their years).
GROUP_PREFERENCE = (*GROUP_COLUMNS, DOC_YEAR, STATED_YEAR)
# What indicator_ranges returns besides the group column.
RANGE_COLUMNS = ["status", "value", "value_high", "unit", "subject", "mention", "doc_id", DOC_YEAR, STATED_YEAR]


def _as_list(wanted: object) -> list:
    return list(wanted) if isinstance(wanted, list | tuple | set | frozenset) else [wanted]


def find_indicators(
    table: pd.DataFrame | StoredTable,
    subject: str | Iterable[str] | None = None,
    unit: str | Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    role: str | Iterable[str] | None = None,
    change: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The rows of ``table`` whose subject contains ``subject`` (a term, or any of several) and whose
    ``unit``, ``status``, ``role`` and ``change`` are the value given (or one of the values); None keeps all.
    Every column of the table, the table's order, a fresh index; a :class:`~helpers.stored_table.StoredTable` is
    read a batch at a time, so only the rows found are held.

    Filtering on a column the table lacks raises ``KeyError``: a table extracted before ``status`` existed
    must not pass for one where nothing was achieved.

        >>> import pandas as pd
        >>> table = pd.DataFrame({"subject": ["地区生产总值", "规上工业增加值", "党员"], "unit": ["%", "%", "名"],
        ...                       "role": ["measure", "measure", "measure"], "value": [5.5, 6.1, 300.0]})
        >>> find_indicators(table, subject=["生产总值", "增加值"], unit="%")["value"].tolist()
        [5.5, 6.1]
        >>> find_indicators(table, status="target")
        Traceback (most recent call last):
        ...
        KeyError: "the indicator table has no 'status' column (extracted before it existed?)"
    """
    import pandas as pd

    wanted = {name: value for name, value in (("unit", unit), ("status", status), ("role", role), ("change", change))
              if value is not None}  # fmt: skip
    for name in wanted:
        if name not in table.columns:
            raise KeyError(f"the indicator table has no {name!r} column (extracted before it existed?)")

    def kept(part: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=part.index)
        if subject is not None:
            subjects = part["subject"].astype("string").fillna("")
            matches = pd.Series(False, index=part.index)
            for term in _as_list(subject):
                matches |= subjects.str.contains(str(term), regex=False)
            keep &= matches
        for name, value in wanted.items():
            keep &= part[name].isin(_as_list(value))
        return part[keep]

    parts = [kept(part) for part in frames(table)]
    return pd.concat(parts).reset_index(drop=True) if parts else as_frame(table).reset_index(drop=True)


def choose_grouping(rows: pd.DataFrame, candidates: Iterable[str] = GROUP_PREFERENCE) -> str:
    """The first column of ``candidates`` in which ``rows`` take two values or more, else the first with one
    value, else ``doc_id``: provinces when the figures come from several, else their years.

        >>> import pandas as pd
        >>> choose_grouping(pd.DataFrame({"province": ["浙江省", "浙江省"], "year": [2023, 2024], "doc_id": ["a", "b"]}))
        'year'
    """
    present = [name for name in candidates if name in rows.columns]
    counts = {name: rows[name].replace("", None).dropna().nunique() for name in present}
    for least in (2, 1):
        for name in present:
            if counts[name] >= least:
                return name
    return "doc_id"


def indicator_ranges(
    table: pd.DataFrame | StoredTable, subject: str | Iterable[str], by: str | None = None, unit: str | None = None
) -> pd.DataFrame:
    """One indicator's achieved and target values by group, for a dot-and-range chart: the ``measure`` rows
    about ``subject`` whose status is achieved or target, in ``unit`` (None: the commonest unit among them),
    with the group column ``by`` first (None: :func:`choose_grouping`). Rows without a group are left out.
    Sorted by group, achieved before target. Empty (with its columns) when the table has no ``status``
    column: :func:`helpers.notices.indicator_range_notice` says why.

        >>> import pandas as pd
        >>> table = pd.DataFrame({"province": ["浙江省", "浙江省", "河南省"], "subject": ["地区生产总值"] * 3,
        ...     "value": [5.5, 5.0, 4.5], "value_high": [float("nan"), float("nan"), 5.0], "unit": ["%"] * 3,
        ...     "role": ["measure"] * 3, "status": ["achieved", "target", "target"], "mention": ["5.5%", "5%左右", "4.5%—5%"],
        ...     "doc_id": ["zj", "zj", "hn"], "year": pd.array([2023, 2024, 2024], dtype="Int64")})
        >>> indicator_ranges(table, "生产总值")[["province", "status", "value", "value_high"]].values.tolist()
        [['河南省', 'target', 4.5, 5.0], ['浙江省', 'achieved', 5.5, nan], ['浙江省', 'target', 5.0, nan]]
    """
    import pandas as pd

    if "status" not in table.columns or "value_high" not in table.columns:
        return pd.DataFrame(columns=[by or GROUP_PREFERENCE[0], *RANGE_COLUMNS])
    rows = find_indicators(table, subject=subject, status=[ACHIEVED, TARGET], role="measure")
    if unit is None and len(rows):
        counts = rows["unit"].value_counts()
        unit = sorted(counts.index[counts == counts.max()])[0]
    rows = rows[rows["unit"] == unit]
    by = by or choose_grouping(rows)
    rows = rows[rows[by].notna() & (rows[by].astype("string") != "")]
    order = rows.assign(_status=(rows["status"] == TARGET).astype(int))
    order = order.sort_values([by, "_status", "value"], kind="mergesort")
    columns = [name for name in RANGE_COLUMNS if name in order.columns and name != by]
    return order[[by, *columns]].reset_index(drop=True)


def indicator_range_notice(
    table: pd.DataFrame | StoredTable, subject: str | Iterable[str], by: str | None = None, unit: str | None = None
) -> Notice | None:
    """What the chart of :func:`indicator_ranges` (same arguments) cannot show, or None when it compares
    achieved and target values across two groups or more (:func:`helpers.notices.no_indicator_range_notice`).

        >>> import pandas as pd
        >>> indicator_range_notice(pd.DataFrame({"subject": ["党员"], "value": [3.0]}), "地区生产总值")  # doctest: +ELLIPSIS
        指标表没有 status 或 value_high 列...
    """
    if "status" not in table.columns or "value_high" not in table.columns:
        return Notice(NO_STATUS_NOTE)
    ranges = indicator_ranges(table, subject, by, unit)
    label = subject if isinstance(subject, str) else "、".join(subject)
    return no_indicator_range_notice(
        label,
        ranges.columns[0],
        int((ranges["status"] == ACHIEVED).sum()),
        int((ranges["status"] == TARGET).sum()),
        int(ranges.iloc[:, 0].nunique()),
    )
