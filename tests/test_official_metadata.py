"""A 公文's own metadata (发文字号, 发文机关, 成文日期, title) and a gov.cn page's metadata block, read word for word.

Every document here is written for this file from the conventions of GB/T 9704-2012 and of gov.cn's
政府信息公开 pages; places and names are real divisions and organs, the texts are made up.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.clean.document import Line
from helpers.clean.metadata import chinese_numeral_date, dateline_source
from helpers.clean.official import (
    closing_date,
    doc_numbers,
    labelled_fields,
    official_metadata,
    organ_names,
    own_doc_number,
    red_head_names,
)
from helpers.clean.pipeline import DOC_COLUMNS, clean_corpus, clean_document

NOTICE = """中共广东省委组织部文件
粤组通〔2026〕5号
中共广东省委组织部关于做好2026年度
党员教育培训工作的通知
各地级以上市委组织部，省直各单位党组（党委）：
为深入贯彻《全国党员教育培训工作规划》，现就做好2026年度党员教育培训工作通知如下。
一、突出政治培训。各地要把学习贯彻党的创新理论作为首要任务。
二、抓好基层党员轮训。按照《中共中央办公厅关于印发〈全国党员教育培训工作规划〉的通知》（中办发〔2024〕3号）要求，每年集中轮训一次。
中共广东省委组织部
二〇二六年一月二十七日
"""

NOTICE_BODY = """各地级以上市委组织部，省直各单位党组（党委）：
为深入贯彻《全国党员教育培训工作规划》，现就做好2026年度党员教育培训工作通知如下。
一、突出政治培训。各地要把学习贯彻党的创新理论作为首要任务。
二、抓好基层党员轮训。按照《中共中央办公厅关于印发〈全国党员教育培训工作规划〉的通知》（中办发〔2024〕3号）要求，每年集中轮训一次。
中共广东省委组织部"""

GOV_CN_PAGE = """首页 > 政策 > 国务院文件
索 引 号：000014349/2021-00045　　主题分类：城乡建设、环境保护\\其他
发文机关：国务院办公厅　　成文日期：2021年04月08日
标　　题：国务院办公厅关于加强城市内涝治理的实施意见
发文字号：国办发〔2021〕11号　　发布日期：2021年04月25日
国务院办公厅关于加强城市内涝治理的实施意见
国办发〔2021〕11号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
加强城市内涝治理，是推动城市高质量发展的重要内容。经国务院同意，现提出以下意见。
一、总体要求。到2025年，各城市因地制宜基本形成“源头减排、管网排放、蓄排并举、超标应急”的城市排水防涝工程体系。
国务院办公厅
2021年4月8日
（此件公开发布）
"""

GOV_CN_BODY = """各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
加强城市内涝治理，是推动城市高质量发展的重要内容。经国务院同意，现提出以下意见。
一、总体要求。到2025年，各城市因地制宜基本形成“源头减排、管网排放、蓄排并举、超标应急”的城市排水防涝工程体系。
国务院办公厅
（此件公开发布）"""


def _metadata(row: dict) -> dict:
    return {
        column: row[column] for column in DOC_COLUMNS if column not in ("text", "text_raw", "n_chars_raw", "n_chars")
    }


def test_a_red_head_notice_gives_its_number_issuer_title_and_chinese_numeral_date():
    rows, audit = clean_document("notice", NOTICE)
    assert len(rows) == 1
    assert _metadata(rows[0]) == {
        "doc_id": "notice",
        "parent_id": "notice",
        "title": "中共广东省委组织部关于做好2026年度党员教育培训工作的通知",
        "date": "2026-01-27",
        "year": 2026,
        "doc_number": "粤组通〔2026〕5号",
        "issuer": "中共广东省委组织部",
        "source": "",
        "author": "",
        "published": "",
        "province": "广东省",
        "city": "",
        "county": "",
        "adcode": "440000",
        "script": "simplified",
    }
    assert rows[0]["text"] == NOTICE_BODY
    dropped = {before: rule for _, _, rule, before, after in audit if not after and before}
    assert dropped == {
        "中共广东省委组织部文件": "metadata_issuer_head",
        "粤组通〔2026〕5号": "metadata_doc_number",
        "中共广东省委组织部关于做好2026年度": "metadata_title",
        "党员教育培训工作的通知": "metadata_title",
        "二〇二六年一月二十七日": "drop_dateline",
    }


def test_a_gov_cn_metadata_block_fills_the_columns_and_leaves_the_text():
    rows, audit = clean_document("page", GOV_CN_PAGE)
    assert _metadata(rows[0]) == {
        "doc_id": "page",
        "parent_id": "page",
        "title": "国务院办公厅关于加强城市内涝治理的实施意见",
        "date": "2021-04-08",
        "year": 2021,
        "doc_number": "国办发〔2021〕11号",
        "issuer": "国务院办公厅",
        "source": "国务院办公厅",
        "author": "",
        "published": "2021-04-25",
        "province": "全国",
        "city": "",
        "county": "",
        "adcode": "",
        "script": "simplified",
    }
    assert rows[0]["text"] == GOV_CN_BODY
    dropped = {before: rule for _, _, rule, before, after in audit if not after and before}
    assert dropped == {
        "首页 > 政策 > 国务院文件": "boilerplate:breadcrumb",
        "索 引 号：000014349/2021-00045 主题分类：城乡建设、环境保护\\其他": "boilerplate:gov_info_table",
        "发文机关：国务院办公厅 成文日期：2021年04月08日": "boilerplate:gov_info_table",
        "标 题：国务院办公厅关于加强城市内涝治理的实施意见": "boilerplate:gov_info_table",
        "发文字号：国办发〔2021〕11号 发布日期：2021年04月25日": "boilerplate:gov_info_table",
        "国办发〔2021〕11号": "metadata_doc_number",
        "国务院办公厅关于加强城市内涝治理的实施意见": "metadata_title",
        "2021年4月8日": "drop_dateline",
    }


def test_a_block_with_each_label_over_its_value_is_read_and_dropped():
    page = "索引号：\n11440000006939891N/2026-00012\n发文机关：\n广东省人民政府办公厅\n成文日期：\n2026-02-03\n发文字号：\n粤府办〔2026〕2号\n各地级以上市人民政府：\n现将有关事项通知如下，请认真贯彻执行。\n"
    rows, audit = clean_document("cells", page)
    row = rows[0]
    assert (row["issuer"], row["date"], row["doc_number"], row["province"]) == (
        "广东省人民政府办公厅",
        "2026-02-03",
        "粤府办〔2026〕2号",
        "广东省",
    )
    assert row["text"] == "各地级以上市人民政府：\n现将有关事项通知如下，请认真贯彻执行。"
    rules = {before: rule for _, _, rule, before, after in audit if not after}
    assert rules["广东省人民政府办公厅"] == "metadata_gov_field"
    assert rules["11440000006939891N/2026-00012"] == "metadata_gov_field"


def test_labelled_fields_stop_where_the_body_begins():
    lines = [
        Line(1, "关于部分规范性文件失效的通知"),
        Line(2, "根据《行政规范性文件制定和备案规定》中关于有效期制度的规定，现对以下规范性文件宣布失效："),
        Line(3, "发文单位：市科委"),
        Line(4, "文号：沪科〔2007〕第533号"),
    ]
    assert labelled_fields(lines) == ({}, [])


@pytest.mark.parametrize(
    "line, number",
    [
        ("国办发〔2021〕12号", "国办发〔2021〕12号"),
        ("中组发[2019]3号", "中组发[2019]3号"),
        ("浙政办发(2020)45号", "浙政办发(2020)45号"),
        ("浙政办发（2020）45号", "浙政办发（2020）45号"),
        ("京财科文［2014］1218号", "京财科文［2014］1218号"),
        ("沪科合〔2005〕第11号", "沪科合〔2005〕第11号"),
        ("  国发 〔2021〕 1号  签发人：张某", "国发〔2021〕1号"),
    ],
)
def test_a_document_number_on_its_own_line(line, number):
    assert own_doc_number(line) == number


@pytest.mark.parametrize(
    "line",
    [
        "按照《关于加强管理的通知》（国发〔2020〕1号）要求，抓好落实。",
        "2021年12号",
        "国办发2021年12号",
        "关于印发〈实施办法〉的通知",
    ],
)
def test_a_cited_number_or_no_number_is_not_the_documents_own(line):
    assert own_doc_number(line) == ""


def test_citations_are_found_by_the_separate_finder():
    text = "根据《国务院关于印发个人所得税专项附加扣除暂行办法的通知》（国发〔2018〕41号）、（国办发[2019]35号）"
    assert doc_numbers(text) == ["国发〔2018〕41号", "国办发[2019]35号"]


def test_a_number_cited_in_the_body_does_not_become_the_documents():
    raw = "关于做好培训工作的通知\n各单位：\n按照《通知》（中办发〔2024〕3号）要求，现通知如下。\n具体安排另行通知。\n"
    rows, _ = clean_document("plain", raw)
    assert rows[0]["doc_number"] == "" and "（中办发〔2024〕3号）" in rows[0]["text"]


def test_a_joint_red_head_names_every_issuer_in_order():
    lines = [
        Line(1, "发展改革委办公厅  文件"),
        Line(2, "税务总局办公厅"),
        Line(3, "发改办财金规〔2019〕860号"),
        Line(4, "关于加强个人所得税纳税信用建设的通知"),
        Line(5, "各省、自治区、直辖市社会信用体系建设牵头部门："),
    ]
    meta = official_metadata(lines)
    assert meta.issuer == "发展改革委办公厅、税务总局办公厅"
    assert meta.title == "关于加强个人所得税纳税信用建设的通知"
    assert meta.drops == {1: "metadata_issuer_head", 2: "metadata_issuer_head", 3: "metadata_doc_number"}


def test_several_issuers_on_one_head_line_and_spaced_out_names():
    assert red_head_names("中共中央办公厅 国务院办公厅 文件") == ["中共中央办公厅", "国务院办公厅"]
    assert red_head_names("浙 江 省 人 民 政 府 文 件") == ["浙江省人民政府"]
    assert red_head_names("关于印发有关文件") == []
    assert organ_names("各地级以上市委组织部，省直各单位：") == []


def test_without_a_red_head_the_signature_names_the_issuer():
    lines = [
        Line(1, "关于开展安全生产检查的通知"),
        Line(2, "各区应急管理局："),
        Line(3, "现就开展安全生产大检查有关事项通知如下。"),
        Line(4, "江西省应急管理厅办公室"),
        Line(5, "2020年6月28日"),
    ]
    meta = official_metadata(lines)
    assert (meta.issuer, meta.date, meta.doc_number, meta.drops) == ("江西省应急管理厅办公室", "2020-06-28", "", {})


def test_a_date_under_a_heading_before_the_body_is_no_signature():
    lines = [Line(1, "国务院办公厅"), Line(2, "2021年4月8日"), Line(3, "正文第一段。")]
    assert official_metadata(lines).issuer == ""


@pytest.mark.parametrize(
    "text, iso",
    [
        ("二〇二六年一月二十七日", "2026-01-27"),
        ("二〇二六年元月", "2026-01"),
        ("二零二六年十二月三十一日", "2026-12-31"),
        ("二○○四年二月二日", "2004-02-02"),
        ("二ＯＯ七年二月六日", "2007-02-06"),
        ("二〇二四年二月二十九日", "2024-02-29"),
        ("二〇二三年二月二十九日", ""),
        ("二〇二六年十三月一日", ""),
    ],
)
def test_chinese_numeral_dates(text, iso):
    assert chinese_numeral_date(text) == iso


def test_the_closing_date_is_a_date_alone_on_its_line():
    assert closing_date("2019年8月20日") == "2019-08-20"
    assert closing_date("二〇二六年元月") == "2026-01"
    assert closing_date("截至2019年8月20日，全县共有党员2.3万名。") == ""


def test_a_short_body_line_with_a_chinese_numeral_date_is_no_dateline():
    """Older texts write every date in Chinese numerals; only one alone on its line is a dateline (and is dropped)."""
    assert dateline_source("一九七〇年五月二十日声明") is None
    assert dateline_source("毛主席亲自主持制定的一九六六年五月十六日的《") is None
    assert dateline_source("一九九八年七月二十七日") == ("1998-07-27", "")


_DIGITS = "〇一二三四五六七八九"


def _in_chinese_numerals(number: int) -> str:
    """1..31 as a 公文 writes a month or a day: 十, 十二, 二十, 二十七, 三十一."""
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else "十" if tens == 1 else _DIGITS[tens] + "十") + (_DIGITS[ones] if ones else "")


@given(st.dates(min_value=pd.Timestamp("1949-10-01").date(), max_value=pd.Timestamp("2099-12-31").date()))
def test_any_date_written_in_chinese_numerals_parses_back_to_itself(date):
    written = (
        "".join(_DIGITS[int(digit)] for digit in str(date.year))
        + f"年{_in_chinese_numerals(date.month)}月{_in_chinese_numerals(date.day)}日"
    )
    assert chinese_numeral_date(written) == date.isoformat()
    assert dateline_source(written) == (date.isoformat(), "")
    assert closing_date(written) == date.isoformat()


def test_a_tables_own_columns_win_and_its_other_columns_follow_every_article():
    raw = pd.DataFrame(
        {
            "doc_id": ["t1", "t2"],
            "path": ["a.xlsx", "a.xlsx"],
            "text_raw": [NOTICE, GOV_CN_PAGE],
            "problem": ["", ""],
            "row": [1, 2],
            "issuer": ["广东省委组织部", None],
            "province": ["", "北京市"],
            "year": pd.array([pd.NA, 2020], dtype="Int64"),
            "url": ["http://example.org/1", "http://example.org/2"],
            "栏目": ["组织工作", "国务院文件"],
        }
    )
    docs, _ = clean_corpus(raw, workers=1)
    assert list(docs.columns) == [*DOC_COLUMNS, "url", "栏目"]
    assert list(docs["issuer"]) == ["广东省委组织部", "国务院办公厅"]
    assert list(docs["province"]) == ["广东省", "北京市"]  # the table's own place, no guess beside it
    assert list(docs["adcode"]) == ["440000", ""]
    assert docs["year"].dtype == "Int64" and list(docs["year"]) == [2026, 2020]
    assert list(docs["url"]) == ["http://example.org/1", "http://example.org/2"]
    assert list(docs["栏目"]) == ["组织工作", "国务院文件"]
    again, audit = clean_corpus(docs.assign(text_raw=docs["text"]), workers=1)
    unchanged = [column for column in docs.columns if column not in ("text_raw", "n_chars_raw")]
    pd.testing.assert_frame_equal(again[unchanged], docs[unchanged])
    assert audit.empty


def test_a_web_copy_with_its_wrapped_title_above_the_number():
    raw = "重庆市人民政府办公厅关于\n促进内外贸一体化发展的实施意见\n渝府办发〔2022〕109号\n各区县（自治县）人民政府，市政府各部门：\n现提出如下实施意见。\n重庆市人民政府办公厅\n2022年10月1日\n"
    rows, _ = clean_document("web", raw)
    row = rows[0]
    assert (row["title"], row["doc_number"], row["issuer"], row["date"]) == (
        "重庆市人民政府办公厅关于促进内外贸一体化发展的实施意见",
        "渝府办发〔2022〕109号",
        "重庆市人民政府办公厅",
        "2022-10-01",
    )
    assert (row["province"], row["city"], row["adcode"]) == ("重庆市", "重庆市", "500000")
    assert row["text"] == "各区县（自治县）人民政府，市政府各部门：\n现提出如下实施意见。\n重庆市人民政府办公厅"
