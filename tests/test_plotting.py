"""Chinese renders: no missing-glyph warnings in matplotlib, full cmap coverage in word clouds."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.config import read_data_lines
from helpers.plots.base import (
    CJK_FONT_FAMILY,
    bar_small_multiples,
    cjk_font_path,
    font_codepoints,
    heatmap,
    make_wordcloud,
    missing_glyphs,
    setup_fonts,
)

LABELS = ["基层党组织", "两新组织", "三会一课", "嘎查村", "创先争优", "−5%（负增长）"]


def _draw_and_collect_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = draw()
        fig.canvas.draw()  # glyph lookup happens at draw time
        plt.close(fig)
    return [str(w.message) for w in caught]


def test_font_is_bundled_and_registered_by_path():
    path = setup_fonts()
    assert path == cjk_font_path() and path.is_file()
    from matplotlib import font_manager

    assert any(f.name == CJK_FONT_FAMILY for f in font_manager.fontManager.ttflist)
    assert plt.rcParams["font.sans-serif"][0] == CJK_FONT_FAMILY
    assert plt.rcParams["axes.unicode_minus"] is False
    assert setup_fonts() == path  # idempotent


def test_default_font_really_misses_glyphs():
    # guards the test below: if DejaVu Sans were not missing CJK, a silent check would prove nothing
    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):

        def draw():
            fig, ax = plt.subplots()
            ax.set_title("基层党组织")
            return fig

        messages = _draw_and_collect_warnings(draw)
    assert any("missing from font" in m for m in messages)


def test_chinese_chart_draws_without_missing_glyph_warnings():
    setup_fonts()

    def draw():
        fig, ax = plt.subplots()
        ax.bar(LABELS, [3, 2, 1, 4, 5, -1])
        ax.set_title("基层党建主题词（负值：−1）")
        ax.set_xlabel("术语")
        ax.set_ylabel("得分")
        return fig

    messages = _draw_and_collect_warnings(draw)
    assert not [m for m in messages if "Glyph" in m or "missing from font" in m], messages


def test_project_charts_draw_without_missing_glyph_warnings():
    setup_fonts()
    table = pd.DataFrame(
        {"doc_id": ["甲", "甲", "乙"], "term": ["基层党组织", "三会一课", "两学一做"], "score": [0.5, 0.3, 0.4]}
    )
    messages = _draw_and_collect_warnings(lambda: bar_small_multiples(table, titles={"甲": "文档甲"}))
    matrix = pd.DataFrame([[0.2, 0.8]], index=["文档甲"], columns=["主题一", "主题二"])
    messages += _draw_and_collect_warnings(lambda: heatmap(matrix).figure)
    assert not [m for m in messages if "Glyph" in m or "missing from font" in m], messages


def test_wordcloud_font_covers_every_character_of_the_field_vocabulary():
    # Pillow draws a box for a missing glyph without any warning, so check the cmap itself.
    entries = [line.split()[0] for line in read_data_lines("userdict.txt")]
    assert missing_glyphs(entries) == []
    covered = font_codepoints()
    assert all(ord(ch) in covered for ch in "基层党组织嘎查村苏木")


def test_missing_glyphs_detects_uncovered_characters():
    # U+10FFFD is a private-use code point no font maps: the check must be able to fail.
    assert missing_glyphs(["党建\U0010fffd"]) == ["\U0010fffd"]


def test_wordcloud_draws_exactly_the_given_words_and_they_are_covered():
    weights = {"基层党组织": 5.0, "三会一课": 3.0, "两新组织": 2.0, "嘎查村": 1.0}
    wc = make_wordcloud(weights, width=300, height=200)
    drawn = [word for (word, _), *_ in wc.layout_]
    assert set(drawn) == set(weights)
    assert missing_glyphs(drawn, wc.font_path) == []
    assert wc.collocations is False
    assert str(cjk_font_path()) == wc.font_path


def test_wordcloud_refuses_words_it_would_draw_as_boxes():
    with pytest.raises(ValueError, match="no glyph"):
        make_wordcloud({"党建\U0010fffd": 1.0})
