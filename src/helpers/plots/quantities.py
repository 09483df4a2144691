"""Charts of extracted indicators (notebook 04). Every chart copes with an empty table:
a corpus without money or rate indicators gets a labelled empty panel, not an error."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from helpers.notices import NO_SUCH_INDICATORS_NOTE
from helpers.plots.base import empty_panel
from helpers.quantities import needs_log_scale


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
