"""Charts of extracted indicators (notebook 04). Every chart copes with an empty table:
a corpus without money or rate indicators gets a labelled empty panel, not an error."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from helpers.notices import NO_SUCH_INDICATORS_NOTE
from helpers.plots.base import FIELD_NAMES, empty_panel
from helpers.quantities import needs_log_scale
from helpers.quantities.find import ACHIEVED, TARGET, indicator_range_notice, indicator_ranges

# How the grouping columns an indicator row carries are named on a chart: the table's ``year`` is the document's,
# ``stated_year`` the year its sentence states.
RANGE_FIELD_NAMES = {**FIELD_NAMES, "year": "发文年份", "stated_year": "所述年份"}
ACHIEVED_COLOR, TARGET_COLOR = "#b22222", "#1f4e79"
# Large values are read in 亿 or 万 of their unit (GDP in 元 runs to 10^13), the largest that keeps a value >= 1.
SCALES = ((1e8, "亿"), (1e4, "万"))


def _empty_panel(title: str) -> plt.Axes:
    return empty_panel(title, NO_SUCH_INDICATORS_NOTE)


def plot_quantities(
    frame: pd.DataFrame,
    *,
    title: str,
    xlabel: str,
    color: str,
    label: str = "标签",
    value: str = "数值",
    percent: bool = False,
) -> plt.Axes:
    """One bar per indicator (``top_quantities`` output), largest first; log scale when the range demands it."""
    if frame.empty:
        return _empty_panel(title)
    log = not percent and needs_log_scale(frame[value])
    ax = frame.plot.barh(
        x=label,
        y=value,
        legend=False,
        color=color,
        logx=log,
        xlim=(0, 100) if percent else None,
        figsize=(8, 1.2 + (0.4 if percent else 0.32) * len(frame)),
        title=title,
    )
    ax.set(xlabel=f"{xlabel}（对数刻度）" if log else xlabel, ylabel="文档 · 主语（原文）")
    ax.invert_yaxis()
    return ax


def plot_counts(table: pd.DataFrame, *, title: str, xlabel: str, ylabel: str, horizontal: bool = True) -> plt.Axes:
    """Stacked bars of indicator counts (rows: documents or years; columns: categories)."""
    if table.empty or not table.to_numpy().any():
        return _empty_panel(title)
    if horizontal:
        ax = table.plot.barh(stacked=True, figsize=(8, 1.2 + 0.35 * len(table)), colormap="tab10", title=title)
        ax.invert_yaxis()
    else:
        ax = table.plot.bar(stacked=True, figsize=(8, 4), colormap="tab10", rot=0, title=title)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.legend(title="类别", fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax


def plot_indicator_range(
    table: pd.DataFrame,
    subject: str | list[str],
    *,
    by: str | None = None,
    unit: str | None = None,
    title: str | None = None,
) -> plt.Axes:
    """One indicator across groups (``helpers.indicator_ranges``, same arguments): a dot per achieved value,
    a bar from ``value`` to ``value_high`` per target range (a hollow diamond for a target without a range),
    one row per group; when a group's marks come from documents of several years, each is labelled with its
    document's year. An empty or one-sided result is drawn as it is; a table that cannot tell achieved from
    target gets a panel saying so."""
    ranges = indicator_ranges(table, subject, by, unit)
    notice = indicator_range_notice(table, subject, by, unit) if ranges.empty else None
    by = ranges.columns[0]
    label = subject if isinstance(subject, str) else "、".join(subject)
    field = RANGE_FIELD_NAMES.get(by, by)
    title = title or f"{label}：完成值与目标值（按{field}）"
    if ranges.empty:
        return empty_panel(title, str(notice).split(" · ")[0] if notice else NO_SUCH_INDICATORS_NOTE)
    scale, prefix = next(((f, p) for f, p in SCALES if ranges["value"].abs().max() >= f), (1.0, ""))
    ranges = ranges.assign(value=ranges["value"] / scale, value_high=ranges["value_high"] / scale)
    groups = list(dict.fromkeys(ranges[by]))
    position = {group: i for i, group in enumerate(groups)}
    _, ax = plt.subplots(figsize=(8, 1.4 + 0.45 * len(groups)))
    achieved = ranges[ranges["status"] == ACHIEVED]
    target = ranges[ranges["status"] == TARGET]
    # as numbers even when empty: an empty string column maps to an empty string column
    y_achieved = achieved[by].map(position).astype("float64") - 0.12
    ax.scatter(achieved["value"], y_achieved, color=ACHIEVED_COLOR, zorder=3, label="完成值")
    y_target = target[by].map(position).astype("float64") + 0.12
    ranged = target["value_high"].notna()
    ax.hlines(y_target[ranged], target["value"][ranged], target["value_high"][ranged], color=TARGET_COLOR, lw=5)
    if ranged.any():
        ax.scatter([], [], color=TARGET_COLOR, marker="s", label="目标区间")  # a legend entry for the bars
    if (~ranged).any():
        ax.scatter(target["value"][~ranged], y_target[~ranged], marker="D", facecolor="white", edgecolor=TARGET_COLOR)
        ax.scatter([], [], marker="D", facecolor="white", edgecolor=TARGET_COLOR, label="目标值（无区间）")
    years = ranges["year"] if "year" in ranges.columns and by not in ("year", "stated_year") else None
    if years is not None and years.nunique() > 1:  # several reports a group: say which year's each mark is
        marks = pd.concat([achieved.assign(y=y_achieved), target.assign(y=y_target)])
        for x, y, year in zip(marks["value"], marks["y"], marks["year"]):
            if pd.notna(year):
                ax.annotate(str(year), (x, y), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
    ax.set_yticks(range(len(groups)), [str(group) for group in groups])
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.set(title=title, xlabel=f"数值（{prefix}{ranges['unit'].iloc[0]}）", ylabel=field)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    return ax
