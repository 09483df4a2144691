"""PDF bytes → text in reading order, one line per layout line, pages marked, with pdfminer.six.

The text follows the readers' convention (the OFD reader's too): lines separated by ``\\n``; each page
after the first begins with a form feed ``\\f``; a line indented from the page's body margin by a
character or more (GB/T 9704 indents a paragraph's first line by two) begins with two ideographic
spaces, so the cleaning rules can tell a paragraph's start from a line the layout broke.

Lines are built from the characters themselves rather than from pdfminer's text, because its word
spaces come from gaps that in Chinese are letter-spacing (a red-head ``税 务 总 局``) or the gap
word processors leave between hanzi and digits (``2019 年``); a space is kept where a Latin word
ends or where a gap of a whole character opens between hanzi.

A page without characters but with an image is a scan: it is rendered and read by OCR (corpus/ocr.py;
the reader is then ``ocr``, or ``pdf-text+ocr`` for a file with pages of both kinds), unless OCR is
turned off (``HELPERS_OCR=0``). A page whose characters are mostly ``(cid:N)``, U+FFFD or private-use
code points has fonts without a Unicode map. Pages without text are left out and named in the
``notice``; when no page is left the file is unreadable and the reason says why.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass

from helpers.corpus.extracted import Extracted, UnreadableFile
from helpers.corpus.margins import body_left_edge, paragraph_mark
from helpers.hanzi import is_hanzi

SCANNED = "scanned: no text layer; needs OCR"
ENCRYPTED = "encrypted: needs a password"
CID_GARBAGE = "CID garbage: the fonts have no Unicode map (ToUnicode), text cannot be extracted"
EMPTY = "empty PDF: no text on any page"

# A page whose characters are this share garbage has no usable text (a few stray boxes are tolerated).
GARBAGE_SHARE = 0.3
# Lines starting within half a point of each other share a margin: a PDF places its glyphs exactly.
MARGIN_TOLERANCE = 0.5
# A gap between two hanzi wider than this many characters is a real space (columns, a signature's gap).
HANZI_SPACE_GAP = 1.0
# A gap between two Latin letters or digits wider than this share of the font size is a word space.
LATIN_SPACE_GAP = 0.2
# A glyph printed again within this share of its own width of the same glyph is fake bold
# (two letters ``tt`` of a narrow font are further apart than that).
OVERPRINT = 0.3

_CID = re.compile(r"^\(cid:\d+\)$")


@dataclass(frozen=True)
class PageLine:
    """One layout line: its text (no indent yet), left edge, vertical centre and character width."""

    text: str
    x0: float
    centre: float
    height: float
    char_width: float


@dataclass(frozen=True)
class PageReading:
    """What one page gave: ``kind`` is ``text``, ``scanned``, ``garbage``, ``empty`` or ``damaged``; a scanned
    page OCR has read is ``ocr``, or ``ocr-empty`` when it found no text there."""

    kind: str
    lines: tuple[PageLine, ...] = ()
    detail: str = ""


def read_pdf(data: bytes) -> Extracted:
    """The text of a PDF's text layer, pages marked with ``\\f``; raises :class:`UnreadableFile`
    for a scan, a file needing a password, fonts without a Unicode map, or a damaged file."""
    document = _open_document(data)
    pages = _read_pages(document)
    scanned = [number for number, page in enumerate(pages) if page.kind == "scanned"]
    recognised = _recognise_scanned(data, scanned)
    pages = [_recognised_kind(page, recognised.get(number)) for number, page in enumerate(pages)]
    notice = pages_left_out(pages)
    if not any(page.kind in ("text", "ocr") for page in pages):
        raise UnreadableFile(_no_text_reason(pages, notice))
    good = [page for page in pages if page.kind == "text"]
    left_edge = body_left_edge((line.x0 for page in good for line in page.lines), tolerance=MARGIN_TOLERANCE)
    texts = [
        page_text(page.lines, left_edge) if page.kind == "text" else recognised[number].text
        for number, page in enumerate(pages)
        if page.kind in ("text", "ocr")
    ]
    by_ocr = [(number + 1, recognised[number]) for number, page in enumerate(pages) if page.kind == "ocr"]
    reader = "ocr" if not good else "pdf-text+ocr" if by_ocr else "pdf-text"
    return Extracted(
        "\n\f".join(texts),
        reader=reader,
        n_pages=len(pages),
        notice=notice,
        ocr_pages=len(recognised),
        ocr_lines=_confidences(by_ocr),
    )


def _recognise_scanned(data: bytes, numbers: list[int]) -> dict:
    """The scanned pages (0-based ``numbers``) read by OCR, by number; none when OCR is off (``HELPERS_OCR=0``)."""
    if not numbers:
        return {}
    from helpers.corpus import ocr

    if not ocr.ocr_enabled():
        return {}
    return dict(zip(numbers, map(ocr.recognise, ocr.pdf_page_images(data, numbers))))


def _recognised_kind(page: PageReading, recognised) -> PageReading:
    """A scanned page OCR has read: ``ocr``, or ``ocr-empty`` when it found no text there."""
    if recognised is None:
        return page
    return PageReading("ocr" if recognised.text else "ocr-empty")


def _confidences(pages: list) -> tuple[tuple[int, float, str], ...]:
    from helpers.corpus.ocr import page_confidences

    return page_confidences(pages) if pages else ()


def _open_document(data: bytes):
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    if not data.lstrip()[:1024].count(b"%PDF"):
        raise UnreadableFile("damaged PDF: no %PDF header")
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise UnreadableFile(ENCRYPTED) from None
    except PDFEncryptionError as error:
        raise UnreadableFile(f"encrypted: unsupported encryption ({error})") from None
    except Exception as error:  # pdfminer raises many kinds on a broken file; each means the same here
        raise UnreadableFile(f"damaged PDF: {_describe(error)}") from None


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__


def _read_pages(document) -> list[PageReading]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager(caching=True)
    # all_texts: text inside figures (stamps, framed blocks) is read too; lines are all horizontal
    device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True, detect_vertical=False))
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[PageReading] = []
    try:
        for page in PDFPage.create_pages(document):
            try:
                interpreter.process_page(page)
                pages.append(read_layout(device.get_result()))
            except Exception as error:  # one broken page: the others may still read
                pages.append(PageReading("damaged", detail=_describe(error)))
    except Exception as error:  # the page tree itself is broken (a truncated file)
        if not pages:
            raise UnreadableFile(f"damaged PDF: {_describe(error)}") from None
        pages.append(PageReading("damaged", detail=_describe(error)))
    if not pages:
        raise UnreadableFile("damaged PDF: no pages")
    return pages


def read_layout(layout) -> PageReading:
    """A page's lines and what kind of page it is, from pdfminer's layout of it."""
    from pdfminer.layout import LTChar, LTImage, LTTextLine

    text_lines, chars, images = [], 0, 0
    garbage = 0
    for item in _walk(layout):
        if isinstance(item, LTTextLine):
            glyphs = [glyph for glyph in item if isinstance(glyph, LTChar)]
            text_lines.append(glyphs)
            visible = [glyph.get_text() for glyph in glyphs if not glyph.get_text().isspace()]
            chars += len(visible)
            garbage += sum(is_garbage_glyph(text) for text in visible)
        elif isinstance(item, LTImage):
            images += 1
    if not chars:
        return PageReading("scanned" if images else "empty")
    if garbage / chars >= GARBAGE_SHARE:
        return PageReading("garbage")
    lines = [line for line in map(page_line, text_lines) if line is not None]
    return PageReading("text", tuple(reading_order(lines)))


def _walk(item):
    """Every layout object under ``item``, depth first (text lines are not opened: they hold characters)."""
    from pdfminer.layout import LTContainer, LTTextLine

    yield item
    if isinstance(item, LTContainer) and not isinstance(item, LTTextLine):
        for child in item:
            yield from _walk(child)


def is_garbage_glyph(text: str) -> bool:
    """A glyph pdfminer could not map to Unicode: ``(cid:N)``, U+FFFD, a private-use or control code.

    >>> [is_garbage_glyph(text) for text in ("(cid:123)", "\\ufffd", "\\ue001", "政")]
    [True, True, True, False]
    """
    if len(text) != 1:
        return bool(_CID.match(text))
    code = ord(text)
    return text == "\ufffd" or 0xE000 <= code <= 0xF8FF or code < 0x20


def is_wide(char: str) -> bool:
    """A character a line counts as a whole character's width: hanzi, CJK punctuation, full-width forms.

    >>> is_wide("政"), is_wide("，"), is_wide("2")
    (True, True, False)
    """
    return is_hanzi(char) or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or char in "“”‘’—…·"


def page_line(glyphs) -> PageLine | None:
    """One line's text from its glyphs, spaces only where the geometry shows a word gap."""
    glyphs = sorted(glyphs, key=lambda glyph: glyph.x0)
    pieces: list[str] = []
    previous = None
    for glyph in glyphs:
        text = _glyph_text(glyph.get_text())
        if text.isspace():
            if pieces and pieces[-1] != " ":
                pieces.append(" ")
            continue
        if previous is not None:
            em = max(previous.size, glyph.size, 1.0)
            if text == previous.get_text() and abs(glyph.x0 - previous.x0) < OVERPRINT * glyph.width:
                continue  # the same glyph printed twice, shifted: a bold title
            if pieces[-1] != " " and _word_gap(previous, glyph, text, em):
                pieces.append(" ")
        pieces.append(text)
        previous = glyph
    line = "".join(pieces).strip()
    if not line:
        return None
    wide = [glyph.width for glyph in glyphs if is_wide(glyph.get_text()[:1])]
    char_width = statistics.median(wide) if wide else statistics.median(glyph.size for glyph in glyphs)
    first = next(glyph for glyph in glyphs if not glyph.get_text().isspace())
    top, bottom = max(glyph.y1 for glyph in glyphs), min(glyph.y0 for glyph in glyphs)
    return PageLine(line, first.x0, (top + bottom) / 2, top - bottom, max(char_width, 1.0))


def _glyph_text(text: str) -> str:
    # a visible hyphen some fonts map to the soft hyphen (U+00AD), which text shows as nothing
    return "-" if text == "\xad" else text


def _word_gap(previous, glyph, text: str, em: float) -> bool:
    gap = glyph.x0 - previous.x1
    if is_wide(text[:1]) or is_wide(previous.get_text()[-1:]):
        return gap > HANZI_SPACE_GAP * em
    return gap > LATIN_SPACE_GAP * em


def reading_order(lines: list[PageLine]) -> list[PageLine]:
    """Lines top to bottom; lines side by side on one row (a red-head's 文件) left to right."""
    rows: list[list[PageLine]] = []
    for line in sorted(lines, key=lambda line: -line.centre):
        row = rows[-1] if rows else None
        if row and abs(row[0].centre - line.centre) < 0.4 * min(row[0].height, line.height):
            row.append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda line: line.x0)]


def page_text(lines: tuple[PageLine, ...], document_left_edge: float | None) -> str:
    """A page's lines, each indented line marked with two ideographic spaces.

    The body margin is the page's own (odd and even pages may differ), else the document's.
    """
    left = body_left_edge((line.x0 for line in lines), tolerance=MARGIN_TOLERANCE)
    left = document_left_edge if left is None else left
    if left is None:
        return "\n".join(line.text for line in lines)
    return "\n".join(paragraph_mark(line.x0, left, line.char_width) + line.text for line in lines)


_KIND_WORDS = {
    "scanned": "no text layer (scanned); needs OCR",
    "garbage": "CID garbage (fonts without a Unicode map)",
    "damaged": "damaged",
    "ocr-empty": "no text found by OCR",
}


def pages_left_out(pages: list[PageReading]) -> str:
    """Which pages were left out and why, e.g. ``pages 3, 5 of 8: no text layer (scanned); needs OCR``.

    >>> pages_left_out([PageReading("text"), PageReading("scanned"), PageReading("garbage")])
    'page 2 of 3: no text layer (scanned); needs OCR; page 3 of 3: CID garbage (fonts without a Unicode map)'
    """
    parts = []
    for kind, words in _KIND_WORDS.items():
        numbers = [str(number) for number, page in enumerate(pages, start=1) if page.kind == kind]
        if numbers:
            label = "page" if len(numbers) == 1 else "pages"
            details = sorted({page.detail for page in pages if page.kind == kind and page.detail})
            suffix = f" ({'; '.join(details)})" if details else ""
            parts.append(f"{label} {', '.join(numbers)} of {len(pages)}: {words}{suffix}")
    return "; ".join(parts)


def _no_text_reason(pages: list[PageReading], notice: str) -> str:
    kinds = {page.kind for page in pages} - {"empty"}
    if not kinds:
        return EMPTY
    if kinds == {"scanned"}:
        return SCANNED
    if kinds == {"ocr-empty"}:
        return "OCR found no text"
    if kinds == {"garbage"}:
        return CID_GARBAGE
    if kinds == {"damaged"}:
        return f"damaged PDF: {next(page.detail for page in pages if page.kind == 'damaged')}"
    return f"no usable text: {notice}"
