"""Line edits, each ``str -> str``: markup, pinyin annotations, traditional script, width, whitespace.

Each edit comes with what a line must contain for it to change anything (``MARKUP_CHARS``,
``PINYIN_VOWELS``, ``FULL_WIDTH``): a document without it skips the edit. Mojibake
repair, also an edit, lives with the rest of the mojibake rules in :mod:`helpers.clean.mojibake`.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from helpers.clean.shapes import HAN

_CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<!--.*?-->")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
MARKUP_CHARS = re.compile(r"[<&]")


def strip_markup(line: str) -> str:
    """HTML/XML tags, comments, CDATA wrappers and entities, keeping the text between tags.

    >>> strip_markup("<p>加强<b>基层</b>党建&nbsp;工作</p>")
    '加强基层党建 工作'
    """
    if "<" not in line and "&" not in line:
        return line
    line = _CDATA.sub("", line)
    line = _TAG.sub("", line)
    if _ENTITY.search(line):
        line = html.unescape(line).replace("\xa0", " ")
    return line


_PINYIN_VOWEL = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_NOTE = re.compile(
    rf"(?<=[{HAN}])[（(]([a-zü{_PINYIN_VOWEL}]{{0,6}}[{_PINYIN_VOWEL}][a-zü{_PINYIN_VOWEL}]{{0,6}})[)）]"
)
PINYIN_VOWELS = re.compile(f"[{_PINYIN_VOWEL}]")


def remove_pinyin_annotations(line: str) -> str:
    """Tone-marked pinyin in brackets after a character, as left by conversion tools.

    Brackets with other content are kept.

    >>> remove_pinyin_annotations("三創(chuàng)活動，鄉(xiāng)(鎮(zhèn))")
    '三創活動，鄉(鎮)'
    """
    return _PINYIN_NOTE.sub("", line)


def to_simplified(line: str) -> str:
    """Traditional → simplified with OpenCC (t2s).

    >>> to_simplified("基層黨組織建設")
    '基层党组织建设'
    """
    return _opencc().convert(line)


def to_simplified_lines(lines: list[str]) -> list[str]:
    """:func:`to_simplified` on a whole document at once, far faster than line by line.

    >>> to_simplified_lines(["基層黨組織建設", "發揮作用"])
    ['基层党组织建设', '发挥作用']
    """
    converted = to_simplified("\n".join(lines)).split("\n")
    return converted if len(converted) == len(lines) else [to_simplified(line) for line in lines]


@lru_cache(maxsize=1)
def _opencc():
    import opencc  # loads its dictionaries: only when a document is converted

    return opencc.OpenCC("t2s")


# Full-width ASCII letters, digits and arithmetic signs → half-width. Chinese
# punctuation (，。：；（）“”) is left alone: it is part of the text, not noise.
_WIDTH_TABLE = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},  # ０-９
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    ord("％"): "%",
    ord("＋"): "+",
    ord("﹢"): "+",
    ord("＝"): "=",
    ord("＜"): "<",
    ord("＞"): ">",
    ord("＠"): "@",
    ord("＃"): "#",
    ord("＆"): "&",
    ord("＿"): "_",
}
FULL_WIDTH = re.compile("[" + "".join(chr(code) for code in _WIDTH_TABLE) + "]")


def normalise_width(line: str) -> str:
    """Full-width digits, Latin letters and arithmetic signs to their ASCII forms.

    >>> normalise_width("覆盖率达到７６％，“１﹢ｎ”模式")
    '覆盖率达到76%，“1+n”模式'
    """
    if not FULL_WIDTH.search(line):
        return line
    return line.translate(_WIDTH_TABLE)


_SPACES = re.compile(r"[ \t\u3000\xa0\u2002-\u200b\ufeff]+")


def normalise_whitespace(line: str) -> str:
    """Trim the line and collapse runs of spaces (ideographic, no-break, zero-width) to one.

    >>> normalise_whitespace("\u3000\u3000加强党的建设  ")
    '加强党的建设'
    """
    return _SPACES.sub(" ", line).strip()
