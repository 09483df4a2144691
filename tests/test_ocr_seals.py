"""Official seals on scanned pages: a red ring with the organ's name around it is taken off the page before the
body is read, its text comes back only as a marked line ``〔印章：…〕``, and the cleaning drops and audits that line.
A red head (红头: the issuer in large red characters at the top) is red too, and must stay in the text.

Two small pages are read once (a TIFF of two pages, about 15 s); the colour tests need no recogniser.
"""

from __future__ import annotations

import numpy as np
import pytest

from helpers.clean.pipeline import clean_document, cleaning_rules
from helpers.corpus.ocr import read_image
from helpers.corpus.seals import SEAL_LINE, find_seals
from ocr_files import (
    PARAGRAPHS,
    Layout,
    char_accuracy,
    draw_lines,
    drawing_page,
    photocopy,
    red_head,
    seal_stamp,
    stamped,
    tiff_bytes,
)
from pdf_files import wrap

PAGE = Layout(size=32, leading=56)
ISSUER = "城关县人民政府"
HEAD = f"{ISSUER}文件"
SEAL_CENTRE = (700, 480)


def _page(paragraphs: list[str], signature: bool):
    """A notice under a red head; with ``signature``, the issuer and date at the bottom right."""
    lines = [(indent, text) for paragraph in paragraphs for indent, text in wrap(paragraph, PAGE.line_chars)]
    if signature:
        lines += [(0, ""), (17, ISSUER), (16, "2025年3月1日")]
    image, drawn = draw_lines(lines, PAGE)
    return red_head(image, HEAD, 64), [HEAD, *drawn]


@pytest.fixture(scope="module")
def sealed():
    """The notice with the seal pressed over its signature (and the end of a body line)."""
    image, drawn = _page(PARAGRAPHS[:2], signature=True)
    return stamped(image, seal_stamp(ISSUER, 300), SEAL_CENTRE), drawn


@pytest.fixture(scope="module")
def unsealed():
    return _page(PARAGRAPHS[2:], signature=False)


@pytest.fixture(scope="module")
def read(sealed, unsealed):
    """Both pages read by OCR, as one two-page TIFF."""
    return read_image(tiff_bytes([sealed[0], unsealed[0]]))


def _pages(text: str) -> list[list[str]]:
    return [page.split("\n") for page in text.split("\f")]


def _marked(lines: list[str]) -> list[str]:
    return [line for line in lines if SEAL_LINE.match(line.strip())]


def test_a_seal_is_found_by_its_red_ring_and_a_red_head_is_not(sealed, unsealed):
    (seal,) = find_seals(np.asarray(sealed[0]))
    assert abs(seal.x - SEAL_CENTRE[0]) < 5 and abs(seal.y - SEAL_CENTRE[1]) < 5 and 140 < seal.rx < 155
    assert find_seals(np.asarray(unsealed[0])) == []  # a red head and a red rule: red, not a ring
    assert find_seals(np.asarray(drawing_page())) == []  # an empty red circle: no ink inside it
    # a greyscale photocopy has no colour to find a seal by
    assert find_seals(np.asarray(photocopy(sealed[0]).convert("RGB"))) == []


def test_the_seal_text_is_only_a_marked_line_and_the_body_reads_as_drawn(read, sealed):
    first, _ = _pages(read.text)
    _, drawn = sealed
    marked = _marked(first)
    assert len(marked) == 1 and ISSUER in marked[0]
    body = [line for line in first if line not in marked]
    # the body, the signature under the seal and the red head read back whole, no seal fragment among them
    assert char_accuracy("\n".join(drawn), "\n".join(body)) >= 0.98
    assert [line.strip() for line in body].count(ISSUER) == 1  # the signature, once
    assert HEAD in "".join(body)
    # the seal's line stands alone, not indented, and is listed with its confidence like any line
    assert marked[0] == marked[0].strip() and first.index(marked[0]) > 0
    assert any(text == marked[0] and page == 1 for page, _, text in read.ocr_lines)


def test_a_page_without_a_seal_gains_no_marked_line_and_keeps_its_red_head(read, unsealed):
    _, second = _pages(read.text)
    assert _marked(second) == []
    assert HEAD in "".join(second)
    assert char_accuracy("\n".join(unsealed[1]), "\n".join(second)) >= 0.98


def test_cleaning_drops_the_seal_line_and_audits_it(read):
    marked = _marked(read.text.split("\n"))
    rows, audit = clean_document("scan", read.text)
    text = "\n".join(row["text"] for row in rows)
    assert "印章" not in text and "2024年新发展" in text
    seal_rows = [row for row in audit if row[2] == "drop_seal_text"]
    assert [(before, after) for _, _, _, before, after in seal_rows] == [(marked[0], "")]
    assert "drop_seal_text" in cleaning_rules()


def test_only_a_whole_marked_line_is_taken_for_a_seal():
    text = "\f关于做好2025年工作的通知\n（城政发〔2025〕3号）\n各单位印章的刻制和使用，按《印章管理办法》执行。\n〔印章：城关县人民政府〕\n2025年3月1日"
    rows, audit = clean_document("typed", text)
    assert [row[3] for row in audit if row[2] == "drop_seal_text"] == ["〔印章：城关县人民政府〕"]
    assert "印章管理办法" in rows[0]["text"]
