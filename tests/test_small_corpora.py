"""Notebooks 02 and 03 on the smallest corpora: no readable document, one document, two documents.

A user's folder may hold a single article, or only a file that is not text.
The themes and clustering notebooks must still run to the end, and where a
method needs more documents the tables come back empty with their columns,
the charts say why in a labelled panel, and a sentence from a helper tells the
reader what cannot be shown. Each notebook runs through papermill as the
report command runs it (``helpers.report.execute_notebook``), on folders built
here from plain files; the cleaned tables and token caches go to the test's
temporary folder.
"""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import notices  # noqa: E402
from helpers import cluster as cl  # noqa: E402
from helpers.plots import clusters as cluster_plots  # noqa: E402
from helpers.plots import themes as theme_plots  # noqa: E402
from helpers import features as themes  # noqa: E402
from helpers.features import CorpusTfidf  # noqa: E402
from helpers.notices import Notice  # noqa: E402
from helpers.plots.base import setup_fonts  # noqa: E402
from helpers.report import NOTEBOOKS_DIR, execute_notebook  # noqa: E402

setup_fonts()  # the empty panels' notes are Chinese

BROKEN = b"\x00\x01binary\x00\x02\x03 not a text file"
ARTICLE_A = (
    "加强基层党组织建设\n\n"
    "各地要推动“两新”组织党建工作，落实三会一课制度，选好村党组织书记，培养嘎查村致富能手。\n"
    "基层党组织是党在社会基层组织中的战斗堡垒，要坚持抓基层、打基础，推动基层党组织全面进步、全面过硬。\n"
)
ARTICLE_B = (
    "高校基层党建工作创新研究\n\n"
    "高校党组织要加强学生党员发展和教育管理，提升组织力，把高校基层党组织建设成坚强战斗堡垒。\n"
    "辅导员队伍和学生党支部书记是高校党建工作的骨干力量，要完善培养制度，推动党建工作与思想政治教育深度融合。\n"
)

# folder name -> its files; each folder is one corpus a user could point the report at
CORPORA: dict[str, dict[str, bytes]] = {
    "only_broken": {"broken.txt": BROKEN},
    "one_document": {"a.txt": ARTICLE_A.encode("utf-8")},
    "two_documents": {"a.txt": ARTICLE_A.encode("utf-8"), "b.txt": ARTICLE_B.encode("utf-8")},
}

# what each notebook's notice cell must say for each corpus
NOTICES = {
    ("02", "only_broken"): ["没有含实词的文档", "主题至少需要 2 篇"],
    ("02", "one_document"): ["只有 1 篇文档", "主题至少需要 2 篇"],
    ("02", "two_documents"): ["只描述一篇文档"],
    ("03", "only_broken"): ["没有可读的文档"],
    ("03", "one_document"): ["聚类至少需要 2 篇文档 · clustering needs at least 2 documents"],
    ("03", "two_documents"): ["只有 2 篇文档", "k = 1"],
}
NOTICE_SOURCES = ("themes.corpus_notice(", "themes.topic_notice(", "analysis.notice()")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each tiny corpus folder and the folder its processed tables go to."""
    root = tmp_path_factory.mktemp("small")
    out = {}
    for name, files in CORPORA.items():
        folder = root / name
        folder.mkdir()
        for filename, data in files.items():
            (folder / filename).write_bytes(data)
        out[name] = (folder, root / f"{name}-processed")
    return out


def notebook_path(prefix: str) -> Path:
    (path,) = sorted(NOTEBOOKS_DIR.glob(f"{prefix}_*.ipynb"))
    return path


def notice_texts(executed: Path) -> list[str]:
    """The plain-text outputs of the notebook's notice cells."""
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    texts = []
    for cell in cells:
        if cell["cell_type"] == "code" and "".join(cell["source"]).startswith(NOTICE_SOURCES):
            for output in cell.get("outputs", []):
                texts.append("".join(output.get("data", {}).get("text/plain", "")))
    return texts


@pytest.mark.parametrize("prefix", ["02", "03"])
@pytest.mark.parametrize("corpus", list(CORPORA))
def test_notebook_runs_to_the_end_and_says_what_is_missing(corpora, tmp_path, prefix, corpus):
    folder, processed = corpora[corpus]
    executed = tmp_path / f"{prefix}.ipynb"
    # papermill raises PapermillExecutionError if any cell fails
    execute_notebook(notebook_path(prefix), executed,
                     {"corpus_dir": str(folder), "output_dir": str(processed)})
    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    errors = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    said = "\n".join(notice_texts(executed))
    for words in NOTICES[(prefix, corpus)]:
        assert words in said, f"{prefix} on {corpus}: {words!r} not in {said!r}"


# ------------------------------------------------------------ themes on 0, 1, 2 documents

NO_TOKENS = pd.Series([], dtype=object, index=pd.Index([], name="doc_id"))
ONE = pd.Series([["基层党组织", "三会一课", "基层党组织"]], index=pd.Index(["a"], name="doc_id"))
TWO = pd.Series([["基层党组织", "三会一课", "党员"], ["高校", "学生党员", "党员"]],
                index=pd.Index(["a", "b"], name="doc_id"))


def topic_tfidf(tokens: pd.Series) -> themes.CorpusTfidf:
    """The TF-IDF topics are fitted on, as notebook 02 computes it: terms of at least two documents."""
    return themes.corpus_tfidf(tokens, themes.TfidfSettings(min_df=2))


@pytest.mark.parametrize("tokens", [NO_TOKENS, pd.Series([[], []], index=["a", "b"])], ids=["none", "no_words"])
def test_themes_without_terms_give_empty_tables_with_columns(tokens):
    top = themes.top_terms(themes.corpus_tfidf(tokens))
    assert list(top.columns) == ["doc_id", "term", "score", "rank"] and top.empty
    assert list(themes.term_frequencies(tokens).columns) == ["term", "count", "doc_count", "share"]
    assert list(themes.distinctive_terms(tokens).columns) == ["term", "score", "doc_count", "count", "rank"]
    selection = themes.nmf_model_selection(topic_tfidf(tokens))
    assert selection.empty and list(selection.columns) == [
        "k", "reconstruction_error", "max_topic_similarity", "min_docs_per_topic"]
    topic_terms, doc_topics = themes.nmf_topics(topic_tfidf(tokens), themes.choose_n_topics(selection))
    assert topic_terms.empty and list(topic_terms.columns) == ["topic", "term", "weight", "rank"]
    assert doc_topics.shape == (len(tokens), 0)
    assert "没有含实词的文档" in str(themes.corpus_notice(tokens))
    assert notices.TOO_FEW_FOR_TOPICS_NOTE in str(themes.topic_notice(selection, 2))


def test_tfidf_has_terms_or_none_but_contradictory_settings_are_an_error():
    tfidf = themes.corpus_tfidf(TWO)
    assert tfidf.terms.tolist() == sorted(set(TWO.sum())) and tfidf.matrix.shape == (2, 5)
    pruned = themes.corpus_tfidf(pd.Series([["党建"], ["基层"]], index=["a", "b"]), themes.TfidfSettings(min_df=2))
    assert pruned.matrix.shape == (2, 0) and pruned.terms.size == 0
    with pytest.raises(ValueError):  # a contradictory setting is still the caller's error
        themes.TfidfSettings(min_df=2, max_df=1)


def test_one_document_ranks_terms_but_has_no_topics():
    top = themes.top_terms(themes.corpus_tfidf(ONE))
    assert top["term"].tolist() == ["基层党组织", "三会一课"]  # IDF is flat: frequency decides
    selection = themes.nmf_model_selection(topic_tfidf(ONE))
    assert selection.empty
    topic_terms, doc_topics = themes.nmf_topics(topic_tfidf(ONE), 4)
    assert topic_terms.empty and doc_topics.shape == (1, 0)
    notice = themes.corpus_notice(ONE)
    assert isinstance(notice, Notice) and "只有 1 篇文档" in str(notice)


def test_two_documents_get_topics_with_a_warning():
    # topics are fitted on terms of at least two documents: one shared term cannot carry two topics
    assert themes.nmf_model_selection(topic_tfidf(TWO)).empty
    assert notices.TOO_FEW_FOR_TOPICS_NOTE in str(themes.topic_notice(themes.nmf_model_selection(topic_tfidf(TWO)), 2))
    sharing = pd.Series([["基层党组织", "建设", "党员", "党员", "三会一课"], ["高校", "建设", "建设", "党员", "基层党组织"]],
                        index=pd.Index(["a", "b"], name="doc_id"))
    selection = themes.nmf_model_selection(topic_tfidf(sharing))
    assert selection["k"].tolist() == [2]
    n_topics = themes.choose_n_topics(selection, min_docs=2)
    topic_terms, doc_topics = themes.nmf_topics(topic_tfidf(sharing), n_topics)
    assert list(doc_topics.columns) == ["T1", "T2"]
    assert np.allclose(doc_topics.sum(axis=1), 1.0)
    assert themes.corpus_notice(TWO) is None
    assert "只描述一篇文档" in str(themes.topic_notice(selection, n_topics))
    qualifying = pd.DataFrame({"k": [2, 3], "min_docs_per_topic": [2, 1]})
    assert themes.topic_notice(qualifying, 2) is None


def test_comparison_of_no_document_and_first_document():
    empty = themes.compare_with_jieba(pd.DataFrame({"doc_id": [], "text": []}), themes.corpus_tfidf(NO_TOKENS))
    assert list(empty.columns) == ["doc_id", "rank", "corpus_tfidf", "jieba_idf", "in_both"]
    assert list(themes.first_document(empty).columns) == ["rank", "corpus_tfidf", "jieba_idf", "in_both"]
    assert list(themes.keyword_overlap(empty).columns) == ["doc_id", "overlap"]
    table = pd.DataFrame({"doc_id": ["b", "b", "a"], "term": ["高校", "党员", "党建"]})
    assert themes.first_document(table)["term"].tolist() == ["高校", "党员"]


def test_notice_shows_as_its_sentence():
    notice = Notice("聚类至少需要 2 篇文档")
    assert repr(notice) == str(notice) == "聚类至少需要 2 篇文档"
    assert "聚类至少需要 2 篇文档" in notice._repr_markdown_()


# ------------------------------------------------------------ clusters on 0, 1, 2 documents

def docs_frame(n: int) -> pd.DataFrame:
    texts = [ARTICLE_A, ARTICLE_B][:n]
    return pd.DataFrame({"doc_id": ["a", "b"][:n], "title": ["甲", "乙"][:n], "text": texts,
                         "parent_id": ["a", "b"][:n]})


def tfidf_of(corpus: pd.DataFrame | pd.Series) -> CorpusTfidf:
    """The TF-IDF the features stage makes of a docs frame or of token lists indexed by doc_id:
    the one place these tests build it."""
    from helpers.features import corpus_tfidf

    return corpus_tfidf(corpus)


def analysis_of(n: int) -> cl.ClusterAnalysis:
    docs = docs_frame(n)
    tokens = pd.Series(TWO.tolist()[:n], index=pd.Index(docs["doc_id"], name="doc_id"), dtype=object)
    return cl.analyse_clusters(tfidf_of(tokens), docs, cl.ClusterSettings(stability_runs=5))


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_documents_have_empty_views(n):
    analysis = analysis_of(n)
    assert analysis.k == 1 and analysis.restarts is None
    assert list(analysis.silhouettes.columns) == ["k", "silhouette"] and analysis.silhouettes.empty
    assert analysis.similarity().shape == (n, n)
    assert analysis.linkage().shape == (0, 4)
    assert analysis.coordinates().shape == (n, 2)
    assert analysis.explained_variance(10).size == 0
    assert analysis.characteristic_terms().empty
    assert list(analysis.summary().columns) == ["cluster", "size", "terms", "titles", "within", "between"]
    assert list(analysis.stability().columns) == ["cluster", "size", "restarts", "bootstrap"]
    pairs = analysis.near_duplicates(threshold=0.0)
    assert pairs.empty and list(pairs.columns) == ["doc_a", "doc_b", "similarity", "label_a", "label_b"]
    reference = cl.reference_labels(docs_frame(n), cl.SEED_COMPILATION_ID, ["general"])
    assert reference.merge(analysis.assignments, on="doc_id").empty  # doc_id types agree even when empty
    assert list(analysis.agreement_by_k(reference).columns) == ["k", "silhouette", "ari_genre", "ari_sector"]
    expected = "没有可读的文档" if n == 0 else notices.TOO_FEW_TO_CLUSTER_NOTE
    assert expected in str(analysis.notice())


def test_two_documents_are_compared_but_form_one_cluster():
    analysis = analysis_of(2)
    assert analysis.k == 1 and analysis.cluster.tolist() == [0, 0]
    assert analysis.similarity().shape == (2, 2)
    assert analysis.linkage().shape == (1, 4)
    assert analysis.characteristic_terms().empty  # one cluster: nothing to contrast it with
    assert analysis.stability()[["restarts", "bootstrap"]].isna().all().all()
    assert "k = 1" in str(analysis.notice())
    assert analysis.assignments.cluster.tolist() == [0, 0]


def test_enough_documents_need_no_notice():
    docs = pd.DataFrame({"doc_id": list("abcd"), "text": [""] * 4})
    tokens = pd.Series([["村党支部", "嘎查村"], ["村党支部", "嘎查村", "农村"], ["高校", "学生党员"],
                        ["高校", "学生党员", "辅导员"]], index=pd.Index(docs["doc_id"], name="doc_id"))
    analysis = cl.analyse_clusters(tfidf_of(tokens), docs, cl.ClusterSettings(stability_runs=2))
    assert analysis.k == 2 and analysis.notice() is None


def test_inserted_copy_control_on_tiny_corpora():
    assert cl.with_inserted_copy(docs_frame(0)).empty
    one = cl.with_inserted_copy(docs_frame(1), 1, "转载副本")
    assert one["doc_id"].tolist() == ["a", "转载副本"] and one["text"].nunique() == 1


# ------------------------------------------------------------ charts say why they are empty

def panel_text(figure) -> str:
    return " ".join(t.get_text() for ax in figure.axes for t in ax.texts)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_cluster_charts_draw_a_labelled_panel(n):
    analysis = analysis_of(n)
    labels, clusters = analysis.drawn_labels, analysis.drawn_clusters
    figures = {
        "map": cluster_plots.plot_map(analysis.coordinates(), labels, clusters),
        "silhouette": cluster_plots.plot_silhouette(analysis.silhouettes, analysis.k),
        "co_assignment": cluster_plots.plot_co_assignment(
            {"随机重启": analysis.restarts, "词项自助重抽样": analysis.bootstrap}, labels, clusters),
        "terms": cluster_plots.plot_cluster_terms(analysis.characteristic_terms(8), analysis.summary(), k=8),
    }
    if n < 2:
        figures["similarity"] = cluster_plots.plot_similarity(analysis.similarity(), labels, clusters)
        figures["dendrogram"] = cluster_plots.plot_dendrogram(analysis.linkage(), labels, clusters)
        figures["variance"] = cluster_plots.plot_explained_variance(analysis.explained_variance(10))
    notes = {"map": notices.TOO_FEW_FOR_MAP_NOTE, "silhouette": notices.NO_K_NOTE, "co_assignment": notices.NO_STABILITY_NOTE,
             "terms": notices.TOO_FEW_TO_CLUSTER_NOTE if n == 0 else notices.SINGLE_CLUSTER_NOTE,
             "similarity": notices.TOO_FEW_FOR_SIMILARITY_NOTE, "dendrogram": notices.TOO_FEW_TO_CLUSTER_NOTE,
             "variance": notices.TOO_FEW_FOR_LSA_NOTE}
    for name, figure in figures.items():
        assert notes[name] in panel_text(figure), name
    if n == 2:  # two documents can still be compared
        similarity = cluster_plots.plot_similarity(analysis.similarity(), labels, clusters)
        assert similarity.axes[0].images and "0." in panel_text(similarity)
    plt.close("all")


def test_theme_charts_draw_a_labelled_panel():
    empty_freq = themes.term_frequencies(NO_TOKENS)
    assert notices.NO_TERMS_NOTE in theme_plots.plot_term_counts(empty_freq).texts[0].get_text()
    assert notices.NO_TERMS_NOTE in panel_text(theme_plots.plot_top_terms(themes.top_terms(themes.corpus_tfidf(NO_TOKENS))))
    assert notices.NO_TERMS_NOTE in theme_plots.corpus_wordcloud(empty_freq).texts[0].get_text()
    assert notices.NO_TERMS_NOTE in panel_text(theme_plots.document_wordclouds({}))
    _, doc_topics = themes.nmf_topics(topic_tfidf(ONE), 4)
    assert notices.TOO_FEW_FOR_TOPICS_NOTE in theme_plots.plot_doc_topics(doc_topics).texts[0].get_text()
    # with terms, the same calls draw the chart itself
    assert len(theme_plots.plot_term_counts(themes.term_frequencies(TWO)).patches) == 5
    heatmap = theme_plots.plot_doc_topics(themes.nmf_topics(topic_tfidf(TWO), 2)[1])
    assert heatmap.images and notices.TOO_FEW_FOR_TOPICS_NOTE not in " ".join(t.get_text() for t in heatmap.texts)
    plt.close("all")
