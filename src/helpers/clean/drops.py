"""Line drops, each ``str -> bool``: blank lines, a seal's text, stray numbers, OCR debris, lines seen before.

The other drops live with what they recognise: ``drop_mojibake`` in :mod:`helpers.clean.mojibake`,
``drop_dateline`` in :mod:`helpers.clean.metadata`, the boilerplate patterns in :mod:`helpers.clean.boilerplate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from helpers.clean.shapes import HAN, SENTENCE_END, SHORT_LINE
from helpers.corpus.seals import SEAL_LINE, SEAL_MARK
from helpers.hanzi import common_share, count_hanzi


def drop_blank(line: str) -> bool:
    """An empty line (after whitespace normalisation).

    >>> drop_blank(""), drop_blank("党建")
    (True, False)
    """
    return not line


def drop_seal_text(line: str) -> bool:
    """A seal's text, as the OCR reader marks it on a line of its own (``〔印章：…〕``, corpus/seals.py): the
    organ's name around a 公章's ring is not the document's text (the signature under it is, and stays).

    >>> drop_seal_text("〔印章：城关县人民政府〕"), drop_seal_text("城关县人民政府"), drop_seal_text("（国发〔2019〕3号）")
    (True, False, False)
    """
    return bool(SEAL_LINE.match(line.replace("\f", "").strip()))


def may_have_seal_text(text: str) -> bool:
    """Whether any line of ``text`` can be a seal's (the rule's document-level shortcut)."""
    return SEAL_MARK in text


_STRAY_NUMBER = re.compile(r"^[\d\s.·•\-—_/|*#]{1,6}$")


def drop_stray_number(line: str) -> bool:
    """A line that is only a number or a few symbols: page numbers, list debris.

    >>> drop_stray_number("1"), drop_stray_number("163万党员")
    (True, False)
    """
    return bool(_STRAY_NUMBER.match(line))


_LATIN_RUN = re.compile(r"[A-Za-z]{3,}")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_MASTHEAD_OCR = re.compile(rf"[{HAN}][A-Za-z]+\s*[A-Z]{{3,}}[{HAN}]|[{HAN}][A-Z]{{4,}}[{HAN}\d]")


def drop_ocr_junk(line: str) -> bool:
    """OCR debris: a short line mixing rare characters with stray Latin and digits, no sentence.

    >>> drop_ocr_junk("凸站匕昭址I ALLCIRCLES兄建与收束1")
    True
    """
    if len(line) > SHORT_LINE or SENTENCE_END.search(line):
        return False
    hanzi = count_hanzi(line)
    latin = _LATIN_RUN.search(line)
    if hanzi and latin and _LATIN_OR_DIGIT.search(line[:1] + line[-1:] + line) and _mixed_script(line):
        return True
    return hanzi >= 4 and common_share(line) < 0.5


def _mixed_script(line: str) -> bool:
    """Latin letters glued to hanzi on both sides of a word, as OCR of a masthead produces."""
    return bool(_MASTHEAD_OCR.search(line))


def duplicate_lines() -> Callable[[str], bool]:
    """A fresh test for one article: true for a line it has already seen.

    >>> seen = duplicate_lines()
    >>> [seen(line) for line in ("加强党建", "基层", "加强党建")]
    [False, False, True]
    """
    seen: set[str] = set()

    def duplicate(line: str) -> bool:
        if line in seen:
            return True
        seen.add(line)
        return False

    return duplicate
