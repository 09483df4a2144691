"""A digital library's licence box at the end of a text: the library's words, not the document's.

Wikisource and similar libraries end a hosted text with a box stating its copyright status
("本作品来自1949年10月1日（含）之后的中国共产党文件……属于公有领域"); scraped or exported, the
box arrives as a run of fragments ("[", "CPC 1", "]", "公有领域", "false") that no single line
pattern can tell from text. The box is recognised by its opening line (``data/licence_footers.txt``)
in the last part of a document, and dropped from there to the end, each line audited.
"""

from __future__ import annotations

import re
from functools import cache

from helpers.clean.document import DocumentCleaning
from helpers.config import read_data_lines

LICENCE_FOOTER = "drop_licence_footer"
FOOTER_FILE = "licence_footers.txt"
# A box opens in the last two fifths of a document and is short: a longer tail is the document itself.
MIN_POSITION = 0.6
MAX_LINES = 40
MAX_CHARS = 3000


@cache
def footer_opening() -> re.Pattern:
    """The opening lines of ``data/licence_footers.txt``, one pattern."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in read_data_lines(FOOTER_FILE)))


def footer_start(texts: list[str]) -> int | None:
    """Index of the line that opens a licence box running to the end of ``texts``, or None.

    >>> footer_start(["第一段。"] * 8 + ["本作品来自1949年10月1日（含）之后的中国共产党文件。", "[", "公有领域"])
    8
    >>> footer_start(["本作品来自1949年10月1日之后的文件。"] + ["正文。"] * 8) is None  # at the head: the document's own words
    True
    """
    opening = footer_opening()
    first = int(len(texts) * MIN_POSITION)
    for index in range(first, len(texts)):
        if opening.search(texts[index]):
            tail = texts[index:]
            if len(tail) <= MAX_LINES and sum(map(len, tail)) <= MAX_CHARS:
                return index
            return None
    return None


def drop_licence_footer(cleaning: DocumentCleaning) -> None:
    """Drop a licence box from its opening line to the end of the document, each line under ``drop_licence_footer``."""
    start = footer_start([line.text for line in cleaning.lines])
    if start is None:
        return
    for line in cleaning.lines[start:]:
        cleaning.record(line, LICENCE_FOOTER)
    cleaning.lines = cleaning.lines[:start]
