"""Charts of comparisons across time, place and issuer: term rates as small multiples, keyness as diverging bars,
topic prevalence as a heat map (:mod:`helpers.compare`).

An empty table (no dates, an unknown target group) draws a titled panel naming the reason.

    >>> import pandas as pd
    >>> plot_keyness(pd.DataFrame(columns=["term", "g2"]), "2017").texts[0].get_text()[:9]
    '目标组或参照组为空'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.compare.prevalence import prevalence_matrix
from helpers.notices import NO_GROUPS_NOTE, NO_KEY_TERMS_NOTE, NO_TOPIC_GROUPS_NOTE
from helpers.plots import base as plotting

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

TARGET_COLOR = "#b22222"
REFERENCE_COLOR = "#3b6ea8"
DOCS_COLOR = "#d9d9d9"


def _names(groups) -> str:
    if groups is None:
        return "其余各组"
    items = list(groups) if isinstance(groups, list | tuple) else [groups]
    return "、".join(str(g) for g in items)


def _documents(docs_per_group, by: str) -> pd.Series:
    """Documents per group as a Series indexed by group, from :func:`helpers.compare.group_sizes` or a Series."""
    if docs_per_group is None:
        return pd.Series(dtype="int64")
    if isinstance(docs_per_group, pd.DataFrame):
        return docs_per_group.set_index(docs_per_group.columns[0])[docs_per_group.columns[-1]]
    return pd.Series(docs_per_group)


def plot_trends(
    trends: pd.DataFrame,
    docs_per_group: pd.DataFrame | pd.Series | None = None,
    *,
    ncols: int = 3,
    title: str | None = None,
) -> Figure:
    """One panel per term of its rate per 10,000 tokens across the groups (:func:`helpers.compare.term_trends`),
    over grey bars of the documents per group (:func:`helpers.compare.group_sizes`, right axis), so a peak
    carried by one document is seen as such. Years sit on a numeric axis (gaps between congresses stay
    visible); other groups are evenly spaced in the table's order.
    """
    by = trends.columns[0] if len(trends.columns) else "year"
    name = plotting.FIELD_NAMES.get(by, by)
    title = title or f"各{name}的词频（每万词）"
    if trends.empty:
        return plotting.empty_panel(title, NO_GROUPS_NOTE).figure
    groups = list(dict.fromkeys(trends[by]))
    numeric = all(isinstance(g, int | np.integer) for g in groups)
    x_of = {g: (g if numeric else i) for i, g in enumerate(groups)}
    documents = _documents(docs_per_group, by).reindex(groups)
    terms = list(dict.fromkeys(trends["term"]))
    fig, axes = plotting.panel_grid(len(terms), ncols, panel_width=3.6, panel_height=2.5)
    width = 0.8 * (min(np.diff(sorted(x_of.values()))) if len(groups) > 1 else 1)
    for ax, term in zip(axes, terms):
        part = trends[trends["term"] == term]
        x = [x_of[g] for g in part[by]]
        if documents.notna().any():
            bars = ax.twinx()
            bars.bar([x_of[g] for g in groups], documents.fillna(0).to_numpy(), width=width, color=DOCS_COLOR)
            bars.set_ylabel("文档数", fontsize=7, color="#808080")
            bars.tick_params(axis="y", labelsize=7, colors="#808080")
            ax.set_zorder(bars.get_zorder() + 1)  # the rate line in front of the document bars
            ax.patch.set_visible(False)
        ax.plot(x, part["rate"], color=TARGET_COLOR, marker="o", markersize=3, linewidth=1.2)
        ax.set_ylim(bottom=0)
        ax.set_title(term, fontsize=10)
        ax.set_ylabel("每万词", fontsize=7)
        ax.tick_params(axis="both", labelsize=7)
        if not numeric:
            ax.set_xticks(range(len(groups)), [str(g) for g in groups], rotation=90 if len(groups) > 6 else 0)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def plot_keyness(table: pd.DataFrame, target, reference=None, *, k: int = 20, title: str | None = None) -> Axes:
    """Diverging bars of :func:`helpers.compare.keyness`: the target's key terms (positive G²) to the right, the
    reference's (negative G²) to the left, each labelled on the other side of zero, the strongest outermost."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    title = title or f"{_names(target)} 对比 {_names(reference)} 的关键词（G²）"
    if table.empty:
        return plotting.empty_panel(title, NO_KEY_TERMS_NOTE)
    positive = table[table["g2"] > 0].sort_values("g2", ascending=False, kind="stable").head(k)
    negative = table[table["g2"] < 0].sort_values("g2", ascending=True, kind="stable").head(k)
    shown = pd.concat([positive, negative.iloc[::-1]], ignore_index=True)
    rows = np.arange(len(shown))[::-1]  # first row on top
    _, ax = plt.subplots(figsize=(6.5, 0.22 * len(shown) + 1.3))
    colors = [TARGET_COLOR if g > 0 else REFERENCE_COLOR for g in shown["g2"]]
    ax.barh(rows, shown["g2"], color=colors, height=0.75)
    for row, (term, g2) in zip(rows, zip(shown["term"], shown["g2"])):
        ax.text(-0.01 * np.sign(g2) * shown["g2"].abs().max(), row, str(term), va="center", fontsize=8,
                ha="right" if g2 > 0 else "left")  # fmt: skip
    ax.axvline(0, color="#404040", linewidth=0.8)
    ax.set_yticks([])
    limit = 1.05 * shown["g2"].abs().max()
    ax.set_xlim(-limit, limit)
    ax.set_xlabel("G²（正：目标组更常用；负：参照组更常用）", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.legend(
        handles=[Patch(color=TARGET_COLOR, label=_names(target)), Patch(color=REFERENCE_COLOR, label=_names(reference))],
        loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=8, frameon=False,
    )  # fmt: skip
    ax.set_title(title, pad=22)
    ax.figure.tight_layout()
    return ax


def plot_prevalence(
    prevalence: pd.DataFrame, *, topic_names: dict[str, str] | None = None, title: str | None = None
) -> Axes:
    """Heat map of the topics' mean weight per group (:func:`helpers.compare.topic_prevalence`), groups as rows;
    ``topic_names`` relabels the topics (:func:`helpers.features.topic_labels`)."""
    by = prevalence.columns[0] if len(prevalence.columns) else "year"
    title = title or f"各{plotting.FIELD_NAMES.get(by, by)}的主题权重（文档平均）"
    matrix = prevalence_matrix(prevalence, topic_names)
    if matrix.empty:
        return plotting.empty_panel(title, NO_TOPIC_GROUPS_NOTE)
    ax = plotting.heatmap(matrix, cmap="Reds", fmt="{:.0%}")
    ax.set_title(title)
    ax.figure.tight_layout()
    return ax
