"""Rules that undo a printed page's layout: page numbers, running headers, lines broken by the layout,
characters spaced apart by the extractor.

A paginated text (a PDF's or an OFD's, pages started by a form feed ``\\f``, a paragraph's first line
indented by ``\\u3000\\u3000``; see :mod:`helpers.corpus.pdf`) goes through, in this order (``LAYOUT_RULES``):

1. ``join_spaced_hanzi`` (any document, not only paginated ones): ``南 召 县`` → ``南召县``;
2. ``drop_page_number``: a page number at the top or bottom of a page, in any common style;
3. ``drop_running_header``: a line repeated at the top or bottom of most pages (digits masked);
4. ``join_wrapped_lines``: a line the layout broke joins the next one, also across a page break;
5. ``remove_page_break``: the form feeds go, so none reaches the cleaned text.

Each drop or edit leaves an audit row under its rule; a joined line's row has its own text as
``before`` and the paragraph it went into as ``after``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from helpers.clean.document import DocumentCleaning, Line
from helpers.config import read_data_lines

PAGE_NUMBER_FILE = "page_number_patterns.txt"
PAGE_BREAK = "\f"
INDENT = "\u3000\u3000"

LAYOUT_RULES = [
    "join_spaced_hanzi",
    "drop_page_number",
    "drop_running_header",
    "join_wrapped_lines",
    "remove_page_break",
]

# Lines at each end of a page where page numbers and running headers are looked for (a header and a
# page number may share the top).
PAGE_EDGE_LINES = 2
# A running header is short; a longer repeated line is text.
HEADER_MAX_CHARS = 40
# A spaced-apart line: at least this many hanzi pairs split by one space, and this share of all pairs.
SPACED_MIN_PAIRS = 3
SPACED_MIN_SHARE = 0.75
# A line this many characters shorter than the document's full line still fills it (a character
# pushed down so that the next line does not start with punctuation); one ending a sentence must be
# within half a character.
FULL_LINE_SLACK = 1.5
SENTENCE_END_SLACK = 0.5
# Typesetters squeeze CJK punctuation to half its width (标点挤压, adjacent marks, brackets), so a full
# line holding some has room for more characters: each gives back half a character, up to this many.
PUNCTUATION_SQUEEZE = 0.5
MAX_SQUEEZE = 1.5
# Too few full lines to tell a full line from a short one, or too small a share of all lines (a table,
# a form, an invoice: not a body set in a column): no joining.
MIN_FULL_LINES = 3
FULL_LINE_SHARE = 0.2

_CJK = "\u4e00-\u9fff\u3400-\u4dbf\u3001-\u303f\uff01-\uffef“”‘’—…·"
_SPACED_PAIR = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_ADJACENT_PAIR = re.compile(f"(?<=[{_CJK}])(?=[{_CJK}])")
# In a spaced-apart line, digits were spaced as well (``2 0 2 1 年``); Latin words keep their spaces.
_JOINABLE_SPACE = re.compile(f"(?<=[{_CJK}0-9]) (?=[{_CJK}0-9])")
_SPACES = re.compile(r"[\s\u3000]+")
_DIGITS = re.compile(r"\d+")
_SQUEEZABLE = re.compile(r"[、，。：；《》（）“”‘’〔〕【】]")
_SENTENCE_END = re.compile(r"[。！？：；!?:;]$")
# A line that starts a paragraph whatever its indent: an item number (一、 （一） 1. 第一条) or a note.
_ITEM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条款]|附件)"
)
_LATIN_END = re.compile(r"[A-Za-z0-9,]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


def join_spaced_hanzi(line: str) -> str:
    """Hanzi spaced apart by the extractor joined again; a line with a few spaces between words is kept.

    >>> join_spaced_hanzi("南 召 县 脱 贫 攻 坚")
    '南召县脱贫攻坚'
    >>> join_spaced_hanzi("加强 党的 建设 工作")
    '加强 党的 建设 工作'
    >>> join_spaced_hanzi("张 三  李 四  王 五")
    '张三  李四  王五'
    """
    spaced = len(_SPACED_PAIR.findall(line))
    if spaced < SPACED_MIN_PAIRS:
        return line
    adjacent = len(_ADJACENT_PAIR.findall(line))
    if spaced < SPACED_MIN_SHARE * (spaced + adjacent):
        return line
    return _JOINABLE_SPACE.sub("", line)


def may_have_spaced_hanzi(text: str) -> bool:
    """Whether any line of ``text`` can be spaced apart (the rule's document-level shortcut)."""
    return _SPACED_PAIR.search(text) is not None


@lru_cache(maxsize=1)
def page_number_pattern() -> re.Pattern:
    """The page-number styles of ``data/page_number_patterns.txt``, one pattern matching a whole line."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in read_data_lines(PAGE_NUMBER_FILE)))


def is_page_number(line: str) -> bool:
    """A line that is only a page number, in any common style.

    >>> [is_page_number(line) for line in ("— 2 —", "－2－", "第 2 页 共 10 页", "2/10", "Page 2", "\\f·2·")]
    [True, True, True, True, True, True]
    >>> [is_page_number(line) for line in ("2021年", "一、总体要求", "第二章", "")]
    [False, False, False, False]
    """
    return page_number_pattern().fullmatch(_SPACES.sub("", line)) is not None


def is_paginated(cleaning: DocumentCleaning) -> bool:
    """A text whose pages are marked by form feeds (a PDF's or an OFD's)."""
    return any(PAGE_BREAK in line.text for line in cleaning.lines)


def number_pages(lines: list[Line]) -> int:
    """Set each line's page (a form feed starts a new one); return the number of pages."""
    page = 0
    for line in lines:
        page += line.text.count(PAGE_BREAK)
        line.page = page
    return page + 1


def page_edges(lines: list[Line], size: int = PAGE_EDGE_LINES) -> list[Line]:
    """The first and last ``size`` non-blank lines of each page."""
    pages: dict[int, list[Line]] = {}
    for line in lines:
        if bare(line.text):
            pages.setdefault(line.page, []).append(line)
    edges: list[Line] = []
    for page_lines in pages.values():
        edges.extend(page_lines[:size])
        edges.extend(line for line in page_lines[-size:] if line not in edges)
    return edges


def bare(text: str) -> str:
    """A line without its page break, indent and surrounding spaces."""
    return text.replace(PAGE_BREAK, "").strip().strip("\u3000").strip()


def page_number_lines(lines: list[Line]) -> set[int]:
    """The raw line numbers of page numbers at the ends of pages."""
    return {line.no for line in page_edges(lines) if is_page_number(line.text)}


def header_key(text: str) -> str:
    """A line compared with the others: spaces gone, digits masked (``2021年第3期`` = ``2022年第4期``).

    >>> header_key("\\f2021年第3期  ××公报") == header_key("2022年第4期 ××公报")
    True
    """
    return _DIGITS.sub("0", _SPACES.sub("", text))


def running_header_lines(lines: list[Line], n_pages: int) -> set[int]:
    """The raw line numbers of lines repeated at the top or bottom of most pages (at least two)."""
    edges = [line for line in page_edges(lines) if len(bare(line.text)) <= HEADER_MAX_CHARS]
    pages_with: dict[str, set[int]] = {}
    for line in edges:
        pages_with.setdefault(header_key(line.text), set()).add(line.page)
    repeated = {key for key, pages in pages_with.items() if len(pages) >= max(2, n_pages / 2)}
    return {line.no for line in edges if header_key(line.text) in repeated}


def drop_page_number(cleaning: DocumentCleaning) -> None:
    """Drop the page numbers at the top and bottom of pages."""
    numbers = page_number_lines(cleaning.lines)
    cleaning.lines = cleaning.kept(cleaning.lines, "drop_page_number", lambda line: line.no in numbers)


def drop_running_header(cleaning: DocumentCleaning, n_pages: int) -> None:
    """Drop the lines repeated at the top or bottom of most pages (a running header or footer)."""
    headers = running_header_lines(cleaning.lines, n_pages)
    cleaning.lines = cleaning.kept(cleaning.lines, "drop_running_header", lambda line: line.no in headers)


def line_width(text: str) -> float:
    """A line's printed width in characters: hanzi and full-width forms one, ASCII half.

    >>> line_width("\\u3000\\u3000国发〔2018〕41号")
    10.0
    """
    text = text.replace(PAGE_BREAK, "")
    return sum(1.0 if ord(char) > 0x2E7F or char in "“”‘’—…·" else 0.5 for char in text)


def full_line_width(texts: list[str]) -> float | None:
    """The width of a full line of the body: the most common width of the longer lines, or None
    when too few lines share it to tell (a text that was not laid out in a column).

    >>> full_line_width(["一二三四五六七八九十"] * 3 + ["一二三。"])
    10.0
    """
    widths = [line_width(text) for text in texts if bare(text)]
    if not widths:
        return None
    median = sorted(widths)[len(widths) // 2]
    longer = [width for width in widths if width >= median]
    width, count = Counter(int(width + 0.5) for width in longer).most_common(1)[0]
    near = sum(width - FULL_LINE_SLACK <= other <= width + 1 for other in widths)
    return float(width) if count >= MIN_FULL_LINES and near >= FULL_LINE_SHARE * len(widths) else None


def starts_paragraph(text: str) -> bool:
    """A line that starts a paragraph: indented, or an item number, or blank.

    >>> starts_paragraph("\\u3000\\u3000为贯彻落实"), starts_paragraph("（一）全面实施"), starts_paragraph("例、《国务院")
    (True, True, False)
    """
    without_break = text.replace(PAGE_BREAK, "")
    return without_break.startswith(("\u3000", "  ")) or not bare(text) or bool(_ITEM_START.match(bare(text)))


def fills_line(text: str, full_width: float) -> bool:
    """A line the layout broke because it was full; a short one, or a full one closing a sentence
    with room to spare, ends its paragraph.

    >>> fills_line("一二三四五六七八九", 10.0), fills_line("一二三四五六七八", 10.0), fills_line("一二三四五六七八。", 10.0)
    (True, False, False)
    >>> fills_line("例、《国务院关于", 10.0)  # two marks squeezed to half: the line is full
    True
    """
    width = line_width(text.rstrip())
    if _SENTENCE_END.search(text.rstrip()):
        return full_width - SENTENCE_END_SLACK <= width <= full_width + 3
    squeezed = min(PUNCTUATION_SQUEEZE * len(_SQUEEZABLE.findall(text)), MAX_SQUEEZE)
    return full_width - FULL_LINE_SLACK - squeezed <= width <= full_width + 3


def joined(first: str, second: str) -> str:
    """Two pieces of one paragraph: a space only between two Latin words.

    >>> joined("……地域等", "\\f限制，采取"), joined("the", "next")
    ('……地域等限制，采取', 'the next')
    """
    first, second = first.rstrip(), bare(second)
    space = " " if _LATIN_END.search(first) and _LATIN_START.match(second) else ""
    return first + space + second


def join_wrapped_lines(cleaning: DocumentCleaning) -> None:
    """Join each line the layout broke with the next; every joined line is audited with its paragraph."""
    full_width = full_line_width([line.text for line in cleaning.lines])
    if full_width is None:
        return
    paragraphs: list[list[Line]] = []
    for line in cleaning.lines:
        previous = paragraphs[-1][-1] if paragraphs else None
        if previous is not None and fills_line(previous.text, full_width) and not starts_paragraph(line.text):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    kept = []
    for head, *rest in paragraphs:
        if rest:
            paragraph = head.text
            for line in rest:
                paragraph = joined(paragraph, line.text)
            for line in rest:
                cleaning.record(line, "join_wrapped_lines", paragraph)
            head.text = paragraph
        kept.append(head)
    cleaning.lines = kept


def remove_page_break(cleaning: DocumentCleaning) -> None:
    """Remove the form feeds that are left (each at the start of a page's first kept line)."""
    cleaning.edit("remove_page_break", lambda text: text.replace(PAGE_BREAK, ""))


def apply_layout_rules(cleaning: DocumentCleaning) -> None:
    """The layout rules on one document, in ``LAYOUT_RULES`` order; only spaced hanzi outside paginated texts."""
    cleaning.edit("join_spaced_hanzi", join_spaced_hanzi, may_have_spaced_hanzi)
    if not is_paginated(cleaning):
        return
    n_pages = number_pages(cleaning.lines)
    drop_page_number(cleaning)
    drop_running_header(cleaning, n_pages)
    join_wrapped_lines(cleaning)
    remove_page_break(cleaning)
