"""A co-word network drawn as a map: the strongest links only, terms sized by frequency, coloured by community.

A network of 100 terms has thousands of weak links; drawing them all gives a
hairball. :func:`backbone_edges` keeps each term's strongest links (so every
linked term stays attached to its nearest neighbours) and the strongest links
overall up to ``max_edges``; the layout is computed on that backbone, so
communities sit apart and the distances on the page mean something.

    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_edge("党建", "党员", weight=0.9); graph.add_edge("党员", "教育", weight=0.2)
    >>> sorted(backbone_edges(graph, max_edges=1, per_node=0))
    [('党建', '党员')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.plots.base import empty_panel

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

NETWORK_TITLE = "词共现网络 · co-word network"
# Colours of the first communities (tab10 without its grey, which marks the rest); later communities are grey.
COMMUNITY_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#17becf",
)
OTHER_COMMUNITY_COLOUR = "#9a9a9a"


def backbone_edges(graph: nx.Graph, *, max_edges: int = 150, per_node: int = 2) -> list[tuple[str, str]]:
    """The edges worth drawing: each node's ``per_node`` strongest, then the strongest overall up to ``max_edges``.

    A node's own strongest edges are kept even past ``max_edges``, so no linked
    term floats alone; ties break by the graph's edge order, so the result is stable.

        >>> import networkx as nx
        >>> graph = nx.Graph()
        >>> graph.add_weighted_edges_from([("党建", "党员", 0.9), ("党员", "教育", 0.5), ("党建", "教育", 0.4)])
        >>> backbone_edges(graph, max_edges=1, per_node=1)
        [('党建', '党员'), ('党员', '教育')]
    """
    order = {edge: i for i, edge in enumerate(graph.edges)}
    canonical = {frozenset(edge): edge for edge in order}
    strength = {edge: (-graph.edges[edge].get("weight", 1.0), i) for edge, i in order.items()}
    ranked = sorted(order, key=strength.__getitem__)
    chosen: set[tuple[str, str]] = set()
    for node in graph.nodes if per_node > 0 else ():
        own = sorted((canonical[frozenset((node, other))] for other in graph[node]), key=strength.__getitem__)
        chosen.update(own[:per_node])
    for edge in ranked:
        if len(chosen) >= max_edges:
            break
        chosen.add(edge)
    return [e for e in ranked if e in chosen]


def plot_network(
    graph: nx.Graph,
    *,
    max_edges: int = 150,
    per_node: int = 2,
    random_state: int = 0,
    title: str = NETWORK_TITLE,
    ax: Axes | None = None,
) -> Axes:
    """Draw a co-word network (see ``helpers.compare.cooccurrence_network``) as a readable map.

    Only :func:`backbone_edges` are drawn (line width by ``weight``), laid out
    by a spring layout with a fixed seed on those edges; a term's disc grows with
    its ``count`` and takes its ``community``'s colour, and every term is labelled
    in Chinese (call ``helpers.setup_fonts()`` first). Terms without any edge are
    left out and counted in the caption. A graph without edges draws the reason instead.
    """
    import matplotlib.pyplot as plt
    import networkx as nx
    import numpy as np

    edges = backbone_edges(graph, max_edges=max_edges, per_node=per_node)
    if not edges:
        return empty_panel(title, _empty_reason(graph))
    shown = nx.Graph()
    shown.add_nodes_from(n for n in graph.nodes if any(n in e for e in edges))  # graph order: a stable layout
    shown.add_edges_from((a, b, graph.edges[a, b]) for a, b in edges)
    # laid out on a wider backbone than is drawn: it holds the map together (a bare backbone falls apart
    # into islands pushed to the corners) while the page shows only the strongest links
    frame = nx.Graph()
    frame.add_nodes_from(shown.nodes)
    frame.add_edges_from(
        (a, b, graph.edges[a, b])
        for a, b in backbone_edges(graph, max_edges=2 * max_edges, per_node=per_node + 1)
        if a in shown and b in shown
    )
    positions = nx.spring_layout(frame, weight="weight", seed=random_state, iterations=300)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8))
    counts = np.array([graph.nodes[n].get("count", 1) for n in shown.nodes], dtype=float)
    sizes = 60 + 900 * np.sqrt(counts / counts.max())
    colours = [_community_colour(graph.nodes[n].get("community")) for n in shown.nodes]
    weights = np.array([shown.edges[e].get("weight", 1.0) for e in shown.edges], dtype=float)
    widths = 0.4 + 3.6 * weights / weights.max()
    nx.draw_networkx_edges(shown, positions, ax=ax, width=widths, edge_color="#888888", alpha=0.55)
    nx.draw_networkx_nodes(shown, positions, ax=ax, node_size=sizes, node_color=colours, alpha=0.85, linewidths=0)
    nx.draw_networkx_labels(shown, positions, ax=ax, font_size=9)
    ax.set_title(title)
    ax.text(0.0, -0.02, _caption(graph, shown), transform=ax.transAxes, fontsize=8, va="top", color="#555555")
    ax.set_axis_off()
    return ax


def _community_colour(community: int | None) -> str:
    if community is None or community >= len(COMMUNITY_COLOURS):
        return OTHER_COMMUNITY_COLOUR
    return COMMUNITY_COLOURS[community]


def _caption(graph: nx.Graph, shown: nx.Graph) -> str:
    """What the picture leaves out: the weaker links and the terms without any link."""
    settings = graph.graph
    caption = (
        f"{shown.number_of_nodes()} 个词，画出最强的 {shown.number_of_edges()} / {graph.number_of_edges()} 条连线"
        f"（{settings.get('measure', 'weight')}，单位：{settings.get('window', '?')}）"
    )
    alone = graph.number_of_nodes() - shown.number_of_nodes()
    if alone:
        caption += f"；{alone} 个词没有连线，未画出"
    return caption


def _empty_reason(graph: nx.Graph) -> str:
    from helpers.notices import too_small_for_network_notice

    notice = too_small_for_network_notice(
        graph.number_of_nodes(), 0, str(graph.graph.get("window", "")), int(graph.graph.get("min_cooccurrence", 1))
    )
    return str(notice).replace(" · ", "\n")  # Chinese above its English gloss: fits the panel's width
