"""The sentence and the clauses a quantity stands in, and the punctuation that bounds them.

>>> text = "第一句。全县建成党群服务中心126个，覆盖所有行政村。"
>>> clause(text, 19, +1), clause(text, 14, -1)
('覆盖所有行政村', '全县建成党群服务中心')
"""

from __future__ import annotations

import bisect
import re

from helpers.quantities.rules import IndicatorRules

# Punctuation no subject or criterion reaches across.
HARD_PUNCT = "，,。；;：:！？!?\n\r（）()【】[]…—"
HARD_PUNCT_RE = re.compile("[" + re.escape(HARD_PUNCT) + "]")
# Looking back, an enumeration comma also ends the clause (建成A、B126个: B is what was counted).
CLAUSE_PUNCT_RE = re.compile("[" + re.escape(HARD_PUNCT + "、") + "]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Context windows (characters) read around a quantity for its subject and its criterion test.
WINDOW = 40
MAX_SENTENCE_CHARS = 240


def clause(text: str, pos: int, step: int, width: int = WINDOW, stops: re.Pattern | None = None) -> str:
    """Text from ``pos`` to the nearest clause end in direction ``step``, at most ``width`` characters.

    ``stops`` is the punctuation that ends a clause: by default hard punctuation ahead,
    and hard punctuation or 、 behind.

        >>> clause("建成党群服务中心、活动室12个，覆盖全村", 16, +1), clause("建成党群服务中心、活动室12个", 12, -1)
        ('覆盖全村', '活动室')
    """
    if step > 0:
        chunk = text[pos : pos + width]
        m = (stops or HARD_PUNCT_RE).search(chunk)
        return chunk[: m.start()] if m else chunk
    chunk = text[max(0, pos - width) : pos]
    m = (stops or CLAUSE_PUNCT_RE).search(chunk[::-1])
    return chunk[len(chunk) - m.start() :] if m else chunk


def sentence_ends(text: str, rules: IndicatorRules) -> list[int]:
    """Positions of the characters that end a sentence (。！？ and line breaks)."""
    return [m.start() for m in rules.sentence_ends.finditer(text)]


def sentence_span(ends: list[int], text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the sentence holding position ``pos``, given the :func:`sentence_ends` of ``text``.

    >>> text = "第一句。全县建成中心126个！"
    >>> sentence_span([3, 14], text, 10)
    (4, 15)
    """
    k = bisect.bisect_right(ends, pos - 1)
    start = ends[k - 1] + 1 if k > 0 else 0
    end = ends[k] + 1 if k < len(ends) else len(text)
    return start, end


def clip_sentence(text: str, s0: int, s1: int, start: int, end: int) -> str:
    """The sentence, or for run-on text the clauses around the quantity (at most MAX_SENTENCE_CHARS)."""
    if s1 - s0 > MAX_SENTENCE_CHARS:
        half = MAX_SENTENCE_CHARS // 2
        lo, hi = max(s0, start - half), min(s1, end + half)
        cut = max(text.rfind(c, lo, start) for c in "，,；;")
        lo = cut + 1 if cut >= lo else lo
        cuts = [i for i in (text.find(c, end, hi) for c in "，,；;") if i >= 0]
        hi = min(cuts) + 1 if cuts else hi
        s0, s1 = lo, hi
    return text[s0:s1].strip()
