"""Every numbered notebook on the smallest corpora: no document, a broken file only, one document, two.

A user's folder may hold no document at all, a single article, or only files
that are not text. Every notebook must still run to the end, and where a method
needs more documents the tables come back empty with their columns, the charts
say why in a labelled panel, and a sentence tells the reader what cannot be
shown. Each notebook runs through papermill as the report command runs it
(``helpers.report.execute_notebook``), on folders built here from plain files;
the cleaned tables, token caches and exports go to the test's temporary folder.

The notebooks are found by globbing ``notebooks/`` (``helpers.report.notebooks``),
so a new notebook runs on these corpora the day it is added; :data:`NOTICES` must
then say what it shows on each of them, or its notice test fails and says so.
Each notebook runs once per corpus (a module-scoped record of the executed
notebooks), and every check reads that one run. The runs start together when the
first check asks for one, two kernels at a time (each corpus's notebook 01 first,
since the later notebooks read the tables it writes), so the checks that need no
notebook run meanwhile.

A folder of broken files and an empty folder clean to the very same tables
(:func:`test_a_broken_folder_cleans_to_the_tables_of_an_empty_one`), and notebooks
02 on read the corpus only through those tables
(:func:`test_later_notebooks_read_the_corpus_only_through_its_cleaned_tables`): so
on ``only_broken`` only notebook 01 runs, and the checks of the later notebooks
on it read their run on ``no_documents`` (:data:`SAME_TABLES_AS`).
"""

from __future__ import annotations

import json
import re
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import helpers
from corpus_tables import cached_tables
from helpers import cluster as cl
from helpers import features as themes
from helpers import notices
from helpers.features import CorpusTfidf
from helpers.notices import Notice
from helpers.plots import clusters as cluster_plots
from helpers.plots import themes as theme_plots
from helpers.plots.base import setup_fonts
from helpers.report import execute_notebook, notebooks
from test_indicator_export import assert_excel_csv

setup_fonts()  # the empty panels' notes are Chinese

BROKEN = b"\x00\x01binary\x00\x02\x03 not a text file"
# high bytes that are no UTF-8, no GB18030 or Big5 a reader could use, and read as nothing by the detector
UNDECODABLE = bytes(range(0x80, 0x100)) * 4
ARTICLE_A = (
    "加强基层党组织建设\n\n"
    "各地要推动“两新”组织党建工作，落实三会一课制度，选好村党组织书记，培养嘎查村致富能手。\n"
    "基层党组织是党在社会基层组织中的战斗堡垒，要坚持抓基层、打基础，推动基层党组织全面进步、全面过硬。\n"
)
ARTICLE_B = (
    "高校基层党建工作创新研究\n\n"
    "高校党组织要加强学生党员发展和教育管理，提升组织力，把高校基层党组织建设成坚强战斗堡垒。\n"
    "辅导员队伍和学生党支部书记是高校党建工作的骨干力量，要完善培养制度，推动党建工作与思想政治教育深度融合。\n"
    "全校现有学生党员326名，学生党支部12个。\n"  # two figures, so notebook 04 charts a tiny corpus too
)

# folder name -> its files; each folder is one corpus a user could point the report at
CORPORA: dict[str, dict[str, bytes]] = {
    # no file but hidden ones, as a Mac and an editor leave a folder
    "no_documents": {".DS_Store": b"\x00\x00\x00\x01Bud1", ".~lock.a.docx#": b"user,host"},
    # files none of which can be read: binary garbage, bytes no supported encoding decodes, a damaged PDF
    "only_broken": {
        "broken.txt": BROKEN,
        "undecodable.txt": UNDECODABLE,
        "scan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    },
    "one_document": {"a.txt": ARTICLE_A.encode("utf-8")},
    "two_documents": {"a.txt": ARTICLE_A.encode("utf-8"), "b.txt": ARTICLE_B.encode("utf-8")},
}
PREFIXES = [path.name[:2] for path in notebooks()]

# what each notebook's notice cells must say for each corpus (whitespace runs compare as one space)
NOTICES = {
    ("01", "no_documents"): ["no files", "0 files, 0 unreadable, 0.00 MB -> 0 articles"],
    ("01", "only_broken"): [
        "3 files, 3 unreadable",
        "-> 0 articles",
        "broken.txt: binary file, not text",
        "undecodable.txt: undecodable: not valid UTF-8, UTF-16, GB18030/GBK or Big5 text",
        "scan.pdf: damaged PDF",
    ],
    ("01", "one_document"): ["1 files, 0 unreadable", "-> 1 articles"],
    ("01", "two_documents"): ["2 files, 0 unreadable", "-> 2 articles"],
    ("02", "no_documents"): ["没有含实词的文档", "主题至少需要 2 篇"],
    ("02", "only_broken"): ["没有含实词的文档", "主题至少需要 2 篇"],
    ("02", "one_document"): ["只有 1 篇文档", "主题至少需要 2 篇"],
    ("02", "two_documents"): ["只描述一篇文档"],
    ("03", "no_documents"): ["没有可读的文档"],
    ("03", "only_broken"): ["没有可读的文档"],
    ("03", "one_document"): ["聚类至少需要 2 篇文档 · clustering needs at least 2 documents"],
    ("03", "two_documents"): ["只有 2 篇文档", "k = 1"],
    ("04", "no_documents"): ["文档数 0 指标数 0", "没有可读的文档"],
    ("04", "only_broken"): ["文档数 0 指标数 0", "没有可读的文档"],
    ("04", "one_document"): ["文档数 1 指标数 0", "没有找到数量指标"],
    ("04", "two_documents"): ["文档数 2 指标数 2 度量 2"],
    ("05", "no_documents"): ["没有一篇文档带有“year”的值", "没有一篇文档带有“province”的值"],
    ("05", "only_broken"): ["没有一篇文档带有“year”的值", "没有一篇文档带有“province”的值"],
    ("05", "one_document"): ["没有一篇文档带有“year”的值", "画不出词共现网络"],
    ("05", "two_documents"): ["没有一篇文档带有“decade”的值", "没有一篇文档带有“province”的值"],
    ("06", "no_documents"): ["没有可编码的条款", "文本复用至少需要 2 篇文档"],
    ("06", "only_broken"): ["没有可编码的条款", "文本复用至少需要 2 篇文档"],
    ("06", "one_document"): ["还没有人工编码", "文本复用至少需要 2 篇文档，本语料只有 1 篇"],
    ("06", "two_documents"): ["还没有人工编码", "2 篇文档之间没有共有的 30 字以上段落"],
}
NOTICE_SOURCES = (
    "result = helpers.load_cleaned(",
    'print(f"{len(raw)} files',  # 01: the load's warnings, the count line
    "helpers.corpus_notice(",
    "helpers.topic_notice(",
    "analysis.notice()",  # 02, 03: Notice cells
    "cache = helpers.corpus_cache(",
    "helpers.indicator_notice(",  # 04: the summary table and its notice
    "helpers.comparison_notice(",
    "helpers.network_notice(",  # 05: what a comparison and a network cannot show
    "helpers.coverage_notice(",
    "agreement = helpers.coding_agreement(",
    "helpers.reuse_notice(",  # 06: what coding and reuse rest on
)


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


# corpora that clean to the same tables as another: notebooks after 01 run on that other one only
SAME_TABLES_AS = {"only_broken": "no_documents"}
PARALLEL_KERNELS = 2  # notebook runs at a time: mostly one process's CPU each (a kernel), on two cores


def ran_on(prefix: str, corpus: str) -> str:
    """The corpus whose run of notebook ``prefix`` stands for ``corpus``'s (see :data:`SAME_TABLES_AS`)."""
    return corpus if prefix == "01" else SAME_TABLES_AS.get(corpus, corpus)


@pytest.fixture(scope="module")
def executed(corpora, tmp_path_factory):
    """``executed(prefix, corpus)``: the notebook run on the corpus, read as JSON; each pair runs once per module.

    Every run is started on the first call, :data:`PARALLEL_KERNELS` at a time: each corpus's notebook 01
    first (the later ones read the tables it writes, as in the report command), then the rest.
    """
    out_dir = tmp_path_factory.mktemp("executed")
    pairs = [("01", corpus) for corpus in CORPORA] + [
        (prefix, corpus) for prefix in PREFIXES if prefix != "01" for corpus in CORPORA if corpus not in SAME_TABLES_AS
    ]
    futures: dict[tuple[str, str], Future] = {}
    pool = ThreadPoolExecutor(PARALLEL_KERNELS)

    def execute(prefix: str, corpus: str) -> dict:
        if prefix != "01":
            futures["01", corpus].result()  # started before this one, so never waited on by a queued task
        folder, processed = corpora[corpus]
        target = out_dir / f"{prefix}-{corpus}.ipynb"
        # papermill raises PapermillExecutionError if any cell fails
        execute_notebook(notebook_path(prefix), target, {"corpus_dir": str(folder), "output_dir": str(processed)})
        return json.loads(target.read_text(encoding="utf-8"))

    def run(prefix: str, corpus: str) -> dict:
        if not futures:
            for pair in pairs:
                futures[pair] = pool.submit(execute, *pair)
        return futures[prefix, ran_on(prefix, corpus)].result()

    yield run
    pool.shutdown(cancel_futures=True)


def notebook_path(prefix: str) -> Path:
    (path,) = [path for path in notebooks() if path.name.startswith(f"{prefix}_")]
    return path


def output_text(output: dict) -> str:
    """What an output shows as text: a stream's text, or a result's plain-text form."""
    if output.get("output_type") == "stream":
        return "".join(output["text"])
    return "".join(output.get("data", {}).get("text/plain", ""))


def notice_texts(notebook: dict) -> list[str]:
    """The text outputs of the notebook's notice cells."""
    texts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and "".join(cell["source"]).startswith(NOTICE_SOURCES):
            texts.extend(output_text(output) for output in cell.get("outputs", []))
    return texts


def spaced(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("corpus", list(CORPORA))
def test_notebook_runs_to_the_end_without_an_error(executed, prefix, corpus):
    notebook = executed(prefix, corpus)
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", (
                f"{prefix} on {corpus}, cell {index}: {output.get('ename')}: {output.get('evalue')}"
            )
            assert "Traceback" not in output_text(output), f"{prefix} on {corpus}, cell {index}"


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("corpus", list(CORPORA))
def test_notebook_runs_to_the_end_and_says_what_is_missing(executed, prefix, corpus):
    expected = NOTICES.get((prefix, corpus))
    assert expected, (
        f"NOTICES has nothing for notebook {prefix} on {corpus}: run it on that corpus, read what "
        "it tells the reader about what cannot be computed, and add those words (and the cell's "
        "opening to NOTICE_SOURCES)"
    )
    said = spaced("\n".join(notice_texts(executed(prefix, corpus))))
    for words in expected:
        assert spaced(words) in said, f"{prefix} on {corpus}: {words!r} not in {said!r}"


def test_cleaning_lists_each_unreadable_file_with_its_reason(executed):
    notebook = executed("01", "only_broken")
    listing = [cell for cell in notebook["cells"] if "".join(cell["source"]).startswith('raw.loc[raw["problem"] != ""')]
    assert listing, "notebook 01 has no cell listing the unreadable files"
    table = spaced("".join(output_text(o) for o in listing[0]["outputs"]))
    for name, reason in (("broken", "binary file, not text"), ("undecodable", "undecodable: not valid UTF-8")):
        assert f"only_broken/{name}.txt" in table and reason in table, (name, table)


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_indicators_are_exported_to_the_corpus_output_folder(executed, corpora, corpus):
    if "04" not in PREFIXES:
        pytest.skip("no notebook 04")
    corpus = ran_on("04", corpus)
    executed("04", corpus)
    processed = corpora[corpus][1]
    table = cached_tables(corpora[corpus][0], processed)["indicators"]  # the table notebook 04 computed and kept
    assert len(table) == (2 if corpus == "two_documents" else 0)
    assert_excel_csv(processed / "indicators.csv", table)


def test_indicators_notebook_says_in_words_why_it_shows_nothing(executed):
    notebook = executed("04", "only_broken")
    markdown = [
        "".join(output.get("data", {}).get("text/markdown", ""))
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell.get("outputs", [])
    ]
    assert any("注意 · Note" in text for text in markdown)


def test_a_broken_folder_cleans_to_the_tables_of_an_empty_one(corpora):
    """What lets the later notebooks' runs on ``no_documents`` stand for ``only_broken`` (:data:`SAME_TABLES_AS`)."""
    for corpus, same in SAME_TABLES_AS.items():
        with warnings.catch_warnings():  # each unreadable file and the empty folder are named: notebook 01's checks
            warnings.simplefilter("ignore", UserWarning)
            tables = [helpers.load_cleaned(*corpora[name], workers=1) for name in (corpus, same)]
        assert len(tables[0].raw) == len(CORPORA[corpus]) and tables[0].docs.empty  # every file read, none usable
        for name in ("docs", "audit"):
            pd.testing.assert_frame_equal(getattr(tables[0], name), getattr(tables[1], name), check_exact=True)


# the only calls of notebooks 02 on that name the corpus: they read the cleaned tables, and keep derived caches
CORPUS_READERS = re.compile(r"helpers\.(load_clean_corpus|corpus_cache)\(corpus_dir, output_dir(, texts=False)?\)")


def test_later_notebooks_read_the_corpus_only_through_its_cleaned_tables():
    """Notebooks 02 on see a corpus only as its cleaned ``docs`` (so equal tables make equal runs)."""
    for prefix in PREFIXES:
        if prefix == "01":
            continue
        cells = [
            "".join(cell["source"])
            for cell in json.loads(notebook_path(prefix).read_text(encoding="utf-8"))["cells"]
            if cell["cell_type"] == "code"
        ]
        parameters, *rest = cells
        assert "corpus_dir = None" in parameters and "output_dir = None" in parameters, prefix
        uses = "\n".join(CORPUS_READERS.sub("", cell) for cell in rest)
        assert "corpus_dir" not in uses and "output_dir" not in uses, f"notebook {prefix} reads the corpus otherwise"
        assert "raw" not in re.findall(r"\w+", uses) and "load_cleaned" not in uses, prefix
        assert any("helpers.load_clean_corpus(corpus_dir, output_dir, texts=False)" in cell for cell in rest), prefix


# ------------------------------------------------------------ themes on 0, 1, 2 documents

NO_TOKENS = pd.Series([], dtype=object, index=pd.Index([], name="doc_id"))
ONE = pd.Series([["基层党组织", "三会一课", "基层党组织"]], index=pd.Index(["a"], name="doc_id"))
TWO = pd.Series(
    [["基层党组织", "三会一课", "党员"], ["高校", "学生党员", "党员"]], index=pd.Index(["a", "b"], name="doc_id")
)


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
        "k",
        "reconstruction_error",
        "max_topic_similarity",
        "min_docs_per_topic",
    ]
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
    sharing = pd.Series(
        [["基层党组织", "建设", "党员", "党员", "三会一课"], ["高校", "建设", "建设", "党员", "基层党组织"]],
        index=pd.Index(["a", "b"], name="doc_id"),
    )
    selection = themes.nmf_model_selection(topic_tfidf(sharing))
    assert selection["k"].tolist() == [2]
    n_topics = themes.choose_n_topics(selection, min_docs=2)
    _, doc_topics = themes.nmf_topics(topic_tfidf(sharing), n_topics)
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
    return pd.DataFrame(
        {"doc_id": ["a", "b"][:n], "title": ["甲", "乙"][:n], "text": texts, "parent_id": ["a", "b"][:n]}
    )


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
    tokens = pd.Series(
        [["村党支部", "嘎查村"], ["村党支部", "嘎查村", "农村"], ["高校", "学生党员"], ["高校", "学生党员", "辅导员"]],
        index=pd.Index(docs["doc_id"], name="doc_id"),
    )
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
            {"随机重启": analysis.restarts, "词项自助重抽样": analysis.bootstrap}, labels, clusters
        ),
        "terms": cluster_plots.plot_cluster_terms(analysis.characteristic_terms(8), analysis.summary(), k=8),
    }
    if n < 2:
        figures["similarity"] = cluster_plots.plot_similarity(analysis.similarity(), labels, clusters)
        figures["dendrogram"] = cluster_plots.plot_dendrogram(analysis.linkage(), labels, clusters)
        figures["variance"] = cluster_plots.plot_explained_variance(analysis.explained_variance(10))
    notes = {
        "map": notices.TOO_FEW_FOR_MAP_NOTE,
        "silhouette": notices.NO_K_NOTE,
        "co_assignment": notices.NO_STABILITY_NOTE,
        "terms": notices.TOO_FEW_TO_CLUSTER_NOTE if n == 0 else notices.SINGLE_CLUSTER_NOTE,
        "similarity": notices.TOO_FEW_FOR_SIMILARITY_NOTE,
        "dendrogram": notices.TOO_FEW_TO_CLUSTER_NOTE,
        "variance": notices.TOO_FEW_FOR_LSA_NOTE,
    }
    for name, figure in figures.items():
        assert notes[name] in panel_text(figure), name
    if n == 2:  # two documents can still be compared
        similarity = cluster_plots.plot_similarity(analysis.similarity(), labels, clusters)
        assert similarity.axes[0].images and "0." in panel_text(similarity)
    plt.close("all")


def test_theme_charts_draw_a_labelled_panel():
    empty_freq = themes.term_frequencies(NO_TOKENS)
    assert notices.NO_TERMS_NOTE in theme_plots.plot_term_counts(empty_freq).texts[0].get_text()
    assert notices.NO_TERMS_NOTE in panel_text(
        theme_plots.plot_top_terms(themes.top_terms(themes.corpus_tfidf(NO_TOKENS)))
    )
    assert notices.NO_TERMS_NOTE in theme_plots.corpus_wordcloud(empty_freq).texts[0].get_text()
    assert notices.NO_TERMS_NOTE in panel_text(theme_plots.document_wordclouds({}))
    _, doc_topics = themes.nmf_topics(topic_tfidf(ONE), 4)
    assert notices.TOO_FEW_FOR_TOPICS_NOTE in theme_plots.plot_doc_topics(doc_topics).texts[0].get_text()
    # with terms, the same calls draw the chart itself
    assert len(theme_plots.plot_term_counts(themes.term_frequencies(TWO)).patches) == 5
    heatmap = theme_plots.plot_doc_topics(themes.nmf_topics(topic_tfidf(TWO), 2)[1])
    assert heatmap.images and notices.TOO_FEW_FOR_TOPICS_NOTE not in " ".join(t.get_text() for t in heatmap.texts)
    plt.close("all")
