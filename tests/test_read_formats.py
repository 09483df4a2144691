"""Readers by format: .docx (tables in reading order), OFD, web pages recognised by content, fields copied out
of database dumps, and formats the suite cannot read, each with its row and its reason."""

from __future__ import annotations

import sys
import types
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import load_corpus
from helpers.corpus.escapes import undo_dump_escapes
from helpers.corpus.extracted import Extracted, UnreadableFile
from helpers.corpus.formats import extract
from helpers.corpus.html import looks_like_html
from helpers.corpus.ofd import read_ofd
from helpers.corpus.read import read_document
from helpers.corpus.word import read_docx
from word_files import Run, csv_record, docx_bytes, dump_escaped, ofd_bytes, sql_insert

BODY = (
    '一、总体要求\n坚持以习近平新时代中国特色社会主义思想为指导。\n二、主要任务\n加强基层党组织建设，做到"三会一课"。'
)


# ---- Word .docx


@pytest.fixture(autouse=True)
def _without_ocr(monkeypatch):
    """These tests read files as the suite does with OCR off (HELPERS_OCR=0): a scan or an image keeps its
    problem; tests/test_ocr.py reads them with OCR on."""
    monkeypatch.setenv("HELPERS_OCR", "0")


def test_docx_paragraphs_and_tables_in_reading_order_headers_and_footers_left_out():
    data = docx_bytes(
        [
            "关于印发2021年重点任务清单的通知",
            [["序号", "任务", "责任单位"], ["1", "完善基层党组织", "组织部"], ["2", "推进乡村振兴", "农业农村局"]],
            "各单位要认真贯彻落实。",
        ],
        header="某某县人民政府办公室",
        footer="第 1 页",
    )
    extracted = read_docx(data)
    assert extracted == Extracted(
        "关于印发2021年重点任务清单的通知\n"
        "序号\t任务\t责任单位\n"
        "1\t完善基层党组织\t组织部\n"
        "2\t推进乡村振兴\t农业农村局\n"
        "各单位要认真贯彻落实。",
        reader="docx",
    )


def test_a_merged_docx_cell_is_written_once():
    import io

    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "项目名称"
    table.cell(0, 2).text = "金额"
    table.cell(1, 0).merge(table.cell(1, 2)).text = "合计1200万元"
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).text == "项目名称\t金额\n合计1200万元"


def test_a_truncated_docx_gets_its_row_and_reason(tmp_path):
    data = docx_bytes(["第一段。", "第二段。"])
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    row = read_document(path)
    assert row["text_raw"] == ""
    assert row["problem"].startswith("damaged Word file")


def test_a_docx_named_doc_is_read_as_docx(tmp_path):
    path = tmp_path / "通知.doc"
    path.write_bytes(docx_bytes(["关于开展调研的通知"]))
    row = read_document(path)
    assert (row["reader"], row["text_raw"], row["problem"]) == ("docx", "关于开展调研的通知", "")


# ---- OFD


def _official_ofd() -> bytes:
    first = [
        Run("关于开展调研的通知", 60, 40, size=8),
        Run("各乡镇人民政府：", 25, 60),
        Run("为推进乡村振兴，经研究决定于", 35, 70),
        Run("202", 105, 70),  # a number drawn in runs, as producers split digits from hanzi
        Run("3", 120, 70),
        Run("年开展", 125, 70),
        Run("调研。", 25, 80),
        Run("— 1 —", 95, 280),
    ]
    second = [Run("特此通知。", 35, 40), Run("2023年7月12日", 120, 60)]
    return ofd_bytes([first, second])


def test_ofd_lines_follow_the_page_and_pages_open_with_a_form_feed():
    extracted = read_ofd(_official_ofd())
    assert extracted.text == (
        "关于开展调研的通知\n"
        "各乡镇人民政府：\n"
        "\u3000\u3000为推进乡村振兴，经研究决定于2023年开展\n"
        "调研。\n"
        "— 1 —\n"
        "\f\u3000\u3000特此通知。\n"
        "2023年7月12日"
    )
    assert (extracted.reader, extracted.n_pages) == ("ofd", 2)


def test_a_damaged_or_image_only_ofd_gets_its_reason(tmp_path):
    data = _official_ofd()
    (tmp_path / "cut.ofd").write_bytes(data[: len(data) // 2])
    (tmp_path / "scan.ofd").write_bytes(ofd_bytes([[Run("x", 0, 0)]], image_only=True))
    assert read_document(tmp_path / "cut.ofd")["problem"].startswith("damaged OFD file")
    assert read_document(tmp_path / "scan.ofd")["problem"].startswith("no text layer")


# ---- web pages by content

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于加强基层党组织建设的通知</title>
<script>var tracker = "统计代码不应出现"; document.write("广告位招租");</script>
<style>.nav { color: red } /* 样式表内容 */</style></head>
<body><div class="nav"><a href="/">首页</a></div>
<article><h1>关于加强基层党组织建设的通知</h1>
<p>各乡镇党委：为深入贯彻落实党的二十大精神，进一步加强基层党组织建设，现将有关事项通知如下。</p>
<script>window.onload = function () { alert("弹窗文字"); };</script>
<p>一、提高政治站位。各级党组织要把基层党建工作摆在突出位置，切实抓紧抓好。</p>
</article></body></html>"""


@pytest.mark.parametrize("name", ["page.txt", "page.php", "page.asp", "page.shtml.1", "page"])
def test_a_saved_page_is_read_as_a_page_whatever_its_suffix(tmp_path, name):
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    row = read_document(path)
    assert row["reader"] == "html", row["problem"]
    text = row["text_raw"]
    assert "为深入贯彻落实党的二十大精神，进一步加强基层党组织建设，现将有关事项通知如下。" in text
    assert "一、提高政治站位。各级党组织要把基层党建工作摆在突出位置，切实抓紧抓好。" in text
    for script_or_style in ("统计代码", "广告位", "弹窗文字", "样式表", "tracker", "color"):
        assert script_or_style not in text


def test_a_page_saved_as_txt_loads_through_the_corpus(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="gbk")
    raw = load_corpus(tmp_path, workers=1)
    assert raw.loc[0, "problem"] == ""
    assert "<p>" not in raw.loc[0, "text_raw"] and "弹窗文字" not in raw.loc[0, "text_raw"]


@pytest.mark.parametrize(
    "text",
    [
        "网页正文放在<p>标签里，标题放在<title>标签里。",
        "公式 a<b 且 c>d，表示 x<y>z 的关系。",
        "第一段。\n第二段提到<br>换行标签。",
        "",
    ],
)
def test_a_text_that_mentions_tags_is_not_a_page(text):
    assert not looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        PAGE,
        "\ufeff<?xml version='1.0'?>\n<!-- saved -->\n<html><body>正文</body></html>",
        "Warning: mysql_connect() failed\n<html>\n<body><div><p>正文内容</p></div></body>\n</html>",
        "<div class='content'><p>第一段。</p><p>第二段。</p><p>第三段。</p></div>",
    ],
)
def test_pages_and_page_fragments_are_pages(text):
    assert looks_like_html(text)


# ---- fields copied out of database dumps


def test_a_field_copied_out_of_a_sql_dump_gives_its_body_only(tmp_path):
    path = tmp_path / "17.txt"
    path.write_text(sql_insert("关于加强基层党组织建设的通知", BODY), encoding="utf-8")
    row = read_document(path)
    assert row["text_raw"] == BODY
    assert row["notice"] and row["problem"] == ""


def test_a_csv_record_gives_its_body_only():
    assert undo_dump_escapes(csv_record("标题", BODY)) == BODY


def test_a_bare_escaped_field_gets_its_line_breaks_back():
    assert undo_dump_escapes(dump_escaped(BODY)) == BODY
    assert undo_dump_escapes('"' + dump_escaped(BODY) + '"') == BODY


def test_a_dump_field_holding_page_markup_is_read_as_a_page():
    markup = "<p>一、提高政治站位。</p>\n<p style='text-indent:2em'>各级党组织要把基层党建工作摆在突出位置。</p>\n<p>二、强化责任落实。</p>"
    extracted = extract(".txt", sql_insert("标题", markup).encode())
    assert extracted.reader == "html"
    assert "各级党组织要把基层党建工作摆在突出位置。" in extracted.text and "<p" not in extracted.text


@pytest.mark.parametrize(
    "text",
    [
        "文件存放在 C:\\new\\table\\report.txt，请查阅。",
        "正则表达式 \\d+ 匹配数字，\\n 表示换行。\n第二行。",
        "路径 D:\\data\\n1\\tables 与 \\\\server\\share。",
        '他说："好"，然后离开。',
        "17,标题,正文",
    ],
)
def test_ordinary_text_with_backslashes_is_unchanged(text):
    assert undo_dump_escapes(text) == text


_LINE = st.text(
    alphabet=st.sampled_from(list("党建工作基层组织一二三，。：；“”、（）0123456789abcXYZ -_/\"'\\")),
    min_size=1,
    max_size=30,
)
# Windows paths, whose folder names may begin with n, r or t after the backslash
_PATH = st.builds(
    lambda drive, names: drive + ":\\" + "\\".join(names),
    st.sampled_from("CDE"),
    st.lists(st.text(alphabet="nrtabcdexyz_.", min_size=1, max_size=8), min_size=1, max_size=5),
)
_ORDINARY_LINE = st.lists(st.one_of(_LINE, _PATH), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ORDINARY_LINE, min_size=1, max_size=6))
def test_ordinary_text_is_unchanged(lines):
    text = "\n".join(lines)
    assert undo_dump_escapes(text) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, min_size=3, max_size=8))
def test_escaping_then_undoing_gives_the_text_back(lines):
    text = "\n".join(lines)
    assert undo_dump_escapes(dump_escaped(text)) == text
    assert undo_dump_escapes(sql_insert("标题", text + "。" * 40)) == text + "。" * 40


# ---- formats the suite does not read, and the dispatch


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "unsupported format .wps: WPS Writer document"),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "unsupported format .doc: Word 97-2003"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "unsupported format .png: image: needs OCR"),
        ("a.zip", b"PK\x05\x06" + bytes(18), "unsupported format .zip: archive: unpack it first"),
        ("a.rtf", rb"{\rtf1\ansi \u20851?\u20110? text}", "unsupported format .rtf"),
        ("a.xyz", bytes(range(256)) * 4, "unsupported format .xyz"),
        ("noext", bytes(range(256)) * 4, "unsupported format (no suffix)"),
        ("a.txt", b"", "empty file"),
    ],
)
def test_unreadable_formats_get_their_row_and_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    row = read_document(path)
    assert row["text_raw"] == ""
    assert row["problem"].startswith(reason), row["problem"]


def test_word_formats_say_how_to_convert():
    with pytest.raises(UnreadableFile, match=r"soffice --headless --convert-to docx"):
        extract(".doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))


def test_text_of_an_unknown_suffix_is_read_as_text(tmp_path):
    path = tmp_path / "notice.asp"
    path.write_bytes("关于开展调研的通知\r\n各乡镇：".encode("gbk"))
    row = read_document(path)
    assert (row["reader"], row["encoding"], row["text_raw"]) == ("text", "gb18030", "关于开展调研的通知\n各乡镇：")


def test_a_page_served_as_doc_is_read_as_a_page():
    assert extract(".doc", PAGE.encode()).reader == "html"


def test_tables_are_left_to_the_table_reader():
    with pytest.raises(UnreadableFile, match="table"):
        extract(".csv", "标题,正文\n".encode())


def test_pdfs_go_to_the_pdf_reader_by_suffix_and_by_content(monkeypatch):
    calls = []

    def read_pdf(data: bytes) -> Extracted:
        calls.append(data)
        return Extracted("第一页\n\f第二页", reader="pdf-text", n_pages=2)

    monkeypatch.setitem(sys.modules, "helpers.corpus.pdf", types.SimpleNamespace(read_pdf=read_pdf))
    assert extract(".pdf", b"%PDF-1.7 ...").n_pages == 2
    assert extract(".txt", b"%PDF-1.4 \x00\x01").reader == "pdf-text"
    assert len(calls) == 2


def test_a_row_carries_its_reader_pages_and_notice(tmp_path):
    (tmp_path / "a.ofd").write_bytes(_official_ofd())
    row = read_document(tmp_path / "a.ofd")
    assert {key: row[key] for key in ("reader", "n_pages", "notice", "problem")} == {
        "reader": "ofd",
        "n_pages": 2,
        "notice": "",
        "problem": "",
    }


def test_bad_files_still_load_with_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("关于开展调研的通知", encoding="utf-8")
    (tmp_path / "dump.txt").write_text(sql_insert("标题", BODY), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = load_corpus(tmp_path, workers=1)
    assert dict(zip(raw["doc_id"], raw["text_raw"])) == {"dump": BODY, "good": "关于开展调研的通知"}
