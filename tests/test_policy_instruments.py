"""Policy-instrument coding (helpers.policy): clauses by item numbering, codes from the codebook, the Excel review
loop and Cohen's kappa, shares per document and group. All inputs are written here."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from helpers.policy import (
    CodebookError,
    CodingSheetError,
    code_instruments,
    coding_agreement,
    coding_coverage,
    coverage_notice,
    export_coding_sheet,
    instrument_shares,
    load_codebook,
    policy_clauses,
    read_coding_sheet,
    split_clauses,
)

# --- clauses -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("一、总体要求\n二、主要任务", ["一", "二"]),
        ("（一）加强领导。\n（二）加大投入。", ["（一）", "（二）"]),
        ("(一)加强领导。\n(二)加大投入。", ["（一）", "（二）"]),
        ("1.加强领导。\n2.加大投入。", ["1", "2"]),
        ("1、加强领导。\n2、加大投入。", ["1", "2"]),
        ("1．加强领导。\n2．加大投入。", ["1", "2"]),
        ("（1）加强领导。\n（2）加大投入。", ["（1）", "（2）"]),
        ("①加强领导。\n②加大投入。", ["①", "②"]),
        ("第一条　为了规范管理，制定本办法。\n第二条　本办法适用于全省。", ["第一条", "第二条"]),
    ],
)
def test_each_numbering_style_opens_an_item(text, items):
    assert [c.item for c in split_clauses(text)] == items


def test_an_item_path_is_the_numbers_that_enclose_it_and_a_style_seen_before_closes_the_levels_under_it():
    text = "前言。\n一、总体要求\n（一）目标。\n1.到2025年。\n（1）细则。\n2.其次。\n（二）原则。\n二、任务\n（一）第一项。"
    assert [c.item for c in split_clauses(text)] == [
        "", "一", "一.（一）", "一.（一）.1", "一.（一）.1.（1）", "一.（一）.2", "一.（二）", "二", "二.（一）",
    ]  # fmt: skip


def test_chapters_and_articles_nest():
    text = "第一章　总则\n第一条　目的。\n第二章　措施\n第五条　加大投入。\n（一）设立专项资金。"
    assert [c.item for c in split_clauses(text)] == [
        "第一章", "第一章.第一条", "第二章", "第二章.第五条", "第二章.第五条.（一）",
    ]  # fmt: skip


def test_sentences_split_after_full_stops_exclamations_questions_and_semicolons_quotes_kept():
    text = "一、加大投入。落实“放管服”。”完善制度；是否可行？务必落实！"
    assert [c.text for c in split_clauses(text)] == [
        "加大投入。", "落实“放管服”。”", "完善制度；", "是否可行？", "务必落实！",
    ]  # fmt: skip


def test_a_decimal_or_a_year_is_not_an_item_number():
    clauses = split_clauses("1.5亿元用于建设。\n2019年起施行。")
    assert [c.item for c in clauses] == ["", ""]
    assert clauses[0].text == "1.5亿元用于建设。"


def test_a_short_numbered_line_without_a_full_stop_is_a_heading():
    clauses = split_clauses("三、保障措施\n（一）加强组织领导。")
    assert [c.heading for c in clauses] == [True, False]


def test_policy_clauses_keep_the_document_and_its_grouping_columns():
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "title": ["甲", "乙"], "year": [2019, 2021], "province": ["浙江省", "河南省"],
         "issuer": ["省政府", "省财政厅"], "text": ["一、加大投入。落实补贴。", ""]}
    )  # fmt: skip
    clauses = policy_clauses(docs)
    assert clauses[["doc_id", "item", "clause", "text"]].to_dict("records") == [
        {"doc_id": "a", "item": "一", "clause": 1, "text": "加大投入。"},
        {"doc_id": "a", "item": "一", "clause": 2, "text": "落实补贴。"},
    ]
    assert clauses[["year", "province", "issuer", "title"]].iloc[0].tolist() == [2019, "浙江省", "省政府", "甲"]


_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            ["一、", "（二）", "(三)", "1.", "2、", "（4）", "⑤", "第六条 ", "第七章 ", "1.5", "。", "；", "\n", "”"]
        ),
        st.text(alphabet="加大资金投入建设平台落实税收优惠 ，、《》（）", max_size=12),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_every_clause_is_a_non_empty_piece_of_its_text(text):
    for clause in split_clauses(text):
        assert clause.text.strip()
        assert clause.text in text
        assert not re.match(r"^\s", clause.text)


# --- codes ---------------------------------------------------------------------------------------------

# A sentence written for each tool of the bundled codebook (policy prose, none taken from a corpus).
TOOL_SENTENCES = {
    "人才培养": "加强专业技术人才队伍建设，每年培训基层干部500人次。",
    "资金投入": "市财政每年安排专项资金2000万元，对符合条件的企业给予补助。",
    "技术支持": "支持企业开展关键核心技术攻关，推动科研成果转化。",
    "基础设施建设": "加快5G网络和数据中心等新型基础设施建设。",
    "公共服务": "完善就业公共服务体系，推行一站式办理。",
    "目标规划": "到2025年，力争全市数字经济规模突破千亿元。",
    "金融支持": "鼓励银行业金融机构加大信贷投放，为小微企业提供融资担保。",
    "税收优惠": "对符合条件的企业减按15%的税率征收企业所得税，研发费用实行加计扣除。",
    "法规管制": "严格执行环境准入制度，依法查处违法排污行为。",
    "策略性措施": "对作出突出贡献的单位予以表彰，营造全社会支持创新的良好氛围。",
    "政府采购": "将创新产品纳入政府采购目录，实行首购制度。",
    "服务外包": "通过政府购买服务方式，委托第三方机构开展评估。",
    "示范试点": "选择一批县开展改革试点，打造示范样板。",
    "贸易管制": "支持企业扩大高新技术产品出口，提高通关效率。",
    "海外交流": "积极参与一带一路建设，加强国际合作与交流。",
    "消费补贴": "发放消费券，对购买新能源汽车的个人给予购置补贴。",
}


def test_every_tool_of_the_codebook_has_a_sentence_here():
    assert set(TOOL_SENTENCES) == set(load_codebook().names)


@pytest.mark.parametrize("tool", list(TOOL_SENTENCES))
def test_each_tool_is_found_in_a_sentence_written_for_it(tool):
    clauses = pd.DataFrame({"doc_id": ["d"], "item": [""], "clause": [1], "text": [TOOL_SENTENCES[tool]]})
    coded = code_instruments(clauses)
    row = coded[coded["tool"] == tool]
    assert len(row) == 1, coded[["tool", "cue"]]
    assert row["type"].iloc[0] == load_codebook().type_of(tool)
    assert all(cue in TOOL_SENTENCES[tool] for cue in row["cue"].iloc[0].split("、"))


def test_a_clause_that_matches_nothing_keeps_one_uncoded_row_and_coverage_shows_it():
    clauses = pd.DataFrame({"doc_id": ["d", "d"], "item": ["", ""], "clause": [1, 2],
                            "text": ["现将有关事项通知如下。", "设立专项资金。"]})  # fmt: skip
    coded = code_instruments(clauses)
    assert coded[coded["clause"] == 1][["type", "tool", "cue", "confidence"]].to_dict("records") == [
        {"type": "uncoded", "tool": "uncoded", "cue": "", "confidence": 0.0}
    ]
    assert coding_coverage(coded).to_dict("records") == [{"doc_id": "d", "clauses": 2, "coded": 1, "coverage": 0.5}]


def test_cited_titles_parentheticals_the_legal_basis_and_organ_names_are_no_cues():
    texts = [
        "根据《科技创新规划纲要》，现通知如下。",
        "（省财政厅、省科技厅按职责分工负责）",
        "根据有关法律法规规定，现通知如下。",
        "省知识产权局、省财政厅：",
    ]
    clauses = pd.DataFrame({"doc_id": "d", "item": "", "clause": range(1, 5), "text": texts})
    assert code_instruments(clauses)["type"].tolist() == ["uncoded"] * 4


def test_confidence_is_higher_for_a_cue_in_the_predicate_than_for_a_mention_and_for_more_cues():
    texts = ["资金使用情况按季度报送。", "要加大资金支持力度。", "要设立专项资金，给予补贴和奖补。", "二、资金保障"]
    clauses = pd.DataFrame({"doc_id": "d", "item": "", "clause": range(1, 5), "text": texts,
                            "heading": [False, False, False, True]})  # fmt: skip
    coded = code_instruments(clauses).set_index("clause")
    assert coded.loc[1, "confidence"] == 0.5  # mentioned
    assert coded.loc[2, "confidence"] == 0.8  # ordered (要加大)
    assert coded.loc[3, "confidence"] == 1.0  # ordered, and three further cues (capped)
    assert coded.loc[4, "confidence"] == 0.5  # a heading names a topic


def test_coding_is_deterministic():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["\n".join(TOOL_SENTENCES.values())]})
    first, second = code_instruments(policy_clauses(docs)), code_instruments(policy_clauses(docs))
    pd.testing.assert_frame_equal(first, second)


def test_a_users_codebook_is_used_and_a_broken_one_names_its_line(tmp_path):
    good = tmp_path / "mine.tsv"
    good.write_text(
        "# my codebook\ntype\ttool\tcues\tcomment\nsupply\t党建经费\t党建经费|党费\tmine\n", encoding="utf-8"
    )
    clauses = pd.DataFrame({"doc_id": ["d"], "item": [""], "clause": [1], "text": ["保障党建经费。"]})
    assert code_instruments(clauses, codebook=good)["tool"].tolist() == ["党建经费"]
    for body, problem in [
        ("type\ttool\tcues\ncentral\t工具\t词", "line 2: unknown type 'central'"),
        ("type\ttool\tcues\nsupply\t工具\t(词", "line 2: the cues of '工具' are not a valid regular expression"),
        ("type\ttool\tcues\nsupply\t工具\t词\nsupply\t工具\t字", "line 3: the tool '工具' is listed twice"),
        ("type\ttool\tcues\nsupply\t工具\ta|", "line 2: the cues of '工具' match an empty text"),
        ("tool\tcues\n工具\t词", "line 1: the first line must be the header"),
        ("type\ttool\tcues\nsupply\t工具", "line 2: expected 4 tab-separated columns"),
    ]:
        bad = tmp_path / "bad.tsv"
        bad.write_text(body, encoding="utf-8")
        with pytest.raises(CodebookError, match=re.escape(f"{bad}, {problem}")):
            code_instruments(clauses, codebook=bad)


# --- the review loop -----------------------------------------------------------------------------------


def _coded() -> pd.DataFrame:
    docs = pd.DataFrame(
        {
            "doc_id": ["007"],
            "text": ["一、设立专项资金。\n二、落实税收优惠。\n1.开展示范试点。\n2.现将有关事项通知如下。"],
        }
    )
    return code_instruments(policy_clauses(docs))


def _fill(path, human: list[str], notes: dict[int, str] | None = None) -> None:
    workbook = load_workbook(path)
    sheet = workbook["coding"]
    for row, code in enumerate(human, start=2):
        sheet.cell(row=row, column=9, value=code)
    for row, note in (notes or {}).items():
        sheet.cell(row=row, column=10, value=note)
    workbook.save(path)


def test_the_sheet_has_the_automatic_code_an_empty_human_column_a_frozen_header_and_round_trips(tmp_path):
    coded = _coded()
    path = export_coding_sheet(coded, tmp_path / "sheet.xlsx")
    sheet = load_workbook(path)["coding"]
    assert [c.value for c in sheet[1]] == [
        "doc_id", "item", "clause", "text", "type", "tool", "cue", "confidence", "human_code", "note",
    ]  # fmt: skip
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["C"].width
    assert all(sheet.cell(row=r, column=9).value in (None, "") for r in range(2, sheet.max_row + 1))
    assert sheet.cell(row=2, column=5).value == "供给型"
    back = read_coding_sheet(path)
    assert back["doc_id"].tolist() == ["007"] * len(coded)  # a doc_id of digits stays text
    assert back[["item", "clause", "type", "tool", "cue"]].to_dict("records") == (
        coded[["item", "clause", "type", "tool", "cue"]].to_dict("records")
    )
    assert back["confidence"].tolist() == coded["confidence"].tolist()
    assert back["human_code"].isna().all()


def test_kappa_over_the_rows_a_human_coded_matches_the_hand_computed_value(tmp_path):
    coded = _coded()
    assert coded["tool"].tolist() == ["资金投入", "税收优惠", "示范试点", "uncoded"]
    path = export_coding_sheet(coded, tmp_path / "sheet.xlsx")
    _fill(path, ["资金投入", "金融支持", "示范试点", "无"], notes={3: "优惠利率，属金融"})
    agreement = coding_agreement(read_coding_sheet(path))
    # automatic 资金 税收 示范 uncoded; human 资金 金融 示范 uncoded: p_o = 3/4;
    # marginals over 5 labels: p_e = (1·1 + 1·1 + 1·1 + 1·0 + 0·1) / 16 = 3/16; kappa = (3/4 - 3/16) / (1 - 3/16) = 9/13
    assert agreement.n_coded == 4
    assert agreement.observed == 0.75
    assert agreement.kappa == pytest.approx(9 / 13)
    assert agreement.confusion.loc["税收优惠", "金融支持"] == 1
    assert agreement.confusion.loc["税收优惠", "税收优惠"] == 0
    by_type = coding_agreement(read_coding_sheet(path), level="type")
    assert by_type.confusion.loc["environment", "environment"] == 1  # 税收优惠 and 金融支持 are both environment-side
    assert by_type.kappa == pytest.approx(1.0)


def test_rows_left_empty_are_not_counted_and_a_tiny_sheet_says_so(tmp_path):
    path = export_coding_sheet(_coded(), tmp_path / "sheet.xlsx")
    _fill(path, ["资金投入", "", "环境型"])
    agreement = coding_agreement(read_coding_sheet(path))
    assert agreement.n_coded == 2
    assert "只有 2 行有人工编码" in str(agreement.notice)
    empty = coding_agreement(read_coding_sheet(export_coding_sheet(_coded(), tmp_path / "empty.xlsx")))
    assert empty.n_coded == 0 and pd.isna(empty.kappa) and "还没有人工编码" in str(empty.notice)


def test_a_broken_sheet_names_the_file_and_the_row(tmp_path):
    path = export_coding_sheet(_coded(), tmp_path / "sheet.xlsx")
    _fill(path, ["资金投入", "资金支持"])
    with pytest.raises(CodingSheetError, match=re.escape(f"{path}, row 3: human_code '资金支持'")):
        read_coding_sheet(path)
    workbook = load_workbook(path)
    workbook["coding"].delete_cols(6)  # the tool column
    workbook.save(path)
    with pytest.raises(CodingSheetError, match=re.escape(f"{path}: the sheet 'coding' lacks the column(s) tool")):
        read_coding_sheet(path)
    with pytest.raises(CodingSheetError, match="not a coding sheet"):
        read_coding_sheet(tmp_path / "missing.xlsx")


# --- shares --------------------------------------------------------------------------------------------


def _coded_groups() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b", "c"],
            "clause": [1, 1, 2, 1, 2, 1],
            "year": [2019, 2019, 2019, 2021, 2021, None],
            "type": ["supply", "environment", "uncoded", "supply", "demand", "supply"],
            "tool": ["资金投入", "税收优惠", "uncoded", "人才培养", "示范试点", "资金投入"],
        }
    )


def test_shares_per_document_count_codes_and_leave_uncoded_clauses_out():
    shares = instrument_shares(_coded_groups())
    types = shares[shares["level"] == "type"].set_index(["doc_id", "type"])
    assert types.loc[("a", "supply"), ["count", "share"]].tolist() == [1, 0.5]
    assert types.loc[("a", "demand"), ["count", "share"]].tolist() == [0, 0.0]
    assert types.loc[("c", "supply"), "share"] == 1.0
    tools = shares[shares["level"] == "tool"]
    assert set(tools["tool"]) == {"资金投入", "税收优惠", "人才培养", "示范试点"}
    assert len(tools) == 3 * 4  # every tool in every document
    assert tools.groupby("doc_id")["share"].sum().round(6).tolist() == [1.0, 1.0, 1.0]
    assert shares["tool"][shares["level"] == "type"].isna().all()


def test_shares_by_group_leave_out_rows_without_a_value():
    shares = instrument_shares(_coded_groups(), by="year")
    assert shares.columns.tolist() == ["year", "level", "type", "tool", "count", "share"]
    assert sorted(shares["year"].unique()) == [2019, 2021]
    types = shares[shares["level"] == "type"].set_index(["year", "type"])["count"]
    assert types.loc[(2021, "demand")] == 1 and types.loc[(2019, "supply")] == 1


def test_coverage_notice_speaks_when_few_clauses_are_coded():
    coded = _coded_groups()
    assert coverage_notice(coded) is None  # 4 of 5 clauses coded
    uncoded = coded.assign(type="uncoded", tool="uncoded")
    assert "0 个（0%）" in str(coverage_notice(uncoded))


def test_shares_of_a_corpus_without_documents_are_an_empty_table():
    docs = pd.DataFrame({"doc_id": pd.Series([], dtype="str"), "text": pd.Series([], dtype="str")})
    shares = instrument_shares(code_instruments(policy_clauses(docs)))
    assert shares.empty and list(shares.columns) == ["doc_id", "level", "type", "tool", "count", "share"]


def test_a_large_coding_sheet_holds_a_seeded_sample_in_corpus_order(tmp_path):
    coded = pd.concat([_coded()] * 30, ignore_index=True).assign(clause=lambda t: range(1, len(t) + 1))
    first = read_coding_sheet(export_coding_sheet(coded, tmp_path / "a.xlsx", max_rows=25))
    again = read_coding_sheet(export_coding_sheet(coded, tmp_path / "b.xlsx", max_rows=25))
    assert len(first) == 25 and first["clause"].tolist() == again["clause"].tolist()
    assert first["clause"].is_monotonic_increasing and set(first["clause"]) <= set(coded["clause"])
    assert len(read_coding_sheet(export_coding_sheet(coded, tmp_path / "c.xlsx"))) == len(coded)  # under the cap


# --- a large corpus: clauses and codes without their texts -----------------------------------------------


def _corpus(n_docs: int = 40) -> pd.DataFrame:
    """Documents long enough for several row groups of clauses, each with its own numbered items."""
    bodies = [
        "一、设立专项资金，给予补贴。\n（一）落实税收优惠；开展示范试点。",
        "二、加强组织领导。\n1.对首台套产品实行政府采购，并开展示范应用。",
    ]
    return pd.DataFrame(
        {
            "doc_id": [f"d{n:03d}" for n in range(n_docs)],
            "title": [f"关于第{n}号事项的通知" for n in range(n_docs)],
            "year": pd.array([pd.NA if n < 4 else 2015 + n % 5 for n in range(n_docs)], dtype="Int64"),  # NA: first
            "text": [f"{bodies[n % 2]}\n{n}、其他事项。" * (1 + n % 3) for n in range(n_docs)],
        }
    )


@pytest.fixture
def small_batches(monkeypatch):
    """Row groups of five rows read seven rows a batch, tasks of seven clauses, chunks of three documents:
    batches, tasks and chunks that cut through documents and clauses."""
    from helpers import stored, stored_table
    from helpers.policy import coding

    monkeypatch.setattr(stored, "ROW_GROUP_ROWS", 5)
    monkeypatch.setattr(stored, "BATCH_ROWS", 3)
    monkeypatch.setattr(stored_table, "BATCH_ROWS", 7)
    monkeypatch.setattr(coding, "CLAUSES_PER_TASK", 7)


def test_clauses_left_in_a_cache_are_the_clauses_read_a_batch_at_a_time(tmp_path, small_batches):
    from helpers.cache import Cache
    from helpers.stored_table import StoredTable

    docs, cache = _corpus(), Cache(tmp_path)
    whole = policy_clauses(docs)
    pd.testing.assert_frame_equal(policy_clauses(docs, cache=cache), whole)
    lazy = policy_clauses(docs, cache=cache, lazy=True)
    assert isinstance(lazy, StoredTable) and len(lazy) == len(whole) > 50
    pd.testing.assert_frame_equal(pd.concat(lazy.batches()), whole)
    with pytest.raises(ValueError, match="cache"):
        policy_clauses(docs, lazy=True)


def test_codes_of_stored_clauses_are_the_codes_of_the_whole_clauses_in_any_number_of_workers(tmp_path, small_batches):
    from helpers.cache import Cache
    from helpers.stored_table import StoredTable

    docs, cache = _corpus(), Cache(tmp_path)
    whole = code_instruments(policy_clauses(docs), workers=1)
    assert whole["clause"].duplicated().any() and (whole["type"] != "uncoded").any()  # clauses of several tools
    clauses = policy_clauses(docs, cache=cache, lazy=True)
    pd.testing.assert_frame_equal(code_instruments(clauses, workers=2), whole)
    lazy = code_instruments(clauses, workers=2, cache=cache, lazy=True)
    assert isinstance(lazy, StoredTable)
    pd.testing.assert_frame_equal(pd.concat(lazy.batches(), ignore_index=True), whole)
    pd.testing.assert_frame_equal(code_instruments(clauses, cache=cache), whole)


def test_kept_codes_are_read_back_and_a_changed_codebook_codes_again(tmp_path, monkeypatch):
    from helpers.cache import Cache
    from helpers.policy import coding

    docs, cache = _corpus(8), Cache(tmp_path / "cache")
    clauses = policy_clauses(docs, cache=cache, lazy=True)
    first = code_instruments(clauses, workers=1, cache=cache)
    with monkeypatch.context() as patch:
        patch.setattr(coding, "_code_batch", lambda task: pytest.fail("coded again"))
        pd.testing.assert_frame_equal(code_instruments(clauses, workers=1, cache=cache), first)
    book = tmp_path / "book.tsv"
    book.write_text(
        "# 测试用编码表\ntype\ttool\tcues\tcomment\nsupply\t党建经费\t专项资金|补贴\tmine\n", encoding="utf-8"
    )
    other = code_instruments(clauses, codebook=book, workers=1, cache=cache)
    assert set(other["tool"]) == {"党建经费", "uncoded"}


@pytest.mark.parametrize("by", [None, "year", "decade"])
def test_shares_and_coverage_of_stored_codes_are_those_of_the_whole_codes(tmp_path, small_batches, by):
    from helpers.cache import Cache

    docs, cache = _corpus(), Cache(tmp_path)
    whole = code_instruments(policy_clauses(docs), workers=1)
    lazy = code_instruments(policy_clauses(docs, cache=cache, lazy=True), workers=1, cache=cache, lazy=True)
    parts = list(lazy.batches())
    cut = [
        a.iloc[-1][["doc_id", "clause"]].tolist() == b.iloc[0][["doc_id", "clause"]].tolist()
        for a, b in itertools.pairwise(parts)
    ]
    assert any(cut), "no batch cuts a clause: the coverage's seam would go untested"
    pd.testing.assert_frame_equal(instrument_shares(lazy, by=by), instrument_shares(whole, by=by))
    pd.testing.assert_frame_equal(coding_coverage(lazy, by=by), coding_coverage(whole, by=by))
    assert str(coverage_notice(lazy)) == str(coverage_notice(whole))


def test_the_coding_sheet_of_stored_codes_is_that_of_the_whole_codes(tmp_path, small_batches):
    from helpers.cache import Cache

    docs, cache = _corpus(), Cache(tmp_path / "cache")
    whole = code_instruments(policy_clauses(docs), workers=1)
    lazy = code_instruments(policy_clauses(docs, cache=cache, lazy=True), workers=1, cache=cache, lazy=True)
    for max_rows in (25, 10_000):
        a = read_coding_sheet(export_coding_sheet(whole, tmp_path / f"whole{max_rows}.xlsx", max_rows=max_rows))
        b = read_coding_sheet(export_coding_sheet(lazy, tmp_path / f"lazy{max_rows}.xlsx", max_rows=max_rows))
        assert (b["text"] != "").all() and len(b) == min(max_rows, len(whole))
        pd.testing.assert_frame_equal(a, b)


def test_no_query_of_notebook_06_reads_the_stored_codes_whole(tmp_path, small_batches, batch_reads_only):
    """Read whole, a large corpus's two million codes would be back in the kernel: every read is a few row groups."""
    from helpers.cache import Cache

    docs, cache = _corpus(), Cache(tmp_path / "cache")
    clauses = policy_clauses(docs, cache=cache, lazy=True)
    coded = code_instruments(clauses, workers=1, cache=cache, lazy=True)
    batch_reads_only(7 + 5)  # BATCH_ROWS, and the rest of a five-row group
    code_instruments(clauses, workers=1, cache=cache, lazy=True)
    clauses.head(12), coded.head(3), len(coded)
    for by in (None, "year"):
        instrument_shares(coded, by=by), coding_coverage(coded, by=by)
    coverage_notice(coded)
    export_coding_sheet(coded, tmp_path / "sheet.xlsx", max_rows=20)
