"""A user's folder as it arrives: PDF, Word, OFD, tables, pages saved under other names, and bad files.

Every file gets its row (a table one per record), every bad file its reason, and the rest
loads and cleans: the checks a new user would make on their first corpus.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import pandas as pd
import pytest

import helpers
from helpers.clean.store import load_cleaned
from pdf_files import Notice, encrypted_pdf, notice_pdf, scanned_pdf
from table_files import write_csv, write_jsonl, write_parquet, write_xlsx
from word_files import Run, docx_bytes, ofd_bytes, sql_insert

PARAGRAPHS = [
    "各市、县人民政府，省政府各部门：为加强基层党组织建设，推动全面从严治党向基层延伸，"
    "经省人民政府同意，现就有关事项通知如下。",
    "一、全省各级党组织要把抓基层打基础作为长远之计和固本之举，2025年底前实现村党组织书记培训全覆盖。",
    "二、各地要建立健全基层党建工作责任制，每年开展一次述职评议考核，考核结果作为干部评价的重要依据。",
    "三、各级组织部门要加强督促检查，对工作推进不力的地方和单位及时提醒，确保各项任务落到实处。",
    "四、本通知自印发之日起施行，执行中遇到的问题请及时报告省委组织部。",
]
PAGE = (
    "<!DOCTYPE html><html><head><title>两新组织党建</title><script>var tracker = '统计代码';</script>"
    "<style>p { color: red }</style></head><body><h1>两新组织党建</h1>"
    "<p>各地要推动两新组织党建工作全覆盖，选好配强党组织书记。</p>"
    "<script>document.write('广告位');</script><p>全市已建立两新组织党组织326个。</p></body></html>"
)
TABLE = pd.DataFrame(
    {
        "标题": ["关于加强村党组织书记队伍建设的意见", "关于推进两新组织党建工作的通知"],
        "省份": ["浙江省", "河南省"],
        "年份": [2019, 2021],
        "正文": [
            "村党组织书记是农村基层党组织的带头人，各地要选优配强村党组织书记。",
            "两新组织党建是基层党建的重要组成部分，要实现党的组织和党的工作全覆盖。",
        ],
        "栏目": ["组织建设", "两新党建"],
    }
)


@pytest.fixture(scope="module", autouse=True)
def _without_ocr():
    """These tests read files as the suite does with OCR off (HELPERS_OCR=0): a scan or an image keeps its
    problem; tests/test_ocr.py reads them with OCR on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPERS_OCR", "0")
        yield


@lru_cache(maxsize=1)
def _folder_files() -> dict[str, bytes]:
    return {
        "notice.pdf": notice_pdf(Notice(paragraphs=PARAGRAPHS, lines_per_page=4)),
        "scan.pdf": scanned_pdf(),
        "locked.pdf": encrypted_pdf("s3cret"),
        "report.docx": docx_bytes(
            ["关于基层党建工作的报告", "全县共有党员2.3万名。", [["指标", "数量"], ["党支部", "326个"]]]
        ),
        "cut.docx": docx_bytes(["被截断的文档"])[:500],
        "reply.ofd": ofd_bytes(
            [[Run("关于同意设立党群服务中心的批复", 20, 30), Run("同意你单位设立党群服务中心。", 20, 45)]]
        ),
        "page.txt": PAGE.encode("utf-8"),
        "dump.txt": sql_insert("转载标题", "第一段：加强基层党建。\n第二段：落实三会一课制度。").encode("utf-8"),
        "old.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "photo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        ".hidden.txt": "隐藏文件不是文档".encode(),
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("我的语料")
    for name, data in _folder_files().items():
        (folder / name).write_bytes(data)
    write_csv(folder / "table.csv", TABLE, encoding="gbk")
    write_xlsx(folder / "table.xlsx", {"文件": TABLE})
    write_parquet(folder / "table.parquet", TABLE)
    write_jsonl(folder / "table.jsonl", TABLE.to_dict("records"))
    return folder


@pytest.fixture(scope="module")
def raw(corpus) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return helpers.load_corpus(corpus, workers=1)


def test_every_file_has_a_row_and_every_table_record_one(raw):
    files = raw.drop_duplicates("path")["path"].str.rsplit("/", n=1).str[-1]
    expected = {name for name in _folder_files() if not name.startswith(".")}
    assert set(files) == expected | {"table.csv", "table.xlsx", "table.parquet", "table.jsonl"}
    per_file = raw.groupby("path").size()
    assert all(per_file[path] == 2 for path in per_file.index if "/table." in path)
    assert raw["doc_id"].is_unique


def test_each_bad_file_has_its_reason(raw):
    problems = raw.set_index(raw["path"].str.rsplit("/", n=1).str[-1])["problem"]
    assert problems["scan.pdf"] == "scanned: no text layer; needs OCR"
    assert problems["locked.pdf"] == "encrypted: needs a password"
    assert problems["cut.docx"].startswith("damaged Word file")
    assert problems["old.wps"].startswith("unsupported format .wps") and "soffice" in problems["old.wps"]
    assert "OCR" in problems["photo.png"]
    readable = ["notice.pdf", "report.docx", "reply.ofd", "page.txt", "dump.txt"]
    assert (problems[readable] == "").all()


def test_readers_are_named(raw):
    readers = raw.set_index(raw["path"].str.rsplit("/", n=1).str[-1])["reader"]
    assert readers["notice.pdf"] == "pdf-text"
    assert readers["report.docx"] == "docx"
    assert readers["reply.ofd"] == "ofd"
    assert readers["page.txt"] == "html"
    assert set(raw.loc[raw["path"].str.contains("/table."), "reader"]) == {"table"}


def test_table_columns_come_along_under_their_names(raw):
    tables = raw.loc[raw["path"].str.contains("/table.")]
    assert set(tables["title"]) == set(TABLE["标题"])
    assert set(tables["province"]) == {"浙江省", "河南省"}
    assert set(tables["year"]) == {"2019", "2021"}
    assert set(tables["栏目"]) == {"组织建设", "两新党建"}
    assert (raw.loc[~raw["path"].str.contains("/table."), "栏目"] == "").all()


@pytest.fixture(scope="module")
def cleaned(corpus, tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_cleaned(corpus, tmp_path_factory.mktemp("processed"), workers=1)


def _text(docs: pd.DataFrame, prefix: str) -> str:
    return docs.loc[docs["doc_id"].str.startswith(prefix), "text"].iloc[0]


def test_the_pdf_reads_as_whole_paragraphs_without_page_furniture(cleaned):
    text = _text(cleaned.docs, "notice")
    for paragraph in PARAGRAPHS[1:]:
        assert paragraph in text.split("\n")  # each crossed line (and page) breaks, and reads whole
    assert "2025年第3期" not in text  # the running header
    assert "— 2 —" not in text and "第2页" not in text
    assert {"drop_page_number", "drop_running_header", "join_wrapped_lines"} <= set(cleaned.audit["rule"])


def test_pages_word_and_dumps_keep_only_their_text(cleaned):
    page = _text(cleaned.docs, "page")
    assert "全市已建立两新组织党组织326个。" in page
    assert "统计代码" not in page and "广告位" not in page and "color" not in page
    dump = _text(cleaned.docs, "dump")
    assert dump.split("\n")[-2:] == ["第一段：加强基层党建。", "第二段：落实三会一课制度。"]
    assert "INSERT" not in dump and "2021-03-01" not in dump
    report = cleaned.raw.set_index("doc_id").loc["report", "text_raw"]
    assert "党支部\t326个" in report.split("\n")  # a table row is one line, its cells separated by a tab
    assert "党支部 326个" in _text(cleaned.docs, "report").split("\n")


def test_a_table_corpus_keeps_its_own_metadata_through_cleaning(cleaned):
    docs = cleaned.docs
    rows = docs.loc[docs["栏目"] != ""]
    assert len(rows) == 8  # two records in each of four tables
    assert set(rows["title"]) == set(TABLE["标题"])
    assert set(rows["province"]) == {"浙江省", "河南省"}
