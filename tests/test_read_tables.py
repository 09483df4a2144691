"""Table corpora: one record per row with its metadata, a problem row for each bad record, a reason for each bad
file; big tables stream in batches."""

from __future__ import annotations

import csv
import datetime as dt
import time
import tracemalloc
from itertools import islice
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers.config import DATA_DIR
from helpers.corpus.decode import normalise_newlines
from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.table_columns import known_names, metadata_names
from helpers.corpus.tables import TABLE_SUFFIXES, iter_table_records
from table_files import (
    POLICY_RECORDS,
    generated_frame,
    policy_frame,
    write_csv,
    write_json,
    write_jsonl,
    write_parquet,
    write_xlsx,
)


def read_all(path: Path, batch_size: int = 1000) -> list[dict]:
    return [record for batch in iter_table_records(path, batch_size=batch_size) for record in batch]


def unreadable(path: Path) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_all(path)
    return str(caught.value)


# --- every format, the same records ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, write",
    [
        ("政策.csv", lambda path: write_csv(path, policy_frame())),
        ("政策.tsv", lambda path: write_csv(path, policy_frame(), sep="\t")),
        ("政策.csv", lambda path: write_csv(path, policy_frame(), encoding="gbk")),
        ("政策.csv", lambda path: write_csv(path, policy_frame(), encoding="utf-8-sig")),
        ("政策.xlsx", lambda path: write_xlsx(path, {"Sheet1": policy_frame()})),
        ("政策.parquet", lambda path: write_parquet(path, policy_frame())),
        ("政策.jsonl", lambda path: write_jsonl(path, policy_frame().to_dict("records"))),
        ("政策.json", lambda path: write_json(path, policy_frame().to_dict("records"))),
    ],
    ids=["csv", "tsv", "csv-gbk", "csv-utf8-bom", "xlsx", "parquet", "jsonl", "json"],
)
def test_each_format_gives_one_record_per_row_with_its_metadata_word_for_word(tmp_path, name, write):
    assert read_all(write(tmp_path / name)) == POLICY_RECORDS


def test_the_suffixes_are_the_formats_read():
    assert {".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".json", ".jsonl", ".parquet"} == TABLE_SUFFIXES


def test_a_gbk_csv_is_read_as_gbk_even_when_its_first_megabyte_is_ascii(tmp_path):
    frame = pd.DataFrame({"text": [f"plain ascii line number {n}" for n in range(40_000)] + ["基层党组织建设"]})
    records = read_all(write_csv(tmp_path / "late.csv", frame, encoding="gbk"))
    assert records[-1]["text_raw"] == "基层党组织建设"
    assert records[-1]["doc_id"] == "late-40001"


def test_a_quoted_field_across_lines_is_one_record_and_rows_count_records_not_lines(tmp_path):
    path = tmp_path / "报告.csv"
    path.write_bytes('标题,正文\r\n"通知一","第一段，含逗号。\r\n第二段有""引号""。"\r\n通知二,短文\r\n'.encode())
    records = read_all(path)
    assert [(r["doc_id"], r["row"], r["title"], r["text_raw"]) for r in records] == [
        ("报告-1", 1, "通知一", '第一段，含逗号。\n第二段有"引号"。'),
        ("报告-2", 2, "通知二", "短文"),
    ]


def test_a_row_with_more_fields_than_the_header_is_a_problem_row_and_the_rest_loads(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("标题,正文\n甲,文一\n乙,文二,多余\n\n丙\n", encoding="utf-8")
    records = read_all(path)
    assert [(r["row"], r["title"], r["text_raw"], r["problem"]) for r in records] == [
        (1, "甲", "文一", ""),
        (2, "", "", "row 2: 3 fields where the header has 2"),
        (4, "丙", "", "row 4: empty text"),
    ]


# --- Excel -----------------------------------------------------------------------------------------------------


def test_a_workbook_reads_every_sheet_with_a_text_column_and_names_the_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "年度文件.xlsx",
        {
            "2019": pd.DataFrame({"标题": ["甲通知"], "内容": ["第一份文件的正文"], "年度": [2019.0]}),
            "目录": pd.DataFrame({"序": [1, 2], "名": ["甲", "乙"]}),
            "2020": pd.DataFrame({"标题": ["乙通知", "丙通知"], "内容": ["第二份", None], "年度": [2020.0, 2020.0]}),
        },
    )
    records = read_all(path)
    assert records == [
        {"doc_id": "年度文件-2019-1", "row": 1, "text_raw": "第一份文件的正文", "problem": ""}
        | {"title": "甲通知", "year": "2019", "sheet": "2019"},
        {"doc_id": "年度文件-2020-1", "row": 1, "text_raw": "第二份", "problem": ""}
        | {"title": "乙通知", "year": "2020", "sheet": "2020"},
        {"doc_id": "年度文件-2020-2", "row": 2, "text_raw": "", "problem": "sheet 2020, row 2: empty text"}
        | {"title": "丙通知", "year": "2020", "sheet": "2020"},
    ]


def test_excel_dates_come_out_as_iso_dates_and_a_title_row_above_the_header_is_skipped(tmp_path):
    frame = pd.DataFrame(
        {
            "发文日期": [43539, 45189.0],  # Excel serial days, as a sheet without a date format keeps them
            "成文时间": [dt.datetime(2019, 3, 15, 9, 30), dt.datetime(2023, 9, 20)],
            "正文": ["正文一", "正文二"],
        }
    )
    path = write_xlsx(tmp_path / "dates.xlsx", {"Sheet1": frame}, start_row=1)
    with pd.ExcelWriter(path, engine="openpyxl", mode="a", if_sheet_exists="overlay") as writer:
        pd.DataFrame([["2019年政策文件清单"]]).to_excel(writer, sheet_name="Sheet1", index=False, header=False)
    records = read_all(path)
    assert [(r["date"], r["成文时间"], r["text_raw"]) for r in records] == [
        ("2019-03-15", "2019-03-15", "正文一"),
        ("2023-09-20", "2023-09-20", "正文二"),
    ]


def test_a_damaged_workbook_has_its_reason(tmp_path):
    whole = write_xlsx(tmp_path / "whole.xlsx", {"Sheet1": policy_frame()}).read_bytes()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(whole[: len(whole) // 2])
    assert unreadable(damaged).startswith("damaged Excel file: ")


def test_a_workbook_saved_under_the_other_suffix_is_still_read(tmp_path):
    """.xls and .xlsx are told apart by their bytes (no library here writes a real BIFF .xls, so the old format
    itself is not built in these tests)."""
    path = tmp_path / "旧.xls"
    path.write_bytes(write_xlsx(tmp_path / "x.xlsx", {"Sheet1": policy_frame()}).read_bytes())
    assert read_all(path) == POLICY_RECORDS


def test_a_workbook_without_any_rows_is_an_empty_table(tmp_path):
    path = write_xlsx(tmp_path / "empty.xlsx", {"Sheet1": pd.DataFrame({"正文": []})})
    assert unreadable(path) == "empty table: no rows under the header"


# --- JSON and JSON Lines ---------------------------------------------------------------------------------------


def test_bad_json_lines_are_problem_rows_named_by_line_and_the_rest_loads(tmp_path):
    path = write_jsonl(
        tmp_path / "r.jsonl",
        [{"title": "甲", "content": "正文甲", "year": 2019}, '{"title": "乙", "content": ', "", '["列表"]']
        + [{"title": "丙", "content": "正文丙", "year": 2020, "url": "http://x.cn/1"}],
    )
    records = read_all(path)
    assert [(r["doc_id"], r["row"], r["text_raw"], r["problem"]) for r in records] == [
        ("r-1", 1, "正文甲", ""),
        ("r-2", 2, "", "line 2: not valid JSON: Expecting value"),
        ("r-4", 4, "", "line 4: not a JSON object but a JSON array"),
        ("r-5", 5, "正文丙", ""),
    ]
    assert (records[0]["year"], records[3]["year"], records[3]["url"]) == ("2019", "2020", "http://x.cn/1")


@pytest.mark.parametrize(
    "value, reason",
    [
        ({"data": [{"content": "正文"}], "total": 1}, "a JSON object, not an array of records (its keys: data, total)"),
        (["正文一", "正文二"], "an array of a JSON strings, not of records (JSON objects)"),
        ("正文", "a JSON string, not an array of records"),
    ],
)
def test_a_json_that_is_not_an_array_of_records_has_its_reason(tmp_path, value, reason):
    assert unreadable(write_json(tmp_path / "x.json", value)) == reason


def test_a_json_array_item_that_is_not_an_object_is_a_problem_row(tmp_path):
    records = read_all(write_json(tmp_path / "a.json", [{"text": "正文"}, 3]))
    assert [(r["doc_id"], r["problem"]) for r in records] == [("a-1", ""), ("a-2", "row 2: not a JSON object")]


# --- column roles ----------------------------------------------------------------------------------------------


def test_without_a_text_column_the_file_has_its_reason(tmp_path):
    frame = pd.DataFrame({"url": ["https://www.gov.cn/zhengce/content_6905142.htm"], "文号": ["国函〔2023〕98号"]})
    assert unreadable(write_csv(tmp_path / "n.csv", frame)) == (
        "no text column: none named text, content, full_text, 正文, 内容 … and no column of text averaging 20 characters"
    )


def test_without_a_named_text_column_the_longest_prose_column_is_the_text_and_web_addresses_are_not(tmp_path):
    frame = pd.DataFrame(
        {
            "链接": ["https://www.gov.cn/zhengce/zhengceku/202309/content_6905142.htm"],
            "摘要": ["国务院关于《江西省国土空间规划（2021—2035年）》的批复，同意规划实施"],
            "短语": ["批复"],
        }
    )
    [record] = read_all(write_csv(tmp_path / "g.csv", frame))
    assert record["text_raw"] == "国务院关于《江西省国土空间规划（2021—2035年）》的批复，同意规划实施"
    assert (record["url"], record["短语"]) == (
        "https://www.gov.cn/zhengce/zhengceku/202309/content_6905142.htm",
        "批复",
    )


def test_of_several_text_columns_by_name_the_longest_is_the_text_and_the_other_is_metadata(tmp_path):
    frame = pd.DataFrame({"内容": ["摘要一句"], "正文": ["正文比摘要长得多，是文件的全部内容。"]})
    [record] = read_all(write_csv(tmp_path / "t.csv", frame))
    assert (record["text_raw"], record["内容"]) == ("正文比摘要长得多，是文件的全部内容。", "摘要一句")


def test_ids_that_repeat_give_stem_and_row_and_stay_as_metadata(tmp_path):
    frame = pd.DataFrame({"ID": [7, 7, 9] + [10] * 9, "text": ["文"] * 12})
    records = read_all(write_csv(tmp_path / "dup.csv", frame))
    assert [record["doc_id"] for record in records[:2]] == ["dup-01", "dup-02"]
    assert [record["ID"] for record in records[:3]] == ["7", "7", "9"]


def test_synonyms_map_to_the_canonical_names_and_a_column_named_exactly_so_wins():
    assert metadata_names(["发布日期", "Date", "文件名称", "Issued-By", "doc_id", "地区"]) == {
        "发布日期": "发布日期",
        "Date": "date",
        "文件名称": "title",
        "Issued-By": "issuer",
        "doc_id": "table_doc_id",
        "地区": "地区",
    }


def test_the_column_names_file_says_where_it_came_from_and_every_role_has_names():
    header = (DATA_DIR / "table_columns.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# ")
    known = known_names()
    assert {"正文", "内容", "全文", "text", "content", "full_text", "body"} <= set(known.text)
    assert {"id", "doc_id", "编号", "uuid"} <= set(known.ids)
    assert {known.canonical[name][0] for name in ("标题", "发文字号", "链接", "年份", "省份", "发文机关")} == {
        "title", "doc_number", "url", "year", "province", "issuer"
    }  # fmt: skip


# --- empty and unreadable files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("e.csv", b"", "empty file (no text)"),
        ("s.csv", b"  \r\n\n \t\n", "empty file (no text)"),
        ("w.csv", "    标题,正文\n".encode(), "empty table: no rows under the header"),
        ("h.csv", "标题,正文\n".encode(), "empty table: no rows under the header"),
        ("b.csv", b"\x00\x01\x02binary\xff\xfe" * 50, "binary file, not text (contains NUL or control bytes)"),
        ("p.parquet", b"PAR1 not really", "damaged Parquet file: "),
        ("x.json", b'[{"text": "a"', "not valid JSON: Expecting ',' delimiter (line 1)"),
    ],
)
def test_an_empty_or_unreadable_file_has_its_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert unreadable(path).startswith(reason)


# --- the bundled example ---------------------------------------------------------------------------------------


def test_the_bundled_congress_reports_load_as_16_documents_each_with_its_year():
    records = read_all(DATA_DIR / "examples" / "cpc-congress-reports.jsonl")
    assert len(records) == 16
    assert [record["year"] for record in records[:4]] == ["1921", "1921", "1923", "1945"]
    assert all(record["year"].isdigit() and record["title"] and not record["problem"] for record in records)
    assert records[-1]["title"].endswith("(二十大)")
    assert records[-1]["text_raw"] and "content" not in records[-1]


# --- streaming -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_tables(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("big")
    frame = generated_frame(100_000)
    return {"csv": write_csv(folder / "big.csv", frame), "parquet": write_parquet(folder / "big.parquet", frame)}


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_table_of_100000_rows_streams_one_batch_at_a_time(big_tables, kind):
    """Memory is traced over the id check (a pass over the whole file) and the first ten batches: tracing every
    allocation of all hundred would take the test ten times as long as reading."""
    path = big_tables[kind]
    started = time.perf_counter()
    tracemalloc.start()
    try:
        batches = iter_table_records(path, batch_size=1000)
        n_records = sum(len(batch) for batch in islice(batches, 10))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    for batch in batches:
        n_records, last = n_records + len(batch), batch[-1]
    seconds = time.perf_counter() - started
    print(f"{kind}: 100,000 rows, {path.stat().st_size / 1e6:.1f} MB in {seconds:.2f} s, peak {peak / 1e6:.1f} MB")
    assert n_records == 100_000
    assert last["doc_id"] == "doc0099999" and last["province"] == "贵州省" and last["year"] == "2024"
    # the whole table as records would be ~100 MB of Python objects, a batch of them under a megabyte
    assert peak < 10_000_000


# --- properties ------------------------------------------------------------------------------------------------

cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(cell.filter(str.strip), cell), min_size=1, max_size=8))
@example(rows=[("0", "0\u20280")])  # a Unicode line separator in a metadata cell (found by hypothesis)
def test_any_csv_the_csv_module_writes_reads_back_row_for_row(tmp_path, rows):
    path = tmp_path / "p.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("正文", "备注"), *rows])
    records = read_all(path)
    expected = [(text, note) for text, note in rows if (text + note).strip()]
    # line ends as every reader gives them: CRLF, CR and the Unicode line and paragraph separators become LF
    assert [(r["text_raw"], r["备注"]) for r in records] == [
        (normalise_newlines(t), normalise_newlines(n).strip()) for t, n in expected
    ]


def test_parquet_types_all_come_out_as_strings(tmp_path):
    table = pa.table(
        {
            "text": ["正文", "正文二"],
            "year": pa.array([2019.0, None]),
            "date": pa.array([dt.date(2019, 3, 15), None]),
            "pub_time": pa.array([dt.datetime(2019, 3, 15, 8), dt.datetime(2020, 1, 1)], pa.timestamp("ms")),
            "tags": [["政策", "经济"], []],
            "ok": [True, False],
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    records = read_all(tmp_path / "t.parquet")
    assert [{k: v for k, v in r.items() if k not in ("doc_id", "row", "text_raw", "problem")} for r in records] == [
        {"year": "2019", "date": "2019-03-15", "pub_time": "2019-03-15", "tags": '["政策", "经济"]', "ok": "true"},
        {"year": "", "date": "", "pub_time": "2020-01-01", "tags": "[]", "ok": "false"},
    ]
