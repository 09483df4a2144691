"""OCR of scans the tests draw themselves: text drawn in a CJK font on a page, read back and compared.

OCR costs seconds a page, so the pages are few and small (each read once per module, shared by the tests
that look at it); these tests run in ``make test`` like any other (under a minute in all). The geometry
(reading order, columns, indents, skew) is tested on boxes directly, without the recogniser.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.corpus.extracted import UnreadableFile
from helpers.corpus.formats import extract
from helpers.corpus.ocr import NO_TEXT, OcrLine, deskewed_lines, page_text, read_image, reading_order
from helpers.corpus.pdf import SCANNED, read_pdf
from helpers.corpus.read import load_corpus
from helpers.corpus.summary import ocr_summary, uncertain_lines
from ocr_files import (
    PARAGRAPHS,
    Layout,
    blank_page,
    char_accuracy,
    draw_lines,
    draw_page,
    drawing_page,
    image_bytes,
    photocopy,
    scan_pdf,
    text_and_scan_pdf,
    tiff_bytes,
)
from pdf_files import wrap

PAGE = Layout(size=40, leading=70)


@pytest.fixture(scope="module")
def drawn():
    return draw_page(PARAGRAPHS, PAGE, footer="— 1 —")


@pytest.fixture(scope="module")
def clean_png(drawn):
    return read_image(image_bytes(drawn[0]))


@pytest.fixture(scope="module")
def photocopied(drawn):
    return read_image(image_bytes(photocopy(drawn[0], angle=1.5, seed=0)))


def _body(text: str) -> str:
    """The text without its page-number line (the photocopy may lose the small footer)."""
    return "\n".join(line for line in text.split("\n") if "—" not in line)


def test_a_clean_scan_reads_back_every_character_with_its_indents(clean_png, drawn):
    _, lines = drawn
    assert char_accuracy("\n".join(lines), _body(clean_png.text)) >= 0.99
    assert clean_png.reader == "ocr" and clean_png.n_pages == 1 and clean_png.ocr_pages == 1
    # paragraph starts are marked as the PDF reader marks them, wrapped lines are not
    assert [line.startswith("\u3000\u3000") for line in _body(clean_png.text).split("\n")] == [
        line.startswith("\u3000\u3000") for line in lines
    ]
    assert clean_png.text.split("\n")[-1].strip() == "— 1 —"  # the dashes, not the hanzi 一
    assert all(0.5 <= confidence <= 1 for _, confidence, _ in clean_png.ocr_lines)


def test_a_photocopied_scan_turned_blurred_and_speckled_reads_at_98_percent(photocopied, drawn):
    _, lines = drawn
    assert char_accuracy("\n".join(lines), _body(photocopied.text)) >= 0.98
    # the skew is undone before indents are found
    assert sum(line.startswith("\u3000\u3000") for line in _body(photocopied.text).split("\n")) == 3


def test_a_multi_page_tiff_has_its_pages_marked_and_a_blank_page_named():
    first, lines = draw_page(PARAGRAPHS[:1], PAGE)
    second, more = draw_page(PARAGRAPHS[1:2], PAGE)
    extracted = read_image(tiff_bytes([first, blank_page(), second]))
    pages = extracted.text.split("\n\f")
    assert len(pages) == 2 and extracted.n_pages == 3 and extracted.ocr_pages == 3
    assert char_accuracy("\n".join(lines), pages[0]) >= 0.98 and char_accuracy("\n".join(more), pages[1]) >= 0.98
    assert extracted.notice == "page 2 of 3: no text found by OCR"
    assert {page for page, _, _ in extracted.ocr_lines} == {1, 3}


def test_an_image_without_text_is_a_problem_not_an_error():
    with pytest.raises(UnreadableFile, match=f"^{NO_TEXT}$"):
        read_image(image_bytes(drawing_page()))


def test_a_scanned_pdf_is_read_by_ocr_and_its_blank_page_named(drawn):
    extracted = read_pdf(scan_pdf([drawn[0], blank_page()]))
    assert extracted.reader == "ocr" and extracted.n_pages == 2
    assert char_accuracy("\n".join(drawn[1]), _body(extracted.text)) >= 0.98
    assert extracted.notice == "page 2 of 2: no text found by OCR"


def test_a_pdf_of_text_pages_and_scanned_pages_says_both():
    scan, lines = draw_page(PARAGRAPHS[2:], PAGE)
    extracted = read_pdf(text_and_scan_pdf(["关于做好政策文件清理工作的通知"], scan))
    assert extracted.reader == "pdf-text+ocr" and extracted.n_pages == 2 and extracted.ocr_pages == 1
    text_page, scanned_page = extracted.text.split("\n\f")
    assert "关于做好政策文件清理工作的通知" in text_page
    assert char_accuracy("\n".join(lines), scanned_page) >= 0.98
    assert {page for page, _, _ in extracted.ocr_lines} == {2}


def test_with_ocr_off_a_scan_keeps_its_problem_as_before(monkeypatch, drawn):
    monkeypatch.setenv("HELPERS_OCR", "0")
    with pytest.raises(UnreadableFile, match=f"^{SCANNED}$"):
        read_pdf(scan_pdf([drawn[0]]))
    with pytest.raises(UnreadableFile, match=r"^unsupported format \.png: image: needs OCR"):
        extract(".png", image_bytes(drawn[0]))


def test_the_raw_table_keeps_confidences_and_the_summary_lists_the_least_certain(tmp_path):
    (tmp_path / "a.txt").write_text("全县共有党员2.3万名。", encoding="utf-8")
    raw = load_corpus(tmp_path, workers=1)
    assert raw["ocr_confidence"].isna().all() and raw["ocr_pages"].isna().all()
    assert (raw["ocr_lines"] == "").all()
    raw = pd.concat(
        [
            raw,
            pd.DataFrame(
                {
                    "doc_id": ["scan"],
                    "reader": ["ocr"],
                    "n_pages": [2],
                    "ocr_pages": [2],
                    "ocr_confidence": [0.8],
                    "ocr_lines": ["1\t0.99\t关于加强基层党建的通知\n2\t0.61\t各乡镇党委"],
                }
            ),
        ],
        ignore_index=True,
    )
    summary = ocr_summary(raw)
    assert summary[["doc_id", "ocr_pages", "lines", "uncertain"]].to_dict("records") == [
        {"doc_id": "scan", "ocr_pages": 2, "lines": 2, "uncertain": 1}
    ]
    assert uncertain_lines(raw)[["doc_id", "page", "confidence", "text"]].to_dict("records") == [
        {"doc_id": "scan", "page": 2, "confidence": 0.61, "text": "各乡镇党委"}
    ]


# ------------------------------------------------------------------ geometry, without the recogniser


def _line(text: str, x0: float, top: float, width: float | None = None, height: float = 30) -> OcrLine:
    return OcrLine(text, x0, x0 + (width if width is not None else 30 * len(text)), top, top + height, 1.0)


def test_two_columns_are_read_one_after_the_other():
    left = [_line(f"左栏第{n}行内容较长的文字", 0, 50 * n) for n in range(4)]
    right = [_line(f"右栏第{n}行内容较长的文字", 500, 50 * n) for n in range(4)]
    texts = [line.text for line in reading_order(right + left)]
    assert texts == [line.text for line in left + right]


def test_a_body_running_across_the_page_is_one_column():
    lines = [_line("全县共有党员两万名基层党组织一千个" * 2, 0, 50 * n) for n in range(4)]
    lines.append(_line("文件", 800, 0))
    assert len(reading_order(lines)) == 4  # 文件 joins the first row


def test_a_skewed_page_is_turned_back_before_indents_are_found():
    angle = math.radians(2)
    lines = [
        ("\u3000\u3000为贯彻落实", 60),
        ("例、《国务院关于》", 0),
        ("知》（国发）", 0),
        ("\u3000\u3000一、总体要求", 60),
    ]
    boxes = []
    for number, (text, indent) in enumerate(lines):
        x0, y0, width, height = indent, 100 * number + 40, 900 - indent, 30
        corners = [(x0, y0), (x0 + width, y0), (x0 + width, y0 + height), (x0, y0 + height)]
        turned = [
            (x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)) for x, y in corners
        ]
        boxes.append((turned, text.strip("\u3000"), 0.99))
    assert page_text(reading_order(deskewed_lines(boxes))).split("\n") == [text for text, _ in lines]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 800), st.integers(0, 1500), st.integers(20, 800), st.integers(10, 60)),
        min_size=0,
        max_size=25,
    )
)
def test_reading_order_keeps_every_recognised_character(boxes):
    lines = [_line(f"第{number}框", x0, top, width, height) for number, (x0, top, width, height) in enumerate(boxes)]
    ordered = reading_order(lines)
    assert sorted("".join(line.text for line in ordered).replace(" ", "")) == sorted(
        "".join(line.text for line in lines)
    )
    assert all(line.x0 <= line.x1 and line.top <= line.bottom for line in ordered)


def test_a_scanned_notice_is_cleaned_like_a_pdf_page_numbers_gone_and_paragraphs_whole(tmp_path):
    """Two scanned pages through loading and cleaning: the page numbers are dropped and audited, and the
    paragraph that crosses the page break reads whole, as the PDF reader's text would."""
    from helpers.clean.store import load_cleaned

    first = "为进一步加强基层党组织建设，推动全面从严治党向基层延伸，经县委同意，现就有关事项通知如下，请结合实际认真贯彻落实。"
    crossing = (
        "全县共有党员2.3万名，基层党组织1236个，各单位要高度重视，明确责任分工，"
        "于2025年6月30日前将落实情况报送县委组织部。"
    )
    lines = wrap(first) + wrap(crossing)
    page_one, _ = draw_lines(lines[:-1], footer="— 1 —")  # the last line of the paragraph runs on to page 2
    page_two, _ = draw_lines(lines[-1:], footer="— 2 —")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "scan.pdf").write_bytes(scan_pdf([page_one, page_two]))
    result = load_cleaned(tmp_path / "corpus", tmp_path / "processed", workers=1)
    row = result.raw.iloc[0]
    assert (row["reader"], row["problem"], row["ocr_pages"]) == ("ocr", "", 2)
    text = result.docs.iloc[0]["text"]
    assert "— 1 —" not in text and "— 2 —" not in text
    assert {"drop_page_number", "join_wrapped_lines"} <= set(result.audit["rule"])
    assert char_accuracy(crossing, max(text.split("\n"), key=lambda line: char_accuracy(crossing, line))) >= 0.97
