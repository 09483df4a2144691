"""Charts of policy instruments (:mod:`helpers.policy`): the shares of each type per document or group as stacked
bars, and the tools under each type as bars coloured by type.

An empty table (nothing coded, no group values) draws a titled panel naming the reason.

    >>> import pandas as pd
    >>> plot_instrument_shares(pd.DataFrame(columns=["doc_id", "level", "type", "tool", "count", "share"])).texts[0].get_text()[:6]
    '没有编码到任'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.notices import NO_INSTRUMENT_GROUPS_NOTE, NO_INSTRUMENTS_NOTE
from helpers.plots import base as plotting
from helpers.policy.codebook import TYPE_NAMES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

TYPE_COLORS = {"supply": "#3b6ea8", "environment": "#2e7d32", "demand": "#b22222"}


def _shade(color: str, k: int, n: int) -> tuple:
    """The ``k``-th of ``n`` shades of a type's colour, from full to light, so a type's tools read as one family."""
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(color))
    mix = 0.65 * k / max(1, n - 1) if n > 1 else 0.0
    return tuple(rgb + (1 - rgb) * mix)


def plot_instrument_shares(shares: pd.DataFrame, *, level: str = "type", title: str | None = None) -> Axes:
    """Stacked horizontal bars of :func:`helpers.policy.instrument_shares`: one bar per document or group (in the
    table's order, first on top), its segments the share of each type (``level="type"``) or tool (``"tool"``)
    among the group's codes, the number of codes at the bar's end."""
    import matplotlib.pyplot as plt

    by = shares.columns[0] if len(shares.columns) else "doc_id"
    name = plotting.FIELD_NAMES.get(by, by)
    title = title or f"各{name}的政策工具{'类型' if level == 'type' else ''}构成"
    part = shares[shares["level"] == level] if len(shares) else shares
    if part.empty or part["count"].sum() == 0:
        return plotting.empty_panel(title, NO_INSTRUMENTS_NOTE if by == "doc_id" else NO_INSTRUMENT_GROUPS_NOTE)
    key = "type" if level == "type" else "tool"
    groups = list(dict.fromkeys(part[by]))
    matrix = part.pivot_table(index=by, columns=key, values="share", aggfunc="sum", sort=False).reindex(groups)
    totals = part.groupby(by, sort=False)["count"].sum().reindex(groups)
    kinds = part.drop_duplicates(key)[["type", key]] if key == "tool" else part.drop_duplicates("type")[["type"]]
    _, ax = plt.subplots(figsize=(7.5, 0.32 * len(groups) + 1.6))
    rows = np.arange(len(groups))[::-1]
    left = np.zeros(len(groups))
    for kind, sub in kinds.groupby("type", sort=False):
        members = sub[key].tolist()
        for k, member in enumerate(members):
            values = matrix[member].fillna(0).to_numpy()
            label = TYPE_NAMES.get(member, member) if key == "type" else member
            color = _shade(TYPE_COLORS.get(kind, "#808080"), k, len(members))
            ax.barh(rows, values, left=left, color=color, height=0.7, label=label)
            left += values
    for row, total in zip(rows, totals):
        ax.text(1.01, row, f"{int(total)}", va="center", fontsize=7, color="#606060")
    ax.set_yticks(rows, [str(g) for g in groups], fontsize=8)
    ax.set_xlim(0, 1.08)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"], fontsize=7)
    ax.set_xlabel("占该组编码数的份额（条末数字：编码数）", fontsize=8)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
    ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def plot_tool_types(shares: pd.DataFrame, *, title: str | None = None) -> Axes:
    """Horizontal bars of the codes of each tool over the whole table (:func:`helpers.policy.instrument_shares`,
    tool rows summed over documents or groups), grouped under their type and coloured by it, with each type's
    share of all codes in its label."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    title = title or "政策工具：类型 × 工具（编码数）"
    tools = shares[shares["level"] == "tool"] if len(shares) else shares
    if tools.empty or tools["count"].sum() == 0:
        return plotting.empty_panel(title, NO_INSTRUMENTS_NOTE)
    counts = tools.groupby(["type", "tool"], sort=False)["count"].sum().reset_index()
    counts["rank"] = counts["type"].map({t: i for i, t in enumerate(TYPE_COLORS)}).fillna(len(TYPE_COLORS))
    counts = counts.sort_values(["rank", "count"], ascending=[True, False], kind="stable").reset_index(drop=True)
    total = counts["count"].sum()
    _, ax = plt.subplots(figsize=(6.5, 0.24 * len(counts) + 1.4))
    rows = np.arange(len(counts))[::-1]
    colors = [TYPE_COLORS.get(t, "#808080") for t in counts["type"]]
    ax.barh(rows, counts["count"], color=colors, height=0.7)
    for row, value in zip(rows, counts["count"]):
        ax.text(value, row, f" {int(value)}", va="center", fontsize=7)
    ax.set_yticks(rows, counts["tool"].tolist(), fontsize=8)
    ax.set_xlabel("编码数", fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    by_type = counts.groupby("type", sort=False)["count"].sum()
    handles = [Patch(color=TYPE_COLORS.get(t, "#808080"), label=f"{TYPE_NAMES.get(t, t)} {n / total:.0%}")
               for t, n in by_type.items()]  # fmt: skip
    ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    ax.set_xlim(0, counts["count"].max() * 1.12)
    ax.set_title(title)
    ax.figure.tight_layout()
    return ax
