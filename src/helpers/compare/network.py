"""Co-word networks: which of a corpus's most frequent terms occur together, as a graph for the notebook and Gephi.

Every co-occurrence is counted in *units* (sentences, documents or sliding token
windows) as one sparse matrix product, from the corpus's cached segmentation: its
tokens keep the punctuation and line breaks, so sentences come from the cached
codes without segmenting anything again.

    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["加强基层党组织建设。推进乡村振兴。", "加强基层党组织建设。"]})
    >>> graph = cooccurrence_network(docs, top_n=3)
    >>> list(graph.nodes(data="count")), graph.edges["加强", "建设"]["weight"]
    ([('加强', 2), ('基层党组织', 2), ('建设', 2)], 1.0)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from helpers.notices import Notice, too_small_for_network_notice
from helpers.tokens import TokenSettings
from helpers.tokens.corpus import encoded_corpus
from helpers.tokens.encoded import document_blocks

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from scipy import sparse

    from helpers.cache import Cache

MEASURES = ("ochiai", "jaccard", "pmi")
WINDOWS = ("sentence", "document")
EXPORT_SUFFIXES = (".graphml", ".gexf")
# What ends a sentence: the full stops of Chinese prose (。！？；, their half-width forms) and line breaks,
# so a heading or a list item is a unit of its own. A token holding one of these closes its sentence.
SENTENCE_END_CHARS = frozenset("。！？；!?;\n\r")

# Tokens per block of documents the co-occurrences are counted in (a token costs about 40 bytes while counted).
NETWORK_BLOCK_TOKENS = 5_000_000


def cooccurrence_network(
    docs: pd.DataFrame,
    top_n: int = 100,
    window: str | int = "sentence",
    *,
    cache: Cache | None = None,
    settings: TokenSettings = TokenSettings(),
    measure: str = "ochiai",
    min_cooccurrence: int = 2,
    random_state: int = 0,
    text_column: str = "text",
) -> nx.Graph:
    """A graph of the ``top_n`` most frequent content terms, linked by how strongly they occur together.

    Two terms co-occur when they stand in the same unit: ``window="sentence"``
    (text between 。！？； or line breaks), ``"document"``, or an integer ``w``
    (every run of ``w`` consecutive content tokens of a document, sliding, so
    nearer pairs share more windows). A pair becomes an edge when it shares at
    least ``min_cooccurrence`` units and its association is positive.

    Edge ``weight`` is the association (``measure``), edge ``cooccurrences`` the
    shared units; node ``count`` is the term's frequency, node ``community`` a
    Louvain community (``random_state`` seeds it) numbered from 0 by size. Nodes
    are in frequency order (ties by term), edges in node order: the same corpus
    always gives the same graph. ``graph.graph`` records the settings and the
    number of units; a corpus too small for a network gives a graph without
    edges, and :func:`network_notice` says why.

    The default measure is **Ochiai**, the cosine of two terms' incidence
    vectors over the units, c_ij / sqrt(c_i * c_j): the geometric mean of the
    chance of seeing one term where the other is. It is the usual normalisation
    of co-word matrices (Leydesdorff's and Zhou & Leydesdorff's work on
    co-occurrence matrices; van Eck & Waltman 2009 compare it with the other
    set-theoretic measures), lies in [0, 1], and reaches 1 exactly when two terms
    always occur together. ``"jaccard"`` (c_ij / (c_i + c_j - c_ij)) punishes a
    pair of unequal frequencies harder; ``"pmi"`` (log2 of c_ij * N / (c_i * c_j),
    positive values only) is unbounded and ranks rare pairs highest: a pair of
    terms seen twice, together, outranks any pair of common ones.

        >>> import pandas as pd
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["落实三会一课制度。" * 2 + "推进乡村振兴战略。" * 2]})
        >>> graph = cooccurrence_network(docs, top_n=6)
        >>> [(a, b) for a, b, w in graph.edges(data="weight") if w == 1.0]  # doctest: +NORMALIZE_WHITESPACE
        [('三会一课', '制度'), ('三会一课', '落实'), ('乡村振兴', '战略'),
         ('乡村振兴', '推进'), ('制度', '落实'), ('战略', '推进')]
        >>> dict(graph.nodes(data="community"))  # doctest: +NORMALIZE_WHITESPACE
        {'三会一课': 0, '乡村振兴': 1, '制度': 0, '战略': 1, '推进': 1, '落实': 0}
    """
    import networkx as nx

    measure = _check_measure(measure)
    window = _check_window(window)
    corpus = encoded_corpus(docs, settings, cache=cache, text_column=text_column)
    graph = nx.Graph(
        window=str(window), measure=measure, min_cooccurrence=int(min_cooccurrence), documents=len(docs), units=0
    )
    if len(docs) == 0 or top_n < 1:
        return graph
    tokens, keep = corpus.tokens, corpus.keep
    # blocks of whole documents (no unit crosses a document), so the per-token arrays stay a block's size
    blocks = [tokens.documents(first, end) for first, end in document_blocks(tokens.offsets, NETWORK_BLOCK_TOKENS)]
    counts = np.zeros(len(tokens.vocab), dtype=np.int64)
    for block in blocks:
        counts += np.bincount(block.codes[keep[block.codes]], minlength=len(tokens.vocab))
    terms, counts, column = _top_terms(tokens.vocab, counts, top_n)
    graph.add_nodes_from((term, {"count": int(n)}) for term, n in zip(terms, counts))
    if len(terms) >= 2:
        _add_edges(graph, blocks, keep, column, terms, window, measure, min_cooccurrence)
    _add_communities(graph, random_state)
    return graph


def _add_edges(graph, blocks, keep, column, terms, window, measure, min_cooccurrence) -> None:
    """Edges between the terms whose units overlap enough, weighted by ``measure``; the unit count in ``graph.graph``."""
    shared = np.zeros((len(terms), len(terms)), dtype=np.int64)
    n_units = 0
    ends = _sentence_end_mask(blocks[0].vocab) if blocks else np.zeros(0, dtype=bool)
    for block in blocks:
        content = np.flatnonzero(keep[block.codes])  # positions of the content tokens in the block's stream
        incidence, units = _incidence(block, content, column[block.codes[content]], len(terms), window, ends)
        shared += _shared_units(incidence)
        n_units += units
    graph.graph["units"] = n_units
    weights = _association(shared, n_units, measure)
    rows, cols = np.nonzero(np.triu((shared >= max(1, min_cooccurrence)) & (weights > 0), k=1))
    graph.add_edges_from(
        (terms[i], terms[j], {"weight": float(weights[i, j]), "cooccurrences": int(shared[i, j])})
        for i, j in zip(rows.tolist(), cols.tolist())
    )


def network_notice(graph: nx.Graph) -> Notice | None:
    """Why a co-word network shows little or nothing (too few terms or no pair above the threshold); None when fine.

    >>> import networkx as nx
    >>> network_notice(nx.Graph(window="sentence", min_cooccurrence=2))  # doctest: +ELLIPSIS
    本语料太小...
    """
    edges = graph.number_of_edges()
    if graph.number_of_nodes() >= 2 and edges > 0:
        return None
    return too_small_for_network_notice(
        graph.number_of_nodes(), edges, str(graph.graph.get("window", "")), int(graph.graph.get("min_cooccurrence", 1))
    )


def network_tables(graph: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The graph as two tidy tables: ``nodes`` (``term, count, community``, most frequent first) and
    ``edges`` (``source, target, weight, cooccurrences``, strongest first): what the chart draws, as text.

    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_node("党建", count=5, community=0); graph.add_node("引领", count=3, community=0)
    >>> graph.add_edge("党建", "引领", weight=0.8, cooccurrences=3)
    >>> nodes, edges = network_tables(graph)
    >>> edges.to_dict("records")
    [{'source': '党建', 'target': '引领', 'weight': 0.8, 'cooccurrences': 3}]
    """
    import pandas as pd

    nodes = pd.DataFrame(
        [(term, data.get("count", 0), data.get("community", -1)) for term, data in graph.nodes(data=True)],
        columns=["term", "count", "community"],
    )
    edges = pd.DataFrame(
        [(a, b, data.get("weight", 0.0), data.get("cooccurrences", 0)) for a, b, data in graph.edges(data=True)],
        columns=["source", "target", "weight", "cooccurrences"],
    )
    nodes = nodes.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)
    edges = edges.sort_values(["weight", "cooccurrences", "source", "target"], ascending=[False, False, True, True])
    return nodes, edges.reset_index(drop=True)


def community_terms(nodes: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """Each community of :func:`network_tables`'s ``nodes``, largest first: ``community``, ``n_terms`` and its
    ``n`` most frequent ``terms`` joined with 、, what a reader names the community by.

    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"term": ["党建", "引领", "脱贫"], "count": [5, 3, 4], "community": [0, 0, 1]})
    >>> community_terms(nodes).to_dict("records")
    [{'community': 0, 'n_terms': 2, 'terms': '党建、引领'}, {'community': 1, 'n_terms': 1, 'terms': '脱贫'}]
    """
    import pandas as pd

    ranked = nodes.sort_values(["count", "term"], ascending=[False, True])
    grouped = ranked.groupby("community", sort=False)["term"]
    table = pd.DataFrame({"n_terms": grouped.size(), "terms": grouped.agg(lambda terms: "、".join(terms[:n]))})
    table = table.rename_axis("community").reset_index()
    return table.sort_values(["n_terms", "community"], ascending=[False, True], ignore_index=True)


def export_network(graph: nx.Graph, path: Path | str) -> Path:
    """Write the graph for Gephi (or any graph tool): GraphML for a ``.graphml`` path, GEXF for ``.gexf``.

    Node ``count`` and ``community``, edge ``weight`` and ``cooccurrences`` and
    the graph's settings travel with it; another suffix is a ValueError.

        >>> import networkx as nx, tempfile
        >>> path = export_network(nx.Graph([("党建", "党员")]), Path(tempfile.mkdtemp()) / "词网.graphml")
        >>> sorted(nx.read_graphml(path).nodes)
        ['党员', '党建']
    """
    import networkx as nx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(graph, path, encoding="utf-8")
    elif suffix == ".gexf":
        nx.write_gexf(graph, path, encoding="utf-8")
    else:
        raise ValueError(f"cannot export a network as {path.suffix or 'a file without suffix'}: use .graphml or .gexf")
    return path


# ------------------------------------------------------------------ counting
def _check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {MEASURES}")
    return measure


def _check_window(window: str | int) -> str | int:
    if isinstance(window, str) and window in WINDOWS:
        return window
    if isinstance(window, (int, np.integer)) and not isinstance(window, bool) and window >= 2:
        return int(window)
    raise ValueError(f"window must be 'sentence', 'document' or a number of tokens of at least 2, not {window!r}")


def _top_terms(vocab: tuple[str, ...], counts: np.ndarray, top_n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The ``top_n`` most frequent codes as terms (ties by term), their counts, and a code -> column map (-1: not kept)."""
    n_vocab = len(vocab)
    present = np.flatnonzero(counts)
    if len(present) > top_n:  # everything as frequent as the top_n-th, so ties at the cut are broken by term
        threshold = np.partition(counts[present], len(present) - top_n)[len(present) - top_n]
        present = present[counts[present] >= threshold]
    chosen = sorted(present.tolist(), key=lambda c: (-counts[c], vocab[c]))[:top_n]
    column = np.full(n_vocab, -1, dtype=np.int64)
    column[chosen] = np.arange(len(chosen))
    return [vocab[c] for c in chosen], counts[chosen], column


def _incidence(
    tokens, content: np.ndarray, columns: np.ndarray, n_terms: int, window: str | int, ends: np.ndarray
) -> tuple[sparse.csr_matrix, int]:
    """Units × terms, 1 where the term occurs in the unit, and how many units hold any content token at all.

    Units are sentences, documents, or every run of ``window`` consecutive content
    tokens of a document, the runs overhanging its start and end included, so a
    pair ``d`` tokens apart shares ``window - d`` of them wherever it stands.
    """
    kept = columns >= 0
    doc = np.searchsorted(tokens.offsets, content, side="right") - 1  # the document of each content token
    if window == "document":
        unit = doc
    elif window == "sentence":
        unit = _sentence_of_token(tokens, ends)[content]
    else:
        return _token_windows(doc, columns, n_terms, window)
    # units without a content token (a line of punctuation, an empty document) are no units: numbered densely
    changes = np.diff(unit, prepend=-1) != 0  # unit numbers never decrease along the stream
    dense = np.cumsum(changes) - 1
    n_units = int(dense[-1]) + 1 if len(dense) else 0
    return _binary(dense[kept], columns[kept], n_units, n_terms), n_units


def _sentence_of_token(tokens, sentence_ends: np.ndarray) -> np.ndarray:
    """The sentence number of every token of the stream: a document or a token after a sentence end starts one
    (``sentence_ends``: which vocabulary entries end a sentence)."""
    offsets, n_tokens = tokens.offsets, len(tokens.codes)
    starts = np.zeros(n_tokens, dtype=bool)
    starts[offsets[:-1][offsets[:-1] < n_tokens]] = True
    ends = sentence_ends[tokens.codes]
    starts[1:] |= ends[:-1]
    return np.cumsum(starts) - 1


def _token_windows(doc: np.ndarray, columns: np.ndarray, n_terms: int, window: int) -> tuple[sparse.csr_matrix, int]:
    """Incidence over sliding windows: content token ``p`` of document ``d`` lies in the windows starting at
    ``p - window + 1`` .. ``p``; every document's windows are numbered apart, ``window - 1`` extra per document."""
    position = np.arange(len(doc))
    kept = columns >= 0
    rows = [(position + (window - 1) * (doc + 1) - back)[kept] for back in range(window)]
    n_docs = len(np.unique(doc))
    n_units = len(doc) + (window - 1) * n_docs
    n_rows = len(doc) + (window - 1) * (int(doc[-1]) + 1) if len(doc) else 0
    matrix = _binary(np.concatenate(rows), np.tile(columns[kept], window), n_rows, n_terms)
    return matrix, n_units


def _shared_units(incidence: sparse.csr_matrix) -> np.ndarray:
    """Terms × terms: how many units hold both (diagonal: how many hold the term).

    Only units with two or more of the terms can hold a pair, and in sentences and
    windows most hold one or none: the product runs on those few rows.
    """
    many = np.flatnonzero(np.diff(incidence.indptr) >= 2)
    pairs = incidence[many]
    shared = (pairs.T @ pairs).toarray()
    np.fill_diagonal(shared, np.asarray(incidence.sum(axis=0)).ravel())
    return shared


def _sentence_end_mask(vocab: tuple[str, ...]) -> np.ndarray:
    return np.fromiter((not SENTENCE_END_CHARS.isdisjoint(t) for t in vocab), dtype=bool, count=len(vocab))


def _binary(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> sparse.csr_matrix:
    from scipy import sparse

    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(n_rows, n_cols))
    matrix.sum_duplicates()
    matrix.data[:] = 1
    return matrix


def _association(shared: np.ndarray, n_units: int, measure: str) -> np.ndarray:
    """The association of every pair from the shared-unit counts (diagonal: each term's units)."""
    units = np.diag(shared).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "ochiai":
            weights = shared / np.sqrt(np.outer(units, units))
        elif measure == "jaccard":
            weights = shared / (units[:, None] + units[None, :] - shared)
        else:
            weights = np.log2(shared * float(n_units) / np.outer(units, units))
    # rounded so that a pair that always occurs together weighs exactly 1 whatever the float error of the root
    return np.nan_to_num(np.round(weights, 12), nan=0.0, neginf=0.0, posinf=0.0)


def _add_communities(graph: nx.Graph, random_state: int) -> None:
    """Node ``community``: Louvain's communities numbered by size (ties: the one holding the more frequent term first)."""
    import networkx as nx

    rank = {node: i for i, node in enumerate(graph.nodes)}
    found = nx.community.louvain_communities(graph, weight="weight", seed=random_state)
    ordered = sorted(found, key=lambda members: (-len(members), min(rank[m] for m in members)))
    for number, members in enumerate(ordered):
        for node in members:
            graph.nodes[node]["community"] = number
