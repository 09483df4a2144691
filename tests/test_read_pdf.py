"""The PDF reader on files the tests build: a multi-page government notice in a CJK font, a scan,
encrypted files, a truncated file and pages whose font has no Unicode map; then the notice through
the whole cleaning pipeline: page numbers and the running header gone, broken sentences whole."""

from __future__ import annotations

from functools import lru_cache

import pytest

from helpers.clean.pipeline import clean_document
from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.pdf import CID_GARBAGE, ENCRYPTED, SCANNED, read_pdf
from pdf_files import ENCRYPTED_TEXT, Notice, encrypted_pdf, notice_pdf, odd_pages_pdf, scanned_pdf

PARAGRAPHS = [
    "为进一步规范行政规范性文件管理，根据《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》"
    "（国办发〔2018〕37号）要求，经省人民政府同意，现就做好政策文件清理工作通知如下。",
    "一、清理范围。本次清理的范围为截至2024年12月31日各级人民政府及其部门制定的现行有效的行政规范性文件，"
    "重点清理与上位法不一致、不适应经济社会发展要求的文件。",
    "二、清理标准。对内容与法律法规相抵触的，予以废止；对主要内容不适应新形势新要求的，予以修改；"
    "对调整对象已消失或者适用期已过的，宣布失效。",
    "三、工作要求。各地各部门要高度重视，明确责任分工，于2025年6月30日前将清理结果报送省司法厅，"
    "并向社会公布继续有效、废止和失效的文件目录。",
]
NOTICE = Notice(paragraphs=PARAGRAPHS, lines_per_page=4)


@pytest.fixture(autouse=True)
def _without_ocr(monkeypatch):
    """These tests read files as the suite does with OCR off (HELPERS_OCR=0): a scan or an image keeps its
    problem; tests/test_ocr.py reads them with OCR on."""
    monkeypatch.setenv("HELPERS_OCR", "0")


@lru_cache(maxsize=1)
def notice_bytes() -> bytes:
    return notice_pdf(NOTICE)


@lru_cache(maxsize=1)
def cleaned_notice() -> tuple[str, list[tuple]]:
    extracted = read_pdf(notice_bytes())
    rows, audit = clean_document("notice", extracted.text)
    return "\n".join(row["text"] for row in rows), audit


def test_notice_reads_page_by_page_with_its_layout():
    extracted = read_pdf(notice_bytes())
    pages = extracted.text.split("\n\f")
    assert extracted.reader == "pdf-text" and extracted.notice == ""
    assert extracted.n_pages == len(pages) >= 4
    first = pages[0].split("\n")
    assert first[:3] == [NOTICE.issuer, "\u3000\u3000" + NOTICE.number, "\u3000\u3000" + NOTICE.title]
    # a body paragraph's first line is indented, the lines the layout broke are not
    assert first[3] == "\u3000\u3000为进一步规范行政规范性文件管理，根据《国务院办公厅关"
    assert first[4] == "于加强行政规范性文件制定和监督管理工作的通知》（国办发〔"
    assert first[-1].endswith("— 1 —")
    assert pages[1].split("\n")[0].endswith(NOTICE.running_header)
    assert pages[1].split("\n")[-1].endswith("第2页")
    assert pages[3].split("\n")[-1].endswith("4/" + str(len(pages)))


def test_cleaned_notice_has_whole_paragraphs_and_no_page_furniture():
    text, _ = cleaned_notice()
    lines = text.split("\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in lines  # every sentence broken across lines and pages reads whole
    assert "\f" not in text and "\u3000" not in text
    assert NOTICE.running_header not in text and "2025年第3期" not in text
    for furniture in ("— 1 —", "第2页", "- 3 -", "4/4"):
        assert not any(line.endswith(furniture) for line in lines), furniture


def test_cleaned_notice_audits_every_removal_and_join():
    _, audit = cleaned_notice()
    n_pages = read_pdf(notice_bytes()).n_pages
    by_rule: dict[str, list[tuple]] = {}
    for row in audit:
        by_rule.setdefault(row[2], []).append(row)
    assert len(by_rule["drop_page_number"]) == n_pages
    assert [row[3].strip("\f\u3000") for row in by_rule["drop_running_header"]] == [NOTICE.running_header] * (
        n_pages - 1
    )
    joins = by_rule["join_wrapped_lines"]
    # the sentence that crossed from page 1 to page 2: its continuation names the whole paragraph
    crossing = [row for row in joins if row[3] == "主要内容不适应新形势新要求的，予以修改；对调整对象已消失"]
    assert [row[4].strip("\u3000") for row in crossing] == [PARAGRAPHS[2]]
    assert {row[4].strip("\u3000") for row in joins} == set(PARAGRAPHS)


def test_scanned_pdf_needs_ocr():
    with pytest.raises(UnreadableFile, match=r"^scanned: no text layer; needs OCR$"):
        read_pdf(scanned_pdf())
    assert SCANNED == "scanned: no text layer; needs OCR"


def test_encrypted_with_empty_password_opens():
    assert read_pdf(encrypted_pdf("")).text == ENCRYPTED_TEXT


def test_encrypted_with_a_password_is_a_problem():
    with pytest.raises(UnreadableFile) as problem:
        read_pdf(encrypted_pdf("s3cret"))
    assert str(problem.value) == ENCRYPTED


def test_truncated_pdf_is_damaged():
    data = notice_bytes()
    with pytest.raises(UnreadableFile, match=r"^damaged PDF: "):
        read_pdf(data[: len(data) // 2])
    with pytest.raises(UnreadableFile, match=r"^damaged PDF: no %PDF header$"):
        read_pdf(b"<html>not a pdf</html>")


def test_cid_garbage_is_named():
    with pytest.raises(UnreadableFile) as problem:
        read_pdf(odd_pages_pdf(["cid", "cid"]))
    assert str(problem.value) == CID_GARBAGE and "CID garbage" in CID_GARBAGE and "Unicode map" in CID_GARBAGE


def test_bad_pages_are_left_out_and_named():
    extracted = read_pdf(odd_pages_pdf(["text", "image", "text", "cid"]))
    assert extracted.text == "Budget report, page 1: revenue rose.\n\fBudget report, page 3: revenue rose."
    assert extracted.n_pages == 4
    assert extracted.notice == (
        "page 2 of 4: no text layer (scanned); needs OCR; page 4 of 4: CID garbage (fonts without a Unicode map)"
    )


def test_scan_and_garbage_together_say_both():
    with pytest.raises(UnreadableFile, match=r"^no usable text: page 1 of 2: no text layer .*page 2 of 2: CID"):
        read_pdf(odd_pages_pdf(["image", "cid"]))


def test_each_bad_file_gets_its_reason_while_the_rest_loads():
    files = {
        "notice.pdf": notice_bytes(),
        "scan.pdf": scanned_pdf(),
        "locked.pdf": encrypted_pdf("s3cret"),
        "open.pdf": encrypted_pdf(""),
        "cut.pdf": notice_bytes()[:900],
        "cid.pdf": odd_pages_pdf(["cid"]),
    }
    rows = {}
    for name, data in files.items():
        try:
            rows[name] = (read_pdf(data).text.split("\n")[0], "")
        except UnreadableFile as problem:
            rows[name] = ("", str(problem))
    assert rows["notice.pdf"] == (NOTICE.issuer, "")
    assert rows["open.pdf"] == (ENCRYPTED_TEXT, "")
    assert rows["scan.pdf"] == ("", SCANNED)
    assert rows["locked.pdf"] == ("", ENCRYPTED)
    assert rows["cid.pdf"] == ("", CID_GARBAGE)
    assert rows["cut.pdf"][1].startswith("damaged PDF: ")
