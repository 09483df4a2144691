"""How much each type and tool of policy instrument weighs in a document or a group of documents.

Shares count codes (rows of :func:`code_instruments`), not clauses: a clause coded with two tools counts once
for each, the convention of coding clause by clause in NVivo. Uncoded clauses are left out of the shares;
:func:`coding_coverage` says how many there are.

    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "clause": [1, 2, 3, 1],
    ...     "type": ["supply", "supply", "environment", "uncoded"], "tool": ["资金投入", "人才培养", "税收优惠", "uncoded"]})
    >>> instrument_shares(coded).query("level == 'type'")[["doc_id", "type", "count", "share"]].to_dict("records")
    [{'doc_id': 'a', 'type': 'supply', 'count': 2, 'share': 0.6667}, {'doc_id': 'a', 'type': 'environment', 'count': 1, 'share': 0.3333}, {'doc_id': 'a', 'type': 'demand', 'count': 0, 'share': 0.0}]
"""

from __future__ import annotations

import pandas as pd

from helpers.compare.groups import group_values
from helpers.notices import Notice, instrument_coverage_notice
from helpers.policy.codebook import TYPE_NAMES, UNCODED, load_codebook
from helpers.stored_table import StoredTable, frames

SHARE_COLUMNS = ["level", "type", "tool", "count", "share"]
# The columns a document's year (and so its decade) is read from, besides the grouping column itself.
GROUP_SOURCES = ["year", "date"]


def _groups(coded: pd.DataFrame, by: str | None) -> tuple[str, pd.Series]:
    if by is None or by == "doc_id":
        return "doc_id", coded["doc_id"]
    return by, group_values(coded, by)


def _columns_read(by: str | None) -> list[str]:
    """The columns a share or coverage reads: the codes, the clause, and what the groups come from."""
    grouping = [] if by in (None, "doc_id") else [by, *GROUP_SOURCES]
    return list(dict.fromkeys(["doc_id", "clause", "type", "tool", *grouping]))


def instrument_shares(coded: pd.DataFrame | StoredTable, by: str | None = None) -> pd.DataFrame:
    """Counts and shares of each type and tool per document (``by=None``) or group (``by="year"``,
    ``"decade"``, ``"province"``, ``"issuer"``, any column the coded rows carry).

    Tidy: ``<doc_id or by>``, ``level`` (``type`` or ``tool``), ``type``, ``tool`` (NA on type rows),
    ``count``, ``share`` (of the group's codes, rounded to 4 places). Every type, and every tool the corpus
    uses, appears in every group (zero where absent), so shares line up across groups; rows without a
    group value, and groups without a single code, are left out (:func:`coding_coverage` lists every group).
    A :class:`~helpers.stored_table.StoredTable` of codes (``code_instruments(lazy=True)``) is counted a
    batch at a time.
    """
    name = "doc_id" if by in (None, "doc_id") else by
    appearance: dict = {}  # every group with a row, in order of appearance
    first_type: dict = {}  # every tool coded, with the type of its first row, in order of appearance
    counts, dtype = [], object
    for part in frames(coded, _columns_read(by)):
        groups = _groups(part, by)[1]
        appearance.update(dict.fromkeys(groups.dropna()))
        # the groups' own type in every batch (as a numpy array an Int64 year turns float where a batch has NA)
        frame = pd.DataFrame({name: groups.array, "type": part["type"].to_numpy(), "tool": part["tool"].to_numpy()})
        frame = frame[frame[name].notna() & (frame["type"] != UNCODED)]
        dtype = groups.dtype
        for tool, kind in frame.drop_duplicates("tool")[["tool", "type"]].itertuples(index=False):
            first_type.setdefault(tool, kind)
        counts.append(frame.groupby([name, "type", "tool"], sort=False).size().rename("count"))
    if counts:
        counts = pd.concat(counts).groupby(level=[0, 1, 2], sort=False).sum().reset_index()
    else:
        counts = pd.DataFrame({key: pd.Series(dtype=object) for key in (name, "type", "tool")}).assign(count=0)
    coded_groups = set(counts[name])
    order = [g for g in appearance if g in coded_groups]
    order = sorted(order) if by not in (None, "doc_id") else order
    tools = pd.DataFrame({"type": list(first_type.values()), "tool": list(first_type)}, dtype=object)
    known = {name: i for i, name in enumerate(load_codebook().names)}  # the bundled codebook's order, then the rest
    tools = tools.assign(
        rank=tools["type"].map(list(TYPE_NAMES).index), known=tools["tool"].map(known).fillna(len(known))
    )
    tools = tools.sort_values(["rank", "known"], kind="stable")
    parts = []
    for level, keys in (("type", pd.DataFrame({"type": list(TYPE_NAMES)})), ("tool", tools[["type", "tool"]])):
        columns = ["type"] if level == "type" else ["type", "tool"]
        level_counts = counts.groupby([name, *columns], sort=False)["count"].sum().reset_index()
        grid = pd.DataFrame({name: pd.Series(order, dtype=dtype)}).merge(keys, how="cross")
        table = grid.merge(level_counts, on=[name, *columns], how="left").fillna({"count": 0})
        table["count"] = table["count"].astype("int64")
        totals = table.groupby(name, sort=False)["count"].transform("sum")
        table["share"] = (table["count"] / totals.where(totals > 0)).fillna(0.0).round(4)
        parts.append(table.assign(level=level))
    result = pd.concat(parts, ignore_index=True)
    if "tool" not in result.columns:
        result["tool"] = pd.NA
    result["tool"] = result["tool"].astype("object").where(result["level"] == "tool", pd.NA)
    position = {g: i for i, g in enumerate(order)}
    result = result.sort_values(by=[name, "level"], key=lambda s: s.map(position) if s.name == name
                                else s.map({"type": 0, "tool": 1}), kind="stable")  # fmt: skip
    return result[[name, *SHARE_COLUMNS]].reset_index(drop=True)


def coding_coverage(coded: pd.DataFrame | StoredTable, by: str | None = None) -> pd.DataFrame:
    """Per document (or group): ``clauses``, ``coded`` (clauses with at least one tool) and ``coverage`` (their
    share): how much of a text the codebook reads. A stored table of codes is read a batch at a time.

    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "a"], "clause": [1, 1, 2], "type": ["supply", "demand", "uncoded"]})
    >>> coding_coverage(coded).to_dict("records")
    [{'doc_id': 'a', 'clauses': 2, 'coded': 1, 'coverage': 0.5}]
    """
    ordered = by not in (None, "doc_id")
    parts, previous = [], None
    for part in frames(coded, _columns_read(by)):
        if previous is not None:  # a clause's codes are consecutive rows: one cut by the batch was counted already
            part = part[~((part["doc_id"] == previous[0]) & (part["clause"] == previous[1]))]
        if part.empty:
            continue
        previous = (part["doc_id"].iloc[-1], part["clause"].iloc[-1])
        name, groups = _groups(part, by)
        # a clause is its document and number, grouped on as two columns (not a tuple per row)
        units = pd.DataFrame({name: groups.array, "_doc": part["doc_id"].array, "_clause": part["clause"].to_numpy(),
                              "is_coded": (part["type"] != UNCODED).to_numpy()})  # fmt: skip
        units = units[units[name].notna()].groupby([name, "_doc", "_clause"], sort=ordered)["is_coded"].any()
        parts.append(units.groupby(level=0, sort=ordered).agg(clauses="size", coded="sum"))
    name = "doc_id" if not ordered else by
    if not parts:
        return pd.DataFrame({name: [], "clauses": pd.Series(dtype="int64"), "coded": pd.Series(dtype="int64"),
                             "coverage": pd.Series(dtype="float64")})  # fmt: skip
    table = pd.concat(parts).groupby(level=0, sort=ordered).sum().reset_index()
    table["clauses"] = table["clauses"].astype("int64")
    table["coded"] = table["coded"].astype("int64")
    table["coverage"] = (table["coded"] / table["clauses"]).round(4)
    return table


def coverage_notice(coded: pd.DataFrame | StoredTable) -> Notice | None:
    """What the shares rest on when few clauses (or none) were coded; None when coverage is fair.

    >>> coverage_notice(pd.DataFrame({"doc_id": ["a"], "clause": [1], "type": ["uncoded"]}))  # doctest: +ELLIPSIS
    1 个条款中只有 0 个（0%）编码到政策工具...
    """
    table = coding_coverage(coded) if len(coded) else pd.DataFrame({"clauses": [], "coded": []})
    return instrument_coverage_notice(int(table["clauses"].sum()), int(table["coded"].sum()))
