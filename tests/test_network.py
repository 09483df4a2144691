"""Co-word networks on generated corpora with a planted pair: the pair is the strongest edge, counts and
weights are those computed by hand, exports read back whole, and a corpus too small says so."""

from __future__ import annotations

import math
import random

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest

import helpers
from helpers.cache import Cache
from helpers.compare import cooccurrence_network, export_network, network_notice
from helpers.plots.network import backbone_edges, plot_network

# Words the segmenter keeps whole (the domain dictionary) and the filter keeps: no stopwords, no single characters.
POOL = [
    "党员",
    "干部",
    "群众",
    "制度",
    "改革",
    "教育",
    "培训",
    "监督",
    "考核",
    "服务",
    "经济",
    "文化",
    "生态",
    "民主",
    "法治",
    "创新",
    "人才",
    "产业",
]
PLANTED = ("红色堡垒", "双培双带")


def planted_corpus(n_docs: int = 60, seed: int = 7) -> pd.DataFrame:
    """Documents of short sentences of random pool words; every third document has a sentence holding the
    planted pair (and only there do its two terms occur)."""
    rng = random.Random(seed)
    texts = []
    for i in range(n_docs):
        sentences = ["、".join(rng.sample(POOL, 3)) + "。" for _ in range(3)]
        if i % 3 == 0:
            sentences.insert(rng.randrange(4), f"{PLANTED[0]}和{PLANTED[1]}、{rng.choice(POOL)}。")
        texts.append("".join(sentences))
    return pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(n_docs)], "text": texts})


def strongest(graph: nx.Graph) -> list[tuple[str, str, float]]:
    return sorted(graph.edges(data="weight"), key=lambda e: -e[2])


@pytest.mark.parametrize("window", ["sentence", "document", 4])
@pytest.mark.parametrize("measure", ["ochiai", "jaccard"])
def test_a_pair_that_always_occurs_together_is_the_strongest_edge(window, measure):
    graph = cooccurrence_network(planted_corpus(), top_n=30, window=window, measure=measure)
    (a, b, weight), (_, _, runner_up) = strongest(graph)[:2]
    assert {a, b} == set(PLANTED)
    assert weight > runner_up
    if window in ("sentence", "document"):  # sliding windows also hold one of the pair without the other
        assert weight == 1.0
        assert graph.edges[PLANTED]["cooccurrences"] == 20  # one planted sentence in 20 of the 60 documents


def test_pmi_ranks_the_planted_pair_first_and_keeps_only_positive_associations():
    graph = cooccurrence_network(planted_corpus(), top_n=30, measure="pmi")
    assert set(strongest(graph)[0][:2]) == set(PLANTED)
    assert min(w for _, _, w in graph.edges(data="weight")) > 0


def test_weights_and_counts_are_those_computed_by_hand():
    # sentences: {党员 干部}, {党员 干部}, {党员 群众}, {干部}; N = 4 sentence units
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["党员、干部。党员和干部。", "党员、群众。\n干部"]})
    graph = cooccurrence_network(docs, top_n=3, min_cooccurrence=1)
    assert list(graph.nodes(data="count")) == [("党员", 3), ("干部", 3), ("群众", 1)]
    assert graph.graph["units"] == 4
    assert graph.edges["党员", "干部"]["cooccurrences"] == 2
    assert graph.edges["党员", "干部"]["weight"] == pytest.approx(2 / math.sqrt(3 * 3))
    assert graph.edges["党员", "群众"]["weight"] == pytest.approx(1 / math.sqrt(3 * 1))
    assert not graph.has_edge("干部", "群众")  # the line break ended the sentence
    jaccard = cooccurrence_network(docs, top_n=3, min_cooccurrence=1, measure="jaccard")
    assert jaccard.edges["党员", "干部"]["weight"] == pytest.approx(2 / (3 + 3 - 2))
    pmi = cooccurrence_network(docs, top_n=3, min_cooccurrence=1, measure="pmi")
    assert pmi.edges["党员", "群众"]["weight"] == pytest.approx(math.log2(1 * 4 / (3 * 1)))
    assert not pmi.has_edge("党员", "干部")  # log2(2*4/9) < 0: no positive association, no edge


def test_units_sentence_document_and_token_windows():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "text": ["党员、干部、群众、制度、改革。", "教育！培训"]})
    sentence = cooccurrence_network(docs, top_n=7, min_cooccurrence=1)
    document = cooccurrence_network(docs, top_n=7, window="document", min_cooccurrence=1)
    assert not sentence.has_edge("教育", "培训") and document.has_edge("教育", "培训")
    near = cooccurrence_network(docs, top_n=7, window=3, min_cooccurrence=1)
    assert near.has_edge("党员", "群众") and not near.has_edge("党员", "制度")  # two tokens apart fit, three do not
    assert not near.has_edge("改革", "教育")  # windows never cross documents
    assert near.edges["党员", "干部"]["cooccurrences"] == 2 and near.edges["党员", "群众"]["cooccurrences"] == 1


def test_nodes_are_the_top_terms_by_frequency_with_their_counts():
    docs = planted_corpus()
    tokens = helpers.tokenize_corpus(docs)
    frequency = pd.Series([t for doc in tokens for t in doc]).value_counts()
    expected = sorted(frequency.items(), key=lambda item: (-item[1], item[0]))[:10]
    graph = cooccurrence_network(docs, top_n=10)
    assert list(graph.nodes(data="count")) == expected


def test_communities_are_numbered_by_size_and_every_node_has_one():
    graph = cooccurrence_network(planted_corpus(), top_n=30)
    communities = [c for _, c in graph.nodes(data="community")]
    assert None not in communities
    sizes = pd.Series(communities).value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True) and set(communities) == set(range(len(sizes)))
    assert graph.nodes[PLANTED[0]]["community"] == graph.nodes[PLANTED[1]]["community"]


def test_the_same_corpus_always_gives_the_same_graph():
    docs = planted_corpus()
    one, two = (cooccurrence_network(docs, top_n=30, random_state=3) for _ in range(2))
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(data=True)) == list(two.edges(data=True))
    assert one.graph == two.graph


def test_a_cached_corpus_is_not_segmented_again(tmp_path, monkeypatch):
    from helpers.tokens import corpus as token_corpus

    docs, cache = planted_corpus(), Cache(tmp_path)
    first = cooccurrence_network(docs, top_n=20, cache=cache)

    def refuse(*args, **kwargs):
        raise AssertionError("segmented again")

    monkeypatch.setattr(token_corpus, "segment_corpus", refuse)
    again = cooccurrence_network(docs, top_n=20, window=3, cache=cache)
    assert set(again.nodes) == set(first.nodes)


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".GraphML"])
def test_exports_read_back_with_the_same_nodes_attributes_and_weights(tmp_path, suffix):
    graph = cooccurrence_network(planted_corpus(), top_n=20)
    path = export_network(graph, tmp_path / f"网络{suffix}")
    back = nx.read_graphml(path) if suffix.lower() == ".graphml" else nx.read_gexf(path)
    assert list(back.nodes) == list(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert {k: back.nodes[node][k] for k in ("count", "community")} == data
    assert back.number_of_edges() == graph.number_of_edges()
    for a, b, data in graph.edges(data=True):
        assert back.edges[a, b]["weight"] == data["weight"]
        assert back.edges[a, b]["cooccurrences"] == data["cooccurrences"]


def test_an_unknown_export_suffix_names_the_supported_ones(tmp_path):
    with pytest.raises(ValueError, match=r"^cannot export a network as \.csv: use \.graphml or \.gexf$"):
        export_network(nx.Graph(), tmp_path / "net.csv")


def test_bad_settings_are_refused_with_the_choices():
    docs = planted_corpus(3)
    with pytest.raises(ValueError, match="unknown measure 'cosine'; choose one of"):
        cooccurrence_network(docs, measure="cosine")
    for window in (1, True, "paragraph"):
        with pytest.raises(ValueError, match="window must be 'sentence', 'document' or a number of tokens"):
            cooccurrence_network(docs, window=window)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            [],
            "本语料太小，只有 0 个实词，画不出词共现网络 · the corpus is too small: 0 content term(s) make no co-word network",
        ),
        (
            ["党员。"],
            "本语料太小，只有 1 个实词，画不出词共现网络 · the corpus is too small: 1 content term(s) make no co-word network",
        ),
        (
            ["党员、干部。群众。"],
            "本语料太小：3 个高频词中没有哪两个在至少 2 个单位（句子）里共同出现，画不出词共现网络；"
            "可降低 min_cooccurrence 或改用更大的 window · "
            "the corpus is too small: no two of its 3 top terms share 2 units (sentence)",
        ),
    ],
)
def test_a_corpus_too_small_gives_a_notice_and_an_empty_chart_not_an_error(texts, expected):
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts}, dtype=object)
    graph = cooccurrence_network(docs)
    assert graph.number_of_edges() == 0
    assert str(network_notice(graph)) == expected
    helpers.setup_fonts()
    ax = plot_network(graph)
    assert [t.get_text() for t in ax.texts] == [expected.replace(" · ", "\n")]
    plt.close("all")


def test_a_network_with_edges_has_no_notice():
    assert network_notice(cooccurrence_network(planted_corpus(), top_n=10)) is None


def test_the_backbone_keeps_each_terms_strongest_link_and_then_the_strongest_overall():
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        [("a", "b", 0.9), ("b", "c", 0.8), ("a", "c", 0.7), ("c", "d", 0.1), ("d", "e", 0.05), ("a", "e", 0.06)]
    )
    assert backbone_edges(graph, max_edges=2, per_node=0) == [("a", "b"), ("b", "c")]
    # d's and e's strongest links stay although they are the weakest of all
    assert backbone_edges(graph, max_edges=2, per_node=1) == [("a", "b"), ("b", "c"), ("c", "d"), ("a", "e")]
    assert len(backbone_edges(graph, max_edges=100, per_node=1)) == 6


def test_the_drawing_shows_only_the_backbone_with_every_linked_term_labelled():
    helpers.setup_fonts()
    graph = cooccurrence_network(planted_corpus(), top_n=20)
    ax = plot_network(graph, max_edges=15, per_node=1)
    labels = {t.get_text() for t in ax.texts}
    assert set(PLANTED) <= labels
    drawn = len(backbone_edges(graph, max_edges=15, per_node=1))
    assert f"画出最强的 {drawn} / {graph.number_of_edges()} 条连线" in " ".join(labels)
    plt.close("all")


@pytest.mark.parametrize("window", ["sentence", "document", 3])
def test_counting_in_blocks_of_documents_gives_the_same_graph(monkeypatch, window):
    from helpers.compare import network

    docs = pd.DataFrame(
        {
            "doc_id": list("abcd"),
            "text": ["落实三会一课制度。推进乡村振兴战略。", "加强基层党组织建设。落实三会一课制度。",
                     "推进乡村振兴战略，加强基层党组织建设。", "落实三会一课制度，推进乡村振兴战略。"],
        }
    )  # fmt: skip
    whole = network.cooccurrence_network(docs, top_n=8, window=window, min_cooccurrence=1)
    monkeypatch.setattr(network, "NETWORK_BLOCK_TOKENS", 1)  # every document its own block
    blocked = network.cooccurrence_network(docs, top_n=8, window=window, min_cooccurrence=1)
    assert list(whole.edges(data=True)) == list(blocked.edges(data=True)) and whole.graph == blocked.graph
    assert whole.number_of_edges() > 0
