"""What the rules judge a line by: the hanzi range, line sizes, sentence punctuation, a heading's look."""

from __future__ import annotations

import re

from helpers.hanzi import count_hanzi

HAN = r"\u4e00-\u9fff"
# Lines longer than this are body text whatever they contain.
SHORT_LINE = 120
TITLE_MAX = 80  # 关于印发……的通知 titles run long

SENTENCE_END = re.compile(r"[。！？!?；;]")
CLAUSE_PUNCTUATION = re.compile(r"[。，；！？,;!?]")  # for datelines; boilerplate strips a final 。 first

_LIST_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_HEADING_START = re.compile(rf"^[{HAN}“《\"「]")


def is_title_like(line: str) -> bool:
    """Short, no sentence punctuation, starts like a heading (not a list marker or symbol).

    >>> is_title_like("全力构筑“红色堡垒”"), is_title_like("一、创业示范"), is_title_like("加强党的建设。")
    (True, False, False)
    """
    if not 4 <= len(line) <= TITLE_MAX or SENTENCE_END.search(line):
        return False
    if _LIST_MARKER.match(line):
        return False
    return bool(_HEADING_START.match(line)) and count_hanzi(line) >= len(line) / 2
