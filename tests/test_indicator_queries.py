"""Indicator rows that carry their document (province, issuer, year, a table corpus's columns), the queries of
one indicator (``find_indicators``, ``indicator_ranges``) and the share of each status and role.

Frames with ``status``, ``change`` and ``value_high`` are built by hand: the queries read those columns by
name, whatever the extraction gives today.
"""

from __future__ import annotations

import math
import tempfile

import pandas as pd
import pytest

from helpers.cache import Cache
from helpers.notices import NO_STATUS_NOTE
from helpers.quantities.find import choose_grouping, find_indicators, indicator_range_notice, indicator_ranges
from helpers.quantities.provenance import CLEANING_COLUMNS, carried_columns, document_year, with_document_columns
from helpers.quantities.summaries import NO_STATUS_COLUMN, status_role_shares
from helpers.quantities.table import TABLE_COLUMNS, indicator_cache_key, indicator_table

NAN = math.nan


def work_reports() -> pd.DataFrame:
    """Two provinces' reports as cleaning leaves them, with a table corpus's own short and long columns."""
    return pd.DataFrame(
        {
            "doc_id": ["zj-2024", "hn-2024", "note"],
            "title": ["浙江省政府工作报告", "河南省政府工作报告", "说明"],
            "date": ["2024-01-23", "", ""],
            "year": pd.array([pd.NA, 2024, pd.NA], dtype="Int64"),
            "province": ["浙江省", "河南省", ""],
            "city": ["", "", ""],
            "county": ["", "", ""],
            "issuer": ["浙江省人民政府", "河南省人民政府", ""],
            "text": ["全省共有党员2.3万名。", "下设党支部118个。", "没有数字。"],
            "栏目": ["政府工作报告", "政府工作报告", ""],
            "html": ["<p>" + "长" * 300 + "</p>", "", ""],
        }
    )


def test_rows_carry_their_documents_year_place_issuer_and_table_columns():
    table = indicator_table(work_reports(), workers=1)
    after_groups = TABLE_COLUMNS.index("issuer") + 1  # a table corpus's own short columns follow the groups
    assert table.columns.tolist() == [*TABLE_COLUMNS[:after_groups], "栏目", *TABLE_COLUMNS[after_groups:]]
    by_doc = table.set_index("doc_id")
    assert by_doc.loc["zj-2024", ["year", "province", "issuer", "栏目"]].tolist() == [
        2024,
        "浙江省",
        "浙江省人民政府",
        "政府工作报告",
    ]
    assert by_doc.loc["hn-2024", "year"] == 2024  # the year cleaning filled, the date being blank
    assert str(table["year"].dtype) == "Int64" and str(table["province"].dtype) == str(table["title"].dtype)


def test_the_document_columns_are_in_the_cache_key_and_the_cached_table_carries_them():
    docs = work_reports()
    cache = Cache(tempfile.mkdtemp())
    first = indicator_table(docs, workers=1, cache=cache)
    moved = docs.assign(province=["江苏省", "河南省", ""])
    assert indicator_cache_key(moved) != indicator_cache_key(docs)
    assert indicator_cache_key(docs.rename(columns={"栏目": "频道"})) != indicator_cache_key(docs)
    other_page = docs.assign(html=["<div>" + "长" * 300 + "</div>", "", ""])
    assert indicator_cache_key(other_page) == indicator_cache_key(docs)  # a long column is not carried
    again = indicator_table(moved, workers=1, cache=cache)
    assert again.set_index("doc_id").loc["zj-2024", "province"] == "江苏省"
    assert again.drop(columns="province").equals(first.drop(columns="province"))
    assert indicator_table(docs, workers=1, cache=cache).equals(first)  # read back, columns and types as built


def test_a_corpus_without_grouping_columns_gets_blank_ones_and_an_empty_table_keeps_them():
    table = indicator_table(pd.DataFrame({"doc_id": ["a"], "text": ["下设党支部118个。"]}), workers=1)
    assert table.loc[0, "province"] == "" and pd.isna(table.loc[0, "year"])
    empty = indicator_table(pd.DataFrame({"doc_id": [], "text": []}), workers=1)
    assert empty.columns.tolist() == TABLE_COLUMNS


def test_a_row_of_a_document_not_in_docs_gets_blanks():
    rows = pd.DataFrame({"doc_id": ["a", "zzz"], "value": [1.0, 2.0]})
    docs = pd.DataFrame({"doc_id": ["a", "a"], "province": ["浙江省", "河南省"], "date": ["1999", ""]})
    joined = with_document_columns(rows, docs)
    assert joined["province"].tolist() == ["浙江省", ""]  # a doc_id given twice: its first row
    assert joined["year"].tolist()[0] == 1999 and pd.isna(joined["year"].tolist()[1])


def test_document_years_reject_implausible_values():
    years = document_year(pd.DataFrame({"year": [None, 12345, None], "date": ["0001-01-01", "2020", "2021年"]}))
    assert years.tolist()[0] is pd.NA and years.tolist()[1:] == [2020, 2021]


def test_the_columns_cleaning_defines_are_known_without_importing_the_cleaning():
    from helpers.clean.pipeline import DOC_COLUMNS
    from helpers.corpus.read import RAW_COLUMNS

    assert set(CLEANING_COLUMNS) == set(DOC_COLUMNS)
    assert set(RAW_COLUMNS) <= {*CLEANING_COLUMNS, *carried_columns_excluded()}


def carried_columns_excluded() -> set[str]:
    """Every raw-table column offered to carried_columns that it leaves out."""
    from helpers.corpus.read import RAW_COLUMNS

    offered = pd.DataFrame({name: [""] for name in [*RAW_COLUMNS, "row"]})
    return set(offered.columns) - set(carried_columns(offered))


def test_carried_columns_leave_out_the_documents_own_and_long_columns():
    docs = pd.DataFrame(
        {"doc_id": ["a"], "url": ["https://x.cn/1"], "n_chars": [3], "正文": ["字" * 101], "年": [2024]}
    )
    assert carried_columns(docs) == ["url", "年"]


def growth() -> pd.DataFrame:
    """Achieved and target growth figures of two provinces over two years, with a threshold and a count."""
    return pd.DataFrame(
        {
            "doc_id": ["zj23", "zj24", "zj24", "hn24", "hn24", "hn24", "hn24"],
            "province": ["浙江省", "浙江省", "浙江省", "河南省", "河南省", "河南省", "河南省"],
            "year": pd.array([2023, 2024, 2024, 2024, 2024, 2023, pd.NA], dtype="Int64"),
            "subject": ["地区生产总值", "地区生产总值", "规上工业增加值", "地区生产总值", "地区生产总值", "党员", "村"],
            "value": [6.0, 5.0, 7.0, 4.5, 4.1, 300.0, 3.0],
            "value_high": [NAN, NAN, NAN, 5.0, NAN, NAN, NAN],
            "unit": ["%", "%", "%", "%", "亿元", "名", "%"],
            "role": ["measure", "measure", "measure", "measure", "measure", "measure", "threshold"],
            "status": ["achieved", "target", "achieved", "target", "achieved", "unknown", "unknown"],
            "change": ["increase", "increase", "increase", "increase", "", "", ""],
            "mention": ["6%", "5%左右", "7%", "4.5%—5%", "4.1亿元", "300名", "3%以上"],
        }
    )


def test_find_indicators_filters_by_subject_terms_and_values():
    table = growth()
    assert find_indicators(table, subject="生产总值", status="achieved", unit="%")["value"].tolist() == [6.0]
    assert len(find_indicators(table, subject=["生产总值", "增加值"], unit="%")) == 4
    assert find_indicators(table, role=["threshold"])["mention"].tolist() == ["3%以上"]
    assert find_indicators(table, change="increase", status=("target",))["doc_id"].tolist() == ["zj24", "hn24"]
    assert find_indicators(table).equals(table) and find_indicators(table, subject="不存在").empty


def test_find_indicators_refuses_a_filter_on_a_column_the_table_lacks():
    with pytest.raises(KeyError, match="status"):
        find_indicators(growth().drop(columns="status"), status="achieved")


def test_indicator_ranges_keep_one_unit_and_the_achieved_and_target_measures():
    ranges = indicator_ranges(growth(), "生产总值", by="province")
    assert ranges.columns[0] == "province" and set(ranges["unit"]) == {"%"}
    assert ranges[["province", "status", "value", "value_high"]].fillna(-1).values.tolist() == [
        ["河南省", "target", 4.5, 5.0],
        ["浙江省", "achieved", 6.0, -1],
        ["浙江省", "target", 5.0, -1],
    ]
    assert indicator_ranges(growth(), "生产总值", unit="亿元", by="province")["value"].tolist() == [4.1]


def test_ranges_by_a_year_column_have_it_once():
    ranges = indicator_ranges(growth().assign(stated_year=2024), "生产总值", by="year")
    assert ranges.columns.tolist().count("year") == 1 and ranges["year"].tolist() == [2023, 2024, 2024]


def test_the_grouping_is_chosen_by_what_splits_the_rows():
    assert indicator_ranges(growth(), "生产总值").columns[0] == "province"
    one_province = growth()[growth()["province"] == "浙江省"]
    assert choose_grouping(one_province) == "year"
    assert choose_grouping(pd.DataFrame({"doc_id": ["a"]})) == "doc_id"


def test_the_range_notice_says_what_the_chart_cannot_show():
    assert indicator_range_notice(growth(), "生产总值", by="province") is None
    assert "没有主语含“财政收入”" in str(indicator_range_notice(growth(), "财政收入"))
    no_targets = growth().assign(status=lambda t: t["status"].replace("target", "achieved"))
    assert "只有完成值" in str(indicator_range_notice(no_targets, "生产总值", by="province"))
    assert "1 个 doc_id 分组" in str(indicator_range_notice(growth(), "生产总值", by="doc_id", unit="亿元"))
    assert str(indicator_range_notice(growth().drop(columns="value_high"), "生产总值")) == NO_STATUS_NOTE
    assert indicator_ranges(growth().drop(columns="status"), "生产总值").empty


def test_status_role_shares_sum_to_one_in_a_fixed_order():
    shares = status_role_shares(growth())
    assert shares.index.tolist() == ["measure", "threshold", "合计"]
    assert shares.columns.tolist() == ["achieved", "target", "unknown", "合计"]
    assert shares.loc["合计", "合计"] == pytest.approx(1.0)
    assert shares.loc["measure", "achieved"] == pytest.approx(3 / 7)


def test_status_role_shares_show_a_missing_status_column_as_missing():
    shares = status_role_shares(growth().drop(columns="status"))
    assert shares.columns.tolist() == [NO_STATUS_COLUMN, "合计"] and "unknown" not in shares.columns
    assert status_role_shares(growth().iloc[:0]).empty
