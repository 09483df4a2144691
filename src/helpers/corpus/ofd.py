"""OFD (GB/T 33190, the fixed-layout format of Chinese government portals) → its text, page by page.

No maintained pure-Python reader fits (easyofd pulls in PyMuPDF, which is AGPL), and the format is a zip of
XML: ``OFD.xml`` names the document, its ``Document.xml`` the pages, and each page's ``Content.xml`` holds
``TextObject``s whose ``TextCode``s place characters at (X, Y) with per-character advances (``DeltaX``).
Characters are ordered into lines by baseline, then left to right, as the PDF reader orders them, and the
result has the PDF reader's shape: a form feed opens each new page, and a line indented two characters from
the page's text edge (a paragraph's first line, GB/T 9704) starts with two ideographic spaces, so the same
page-layout cleaning (page numbers, running heads, wrapped lines) applies to both.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from xml.etree import ElementTree

from helpers.corpus.extracted import Extracted, UnreadableFile
from helpers.corpus.margins import paragraph_mark

PAGE_BREAK = "\f"
# Two characters on one baseline when their baselines differ by less than this share of the character size.
_SAME_LINE = 0.4
# A gap wider than this many character sizes between neighbours on a line is written as a space.
_WORD_GAP = 1.0
# A paragraph's first line starts about two characters in from the text edge; further in is a centred line.
_MAX_INDENT_CHARS = 2.6
# A line in the body's type when its size is within this share of the body size.
_BODY_SIZE_TOLERANCE = 0.2
_NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|-?\.\d+")


@dataclass(frozen=True)
class Glyph:
    """One character placed on a page: its baseline position (mm, y grows downwards), size and advance."""

    char: str
    x: float
    y: float
    size: float
    advance: float


def read_ofd(data: bytes) -> Extracted:
    """The text of an OFD file, pages opened by a form feed; a damaged or image-only file raises
    :class:`UnreadableFile`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise UnreadableFile(f"damaged OFD file: not a complete zip archive ({error})") from None
    with archive:
        package = _Package(archive)
        pages = [_lines(package.glyphs(location)) for location in package.page_locations()]
    # One text edge for the document: a page of two lines cannot show where its body starts, the others can.
    edge = _text_edge([line for lines in pages for line in lines])
    pages = [page_text(lines, edge) for lines in pages]
    if not any(page.strip() for page in pages):
        raise UnreadableFile("no text layer: the OFD holds page images only (needs OCR)")
    text = "\n".join(page if number == 0 else PAGE_BREAK + page for number, page in enumerate(pages))
    return Extracted(text, reader="ofd", n_pages=len(pages))


class _Package:
    """The parts of an OFD zip, read by their paths (absolute, or relative to the part that names them)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {name.lower(): name for name in archive.namelist()}

    def xml(self, path: str) -> ElementTree.Element:
        name = self.names.get(path.lstrip("/").lower())
        if name is None:
            raise UnreadableFile(f"damaged OFD file: {path.lstrip('/')} is missing")
        try:
            return ElementTree.fromstring(self.archive.read(name))
        except (ElementTree.ParseError, zipfile.BadZipFile, EOFError, OSError) as error:
            raise UnreadableFile(f"damaged OFD file: {name} cannot be read ({error})") from None

    def page_locations(self) -> list[str]:
        """Paths of the first document's page contents, in page order."""
        root = _first(self.xml("OFD.xml"), "DocRoot")
        if root is None or not (root.text or "").strip():
            raise UnreadableFile("damaged OFD file: OFD.xml names no document (DocRoot)")
        document_path = _resolve("", root.text.strip())
        document = self.xml(document_path)
        folder = posixpath.dirname(document_path)
        return [
            _resolve(folder, page.get("BaseLoc", ""))
            for page in document.iter()
            if _local(page.tag) == "Page" and page.get("BaseLoc")
        ]

    def glyphs(self, location: str) -> list[Glyph]:
        """Every character the page's content draws (template pages, annotations and seals left out)."""
        page = self.xml(location)
        return [glyph for element in page.iter() if _local(element.tag) == "TextObject" for glyph in _glyphs(element)]


def _resolve(folder: str, location: str) -> str:
    location = location.strip().replace("\\", "/")
    return posixpath.normpath(location.lstrip("/") if location.startswith("/") else posixpath.join(folder, location))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    return next((child for child in element.iter() if _local(child.tag) == name), None)


def _glyphs(text_object: ElementTree.Element) -> list[Glyph]:
    """The characters of one ``TextObject``, placed on the page through its ``Boundary`` and ``CTM``."""
    left, top = (_numbers(text_object.get("Boundary", "0 0"))[:2] + [0.0, 0.0])[:2]
    matrix = _numbers(text_object.get("CTM", ""))
    a, b, c, d, e, f = matrix if len(matrix) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    size = _number(text_object.get("Size"), 0.0)
    glyphs = []
    x, y = 0.0, 0.0
    for code in text_object:
        if _local(code.tag) != "TextCode" or not code.text:
            continue
        x = _number(code.get("X"), x)
        y = _number(code.get("Y"), y)
        chars = code.text
        advances_x = _deltas(code.get("DeltaX", ""), len(chars) - 1)
        advances_y = _deltas(code.get("DeltaY", ""), len(chars) - 1)
        for index, char in enumerate(chars):
            advance = advances_x[index] if index < len(advances_x) else (advances_x[-1] if advances_x else size)
            page_x = left + a * x + c * y + e
            page_y = top + b * x + d * y + f
            glyphs.append(Glyph(char, page_x, page_y, size * scale, abs(advance * a) or size * scale))
            x += advance if advances_x or not advances_y else 0.0
            if advances_y:
                y += advances_y[index] if index < len(advances_y) else advances_y[-1]
    return glyphs


def _numbers(text: str) -> list[float]:
    return [float(number) for number in _NUMBER.findall(text or "")]


def _number(text: str | None, default: float) -> float:
    numbers = _numbers(text or "")
    return numbers[0] if numbers else default


def _deltas(text: str, count: int) -> list[float]:
    """A ``DeltaX``/``DeltaY`` list with its ``g N value`` runs (N repeats of value) written out.

    >>> _deltas("5 g 3 2.5 6", 5)
    [5.0, 2.5, 2.5, 2.5, 6.0]
    """
    tokens = text.split()
    values: list[float] = []
    index = 0
    while index < len(tokens) and len(values) < max(count, 0):
        if tokens[index] == "g" and index + 2 < len(tokens):
            values += [_number(tokens[index + 2], 0.0)] * int(_number(tokens[index + 1], 0.0))
            index += 3
        else:
            values.append(_number(tokens[index], 0.0))
            index += 1
    return values[: max(count, 0)]


def page_text(lines: list[list[Glyph]], edge: float) -> str:
    """A page's lines (from :func:`_lines`) as text; a line starting two characters in from the text ``edge``
    opens a paragraph.

    >>> page_text(_lines([Glyph("通", 40, 30, 5, 5), Glyph("知", 45, 30, 5, 5), Glyph("正", 30, 40, 5, 5)]), 30.0)
    '\u3000\u3000通知\\n正'
    """
    if not lines:
        return ""
    body_size = _body_size([glyph for line in lines for glyph in line])
    return "\n".join(_line_text(line, edge, body_size) for line in lines)


def _lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    lines: list[list[Glyph]] = []
    baseline = None
    for glyph in sorted(glyphs, key=lambda glyph: (glyph.y, glyph.x)):
        if baseline is not None and abs(glyph.y - baseline) <= _SAME_LINE * max(glyph.size, lines[-1][0].size, 0.1):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
            baseline = glyph.y
    return [sorted(line, key=lambda glyph: glyph.x) for line in lines]


def _text_edge(lines: list[list[Glyph]]) -> float:
    """Where body lines start: the most common line start, the leftmost one on a tie."""
    if not lines:
        return 0.0
    starts = Counter(round(line[0].x) for line in lines)
    most = max(starts.values())
    return float(min(start for start, count in starts.items() if count == most))


def _body_size(glyphs: list[Glyph]) -> float:
    """The size most characters on the page have: the body's (a title's larger size must not make its
    centring look like a paragraph indent)."""
    return max(Counter(round(glyph.size, 1) for glyph in glyphs).most_common(1)[0][0], 0.1)


def _line_text(line: list[Glyph], edge: float, body_size: float) -> str:
    parts = []
    previous = None
    for glyph in line:
        if previous is not None:
            if glyph.char == previous.char and abs(glyph.x - previous.x) < 0.1 * max(glyph.size, 0.1):
                continue  # the same character drawn twice (fill and stroke), once in the text
            if glyph.x - (previous.x + previous.advance) > _WORD_GAP * max(glyph.size, 0.1):
                parts.append(" ")
        parts.append(glyph.char)
        previous = glyph
    text = "".join(parts).strip()
    body_text = abs(line[0].size - body_size) <= _BODY_SIZE_TOLERANCE * body_size  # not a red head or a title
    mark = paragraph_mark(line[0].x, edge, body_size, max_chars=_MAX_INDENT_CHARS) if body_text and text else ""
    return mark + text
