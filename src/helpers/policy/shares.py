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

SHARE_COLUMNS = ["level", "type", "tool", "count", "share"]


def _groups(coded: pd.DataFrame, by: str | None) -> tuple[str, pd.Series]:
    if by is None or by == "doc_id":
        return "doc_id", coded["doc_id"]
    return by, group_values(coded, by)


def instrument_shares(coded: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts and shares of each type and tool per document (``by=None``) or group (``by="year"``,
    ``"decade"``, ``"province"``, ``"issuer"``, any column the coded rows carry).

    Tidy: ``<doc_id or by>``, ``level`` (``type`` or ``tool``), ``type``, ``tool`` (NA on type rows),
    ``count``, ``share`` (of the group's codes, rounded to 4 places). Every type, and every tool the corpus
    uses, appears in every group (zero where absent), so shares line up across groups; rows without a
    group value, and groups without a single code, are left out (:func:`coding_coverage` lists every group).
    """
    name, groups = _groups(coded, by)
    frame = pd.DataFrame({name: groups.to_numpy(), "type": coded["type"].to_numpy(), "tool": coded["tool"].to_numpy()})
    frame = frame[frame[name].notna() & (frame["type"] != UNCODED)]
    coded_groups = set(frame[name])
    order = [g for g in dict.fromkeys(groups.dropna()) if g in coded_groups]
    order = sorted(order) if by not in (None, "doc_id") else order
    tools = frame.drop_duplicates("tool")[["type", "tool"]]
    known = {name: i for i, name in enumerate(load_codebook().names)}  # the bundled codebook's order, then the rest
    tools = tools.assign(
        rank=tools["type"].map(list(TYPE_NAMES).index), known=tools["tool"].map(known).fillna(len(known))
    )
    tools = tools.sort_values(["rank", "known"], kind="stable")
    parts = []
    for level, keys in (("type", pd.DataFrame({"type": list(TYPE_NAMES)})), ("tool", tools[["type", "tool"]])):
        columns = ["type"] if level == "type" else ["type", "tool"]
        counts = frame.groupby([name, *columns], sort=False).size().rename("count").reset_index()
        grid = pd.DataFrame({name: pd.Series(order, dtype=frame[name].dtype)}).merge(keys, how="cross")
        table = grid.merge(counts, on=[name, *columns], how="left").fillna({"count": 0})
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


def coding_coverage(coded: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Per document (or group): ``clauses``, ``coded`` (clauses with at least one tool) and ``coverage`` (their
    share): how much of a text the codebook reads.

    >>> coded = pd.DataFrame({"doc_id": ["a", "a", "a"], "clause": [1, 1, 2], "type": ["supply", "demand", "uncoded"]})
    >>> coding_coverage(coded).to_dict("records")
    [{'doc_id': 'a', 'clauses': 2, 'coded': 1, 'coverage': 0.5}]
    """
    name, groups = _groups(coded, by)
    # a clause is its document and number, grouped on as two columns (a tuple per row would cost 100 bytes each)
    units = pd.DataFrame({name: groups.array, "_doc": coded["doc_id"].array,
                          "_clause": coded["clause"].to_numpy(), "is_coded": (coded["type"] != UNCODED).to_numpy()})  # fmt: skip
    units = units[units[name].notna()].groupby([name, "_doc", "_clause"], sort=by not in (None, "doc_id"))
    units = units["is_coded"].any()
    table = units.groupby(level=0, sort=by not in (None, "doc_id")).agg(clauses="size", coded="sum").reset_index()
    table["coded"] = table["coded"].astype("int64")
    table["coverage"] = (table["coded"] / table["clauses"]).round(4)
    return table


def coverage_notice(coded: pd.DataFrame) -> Notice | None:
    """What the shares rest on when few clauses (or none) were coded; None when coverage is fair.

    >>> coverage_notice(pd.DataFrame({"doc_id": ["a"], "clause": [1], "type": ["uncoded"]}))  # doctest: +ELLIPSIS
    1 个条款中只有 0 个（0%）编码到政策工具...
    """
    table = coding_coverage(coded) if len(coded) else pd.DataFrame({"clauses": [], "coded": []})
    return instrument_coverage_notice(int(table["clauses"].sum()), int(table["coded"].sum()))
