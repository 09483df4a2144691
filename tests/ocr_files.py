"""Scans the tests build themselves: notice text drawn in a CJK font onto a page image, a photocopy of it
(turned a degree or two, blurred, speckled), saved as PNG, multi-page TIFF and image-only PDF; and the
character accuracy of a reading against the drawn text.

The font is Noto Sans CJK SC from mplfonts (installed with the suite); lines are cut as a typesetter
cuts them (``pdf_files.wrap``: 28 characters a line, a paragraph's first line indented by two).
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

from pdf_files import wrap

# Sentences of the genre (not of any one document): a notice's addressees, its purpose, its numbers.
PARAGRAPHS = [
    "为进一步加强基层党组织建设，推动全面从严治党向基层延伸，现就有关事项通知如下。",
    "全县共有党员2.3万名，基层党组织1236个，2024年新发展党员186名。",
    "各单位要高度重视，于2025年6月30日前将落实情况报送县委组织部。",
]


@dataclass(frozen=True)
class Layout:
    """How a page is drawn: character size and line spacing in pixels, margins, characters a line."""

    size: int = 28
    leading: int = 50
    left: int = 60
    top: int = 50
    line_chars: int = 28


def font(size: int):
    import mplfonts
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"), size)


def draw_page(
    paragraphs: list[str], layout: Layout = Layout(), footer: str = "", height: int | None = None
) -> tuple[object, list[str]]:
    """A white page with the paragraphs drawn in black, wrapped and indented; ``footer`` centred at the bottom
    (a page number). Returns the image and the lines drawn (indents as two ideographic spaces)."""
    lines = [(indent, text) for paragraph in paragraphs for indent, text in wrap(paragraph, layout.line_chars)]
    return draw_lines(lines, layout, footer, height)


def draw_lines(
    lines: list[tuple[int, str]], layout: Layout = Layout(), footer: str = "", height: int | None = None
) -> tuple[object, list[str]]:
    """A page of lines already cut (``(indent in characters, text)`` each, as ``pdf_files.wrap`` cuts them), so
    a paragraph can run on from one page to the next; see :func:`draw_page`."""
    from PIL import Image, ImageDraw

    width = 2 * layout.left + layout.line_chars * layout.size
    height = height or layout.top * 2 + layout.leading * (len(lines) + (2 if footer else 0))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    face = font(layout.size)
    for number, (indent, text) in enumerate(lines):
        draw.text((layout.left + indent * layout.size, layout.top + number * layout.leading), text, "black", face)
    if footer:
        footer_width = draw.textlength(footer, font=face)
        draw.text(((width - footer_width) / 2, height - layout.top - layout.size), footer, "black", face)
    return image, ["\u3000\u3000" * bool(indent) + text for indent, text in lines]


def blank_page(width: int = 900, height: int = 400):
    from PIL import Image

    return Image.new("RGB", (width, height), "white")


def drawing_page(width: int = 900, height: int = 400):
    """A page with shapes and no text: a frame, a circle (a seal's outline), a rule."""
    from PIL import ImageDraw

    image = blank_page(width, height)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 20, height - 20), outline="black", width=4)
    draw.ellipse((width / 2 - 120, 80, width / 2 + 120, 320), outline="red", width=6)
    draw.line((60, height - 60, width - 60, height - 60), fill="black", width=3)
    return image


def photocopy(image, angle: float = 1.5, blur: float = 0.8, speckles: float = 0.004, seed: int = 0):
    """The page as a photocopier gives it back: turned by ``angle`` degrees, blurred, greyed, speckled
    (``speckles``: the share of pixels turned dark or white)."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    copy = image.convert("L").rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    copy = copy.filter(ImageFilter.GaussianBlur(blur)).point(lambda value: 40 + value * 200 // 255)
    pixels = copy.load()
    width, height = copy.size
    for _ in range(int(width * height * speckles)):
        pixels[rng.randrange(width), rng.randrange(height)] = rng.choice((0, 255))
    return copy


def image_bytes(image, format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


def tiff_bytes(images: list) -> bytes:
    """A multi-page TIFF, as a document scanner writes one."""
    buffer = io.BytesIO()
    images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return buffer.getvalue()


def scan_pdf(images: list, dpi: int = 150) -> bytes:
    """An image-only PDF of the pages (Pillow), as a scanner writes it."""
    buffer = io.BytesIO()
    rgb = [image.convert("RGB") for image in images]
    rgb[0].save(buffer, format="PDF", save_all=True, append_images=rgb[1:], resolution=dpi)
    return buffer.getvalue()


def text_and_scan_pdf(text_lines: list[str], scan) -> bytes:
    """A PDF whose first page has a text layer (reportlab's STSong-Light) and whose second is a scanned image."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from pdf_files import FONT, LEADING, LEFT, PAGE_HEIGHT, PAGE_WIDTH, SIZE, _register_font

    _register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.setFont(FONT, SIZE)
    for number, line in enumerate(text_lines):
        pdf.drawString(LEFT, PAGE_HEIGHT - 100 - number * LEADING, line)
    pdf.showPage()
    width = PAGE_WIDTH - 2 * 40
    height = width * scan.height / scan.width
    pdf.drawImage(ImageReader(scan), 40, PAGE_HEIGHT - 40 - height, width, height)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), row by row."""
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (char != other)))
        previous = current
    return previous[-1]


def char_accuracy(expected: str, recognised: str) -> float:
    """1 − edit distance / length of the expected text, whitespace (indents, line and page breaks) ignored.

    >>> char_accuracy("关于 加强\\n党建", "关于加强党廷")
    0.8333333333333334
    """
    expected, recognised = "".join(expected.split()), "".join(recognised.split())
    return 1 - edit_distance(expected, recognised) / len(expected)


SEAL_RED = (215, 35, 45)  # the red of a 公章's ink as a scanner sees it


def seal_stamp(name: str, diameter: int = 300, special: str = ""):
    """A round official seal on white: a red ring, ``name`` set clockwise around the upper arc, each character
    turned with its top outward, a five-pointed star in the middle, ``special`` (a 专用章's words) under it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (diameter, diameter), "white")
    draw = ImageDraw.Draw(image)
    centre = diameter / 2
    ring = max(4, diameter // 40)
    draw.ellipse((ring, ring, diameter - ring, diameter - ring), outline=SEAL_RED, width=ring)
    size = int(diameter * 0.15)
    face = font(size)
    span = min(250.0, 26.0 * len(name))  # degrees of arc the name covers, centred on the top
    radius = centre - ring * 2 - size * 0.62
    for index, char in enumerate(name):
        angle = -span / 2 + span * (index + 0.5) / len(name)  # clockwise from the top
        glyph = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((size, size), char, SEAL_RED, face, anchor="mm")
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        x = centre + radius * math.sin(math.radians(angle))
        y = centre - radius * math.cos(math.radians(angle))
        image.paste(glyph, (int(x - size), int(y - size)), glyph)
    star = diameter * 0.16
    points = [
        (
            centre + (star if point % 2 == 0 else star * 0.4) * math.sin(math.radians(36 * point)),
            centre - (star if point % 2 == 0 else star * 0.4) * math.cos(math.radians(36 * point)),
        )
        for point in range(10)
    ]
    draw.polygon(points, fill=SEAL_RED)
    if special:
        draw.text((centre, centre + diameter * 0.3), special, SEAL_RED, font(int(diameter * 0.09)), anchor="mm")
    return image


def stamped(page, stamp, centre: tuple[int, int]):
    """The page with the stamp pressed on it at ``centre``: seal ink is translucent, so it multiplies (black
    text under it stays black, paper turns red)."""
    from PIL import ImageChops

    layer = page.copy().convert("RGB")
    layer.paste("white", (0, 0, *layer.size))
    layer.paste(stamp, (centre[0] - stamp.width // 2, centre[1] - stamp.height // 2))
    return ImageChops.multiply(page.convert("RGB"), layer)


def red_head(page, issuer: str, size: int):
    """The page with a red head above it (GB/T 9704 红头): ``issuer`` in large red characters, centred, and a
    red rule under it; the page's own content moved down."""
    from PIL import Image, ImageDraw

    head = int(size * 2.2)
    image = Image.new("RGB", (page.width, page.height + head), "white")
    image.paste(page, (0, head))
    draw = ImageDraw.Draw(image)
    draw.text((page.width / 2, size * 0.9), issuer, SEAL_RED, font(size), anchor="mm")
    draw.line((40, int(size * 1.9), page.width - 40, int(size * 1.9)), fill=SEAL_RED, width=4)
    return image
