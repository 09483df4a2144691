"""Every chart of the project, drawn from a small fixed input, compared with a committed baseline image.

nbval skips ``image/png`` outputs, so without this file no chart the notebooks show is checked. Each test
below draws one plotting function on a few hand-written rows (not computed from ``seeds/``, so a change
to the cleaning rules never moves a baseline) with Chinese labels, and pytest-mpl compares the PNG with
``tests/baseline/<test name>.png`` within ``TOLERANCE`` (RMS of the pixel difference, 0-255 scale).
Text stays in the images: the Chinese glyphs are part of what is checked.

    make test                                                       # compares (passes --mpl)
    .venv/bin/python -m pytest tests/test_chart_images.py --mpl     # this file alone
    .venv/bin/python -m pytest tests/test_chart_images.py --mpl-generate-path=tests/baseline
                                                                    # re-draw the baselines after an
                                                                    # intended change; look at each one

Without ``--mpl`` pytest-mpl would run these tests without comparing anything, so they skip and say so.
Two tests run always: a chart drawn with the wrong font is reported as different from its baseline
(the comparison catches Chinese turned into boxes), and every public function of the plotting modules
has a baseline test here, so a new chart without one fails the suite.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread
from matplotlib.testing.compare import compare_images

# The code under test: the only imports of it in this file (update them here if the plotting modules move).
import helpers
from helpers.plots import base as plotting
from helpers.plots import cleaning as cleaning_plots
from helpers.plots import clusters as cluster_plots
from helpers.plots import compare as compare_plots
from helpers.plots import explore as explore_controls
from helpers.plots import network as network_plots
from helpers.plots import policy as policy_plots
from helpers.plots import quantities as indicator_plots
from helpers.plots import reuse as reuse_plots
from helpers.plots import themes as theme_plots

PLOTTING_MODULES = (
    plotting,
    cleaning_plots,
    theme_plots,
    cluster_plots,
    indicator_plots,
    compare_plots,
    network_plots,
    policy_plots,
    reuse_plots,
)

BASELINE_DIR = Path(__file__).parent / "baseline"
# RMS difference (0-255 scale) an image may have from its baseline; how it was chosen: see chart_test.
TOLERANCE = 0.5
# 72 dpi (1 pt = 1 px): small files, fast, and 8-pt Chinese still draws as glyphs. "tight" is what the
# notebooks' inline backend does, so legends placed outside the axes are in the picture.
SAVEFIG = {"dpi": 72, "bbox_inches": "tight"}
# pytest-mpl draws inside plt.style.context(style, after_reset=True). "default" is matplotlib's defaults, as in
# the notebooks (pytest-mpl's own default is "classic"). The reset also undoes rcParams set outside the test
# function, so each test calls helpers.setup_fonts() itself, as the notebooks do.
STYLE = "default"
COMPARE = {"tolerance": TOLERANCE, "savefig_kwargs": SAVEFIG, "style": STYLE, "deterministic": True}

# Public functions of the plotting modules that draw no chart, with the reason.
NOT_CHARTS = {
    plotting.cjk_font_path: "returns the font's path",
    plotting.setup_fonts: "configures matplotlib; every test here calls it",
    plotting.font_codepoints: "reads the font's character map",
    plotting.missing_glyphs: "checks characters against the font",
    plotting.panel_grid: "empty layout of axes, drawn through wordcloud_grid and bar_small_multiples",
    cluster_plots.cluster_colour: "returns a colour",
    network_plots.backbone_edges: "chooses the edges plot_network draws",
    reuse_plots.most_reusing: "chooses the documents plot_reuse_matrix draws",
    explore_controls.widgets_are_live: "decides whether controls are shown",
    explore_controls.explore_trends: "controls; the chart is the trend plot's, compared with its own baseline",
    explore_controls.explore_keyness: "controls over a table",
    explore_controls.explore_kwic: "controls over a table",
}

# function -> names of the tests that compare its image; filled by @chart_test below.
CHART_TESTS: dict = {}


def chart_test(*functions):
    """Mark a test as the image test of ``functions`` (recorded in ``CHART_TESTS``) and compare its figure.

    ``TOLERANCE`` was chosen by measuring these baselines (matplotlib 3.11.2, Pillow 13.0.0, the pinned
    venv): redrawn in a new process every image is byte-identical (RMS 0.0). Deliberate changes: a bar
    order reversed gives RMS 34-86; one input value changed gives 2.4-40 (smallest: one cell of the
    similarity heatmap, 0.41 -> 0.38); the smallest change tried, one digit of one 6.5-pt annotation
    (0.15 -> 0.16), gives 0.93. A wrong font changes the image's size (the text's bounding box), which
    fails whatever the tolerance. 0.5 fails all of these and leaves room for anti-aliasing noise of
    another machine; a redraw that moves by more than that is worth a look.
    """

    def mark(test):
        for function in functions:
            CHART_TESTS.setdefault(function, []).append(test.__name__)
        return pytest.mark.mpl_image_compare(**COMPARE)(test)

    return mark


@pytest.fixture(autouse=True)
def _image_comparison_is_on(request):
    """An image test skips, saying why, when pytest-mpl is not comparing (it would pass unchecked)."""
    if request.node.get_closest_marker("mpl_image_compare") is None:
        return
    config = request.config
    if not (config.getoption("--mpl") or config.getoption("--mpl-generate-path")):
        pytest.skip("image comparison is off: run pytest with --mpl (make test does)")


def _fig(chart):
    """The Figure of what a plotting function returned (some return the Axes)."""
    return chart if isinstance(chart, plt.Figure) else chart.figure


# --- plotting.py ---------------------------------------------------------------------------------------

WEIGHTS = {
    "基层党组织": 9.0,
    "两新组织": 7.0,
    "党员": 6.0,
    "三会一课": 5.0,
    "党建": 4.0,
    "组织生活": 3.0,
    "第一书记": 2.5,
    "嘎查村": 2.0,
    "党群服务中心": 1.5,
}


@chart_test(plotting.make_wordcloud, plotting.draw_wordcloud)
def test_wordcloud():
    helpers.setup_fonts()
    wc = plotting.make_wordcloud(WEIGHTS, width=300, height=170, random_state=0)
    return _fig(plotting.draw_wordcloud(wc, title="基层党建词云"))


@chart_test(plotting.wordcloud_grid)
def test_wordcloud_grid():
    helpers.setup_fonts()
    groups = {
        "a": {"基层党组织": 5.0, "党员": 4.0, "三会一课": 2.0, "组织生活": 1.0},
        "b": {"两新组织": 6.0, "党建": 3.0, "第一书记": 2.0, "嘎查村": 1.0},
    }
    return plotting.wordcloud_grid(groups, ncols=2, random_state=0, titles={"a": "001 党员教育", "b": "002 两新组织"})


@chart_test(plotting.bar_small_multiples)
def test_bar_small_multiples():
    helpers.setup_fonts()
    table = pd.DataFrame(
        {
            "doc_id": ["甲"] * 4 + ["乙"] * 3,
            "term": ["基层党组织", "党员", "三会一课", "组织生活", "两新组织", "党建", "嘎查村"],
            "score": [0.52, 0.31, 0.24, 0.11, 0.47, 0.36, 0.18],
        }
    )
    return plotting.bar_small_multiples(table, ncols=2, k=4, titles={"甲": "甲 党员教育", "乙": "乙 两新组织"})


TERM_COUNTS = pd.DataFrame(
    {
        "term": ["党员", "基层党组织", "两新组织", "三会一课", "党建", "组织生活", "第一书记", "嘎查村"],
        "count": [41, 33, 27, 20, 16, 11, 7, 3],
    }
)


@chart_test(plotting.bar_terms)
def test_bar_terms():
    helpers.setup_fonts()
    return _fig(plotting.bar_terms(TERM_COUNTS, k=8, title="出现最多的词"))


@chart_test(plotting.heatmap)
def test_heatmap():
    helpers.setup_fonts()
    matrix = pd.DataFrame(
        [[0.82, 0.10, 0.05], [0.15, 0.64, 0.21], [0.02, 0.30, 0.71]],
        index=["001 党员教育", "002 两新组织", "003 嘎查村"],
        columns=["党员·教育", "两新组织·覆盖", "嘎查村·牧区"],
    )
    return _fig(plotting.heatmap(matrix, cmap="Blues", fmt="{:.0%}"))


@chart_test(plotting.empty_panel)
def test_empty_panel():
    helpers.setup_fonts()
    return _fig(plotting.empty_panel("资金指标（万元）", "本语料中没有此类指标"))


# --- cleaning_plots.py ---------------------------------------------------------------------------------


@chart_test(cleaning_plots.plot_audit)
def test_plot_audit():
    helpers.setup_fonts()
    summary = pd.DataFrame(
        {
            "doc_id": ["000_基层党组织"] * 4 + ["001_两新组织"] * 3 + ["002_党员教育"] * 2,
            "rule": [
                "boilerplate:nav_bar",
                "boilerplate:footer",
                "drop_dateline",
                "drop_blank",
                "boilerplate:nav_bar",
                "remove_pinyin_annotations",
                "normalise_whitespace",
                "duplicate_line",
                "drop_blank",
            ],
            "action": [
                "removed",
                "removed",
                "removed",
                "removed",
                "removed",
                "changed",
                "changed",
                "removed",
                "removed",
            ],
            "lines": [12, 5, 2, 40, 7, 3, 25, 1, 9],  # drop_blank and normalise_whitespace are hidden
        }
    )
    return _fig(cleaning_plots.plot_audit(summary))


@chart_test(cleaning_plots.plot_documents_per)
def test_plot_documents_per_year():
    helpers.setup_fonts()
    counts = pd.DataFrame({"year": [2016, 2017, 2019, "(none)"], "documents": [3, 1, 4, 2]})
    return _fig(cleaning_plots.plot_documents_per(counts))


@chart_test(cleaning_plots.plot_documents_per)
def test_plot_documents_per_province():
    helpers.setup_fonts()
    counts = pd.DataFrame({"province": ["浙江省", "河南省", "内蒙古自治区", "(none)"], "documents": [5, 3, 1, 2]})
    return _fig(cleaning_plots.plot_documents_per(counts))


# --- theme_plots.py ------------------------------------------------------------------------------------


@chart_test(theme_plots.plot_term_counts)
def test_plot_term_counts():
    helpers.setup_fonts()
    return _fig(theme_plots.plot_term_counts(TERM_COUNTS, k=6, title="语料中出现最多的6个词"))


TOP_TERMS = pd.DataFrame(
    {
        "doc_id": ["001"] * 3 + ["002"] * 3,
        "term": ["党员", "三会一课", "组织生活", "两新组织", "基层党组织", "党建"],
        "score": [0.44, 0.29, 0.17, 0.51, 0.33, 0.12],
    }
)


@chart_test(theme_plots.plot_top_terms)
def test_plot_top_terms():
    helpers.setup_fonts()
    return _fig(
        theme_plots.plot_top_terms(TOP_TERMS, k=3, titles={"001": "001 党员教育管理", "002": "002 两新组织覆盖"})
    )


@chart_test(theme_plots.plot_doc_topics)
def test_plot_doc_topics():
    helpers.setup_fonts()
    doc_topics = pd.DataFrame(
        [[0.61, 0.05], [0.12, 0.48], [0.30, 0.33]],
        index=["001 党员教育", "002 两新组织", "003 基层党组织"],
        columns=["党员·教育·管理", "两新组织·覆盖·党建"],
    )
    return _fig(theme_plots.plot_doc_topics(doc_topics))


@chart_test(theme_plots.corpus_wordcloud)
def test_corpus_wordcloud():
    helpers.setup_fonts()
    freq = pd.DataFrame({"term": list(WEIGHTS), "count": [int(v * 4) for v in WEIGHTS.values()]})
    return _fig(theme_plots.corpus_wordcloud(freq, max_words=20, title="语料词频"))


@chart_test(theme_plots.document_wordclouds)
def test_document_wordclouds():
    helpers.setup_fonts()
    weights = {
        "001": {"党员": 0.44, "三会一课": 0.29, "组织生活": 0.17},
        "002": {"两新组织": 0.51, "基层党组织": 0.33, "党建": 0.12},
    }
    return _fig(theme_plots.document_wordclouds(weights, titles={"001": "001 党员教育", "002": "002 两新组织"}))


# --- cluster_plots.py ----------------------------------------------------------------------------------

DOC_LABELS = ["001 党员教育", "002 两新组织", "003 基层党组织", "004 嘎查村"]
DOC_CLUSTERS = [0, 1, 0, 1]


@chart_test(cluster_plots.plot_explained_variance)
def test_plot_explained_variance():
    helpers.setup_fonts()
    return cluster_plots.plot_explained_variance(np.array([0.34, 0.21, 0.12, 0.07]))


SIMILARITY = np.array(
    [
        [1.00, 0.12, 0.58, 0.09],
        [0.12, 1.00, 0.15, 0.41],
        [0.58, 0.15, 1.00, 0.11],
        [0.09, 0.41, 0.11, 1.00],
    ]
)


@chart_test(cluster_plots.plot_similarity)
def test_plot_similarity():
    helpers.setup_fonts()
    return cluster_plots.plot_similarity(SIMILARITY, DOC_LABELS, DOC_CLUSTERS)


@chart_test(cluster_plots.plot_dendrogram)
def test_plot_dendrogram():
    helpers.setup_fonts()
    # scipy linkage rows: (left, right, distance, size); leaves 0-3, merged clusters 4 and 5
    linkage = np.array([[0, 2, 0.42, 2], [1, 3, 0.59, 2], [4, 5, 0.88, 4]], dtype=float)
    return cluster_plots.plot_dendrogram(linkage, DOC_LABELS, DOC_CLUSTERS)


@chart_test(cluster_plots.plot_silhouette)
def test_plot_silhouette():
    helpers.setup_fonts()
    table = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.21, 0.14, 0.08]})
    return cluster_plots.plot_silhouette(table, 2)


@chart_test(cluster_plots.plot_map)
def test_plot_map():
    helpers.setup_fonts()
    coords = np.array([[-0.40, 0.10], [0.35, 0.22], [-0.31, -0.05], [0.42, -0.18], [0.05, 0.30]])
    labels = [*DOC_LABELS, "005 党群服务中心"]
    return cluster_plots.plot_map(coords, labels, [0, 1, 0, 1, 1])


@chart_test(cluster_plots.plot_co_assignment)
def test_plot_co_assignment():
    helpers.setup_fonts()
    restarts = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]])
    bootstrap = np.array([[1.0, 0.1, 0.8, 0.2], [0.1, 1.0, 0.3, 0.7], [0.8, 0.3, 1.0, 0.1], [0.2, 0.7, 0.1, 1.0]])
    return cluster_plots.plot_co_assignment(
        {"随机重启": restarts, "词项自助重抽样": bootstrap}, DOC_LABELS, DOC_CLUSTERS
    )


@chart_test(cluster_plots.plot_cluster_terms)
def test_plot_cluster_terms():
    helpers.setup_fonts()
    terms = pd.DataFrame(
        {
            "cluster": [0, 0, 0, 1, 1, 1],
            "term": ["党员", "三会一课", "组织生活", "两新组织", "嘎查村", "党群服务中心"],
            "score": [0.21, 0.14, 0.06, 0.25, 0.17, 0.09],
        }
    )
    summary = pd.DataFrame({"cluster": [0, 1], "size": [2, 2]})
    return cluster_plots.plot_cluster_terms(terms, summary, k=3)


# --- indicator_plots.py --------------------------------------------------------------------------------


@chart_test(indicator_plots.plot_quantities)
def test_plot_quantities():
    helpers.setup_fonts()
    frame = pd.DataFrame(
        {
            "标签": [
                "001 · 党员（党员163万名）",
                "002 · 基层党组织（4.9万个）",
                "003 · 第一书记（863名）",
                "004 · 党群服务中心（126个）",
            ],
            "数值": [1630000.0, 49000.0, 863.0, 126.0],  # spans more than 100 times: log scale
        }
    )
    return _fig(indicator_plots.plot_quantities(frame, title="人数与组织数", xlabel="人数", color="#b22222"))


@chart_test(indicator_plots.plot_quantities)
def test_plot_quantities_percent():
    helpers.setup_fonts()
    frame = pd.DataFrame(
        {
            "标签": ["001 · 两新组织（覆盖率76%）", "002 · 党员（参学率93.5%）", "003 · 嘎查村（达标率58%）"],
            "数值": [76.0, 93.5, 58.0],
        }
    )
    return _fig(
        indicator_plots.plot_quantities(
            frame, title="比率与百分比指标", xlabel="百分比（%）", color="#2e7d32", percent=True
        )
    )


COUNTS = pd.DataFrame(
    {"人员": [6, 2, 4], "组织": [3, 5, 1], "资金": [0, 2, 3]},
    index=pd.Index(["001 党员教育", "002 两新组织", "003 嘎查村"], name="文档"),
)


@chart_test(indicator_plots.plot_counts)
def test_plot_counts():
    helpers.setup_fonts()
    return _fig(indicator_plots.plot_counts(COUNTS, title="各文档的指标数（按类别）", xlabel="指标数", ylabel="文档"))


@chart_test(indicator_plots.plot_counts)
def test_plot_counts_by_year():
    helpers.setup_fonts()
    by_year = COUNTS.set_axis(pd.Index(["2019", "2021", "2023"], name="年份"))
    return _fig(
        indicator_plots.plot_counts(
            by_year, title="按年份的指标数（按类别）", xlabel="年份", ylabel="指标数", horizontal=False
        )
    )


# One indicator, achieved and targeted, in three provinces: a dot, a range bar and a target without a range.
GROWTH = pd.DataFrame(
    {
        "province": ["浙江省", "浙江省", "河南省", "河南省", "广东省"],
        "subject": ["地区生产总值"] * 5,
        "value": [6.0, 5.0, 4.1, 4.5, 4.8],
        "value_high": [np.nan, np.nan, np.nan, 5.0, np.nan],
        "unit": ["%"] * 5,
        "role": ["measure"] * 5,
        "status": ["achieved", "target", "achieved", "target", "achieved"],
        "mention": ["6%", "5%左右", "4.1%", "4.5%—5%", "4.8%"],
        "doc_id": ["zj", "zj", "hn", "hn", "gd"],
        "stated_year": pd.array([2023, 2024, 2023, 2024, 2023], dtype="Int64"),
        "year": pd.array([2024, 2024, 2024, 2025, 2024], dtype="Int64"),
    }
)


@chart_test(indicator_plots.plot_indicator_range)
def test_plot_indicator_range():
    helpers.setup_fonts()
    return _fig(indicator_plots.plot_indicator_range(GROWTH, "生产总值", by="province"))


@chart_test(indicator_plots.plot_indicator_range)
def test_plot_indicator_range_by_year():
    helpers.setup_fonts()
    in_yuan = GROWTH.assign(value=GROWTH["value"] * 1e12, value_high=GROWTH["value_high"] * 1e12, unit="元")
    return _fig(
        indicator_plots.plot_indicator_range(in_yuan, ["生产总值"], by="stated_year", title="按所述年份（亿元）")
    )


# --- compare_plots.py ----------------------------------------------------------------------------------

TRENDS = pd.DataFrame(
    {
        "year": [1982, 1987, 1992, 2017, 2022] * 2,
        "term": ["改革开放"] * 5 + ["新时代"] * 5,
        "count": [0, 29, 55, 9, 11, 0, 0, 0, 37, 39],
        "n_tokens": [7500, 8000, 6650, 9450, 9700] * 2,
        "rate": [0.0, 36.2, 82.7, 9.5, 11.3, 0.0, 0.0, 0.0, 39.2, 40.2],
        "n_docs": [0, 1, 1, 1, 1, 0, 0, 0, 1, 1],
    }
)


@chart_test(compare_plots.plot_trends)
def test_plot_trends():
    helpers.setup_fonts()
    documents = pd.DataFrame({"year": [1982, 1987, 1992, 2017, 2022], "documents": [1, 2, 1, 3, 1]})
    return compare_plots.plot_trends(TRENDS, documents, ncols=2)


@chart_test(compare_plots.plot_keyness)
def test_plot_keyness():
    helpers.setup_fonts()
    table = pd.DataFrame(
        {
            "term": ["共同富裕", "数字经济", "党建", "粮食安全", "乡村振兴"],
            "target_count": [12, 8, 5, 0, 1],
            "reference_count": [0, 2, 6, 12, 20],
            "g2": [31.5, 12.2, 0.4, -14.8, -25.1],
            "log_ratio": [5.6, 2.9, 0.2, -4.6, -4.3],
            "p": [0.0, 0.0005, 0.53, 0.0001, 0.0],
        }
    )
    return _fig(compare_plots.plot_keyness(table, "浙江省", ["河南省", "四川省"], k=3))


@chart_test(compare_plots.plot_prevalence)
def test_plot_prevalence():
    helpers.setup_fonts()
    prevalence = pd.DataFrame(
        {
            "decade": [1960, 1960, 1990, 1990, 2010, 2010],
            "topic": ["T1", "T2"] * 3,
            "weight": [0.05, 0.95, 0.76, 0.24, 1.0, 0.0],
            "n_docs": [1, 1, 3, 3, 3, 3],
        }
    )
    return _fig(compare_plots.plot_prevalence(prevalence, topic_names={"T1": "T1 改革·发展", "T2": "T2 革命·阶级"}))


# --- network_plots.py ----------------------------------------------------------------------------------


def _small_network():
    """Two communities of policy terms joined by one weak link, with a term that has no link (left out)."""
    import networkx as nx

    graph = nx.Graph(window="sentence", measure="ochiai", min_cooccurrence=2)
    nodes = [
        ("基层党组织", 40, 0),
        ("党员", 35, 0),
        ("三会一课", 20, 0),
        ("组织生活", 18, 0),
        ("乡村振兴", 30, 1),
        ("产业", 22, 1),
        ("嘎查村", 12, 1),
        ("第一书记", 8, 2),
    ]
    graph.add_nodes_from((term, {"count": count, "community": community}) for term, count, community in nodes)
    edges = [
        ("基层党组织", "党员", 0.62),
        ("党员", "三会一课", 0.48),
        ("三会一课", "组织生活", 0.71),
        ("基层党组织", "组织生活", 0.33),
        ("乡村振兴", "产业", 0.55),
        ("产业", "嘎查村", 0.41),
        ("乡村振兴", "嘎查村", 0.12),
        ("基层党组织", "乡村振兴", 0.09),
    ]
    graph.add_edges_from((a, b, {"weight": w, "cooccurrences": round(w * 50)}) for a, b, w in edges)
    return graph


@chart_test(network_plots.plot_network)
def test_plot_network():
    helpers.setup_fonts()
    return _fig(network_plots.plot_network(_small_network(), max_edges=6, per_node=1))


@chart_test(network_plots.plot_network)
def test_plot_network_empty():
    import networkx as nx

    helpers.setup_fonts()
    graph = nx.Graph(window="sentence", min_cooccurrence=2)
    graph.add_nodes_from(["党员", "干部"], count=1, community=0)
    return _fig(network_plots.plot_network(graph))


# --- policy_plots.py -----------------------------------------------------------------------------------


def _instrument_shares(by: str, groups: list, counts: dict) -> pd.DataFrame:
    """A table shaped like helpers.policy.instrument_shares: ``counts`` maps a tool to its count per group."""
    types = {"资金投入": "supply", "人才培养": "supply", "法规管制": "environment", "税收优惠": "environment",
             "示范试点": "demand"}  # fmt: skip
    tools = pd.DataFrame(
        [{by: g, "level": "tool", "type": types[t], "tool": t, "count": n[i]} for i, g in enumerate(groups)
         for t, n in counts.items()]
    )  # fmt: skip
    kinds = tools.groupby([by, "type"], sort=False)["count"].sum().reset_index().assign(level="type", tool=None)
    table = pd.concat([kinds, tools], ignore_index=True)
    table["share"] = (table["count"] / table.groupby([by, "level"])["count"].transform("sum")).round(4)
    return table[[by, "level", "type", "tool", "count", "share"]]


INSTRUMENT_COUNTS = {"资金投入": [6, 3, 1], "人才培养": [2, 4, 0], "法规管制": [5, 9, 2], "税收优惠": [3, 0, 1],
                     "示范试点": [1, 2, 4]}  # fmt: skip


@chart_test(policy_plots.plot_instrument_shares)
def test_plot_instrument_shares():
    helpers.setup_fonts()
    shares = _instrument_shares("year", [2016, 2019, 2022], INSTRUMENT_COUNTS)
    return _fig(policy_plots.plot_instrument_shares(shares))


@chart_test(policy_plots.plot_instrument_shares)
def test_plot_instrument_shares_by_tool():
    helpers.setup_fonts()
    shares = _instrument_shares("doc_id", ["001 人才政策", "002 财税政策", "003 试点方案"], INSTRUMENT_COUNTS)
    return _fig(policy_plots.plot_instrument_shares(shares, level="tool"))


@chart_test(policy_plots.plot_instrument_shares)
def test_plot_instrument_shares_empty():
    helpers.setup_fonts()
    empty = pd.DataFrame(columns=["province", "level", "type", "tool", "count", "share"])
    return _fig(policy_plots.plot_instrument_shares(empty))


@chart_test(policy_plots.plot_tool_types)
def test_plot_tool_types():
    helpers.setup_fonts()
    shares = _instrument_shares("year", [2016, 2019, 2022], INSTRUMENT_COUNTS)
    return _fig(policy_plots.plot_tool_types(shares))


# --- the suite's own guarantees -------------------------------------------------------------------------


def image_difference(baseline: Path, result: Path, tolerance: float = TOLERANCE) -> str | None:
    """What pytest-mpl reports for ``result`` against ``baseline``: None when they match within tolerance.

    Like pytest-mpl, a different size is a difference; otherwise matplotlib's ``compare_images``.
    """
    expected, actual = imread(str(baseline)).shape[:2], imread(str(result)).shape[:2]
    if expected != actual:
        return f"image sizes differ: {expected} != {actual}"
    found = compare_images(str(baseline), str(result), tol=tolerance, in_decorator=True)
    return None if found is None else f"RMS {found['rms']:.2f} > tolerance {tolerance}"


def _draw_like_pytest_mpl(test, path: Path, **savefig) -> Path:
    with plt.style.context(STYLE, after_reset=True):
        fig = test()
        fig.savefig(path, **{**SAVEFIG, "metadata": {"Software": None}, **savefig})
        plt.close(fig)
    return path


@pytest.mark.parametrize("test", [test_bar_terms, test_plot_similarity, test_plot_audit], ids=lambda t: t.__name__)
def test_a_chart_in_the_wrong_font_differs_from_its_baseline(test, tmp_path, monkeypatch):
    """Chinese drawn in DejaVu Sans (boxes: what a broken setup_fonts shows) fails the image comparison."""
    baseline = BASELINE_DIR / f"{test.__name__}.png"
    right = _draw_like_pytest_mpl(test, tmp_path / "right.png")
    assert image_difference(baseline, right) is None  # the control: drawn as pytest-mpl draws, it matches

    def wrong_fonts():
        plotting.setup_fonts()
        plt.rcParams["font.sans-serif"] = ["DejaVu Sans"]

    monkeypatch.setattr(helpers, "setup_fonts", wrong_fonts)
    with pytest.warns(UserWarning, match="missing from font"):  # the boxes really are drawn
        wrong = _draw_like_pytest_mpl(test, tmp_path / "wrong.png")
    assert image_difference(baseline, wrong) is not None  # (a different size: the boxes are wider or narrower)

    # The same two charts on a canvas of fixed size, so that only pixels differ: RMS alone catches the boxes.
    with pytest.warns(UserWarning, match="missing from font"):
        wrong_fixed = _draw_like_pytest_mpl(test, tmp_path / "wrong_fixed.png", bbox_inches=None)
    monkeypatch.undo()
    right_fixed = _draw_like_pytest_mpl(test, tmp_path / "right_fixed.png", bbox_inches=None)
    found = compare_images(str(right_fixed), str(wrong_fixed), tol=TOLERANCE, in_decorator=True)
    assert found is not None and found["rms"] > 4 * TOLERANCE, found


def _plotting_functions() -> set:
    """Public functions defined in a plotting module: the listed ones and any ``helpers`` module with *plot* in its
    dotted name (``helpers.plots.themes``, or a future ``helpers.plots.theme``)."""
    modules = set(PLOTTING_MODULES)
    for info in pkgutil.walk_packages(helpers.__path__, helpers.__name__ + "."):
        if "plot" in info.name.split(".", 1)[1]:
            modules.add(importlib.import_module(info.name))
    found = set()
    for module in modules:
        for name, member in vars(module).items():
            function = inspect.unwrap(member)  # font_codepoints is wrapped by lru_cache
            if not name.startswith("_") and inspect.isfunction(function) and function.__module__ == module.__name__:
                found.add(member)
    return found


def test_every_plotting_function_has_a_baseline_test():
    functions = _plotting_functions()
    named = lambda found: sorted(f"{f.__module__}.{f.__name__}" for f in found)  # noqa: E731
    tests = sorted({name for names in CHART_TESTS.values() for name in names})
    listed = set(CHART_TESTS) | set(NOT_CHARTS)
    problems = {
        "no image test (add one with @chart_test, or a NOT_CHARTS entry)": named(functions - listed),
        "listed here but no longer a public plotting function": named(listed - functions),
        "no baseline image (generate with --mpl-generate-path=tests/baseline)": [
            name for name in tests if not (BASELINE_DIR / f"{name}.png").is_file()
        ],
    }
    assert not any(problems.values()), {what: found for what, found in problems.items() if found}


# --- reuse_plots.py ------------------------------------------------------------------------------------


def _reuse_matrix(n: int) -> pd.DataFrame:
    """Shares of ``n`` documents found in one another: a chain of local documents copying the one before."""
    names = [
        f"{place}通知" for place in ["国务院", "浙江省", "杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市"][:n]
    ]
    values = np.zeros((n, n))
    for row in range(1, n):
        values[row, row - 1] = round(0.9 / row, 2)
        values[row - 1, row] = round(0.3 / row, 2)
    return pd.DataFrame(values, index=pd.Index(names, name="doc_id"), columns=pd.Index(names, name="source"))


@chart_test(reuse_plots.plot_reuse_matrix)
def test_plot_reuse_matrix():
    helpers.setup_fonts()
    labels = pd.Series({"国务院通知": "国务院 关于加强基层党建", "浙江省通知": "浙江省 实施意见"})
    return _fig(reuse_plots.plot_reuse_matrix(_reuse_matrix(4), labels=labels))


@chart_test(reuse_plots.plot_reuse_matrix)
def test_plot_reuse_matrix_most_reusing():
    helpers.setup_fonts()
    return _fig(reuse_plots.plot_reuse_matrix(_reuse_matrix(8), max_docs=3))


@chart_test(reuse_plots.plot_reuse_matrix)
def test_plot_reuse_matrix_empty():
    helpers.setup_fonts()
    return _fig(reuse_plots.plot_reuse_matrix(pd.DataFrame()))
