"""Charts for notebook 03: similarity heatmap, dendrogram, silhouette curve, map, co-assignment.

Every function takes arrays and labels computed by :mod:`helpers.cluster`
(mostly through a :class:`helpers.cluster.ClusterAnalysis`) and returns the
matplotlib Figure; none computes clusters. Call :func:`helpers.setup_fonts`
once first so that Chinese titles render. A corpus too small for a chart (one
document, two, none) gets a labelled empty panel naming the reason, not an error.

    >>> from helpers import cluster                                          # doctest: +SKIP
    >>> from helpers.plots import clusters as cluster_plots                  # doctest: +SKIP
    >>> a = cluster.analyse_clusters(helpers.corpus_tfidf(docs), docs)       # doctest: +SKIP
    >>> cluster_plots.plot_similarity(a.similarity(), a.drawn_labels, a.drawn_clusters)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from helpers.cluster import MIN_CLUSTER_DOCS, MIN_K_DOCS
from helpers.notices import (
    NO_CHARACTERISTIC_TERMS_NOTE,
    NO_K_NOTE,
    NO_STABILITY_NOTE,
    SINGLE_CLUSTER_NOTE,
    TOO_FEW_FOR_LSA_NOTE,
    TOO_FEW_FOR_MAP_NOTE,
    TOO_FEW_FOR_SIMILARITY_NOTE,
    TOO_FEW_TO_CLUSTER_NOTE,
)
from helpers.plots.base import bar_small_multiples, empty_panel

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

# colours of clusters 0, 1, ... (matplotlib's tab10, repeated past ten)
CLUSTER_CMAP = "tab10"
# more labelled points than this overprint each other on a map of readable size
MAP_LABEL_LIMIT = 30


def cluster_colour(cluster: int) -> tuple[float, float, float, float]:
    """The colour of a cluster number, the same in every chart.

    >>> len(cluster_colour(0))
    4
    """
    from matplotlib import colormaps

    return colormaps[CLUSTER_CMAP](int(cluster) % 10)


def _order_by_cluster(clusters: Sequence[int]) -> np.ndarray:
    return np.argsort(np.asarray(clusters), kind="stable")


def _colour_ticklabels(labels, clusters: Sequence[int]) -> None:
    for text, cluster in zip(labels, clusters):
        text.set_color(cluster_colour(cluster))


def _empty(title: str, note: str) -> Figure:
    return empty_panel(title, note).figure


def plot_explained_variance(ratio: np.ndarray, *, title: str = "LSA 各维解释的方差") -> Figure:
    """Bars of the variance share of each LSA component and the cumulative curve."""
    import matplotlib.pyplot as plt

    ratio = np.asarray(ratio)
    if ratio.size == 0:
        return _empty(title, TOO_FEW_FOR_LSA_NOTE)
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    positions = np.arange(1, len(ratio) + 1)
    ax.bar(positions, ratio, color="#4c72b0", label="单维")
    ax.plot(positions, np.cumsum(ratio), color="#b22222", marker="o", label="累计")
    ax.set_xlabel("LSA 维度")
    ax.set_ylabel("解释方差占比")
    ax.set_ylim(0, 1)
    ax.set_xticks(positions)
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_similarity(
    similarity: np.ndarray,
    labels: Sequence[str],
    clusters: Sequence[int] | None = None,
    *,
    annotate: bool | None = None,
    title: str = "文档余弦相似度",
) -> Figure:
    """Heatmap of document similarities, rows grouped by cluster, labels coloured by cluster.

    Values are written into the cells up to 20 documents (``annotate`` overrides).
    """
    import matplotlib.pyplot as plt

    n = len(labels)
    if n < MIN_CLUSTER_DOCS:
        return _empty(title, TOO_FEW_FOR_SIMILARITY_NOTE)
    clusters = np.zeros(n, dtype=int) if clusters is None else np.asarray(clusters)
    order = _order_by_cluster(clusters)
    values = np.asarray(similarity)[np.ix_(order, order)]
    shown = [labels[i] for i in order]
    size = min(14.0, 3.0 + 0.42 * n)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    off = values[~np.eye(n, dtype=bool)] if n > 1 else values.ravel()
    im = ax.imshow(values, cmap="Reds", vmin=0, vmax=max(float(off.max()) if off.size else 1.0, 1e-9))
    ax.set_xticks(range(n), shown, rotation=90, fontsize=8)
    ax.set_yticks(range(n), shown, fontsize=8)
    _colour_ticklabels(ax.get_xticklabels(), clusters[order])
    _colour_ticklabels(ax.get_yticklabels(), clusters[order])
    if annotate is None:
        annotate = n <= 20
    if annotate:
        top = off.max() if off.size else 1.0
        for i in range(n):
            for j in range(n):
                if i != j:
                    ax.text(
                        j,
                        i,
                        f"{values[i, j]:.2f}",
                        ha="center",
                        va="center",
                        fontsize=6.5,
                        color="white" if values[i, j] > 0.6 * top else "black",
                    )
    ax.set_title(title + "（颜色刻度不含对角线；标签颜色为聚类）")
    fig.colorbar(im, ax=ax, fraction=0.035)
    fig.tight_layout()
    return fig


def plot_dendrogram(
    linkage: np.ndarray,
    labels: Sequence[str],
    clusters: Sequence[int] | None = None,
    *,
    title: str = "层次聚类（平均连接，余弦距离）",
) -> Figure:
    """Dendrogram drawn sideways so the Chinese labels read horizontally, coloured by flat cluster."""
    import matplotlib.pyplot as plt
    from scipy.cluster.hierarchy import dendrogram

    n = len(labels)
    if n < MIN_CLUSTER_DOCS or len(linkage) == 0:
        return _empty(title, TOO_FEW_TO_CLUSTER_NOTE)
    fig, ax = plt.subplots(figsize=(8.5, max(3.0, 0.34 * n + 1.2)))
    dendrogram(
        linkage,
        labels=list(labels),
        orientation="left",
        ax=ax,
        color_threshold=0,
        above_threshold_color="#555555",
        leaf_font_size=9,
    )
    if clusters is not None:
        by_label = dict(zip(labels, np.asarray(clusters)))
        _colour_ticklabels(ax.get_yticklabels(), [by_label[t.get_text()] for t in ax.get_yticklabels()])
    ax.set_xlabel("余弦距离（1 − 相似度）")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_silhouette(table: pd.DataFrame, chosen_k: int, *, title: str = "按轮廓系数选择聚类数 k") -> Figure:
    """Mean silhouette for each k tried, the chosen k marked."""
    import matplotlib.pyplot as plt

    if table["silhouette"].isna().all():  # no k tried, or none with two non-empty clusters
        return _empty(title, NO_K_NOTE)
    fig, ax = plt.subplots(figsize=(6.0, 3.2))
    ax.plot(table["k"], table["silhouette"], marker="o", color="#4c72b0")
    picked = table[table["k"] == chosen_k]
    if not picked.empty:
        ax.scatter(
            picked["k"],
            picked["silhouette"],
            s=140,
            facecolors="none",
            edgecolors="#b22222",
            linewidths=2,
            label=f"选定 k = {chosen_k}",
            zorder=3,
        )
        ax.legend(loc="best", fontsize=8)
    ax.set_xticks(list(table["k"]))
    ax.set_xlabel("聚类数 k")
    ax.set_ylabel("平均轮廓系数（余弦）")
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def plot_map(
    coords: np.ndarray,
    labels: Sequence[str],
    clusters: Sequence[int],
    *,
    annotate: bool | None = None,
    title: str = "文档地图（PCA 前两维）",
) -> Figure:
    """Documents as points coloured by cluster, each labelled up to ``MAP_LABEL_LIMIT`` points.

    Past that, labels would overprint each other, so only the clusters are named.
    Fewer than ``MIN_K_DOCS`` points make no map (two points only show one distance).
    """
    import matplotlib.pyplot as plt

    coords = np.asarray(coords)
    clusters = np.asarray(clusters)
    if len(coords) < MIN_K_DOCS:
        return _empty(title, TOO_FEW_FOR_MAP_NOTE)
    fig, ax = plt.subplots(figsize=(9.0, 6.5))
    for cluster in sorted(set(clusters.tolist())):
        inside = clusters == cluster
        ax.scatter(
            coords[inside, 0],
            coords[inside, 1],
            s=60,
            color=cluster_colour(cluster),
            label=f"聚类 {cluster}（图中 {int(inside.sum())} 篇）",
            edgecolors="white",
            zorder=3,
        )
    if annotate is None:
        annotate = len(labels) <= MAP_LABEL_LIMIT
    if not annotate:
        # too many points to label each: name the clusters at their centres instead
        for cluster in sorted(set(clusters.tolist())):
            cx, cy = coords[clusters == cluster].mean(axis=0)
            ax.annotate(
                f"聚类 {cluster}",
                (cx, cy),
                fontsize=11,
                ha="center",
                color=cluster_colour(cluster),
                bbox={"boxstyle": "round", "fc": "white", "ec": cluster_colour(cluster)},
            )
    else:
        for (x, y), (lx, ly), label, cluster in zip(coords, _label_positions(coords), labels, clusters):
            ax.annotate(
                label,
                (x, y),
                xytext=(lx, ly),
                textcoords="data",
                fontsize=8,
                color=cluster_colour(cluster),
                va="center",
                arrowprops={"arrowstyle": "-", "color": "#bbbbbb", "lw": 0.6} if (lx, ly) != (x, y) else None,
            )
    ax.set_xlabel("第一维")
    ax.set_ylabel("第二维")
    ax.legend(loc="best", fontsize=8)
    ax.margins(0.25, 0.1)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def _label_positions(coords: np.ndarray, gap: float = 0.045, width: float = 0.3) -> list[tuple[float, float]]:
    """Label anchors nudged vertically so that labels of nearby points do not overprint.

    ``gap`` and ``width`` are fractions of the y and x ranges a label takes up.
    """
    coords = np.asarray(coords, dtype=float)
    span = np.ptp(coords, axis=0) if len(coords) else np.ones(2)
    span = np.where(span > 0, span, 1.0)
    dx, dy = span[0] * 0.012, span[1] * gap
    placed: list[tuple[float, float]] = []
    positions: list[tuple[float, float]] = [(0.0, 0.0)] * len(coords)
    for i in np.lexsort((coords[:, 0], -coords[:, 1])):  # top to bottom, then left to right
        x, y = coords[i]
        lx, ly = x + dx, y
        while any(abs(ly - py) < dy and abs(lx - px) < span[0] * width for px, py in placed):
            ly -= dy / 2
        placed.append((lx, ly))
        positions[i] = (lx, ly)
    return positions


def plot_co_assignment(
    matrices: dict[str, np.ndarray | None],
    labels: Sequence[str],
    clusters: Sequence[int],
    *,
    title: str = "稳定性：两篇文档被分到同一组的比例",
) -> Figure:
    """Side-by-side co-assignment matrices (share of runs two documents share a cluster), grouped by cluster.

    A matrix of None (no stability check: a single cluster) gives a labelled empty panel.
    """
    import matplotlib.pyplot as plt

    n = len(labels)
    if n < MIN_CLUSTER_DOCS or not matrices or any(m is None for m in matrices.values()):
        return _empty(title, NO_STABILITY_NOTE)
    clusters = np.asarray(clusters)
    order = _order_by_cluster(clusters)
    shown = [labels[i] for i in order]
    panel = min(9.0, 2.5 + 0.38 * n)
    fig, axes = plt.subplots(
        1, len(matrices), figsize=(panel * len(matrices) + 2.5, panel + 1.5), squeeze=False, layout="constrained"
    )
    im = None
    for i, (ax, (name, matrix)) in enumerate(zip(axes.flat, matrices.items())):
        values = np.asarray(matrix)[np.ix_(order, order)]
        im = ax.imshow(values, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(n), shown, rotation=90, fontsize=7)
        # the panels share one order, so only the first needs row labels
        ax.set_yticks(range(n), shown if i == 0 else [""] * n, fontsize=7)
        _colour_ticklabels(ax.get_xticklabels(), clusters[order])
        _colour_ticklabels(ax.get_yticklabels(), clusters[order])
        ax.set_title(name, fontsize=10)
    if im is not None:
        fig.colorbar(im, ax=list(axes.flat), fraction=0.025, label="同组比例")
    return fig


def plot_cluster_terms(terms: pd.DataFrame, summary: pd.DataFrame, *, k: int = 10) -> Figure:
    """One bar panel per cluster: its most characteristic terms (member mean − rest mean TF-IDF)."""
    if terms.empty:
        note = (
            TOO_FEW_TO_CLUSTER_NOTE
            if summary.empty
            else SINGLE_CLUSTER_NOTE
            if len(summary) == 1
            else NO_CHARACTERISTIC_TERMS_NOTE
        )
        return _empty("各聚类的特征词", note)
    titles = {int(c): f"聚类 {int(c)}（{int(s)} 篇）" for c, s in zip(summary["cluster"], summary["size"])}
    fig = bar_small_multiples(
        terms, group="cluster", label="term", value="score", k=k, titles=titles, ncols=min(3, max(1, len(titles)))
    )
    fig.suptitle("各聚类的特征词（成员平均 TF-IDF 减其余文档平均）", fontsize=10)
    fig.tight_layout()
    return fig
