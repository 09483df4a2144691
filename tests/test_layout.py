"""The page-layout rules on paginated texts written by hand (the PDF reader's convention: pages start
with a form feed, a paragraph's first line with two ideographic spaces), and property tests of the
page-number and spaced-hanzi tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from helpers.clean.document import DocumentCleaning, Line
from helpers.clean.layout import (
    apply_layout_rules,
    is_page_number,
    join_spaced_hanzi,
    running_header_lines,
)
from helpers.clean.pipeline import clean_document, cleaning_rules

IND = "\u3000\u3000"
PAGINATED = "\n".join(
    [
        "××市人民政府办公室文件",
        f"{IND}关于加强基层党组织建设的通知",
        f"{IND}各县（区）人民政府，市政府各部门：为深入贯彻",  # 24 wide
        "落实党中央决策部署，进一步加强基层党组织",  # 20 wide: the full line
        "建设，现将有关事项通知如下。",  # short, ends the paragraph
        f"{IND}一、总体要求。坚持以习近平新时代中国特",
        "— 1 —",
        "\f2021年第3期 ××市政府公报",
        "色社会主义思想为指导，全面提升组织力。",
        f"{IND}二、重点任务。推进村级组织活动场所建设",
        "，完善党员教育管理制度，并落实经费保障。",
        "第 2 页 共 3 页",
        "\f2021年第3期 ××市政府公报",
        f"{IND}三、保障措施。各地各部门要加强组织领导",
        "，于2021年底前报送工作进展情况。",
        "3/3",
    ]
)


def cleaned(text: str) -> tuple[list[str], list[tuple]]:
    cleaning = DocumentCleaning("d", [Line(no, line) for no, line in enumerate(text.split("\n"), start=1)])
    apply_layout_rules(cleaning)
    return [line.text for line in cleaning.lines], cleaning.audit


def test_paginated_text_loses_page_furniture_and_regains_paragraphs():
    lines, _ = cleaned(PAGINATED)
    assert lines == [
        "××市人民政府办公室文件",
        f"{IND}关于加强基层党组织建设的通知",
        f"{IND}各县（区）人民政府，市政府各部门：为深入贯彻落实党中央决策部署，进一步加强基层党组织"
        "建设，现将有关事项通知如下。",
        f"{IND}一、总体要求。坚持以习近平新时代中国特色社会主义思想为指导，全面提升组织力。",
        f"{IND}二、重点任务。推进村级组织活动场所建设，完善党员教育管理制度，并落实经费保障。",
        f"{IND}三、保障措施。各地各部门要加强组织领导，于2021年底前报送工作进展情况。",
    ]


def test_each_change_is_audited_under_its_rule():
    _, audit = cleaned(PAGINATED)
    rows = [(no, rule, before, after) for _, no, rule, before, after in audit]
    assert [row[:3] for row in rows if row[1] == "drop_page_number"] == [
        (7, "drop_page_number", "— 1 —"),
        (12, "drop_page_number", "第 2 页 共 3 页"),
        (16, "drop_page_number", "3/3"),
    ]
    assert [row[0] for row in rows if row[1] == "drop_running_header"] == [8, 13]
    crossing = next(row for row in rows if row[0] == 9)
    assert crossing == (
        9,
        "join_wrapped_lines",
        "色社会主义思想为指导，全面提升组织力。",
        f"{IND}一、总体要求。坚持以习近平新时代中国特色社会主义思想为指导，全面提升组织力。",
    )
    assert all(rule in cleaning_rules() for _, rule, _, _ in rows)


def test_whole_pipeline_leaves_no_form_feed_and_no_indent():
    rows, _ = clean_document("d", PAGINATED)
    text = rows[0]["text"]
    assert "\f" not in text and "\u3000" not in text
    assert "一、总体要求。坚持以习近平新时代中国特色社会主义思想为指导，全面提升组织力。" in text.split("\n")
    assert "公报" not in text and "3/3" not in text


def test_text_without_pages_is_left_to_the_other_rules():
    text = "加强基层党组织建设\n各县（区）人民政府：为深入贯彻\n落实党中央决策部署。\n2"
    lines, audit = cleaned(text)
    assert lines == text.split("\n") and audit == []


def test_red_head_printed_once_is_not_a_header():
    lines = [Line(1, "××市人民政府办公室文件", 0), Line(2, "正文", 0), Line(3, "\f正文续", 1), Line(4, "\f完", 2)]
    assert running_header_lines(lines, 3) == set()


def test_a_short_last_line_ends_its_paragraph_even_before_an_unindented_line():
    text = "\n".join(
        ["一二三四五六七八九十", "一二三四五六七八九十", "一二三四五六七八九十", "一二三。", "\f下一段开头"]
    )
    lines, _ = cleaned(text)
    assert lines == ["一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三。", "下一段开头"]


def test_latin_words_broken_by_the_layout_keep_their_space():
    text = "\n".join(["aaaa aaaa aaaa aaaa bbbb"] * 3 + ["end of it.", "\fnext"])
    lines, _ = cleaned(text)
    assert lines[0].startswith("aaaa aaaa aaaa aaaa bbbb aaaa aaaa")


# --- page numbers ---------------------------------------------------------------------------------

STYLES = ["— {n} —", "－{n}－", "- {n} -", "·{n}·", "第{n}页", "第 {n} 页 共 {t} 页", "{n}/{t}", "{n}", "Page {n}"]


@given(st.integers(1, 9999), st.integers(1, 9999), st.sampled_from(STYLES), st.sampled_from(["", " ", "\u3000\u3000"]))
def test_every_page_number_style_is_recognised(number, total, style, indent):
    assert is_page_number(indent + style.format(n=number, t=total))


@given(st.text(alphabet="党建政策基层组织工作通知，。、发展改革委", min_size=2, max_size=30))
def test_hanzi_text_is_never_a_page_number(text):
    assert not is_page_number(text)


def test_page_like_text_that_is_not_a_page_number():
    for line in ("2021年", "第一章", "一、总体要求", "（2）", "2.5亿元", "第3条"):
        assert not is_page_number(line), line


# --- spaced hanzi ---------------------------------------------------------------------------------

HANZI = st.text(alphabet="南召县脱贫攻坚党建设基层组织政府通知发展改革", min_size=4, max_size=30)


@given(HANZI)
def test_spaced_out_hanzi_are_joined(text):
    assert join_spaced_hanzi(" ".join(text)) == text


@given(HANZI)
def test_a_line_without_spaced_hanzi_is_unchanged(text):
    assert join_spaced_hanzi(text) == text


@given(st.lists(st.text(alphabet="党建政策基层组织工作通知发展", min_size=2, max_size=6), min_size=1, max_size=8))
def test_words_of_two_or_more_hanzi_keep_their_spaces(words):
    line = " ".join(words)
    assert join_spaced_hanzi(line) == line


@given(st.lists(st.text(alphabet="abcdefxyz", min_size=1, max_size=6), min_size=1, max_size=8))
def test_latin_words_are_never_glued(words):
    line = " 党 建 工 作 " + " ".join(words)
    assert " ".join(words) in join_spaced_hanzi(line)


def test_spaced_line_keeps_its_wide_gaps_and_latin():
    assert join_spaced_hanzi("2 0 2 1 年 南 召 县 PDF file") == "2021年南召县 PDF file"
