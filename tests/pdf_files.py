"""PDF files the tests build themselves: a government notice laid out as GB/T 9704 prints one, a scan,
encrypted files, a truncated one and pages whose font has no Unicode map.

The notice is set with reportlab in its built-in CID font STSong-Light (not embedded: pdfminer maps
its Adobe-GB1 codes to Unicode itself); the other odd files are written object by object.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
LEFT = 79  # the body's left margin
SIZE = 16  # 三号字
LINE_CHARS = 28  # characters of a full body line (GB/T 9704: 28 a line)
LEADING = 28
FONT = "STSong-Light"

# Page-number styles, one per page in turn (GB/T 9704's is the first).
PAGE_NUMBER_STYLES = ["— {n} —", "第{n}页", "- {n} -", "{n}/{total}", "·{n}·", "第 {n} 页 共 {total} 页"]


@dataclass
class Notice:
    """A government notice: the head of its first page, its body paragraphs, how pages are dressed."""

    issuer: str = "××省人民政府办公厅文件"
    number: str = "×政办发〔2025〕12号"
    title: str = "关于做好政策文件清理工作的通知"
    paragraphs: list[str] = field(default_factory=list)
    running_header: str = "××省人民政府办公厅 2025年第3期"
    lines_per_page: int = 9
    page_number_styles: list[str] = field(default_factory=lambda: list(PAGE_NUMBER_STYLES))


def wrap(paragraph: str, width: int = LINE_CHARS, indent: int = 2) -> list[tuple[int, str]]:
    """A paragraph cut into lines as wide as ``width`` hanzi (an ASCII character is half as wide), the first
    indented by ``indent``: ``(indent in characters, text)`` each, as a typesetter without line-breaking
    rules cuts it."""
    lines: list[tuple[int, str]] = []
    current, used = "", float(indent)
    for char in paragraph:
        char_width = 0.5 if char.isascii() else 1.0
        if used + char_width > width:
            lines.append((indent if not lines else 0, current))
            current, used = "", 0.0
        current += char
        used += char_width
    lines.append((indent if not lines else 0, current))
    return lines


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def notice_pdf(notice: Notice) -> bytes:
    """The notice as a PDF: red head, number and title on page 1, wrapped body, header and page numbers."""
    from reportlab.pdfgen import canvas

    _register_font()
    body = [line for paragraph in notice.paragraphs for line in wrap(paragraph)]
    pages = [body[start : start + notice.lines_per_page] for start in range(0, len(body), notice.lines_per_page)]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    for number, page in enumerate(pages, start=1):
        top = PAGE_HEIGHT - 90
        if number == 1:
            top = _draw_head(pdf, notice, top)
        elif notice.running_header:
            pdf.setFont(FONT, 10.5)
            pdf.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 50, notice.running_header)
        pdf.setFont(FONT, SIZE)
        for row, (indent, text) in enumerate(page):
            pdf.drawString(LEFT + indent * SIZE, top - row * LEADING, text)
        style = notice.page_number_styles[(number - 1) % len(notice.page_number_styles)]
        pdf.setFont(FONT, 14)
        pdf.drawRightString(LEFT + LINE_CHARS * SIZE, 60, style.format(n=number, total=len(pages)))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_head(pdf, notice: Notice, top: float) -> float:
    """The red head, the document number and the title; returns where the body starts."""
    pdf.setFillColorRGB(0.8, 0, 0)
    pdf.setFont(FONT, 30)
    pdf.drawCentredString(PAGE_WIDTH / 2, top, notice.issuer)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(FONT, SIZE)
    pdf.drawCentredString(PAGE_WIDTH / 2, top - 60, notice.number)
    pdf.setFont(FONT, 22)
    pdf.drawCentredString(PAGE_WIDTH / 2, top - 110, notice.title)
    return top - 160


def scanned_pdf(pages: int = 2) -> bytes:
    """An image-only PDF, as a scanner writes it (Pillow)."""
    from PIL import Image, ImageDraw

    images = []
    for number in range(pages):
        image = Image.new("RGB", (400, 560), "white")
        ImageDraw.Draw(image).rectangle((40, 40 + number * 10, 360, 80), fill="black")
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


ENCRYPTED_TEXT = "Notice on the clean-up of policy documents"


def encrypted_pdf(user_password: str) -> bytes:
    """A one-line file encrypted with ``user_password`` (empty: it opens without one) and an owner password.

    Its text is Latin in Helvetica: reportlab's encryption of the CID font's dictionary leaves pdfminer
    without the font's character collection (it reads ``(cid:N)``), a fault of the pair, not of the file kind.
    """
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encryption = StandardEncryption(user_password, ownerPassword="owner-secret", canPrint=1, canCopy=0)
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), encrypt=encryption)
    pdf.setFont("Helvetica", 14)
    pdf.drawString(LEFT, PAGE_HEIGHT - 100, ENCRYPTED_TEXT)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- files written object by object -----------------------------------------------------------------


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: bytes, extra: str = "") -> bytes:
    data = zlib.compress(content)
    return f"<< /Length {len(data)} /Filter /FlateDecode {extra}>>\nstream\n".encode() + data + b"\nendstream"


def odd_pages_pdf(kinds: list[str]) -> bytes:
    """A PDF whose pages are each ``text`` (a Latin line in Helvetica), ``image`` (a scanned page: an
    image, no text) or ``cid`` (hanzi drawn with an Identity-H font that has no ToUnicode map)."""
    # objects: 1 catalog, 2 pages, 3 Helvetica, 4 Type0 font, 5 its CIDFont, 6 descriptor, 7 image; pages after
    fixed = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, written once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMapSong /Encoding /Identity-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMapSong"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /NoMapSong /Flags 4 /FontBBox [0 -120 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        _stream(
            bytes(range(0, 256, 16)) * 4,
            "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
        ),
    ]
    objects = list(fixed)
    page_numbers = []
    for number, kind in enumerate(kinds, start=1):
        content = _page_content(kind, number)
        objects.append(_stream(content))
        content_ref = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Contents {content_ref} 0 R"
            " /Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << /Im1 7 0 R >> >> >>".encode()
        )
        page_numbers.append(len(objects))
    kids = " ".join(f"{number} 0 R" for number in page_numbers)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_numbers)} >>".encode()
    return _pdf(objects)


def _page_content(kind: str, number: int) -> bytes:
    if kind == "text":
        return f"BT /F1 12 Tf 72 760 Td (Budget report, page {number}: revenue rose.) Tj ET".encode()
    if kind == "image":
        return b"q 500 0 0 700 50 70 cm /Im1 Do Q"
    if kind == "cid":
        glyphs = "".join(f"{0x0400 + step * 37:04X}" for step in range(24))  # glyph ids, no Unicode behind them
        return f"BT /F2 16 Tf 72 760 Td <{glyphs}> Tj 0 -28 Td <{glyphs[::-1]}> Tj ET".encode()
    raise ValueError(f"unknown page kind: {kind}")
