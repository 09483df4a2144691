"""Charts of a cleaning run: what each rule removed or changed, per source file."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from helpers.clean import rule_family
from helpers.notices import NO_EDITS_BESIDES_LAYOUT_NOTE, NO_VALUES_NOTE
from helpers.plots.base import FIELD_NAMES, empty_panel

# Past this many files the chart shows the files with most cleaning work.
MAX_FILES_SHOWN = 30
# Past this many places (or other values) the chart shows the most frequent ones.
MAX_VALUES_SHOWN = 31


# Layout-only rules: counted in the tables, left out of the chart so the rules that change meaning show.
LAYOUT_RULES = ("drop_blank", "normalise_whitespace")


def plot_audit(
    summary: pd.DataFrame, *, max_files: int = MAX_FILES_SHOWN, hide: tuple[str, ...] = LAYOUT_RULES
) -> plt.Axes:
    """Stacked horizontal bars: audited lines per file, coloured by rule family.

    ``summary`` is :func:`helpers.clean.audit_summary`'s table; rules in ``hide`` are left out.
    """
    summary = summary.loc[~summary["rule"].isin(hide)]
    table = summary.assign(family=summary["rule"].map(rule_family)).pivot_table(
        index="doc_id", columns="family", values="lines", aggfunc="sum", fill_value=0
    )
    if table.empty:  # an already clean corpus: only blank lines and whitespace were touched
        return empty_panel("清洗规则删除或修改的行数（不含空行与空白调整）", NO_EDITS_BESIDES_LAYOUT_NOTE)
    table = table.loc[table.sum(axis=1).sort_values(ascending=False).index[:max_files]].iloc[::-1]
    table = table[table.sum().sort_values(ascending=False).index]
    height = max(2.5, 0.35 * len(table) + 1.2)
    ax = table.plot.barh(stacked=True, figsize=(9, height), colormap="tab20", width=0.75)
    shown = f"（行数最多的 {len(table)} 个文件）" if len(summary["doc_id"].unique()) > max_files else ""
    ax.set_title(f"清洗规则删除或修改的行数（不含空行与空白调整）{shown}")
    ax.set_xlabel("行数")
    ax.set_ylabel("文件")
    ax.set_yticks(range(len(table)), [doc_id[:16] for doc_id in table.index])
    ax.legend(title="规则", bbox_to_anchor=(1.01, 1), loc="upper left", fontsize=8)
    plt.tight_layout()
    return ax


def plot_documents_per(counts: pd.DataFrame, *, max_values: int = MAX_VALUES_SHOWN) -> plt.Axes:
    """Bars of articles per year (in order, upright) or per place or issuer (most first, lying down).

    ``counts`` is :func:`helpers.clean.documents_per`'s table; articles without a value are its ``(none)`` bar,
    drawn grey so a reader sees how much is unknown.
    """
    by = counts.columns[0]
    name = FIELD_NAMES.get(by, by)
    known = counts.loc[counts[by] != "(none)"]
    if known.empty:
        return empty_panel(f"各{name}的文档数", NO_VALUES_NOTE)
    shown = pd.concat([known.head(max_values), counts.loc[counts[by] == "(none)"]])
    labels = [str(value) for value in shown[by]]
    colors = ["#bbbbbb" if value == "(none)" else "#3b6ea8" for value in shown[by]]
    more = f"（最多的 {max_values} 个）" if len(known) > max_values else ""
    if by == "year":
        _, ax = plt.subplots(figsize=(max(4.0, 0.3 * len(shown) + 1.5), 3.2))
        ax.bar(range(len(shown)), shown["documents"], color=colors)
        ax.set_xticks(range(len(shown)), labels, rotation=90 if len(shown) > 12 else 0)
        ax.set_ylabel("文档数")
    else:
        _, ax = plt.subplots(figsize=(6, max(2.0, 0.3 * len(shown) + 1.0)))
        ax.barh(range(len(shown)), shown["documents"], color=colors)
        ax.set_yticks(range(len(shown)), labels)
        ax.invert_yaxis()
        ax.set_xlabel("文档数")
    ax.set_title(f"各{name}的文档数{more}")
    plt.tight_layout()
    return ax
