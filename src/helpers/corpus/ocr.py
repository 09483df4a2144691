"""Page images → text in reading order, with each line's recognition confidence (scans, photographed notices).

The recogniser is RapidOCR (``rapidocr-onnxruntime``, Apache-2.0): PaddleOCR's PP-OCRv4 Chinese detection
and recognition models, shipped inside the wheel and run by ONNX Runtime on the CPU, so nothing is
downloaded at run time. PDF pages are rendered for it by pypdfium2 (PDF pages without a text layer,
corpus/pdf.py); image files (PNG, JPEG, TIFF, BMP; a TIFF may hold many pages) are read here.

The text follows the PDF reader's convention, so the cleaning rules for page furniture (page numbers,
running headers, lines the layout broke) apply to a scan as to a text PDF: lines in reading order, each
page after the first beginning with a form feed ``\\f``, a line indented from the page's body margin by
1.5 characters or more beginning with two ideographic spaces. A photocopy is often skewed by a degree or
two: the boxes are turned back by their median slope before lines, columns and indents are found.

A colour page's official seals (a red ring with the organ's name around it, corpus/seals.py) are taken off the
page before it is read, so their characters do not mix with the signature's, and are read on their own: each
seal's text becomes one line ``〔印章：<text>〕`` at the seal's place, never indented nor joined with a neighbour,
which the cleaning drops and audits (``drop_seal_text``).

``HELPERS_OCR=0`` turns OCR off: a scan then keeps its row and its problem ("needs OCR"), as before OCR.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import os
import re
import statistics
from dataclasses import dataclass

from helpers.config import read_data_table
from helpers.corpus.extracted import Extracted, UnreadableFile
from helpers.corpus.margins import body_left_edge, paragraph_mark
from helpers.corpus.seals import Seal, find_seals, inner_disc, seal_ink, seal_line, unrolled_band, without_seals

# The switch: "0" (or "off", "no", "false") turns OCR off; anything else, or unset, leaves it on.
OCR_SWITCH = "HELPERS_OCR"
# Lines recognised with a confidence below this are kept, and listed for a reader to check (notebook 01).
LOW_CONFIDENCE = 0.8
# Boxes the recogniser scores below this are dropped as noise (specks, stamps' rims): RapidOCR's own default.
MIN_BOX_SCORE = 0.5
# PDF pages are rendered at this resolution: the recogniser reads 10.5-point text well from 150 dpi up.
RENDER_DPI = 200
# A box's centre within this share of a row's height from the row's centre is on that row.
SAME_ROW = 0.5
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
NO_TEXT = "OCR found no text"
# The recogniser's confusions in the fixed forms of the genre, and their mends (GB/T 9704 forms).
CONFUSIONS_FILE = "ocr_confusions.tsv"


@dataclass(frozen=True)
class OcrLine:
    """One recognised line, in page pixels turned back by the page's skew: text, box and confidence."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float
    seal: bool = False  # a seal's marked text, not the page's

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def centre(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class OcrPage:
    """One page's text (indents marked, no form feed) and its lines with their confidences, in reading order."""

    text: str
    lines: tuple[OcrLine, ...]


def ocr_enabled() -> bool:
    """Whether OCR runs: yes unless ``HELPERS_OCR`` says ``0`` (the Makefile's ``OCR=0``)."""
    return os.environ.get(OCR_SWITCH, "1").strip().lower() not in {"0", "off", "no", "false"}


@functools.cache
def _engine():
    """The recogniser, loaded once per process (0.4 s and 15 MB of models) and kept: a worker reads many pages,
    and the model holds no state between them, so a module-level singleton is the cheapest correct choice."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise UnreadableFile("needs OCR, which is not installed in this copy of the suite") from None
    return RapidOCR()


def recognise(image) -> OcrPage:
    """The text of one page image (a Pillow image of any mode) in reading order, with its lines' confidences;
    a seal's text as a marked line of its own at the seal's place."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image.convert("RGB"))
    seals = find_seals(pixels)
    page = Image.fromarray(without_seals(pixels, seals)) if seals else image.convert("RGB")
    lines = reading_order(deskewed_lines(recognised_boxes(page)))
    for seal in seals:
        lines = with_seal_line(lines, read_seal(pixels, seal))
    return OcrPage(page_text(lines), tuple(lines))


def recognised_boxes(image) -> list[tuple[list, str, float]]:
    """The recogniser's boxes on an image: corners, text (confusions mended), score; empty texts left out."""
    found, _ = _engine()(image, text_score=MIN_BOX_SCORE)
    boxes = [(box, mend_confusions(str(text).strip()), float(score)) for box, text, score in found or []]
    return [box for box in boxes if box[1]]


def read_seal(pixels, seal: Seal) -> OcrLine | None:
    """A seal's text, read from its red ink alone: the ring's band unrolled (left to right), then the disc
    inside it; one marked line at the seal's place, None when nothing was read."""
    from PIL import Image

    ink = seal_ink(pixels)
    band = sorted(
        recognised_boxes(Image.fromarray(unrolled_band(ink, seal)).convert("RGB")), key=lambda box: box[0][0][0]
    )
    disc = reading_order(deskewed_lines(recognised_boxes(Image.fromarray(inner_disc(ink, seal)).convert("RGB"))))
    pieces = [(text, score) for _, text, score in band] + [(line.text, line.confidence) for line in disc]
    if not pieces:
        return None
    text = " ".join(
        filter(None, ("".join(text for text, _ in pieces[: len(band)]), *(text for text, _ in pieces[len(band) :])))
    )
    confidence = sum(score * len(text) for text, score in pieces) / sum(len(text) for text, _ in pieces)
    return OcrLine(seal_line(text), seal.x - seal.rx, seal.x + seal.rx, seal.y - 1, seal.y + 1, confidence, seal=True)


def with_seal_line(lines: list[OcrLine], seal: OcrLine | None) -> list[OcrLine]:
    """The page's lines with a seal's line among them where its centre falls (never first: a page's first
    line carries its form feed).

    >>> seal = OcrLine("〔印章：城关县人民政府〕", 500, 800, 299, 301, 0.9, seal=True)
    >>> [line.text for line in with_seal_line([OcrLine("正文", 0, 900, 0, 30, 1), OcrLine("城关县人民政府", 500, 800, 280, 310, 1),
    ...                                       OcrLine("2025年3月1日", 500, 800, 340, 370, 1)], seal)]
    ['正文', '城关县人民政府', '〔印章：城关县人民政府〕', '2025年3月1日']
    """
    if seal is None:
        return lines
    place = max(min(1, len(lines)), sum(line.centre <= seal.centre for line in lines))
    return [*lines[:place], seal, *lines[place:]]


def mend_confusions(line: str) -> str:
    """A recognised line with the recogniser's confusions in the genre's fixed forms mended: a document
    number's year brackets made hexagonal, a page number's dashes given back (GB/T 9704 prints both).

    >>> mend_confusions("（国发〔2018］41号）、（国发［2016】33 号）")
    '（国发〔2018〕41号）、（国发〔2016〕33号）'
    >>> mend_confusions("一1一"), mend_confusions("一1")
    ('— 1 —', '一1')
    """
    for pattern, replacement in _confusions():
        line = pattern.sub(replacement, line)
    return line


@functools.cache
def _confusions() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in read_data_table(CONFUSIONS_FILE))


def deskewed_lines(boxes: list[tuple[list, str, float]]) -> list[OcrLine]:
    """Boxes (four corners, clockwise from the top left) as lines in coordinates turned back by the page's skew:
    the median slope of the long boxes' top edges (a skewed photocopy turns every line alike)."""
    slopes = [
        math.atan2(box[1][1] - box[0][1], box[1][0] - box[0][0])
        for box, _, _ in boxes
        if abs(box[1][0] - box[0][0]) > 3 * abs(box[3][1] - box[0][1])
    ]
    angle = statistics.median(slopes) if slopes else 0.0
    cos, sin = math.cos(-angle), math.sin(-angle)
    lines = []
    for box, text, score in boxes:
        xs = [x * cos - y * sin for x, y in box]
        ys = [x * sin + y * cos for x, y in box]
        lines.append(OcrLine(text, min(xs), max(xs), min(ys), max(ys), score))
    return lines


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines top to bottom, a row's boxes joined left to right; two columns read one after the other.

    >>> order = reading_order([OcrLine("文件", 600, 700, 12, 40, 1.0), OcrLine("办公厅", 0, 300, 10, 40, 1.0),
    ...                        OcrLine("通知", 0, 100, 60, 90, 0.9)])
    >>> [line.text for line in order]
    ['办公厅 文件', '通知']
    """
    columns = split_columns(lines)
    if columns is not None:
        return [line for column in columns for line in reading_order(column)]
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: line.centre):
        row = rows[-1] if rows else None
        if row and abs(_row_centre(row) - line.centre) < SAME_ROW * min(_row_height(row), line.height):
            row.append(line)
        else:
            rows.append([line])
    return [join_row(sorted(row, key=lambda line: line.x0)) for row in rows]


def _row_centre(row: list[OcrLine]) -> float:
    return statistics.fmean(line.centre for line in row)


def _row_height(row: list[OcrLine]) -> float:
    return statistics.fmean(line.height for line in row)


def join_row(row: list[OcrLine]) -> OcrLine:
    """The boxes of one row, left to right, as one line: a space where a character's width or more separates
    them (a red head's ``文件``, a signature's gap), none where they touch; where the detector cut a line into
    overlapping boxes, the character both read is kept once. Confidence: the boxes' mean, weighted by length.

    >>> join_row([OcrLine("基层党组织1236个，2", 139, 939, 61, 104, 1.0), OcrLine("2024年", 919, 1172, 61, 103, 0.9)]).text
    '基层党组织1236个，2024年'
    """
    if len(row) == 1:
        return row[0]
    text = row[0].text
    for previous, line in itertools.pairwise(row):
        char_size = min(previous.height, line.height)
        piece = line.text
        if previous.x1 - line.x0 >= 0.25 * char_size and text[-1:] == piece[:1]:
            piece = piece[1:]  # both boxes read the character where they overlap
        text += (" " if line.x0 - previous.x1 >= char_size else "") + piece
    weights = [len(line.text) for line in row]
    confidence = sum(line.confidence * weight for line, weight in zip(row, weights)) / sum(weights)
    return OcrLine(
        text,
        row[0].x0,
        max(line.x1 for line in row),
        min(line.top for line in row),
        max(line.bottom for line in row),
        confidence,
    )


def split_columns(lines: list[OcrLine]) -> list[list[OcrLine]] | None:
    """The page's lines as two columns (left, right) when a gutter no line crosses runs down the page between
    two sets of long lines side by side on at least three rows; None for one column (a red head's ``文件``
    beside the organs, a signature beside a seal, a table's short cells do not make columns)."""
    if len(lines) < 6:
        return None
    left_edge, right_edge = min(line.x0 for line in lines), max(line.x1 for line in lines)
    extent = right_edge - left_edge
    for gutter in sorted({line.x1 for line in lines}):
        if not left_edge + 0.25 * extent <= gutter <= left_edge + 0.75 * extent:
            continue
        if any(line.x0 < gutter < line.x1 for line in lines):
            continue
        left = [line for line in lines if line.x1 <= gutter]
        right = [line for line in lines if line.x0 >= gutter]
        if _is_column(left, extent) and _is_column(right, extent) and _side_by_side(left, right) >= 3:
            return [left, right]
    return None


def _is_column(lines: list[OcrLine], extent: float) -> bool:
    return len(lines) >= 3 and statistics.median(line.x1 - line.x0 for line in lines) >= 0.3 * extent


def _side_by_side(left: list[OcrLine], right: list[OcrLine]) -> int:
    return sum(any(abs(line.centre - other.centre) < other.height for other in right) for line in left)


def page_text(lines: list[OcrLine]) -> str:
    """A page's lines, each one indented 1.5 characters or more from the body margin marked with ``\\u3000\\u3000``
    (a seal's line never: it is no paragraph's).

        The character size is the median line height (a box is about one character high, the detector's margin
        included); a column's margin is its own.
    """
    body = [line for line in lines if not line.seal]
    if not body:
        return "\n".join(line.text for line in lines)
    char_size = statistics.median(line.height for line in body)
    # boxes jitter by a few pixels: starts within half a character share the margin
    left = body_left_edge((line.x0 for line in body), tolerance=0.5 * char_size)
    if left is None:
        return "\n".join(line.text for line in lines)
    return "\n".join(("" if line.seal else paragraph_mark(line.x0, left, char_size)) + line.text for line in lines)


def pdf_page_images(data: bytes, numbers: list[int], dpi: int = RENDER_DPI):
    """The given pages (0-based) of a PDF rendered as Pillow images, one at a time (a page at 200 dpi is 12 MB)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for number in numbers:
            page = document[number]
            yield page.render(scale=dpi / 72).to_pil()
            page.close()
    finally:
        document.close()


def image_pages(data: bytes):
    """The pages of an image file (a TIFF may hold many), one at a time."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        for frame in ImageSequence.Iterator(image):
            yield frame.copy()
    except UnidentifiedImageError:
        raise UnreadableFile("damaged image: not an image format Pillow reads") from None
    except (OSError, ValueError) as error:
        raise UnreadableFile(f"damaged image: {error}") from None


def read_image(data: bytes) -> Extracted:
    """An image file's text by OCR, pages marked with ``\\f``; pages where OCR found nothing are named in the
    notice; raises :class:`UnreadableFile` when no page has text."""
    pages = [recognise(image) for image in image_pages(data)]
    return ocr_extracted(pages, list(range(1, len(pages) + 1)), len(pages))


def ocr_extracted(pages: list[OcrPage], numbers: list[int], n_pages: int) -> Extracted:
    """The :class:`Extracted` of pages read by OCR (``numbers``: their page numbers, from 1)."""
    blank = [number for number, page in zip(numbers, pages) if not page.text]
    read = [(number, page) for number, page in zip(numbers, pages) if page.text]
    if not read:
        raise UnreadableFile(NO_TEXT)
    return Extracted(
        "\n\f".join(page.text for _, page in read),
        reader="ocr",
        n_pages=n_pages,
        notice=no_text_notice(blank, n_pages),
        ocr_pages=len(pages),
        ocr_lines=page_confidences(read),
    )


def page_confidences(pages: list[tuple[int, OcrPage]]) -> tuple[tuple[int, float, str], ...]:
    """Every line of the given ``(page number, page)`` as ``(page, confidence, text)``."""
    return tuple((number, round(line.confidence, 3), line.text) for number, page in pages for line in page.lines)


def no_text_notice(blank: list[int], n_pages: int) -> str:
    """Which pages OCR found no text on.

    >>> no_text_notice([2], 3)
    'page 2 of 3: no text found by OCR'
    """
    if not blank:
        return ""
    label = "page" if len(blank) == 1 else "pages"
    return f"{label} {', '.join(map(str, blank))} of {n_pages}: no text found by OCR"
